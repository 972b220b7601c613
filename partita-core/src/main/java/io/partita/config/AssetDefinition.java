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
 * One asset after validation, with defaults applied. The flat accessors read through to the parts.
 *
 * @param source what computes it (SQL model or command) and where it is declared
 * @param partitioning grain, time and arrival columns, dependencies
 * @param writes output format, write mode, unique key, audit columns, schema changes
 * @param execution pool, concurrency, retries, backoff and timeout
 * @param checks the asset's checks in declaration order, run on every staged partition
 */
public record AssetDefinition(
    String name,
    AssetSource source,
    AssetPartitioning partitioning,
    AssetWrites writes,
    AssetExecution execution,
    List<Check> checks) {

  public AssetDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(source, "source is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(writes, "writes is null");
    requireNonNull(execution, "execution is null");
    checks = List.copyOf(checks);
  }

  /**
   * The file that defines the computation, for error messages: the model or the command's script.
   */
  public String definedIn() {
    return sqlFile().orElse(location().file());
  }

  public AssetKind kind() {
    return source.kind();
  }

  /** Project-relative path of the SQL model (SQL assets). */
  public Optional<String> sqlFile() {
    return source.sqlFile();
  }

  /** The model's template text as loaded (SQL assets). */
  public Optional<String> sql() {
    return source.sql();
  }

  /** Argv of a command asset, each element a template; empty for SQL assets. */
  public List<String> command() {
    return source.command();
  }

  /** Where the asset is declared in partita.yaml. */
  public SourceLocation location() {
    return source.location();
  }

  public Grain grain() {
    return partitioning.grain();
  }

  public String timeColumn() {
    return partitioning.timeColumn();
  }

  public Optional<String> arrivalColumn() {
    return partitioning.arrivalColumn();
  }

  public List<Dependency> dependencies() {
    return partitioning.dependencies();
  }

  public OutputFormat output() {
    return writes.output();
  }

  public WriteMode writeMode() {
    return writes.writeMode();
  }

  public List<String> uniqueKey() {
    return writes.uniqueKey();
  }

  /** Whether every written row gets {@code _partita_run_id} and {@code _partita_written_at}. */
  public boolean auditColumns() {
    return writes.auditColumns();
  }

  /** What a publish does when the model's columns differ from the table's. */
  public OnSchemaChange onSchemaChange() {
    return writes.onSchemaChange();
  }

  public Optional<String> pool() {
    return execution.pool();
  }

  /** The most tasks of this asset that run at once; 0 means no per-asset limit. */
  public int concurrency() {
    return execution.concurrency();
  }

  public int retries() {
    return execution.attempts().retries();
  }

  public Duration retryBackoff() {
    return execution.attempts().retryBackoff();
  }

  public Duration timeout() {
    return execution.attempts().timeout();
  }

  /** How many consecutive partitions one query may compute ({@link BatchSize#OFF}: one). */
  public BatchSize batchSize() {
    return execution.batchSize();
  }
}
