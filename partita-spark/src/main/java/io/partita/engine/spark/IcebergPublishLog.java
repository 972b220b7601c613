package io.partita.engine.spark;

import io.partita.PartitaException;
import io.partita.engine.EngineException;
import io.partita.engine.PartitionBackup;
import io.partita.engine.PublishedPartition;
import io.partita.engine.WarehouseIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The publish log of an Iceberg warehouse: the snapshot summaries of the commits on each table's
 * {@code main} (see {@link PublishLogEntry}). A staged branch that was never fast-forwarded is not
 * in main's history, so it was never published; a crash between the Iceberg commit and the state
 * store's record leaves the commit here, where resume finds it.
 */
final class IcebergPublishLog {
  static final String IDENTITY_TABLE = "_partita_warehouse";
  private static final String WAREHOUSE_ID = "partita.warehouse-id";
  private static final String STATE_ID = "partita.state-id";
  private static final Comparator<PublishLogEntry> ORDER =
      Comparator.comparing((PublishLogEntry entry) -> entry.published().publishedAt())
          .thenComparingLong(PublishLogEntry::sequence);

  private final IcebergTables tables;

  IcebergPublishLog(IcebergTables tables) {
    this.tables = tables;
  }

  /** Every Partita commit on main of every version table, oldest first. */
  List<PublishLogEntry> entries() {
    try {
      List<PublishLogEntry> entries = new ArrayList<>();
      for (String name : tables.versionTables()) {
        tables
            .load(name)
            .ifPresent(table -> entries.addAll(entries(table, tables.qualified(name))));
      }
      entries.sort(ORDER);
      return entries;
    } catch (RuntimeException e) {
      throw new EngineException("Cannot read the Iceberg publish log: " + e.getMessage(), true, e);
    }
  }

  static List<PublishLogEntry> entries(Table table, String target) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return List.of();
    }
    List<PublishLogEntry> entries = new ArrayList<>();
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      entries.addAll(
          PublishLogEntry.read(
              snapshot.summary(),
              target,
              snapshot.snapshotId(),
              snapshot.parentId(),
              snapshot.sequenceNumber(),
              Instant.ofEpochMilli(snapshot.timestampMillis())));
    }
    entries.sort(ORDER);
    return entries;
  }

  List<PublishedPartition> published(String runId) {
    return entries().stream()
        .map(PublishLogEntry::published)
        .filter(published -> published.runId().equals(runId))
        .toList();
  }

  Optional<PublishedPartition> lastPublish(String asset, String partition) {
    return last(
        entries().stream()
            .map(PublishLogEntry::published)
            .filter(p -> p.asset().equals(asset) && p.partition().equals(partition))
            .toList());
  }

  Optional<PublishedPartition> lastPublishTo(String target, String partition) {
    return last(
        entries().stream()
            .map(PublishLogEntry::published)
            .filter(p -> p.target().equals(target) && p.partition().equals(partition))
            .toList());
  }

  boolean wasPublished(String runId, String asset, String partition) {
    return entries().stream()
        .map(PublishLogEntry::published)
        .anyMatch(
            p ->
                p.runId().equals(runId)
                    && p.asset().equals(asset)
                    && p.partition().equals(partition));
  }

  List<PublishedPartition> latestPublishes() {
    Map<String, PublishedPartition> latest = new LinkedHashMap<>();
    for (PublishLogEntry entry : entries()) {
      PublishedPartition p = entry.published();
      latest.remove(p.asset() + "\0" + p.partition() + "\0" + p.target());
      latest.put(p.asset() + "\0" + p.partition() + "\0" + p.target(), p);
    }
    return List.copyOf(latest.values());
  }

  /** The publishes of {@code runId} (restores excluded), oldest first. */
  List<PublishLogEntry> publishesOf(String runId) {
    return entries().stream()
        .filter(entry -> entry.kind().equals(PublishLogEntry.PUBLISH))
        .filter(entry -> entry.published().runId().equals(runId))
        .toList();
  }

  /**
   * The way back of each publish of {@code runId}: the snapshot before it, with the rows the
   * partition held there; gone when snapshot expiry ({@code partita gc}) removed that snapshot.
   */
  List<PartitionBackup> backups(String runId, SparkRows rows) {
    List<PartitionBackup> backups = new ArrayList<>();
    for (PublishLogEntry entry : publishesOf(runId)) {
      PublishedPartition published = entry.published();
      String table = tables.tableName(published.target());
      String version = IcebergTables.versionOf(table).orElse("v1");
      Table iceberg = tables.loadQualified(published.target());
      Long parent = entry.parentSnapshotId();
      Optional<Long> count;
      Optional<Instant> removedAt = Optional.empty();
      if (parent == null) {
        count = Optional.of(0L);
      } else if (iceberg.snapshot(parent) == null) {
        count = Optional.empty();
        // Iceberg keeps no date of expiry: the oldest snapshot left bounds it from below.
        removedAt = Optional.of(oldestSnapshot(iceberg));
      } else {
        count = Optional.of(rows.countAt(published.target(), parent, entry.window()));
      }
      backups.add(
          new PartitionBackup(published.asset(), version, published.partition(), count, removedAt));
    }
    return backups;
  }

  private static Instant oldestSnapshot(Table table) {
    long oldest = Long.MAX_VALUE;
    for (Snapshot snapshot : table.snapshots()) {
      oldest = Math.min(oldest, snapshot.timestampMillis());
    }
    return Instant.ofEpochMilli(oldest == Long.MAX_VALUE ? 0 : oldest);
  }

  /** Creates the identity table on first open of a warehouse for writing. */
  void ensureIdentity() {
    if (tables.load(IDENTITY_TABLE).isEmpty()) {
      tables.createIfMissing(
          IDENTITY_TABLE,
          () ->
              tables
                  .session()
                  .sql(
                      "CREATE TABLE IF NOT EXISTS "
                          + tables.qualified(IDENTITY_TABLE)
                          + " (note STRING) USING iceberg TBLPROPERTIES ('"
                          + WAREHOUSE_ID
                          + "' = '"
                          + UUID.randomUUID()
                          + "')"));
    }
  }

  WarehouseIdentity identity() {
    Optional<Table> table = tables.load(IDENTITY_TABLE);
    return new WarehouseIdentity(
        table.map(t -> t.properties().get(WAREHOUSE_ID)),
        table.map(t -> t.properties().get(STATE_ID)),
        entries().size());
  }

  void pairState(String stateId) {
    Table table =
        tables
            .load(IDENTITY_TABLE)
            .orElseThrow(
                () ->
                    PartitaException.internal(
                        "The warehouse has no " + IDENTITY_TABLE + " table to pair with", null));
    table.updateProperties().set(STATE_ID, stateId).commit();
  }

  private static Optional<PublishedPartition> last(List<PublishedPartition> published) {
    return published.isEmpty()
        ? Optional.empty()
        : Optional.of(published.get(published.size() - 1));
  }
}
