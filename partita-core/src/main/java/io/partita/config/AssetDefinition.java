package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.check.Check;
import io.partita.model.Grain;
import io.partita.model.OnSchemaChange;
import io.partita.model.OutputFormat;
import io.partita.model.SourceLocation;
import io.partita.model.WriteMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One asset after validation, with defaults applied.
 *
 * @param sqlFile project-relative path of the SQL model (SQL assets)
 * @param sql the model's template text as loaded (SQL assets)
 * @param command argv of a command asset, each element a template; empty for SQL assets
 * @param concurrency the most tasks of this asset that run at once; 0 means no per-asset limit
 * @param location where the asset is declared in partita.yaml
 * @param checks the asset's checks in declaration order, run on every staged partition
 * @param auditColumns whether every written row gets {@code _partita_run_id} and {@code
 *     _partita_written_at}
 * @param onSchemaChange what a publish does when the model's columns differ from the table's
 * @param batchSize how many consecutive partitions one query may compute ({@link BatchSize#OFF}:
 *     one)
 */
public record AssetDefinition(
    String name,
    AssetKind kind,
    Optional<String> sqlFile,
    Optional<String> sql,
    List<String> command,
    OutputFormat output,
    Grain grain,
    String timeColumn,
    Optional<String> arrivalColumn,
    List<Dependency> dependencies,
    WriteMode writeMode,
    List<String> uniqueKey,
    Optional<String> pool,
    int concurrency,
    int retries,
    Duration retryBackoff,
    Duration timeout,
    SourceLocation location,
    List<Check> checks,
    boolean auditColumns,
    OnSchemaChange onSchemaChange,
    BatchSize batchSize) {

  public AssetDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    command = List.copyOf(command);
    dependencies = List.copyOf(dependencies);
    uniqueKey = List.copyOf(uniqueKey);
    requireNonNull(timeColumn, "timeColumn is null");
    checks = List.copyOf(checks);
    requireNonNull(onSchemaChange, "onSchemaChange is null");
    requireNonNull(batchSize, "batchSize is null");
  }

  /**
   * The file that defines the computation, for error messages: the model or the command's script.
   */
  public String definedIn() {
    return sqlFile.orElse(location.file());
  }
}
