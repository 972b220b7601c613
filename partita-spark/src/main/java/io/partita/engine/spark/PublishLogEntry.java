package io.partita.engine.spark;

import io.partita.engine.PublishedPartition;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition of a commit on {@code main}, read back from the commit's snapshot summary: Iceberg
 * writes the summary in the same atomic commit as the data, so it is the publish log.
 *
 * @param parentSnapshotId the snapshot {@code main} pointed at before this commit: the partition as
 *     it was before the publish, for rollback (null for a table's first commit)
 * @param sequence the order of commits in the warehouse, for "latest"
 */
record PublishLogEntry(
    PublishedPartition published,
    String kind,
    String timeColumn,
    long snapshotId,
    Long parentSnapshotId,
    long sequence) {
  static final String RUN_ID = "partita.run-id";
  static final String ASSET = "partita.asset";
  static final String KIND = "partita.kind";
  static final String TIME_COLUMN = "partita.time-column";
  static final String PARTITIONS = "partita.partitions";
  static final String PUBLISH = "publish";
  static final String RESTORE = "restore";

  /** One partition written by a commit: its key, the task attempt and the rows now in it. */
  record Written(String partition, int attempt, long rows) {}

  /** The window of this entry's partition, as a Spark SQL predicate. */
  String window() {
    return IcebergTables.window(timeColumn, partitionKey(published.partition()));
  }

  /** A partition key of any grain: the key's format tells the grain. */
  static PartitionKey partitionKey(String key) {
    for (Grain grain : Grain.values()) {
      try {
        return grain.parseKey(key);
      } catch (RuntimeException notThisGrain) {
        // try the next grain
      }
    }
    throw new IllegalArgumentException("Not a partition key: " + key);
  }

  /** The snapshot summary properties that log {@code written} as one commit of {@code runId}. */
  static Map<String, String> summary(
      String runId, String asset, String kind, String timeColumn, List<Written> written) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(RUN_ID, runId);
    summary.put(ASSET, asset);
    summary.put(KIND, kind);
    summary.put(TIME_COLUMN, timeColumn);
    List<String> parts = new ArrayList<>();
    for (Written one : written) {
      parts.add(one.partition() + "/" + one.attempt() + "/" + one.rows());
    }
    summary.put(PARTITIONS, String.join(";", parts));
    return summary;
  }

  /** The entries of one snapshot's summary; empty for a commit Partita did not make. */
  static List<PublishLogEntry> read(
      Map<String, String> summary,
      String target,
      long snapshotId,
      Long parentSnapshotId,
      long sequence,
      Instant committedAt) {
    if (summary == null || !summary.containsKey(RUN_ID) || !summary.containsKey(PARTITIONS)) {
      return List.of();
    }
    List<PublishLogEntry> entries = new ArrayList<>();
    for (String part : summary.get(PARTITIONS).split(";")) {
      String[] fields = part.split("/");
      if (fields.length != 3) {
        continue;
      }
      entries.add(
          new PublishLogEntry(
              new PublishedPartition(
                  summary.get(RUN_ID),
                  summary.get(ASSET),
                  fields[0],
                  Integer.parseInt(fields[1]),
                  Long.parseLong(fields[2]),
                  committedAt,
                  target),
              summary.getOrDefault(KIND, PUBLISH),
              summary.getOrDefault(TIME_COLUMN, ""),
              snapshotId,
              parentSnapshotId,
              sequence));
    }
    return entries;
  }
}
