package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.model.PartitionKey;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The values a template sees when one partition of an asset is rendered.
 *
 * @param partition the partition being materialized; gives {@code start}, {@code end}, {@code
 *     partition}
 * @param ref resolves {@code ref('x')} to the relation the run reads for asset x (the published
 *     name or the version the run pins); may throw a USER error for an unknown asset
 * @param thisRelation the relation {@code {{ this }}} stands for
 * @param projectDir {@code {{ project_dir }}}
 * @param runId {@code {{ run_id }}}
 */
public record TemplateContext(
    PartitionKey partition,
    Function<String, String> ref,
    String thisRelation,
    Path projectDir,
    String runId) {
  public TemplateContext {
    requireNonNull(partition, "partition is null");
    requireNonNull(ref, "ref is null");
    requireNonNull(thisRelation, "thisRelation is null");
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(runId, "runId is null");
  }
}
