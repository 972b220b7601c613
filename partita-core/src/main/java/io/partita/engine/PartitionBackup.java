package io.partita.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What is left of the backup one publish took of the rows it replaced, so a rollback can tell a
 * partition that was empty before the run (a backup of 0 rows: restoring it empties the partition,
 * rightly) from one whose backup {@code partita gc} removed (restoring it would empty it wrongly).
 *
 * @param version the version written ({@code v1}, {@code v2}, ...)
 * @param rows rows the backup holds; empty when the publish recorded none and none is left (a
 *     publish from before Partita recorded backups, or a rollback's own write)
 * @param removedAt when {@code partita gc} removed the backup's rows, if it did
 */
public record PartitionBackup(
    String asset,
    String version,
    String partition,
    Optional<Long> rows,
    Optional<Instant> removedAt) {
  public PartitionBackup {
    requireNonNull(asset, "asset is null");
    requireNonNull(version, "version is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(rows, "rows is null");
    requireNonNull(removedAt, "removedAt is null");
  }

  /** Whether restoring this backup puts back exactly what the partition held before the publish. */
  public boolean restorable() {
    return removedAt.isEmpty() && rows.isPresent();
  }

  /** {@code asset version partition}, as messages name it. */
  public String describe() {
    return asset + " " + version + " " + partition;
  }
}
