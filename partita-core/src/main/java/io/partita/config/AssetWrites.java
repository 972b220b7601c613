package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.model.OnSchemaChange;
import io.partita.model.OutputFormat;
import io.partita.model.WriteMode;
import java.util.List;

/**
 * How an asset's partitions are written.
 *
 * @param output the file format a command asset writes
 * @param auditColumns whether every written row gets {@code _partita_run_id} and {@code
 *     _partita_written_at}
 * @param onSchemaChange what a publish does when the model's columns differ from the table's
 */
public record AssetWrites(
    OutputFormat output,
    WriteMode writeMode,
    List<String> uniqueKey,
    boolean auditColumns,
    OnSchemaChange onSchemaChange) {
  public AssetWrites {
    requireNonNull(writeMode, "writeMode is null");
    uniqueKey = List.copyOf(uniqueKey);
    requireNonNull(onSchemaChange, "onSchemaChange is null");
  }
}
