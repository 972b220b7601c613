package io.partita.engine;

import static java.util.Objects.requireNonNull;

import io.partita.model.PartitionKey;

/**
 * What to compute for one task attempt.
 *
 * @param asset the asset name; also the published relation unless {@code targetRelation} differs
 * @param targetRelation the table that will receive the rows on publish
 * @param timeColumn the column whose value must lie in {@code [partition.start, partition.end)}
 * @param definedIn the model or command file, named in error messages
 */
public record StageRequest(
    String runId,
    int attempt,
    String asset,
    String targetRelation,
    PartitionKey partition,
    String timeColumn,
    String definedIn,
    TaskInput input) {
  public StageRequest {
    requireNonNull(runId, "runId is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(targetRelation, "targetRelation is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(timeColumn, "timeColumn is null");
    requireNonNull(definedIn, "definedIn is null");
    requireNonNull(input, "input is null");
  }
}
