package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.PublishedPartition;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch_size} on Spark + Iceberg through the CLI: a batch runs its model once and stages
 * once into one audit branch, each partition keeps its own check and verdict, and the partitions
 * that pass publish together in one commit on {@code main}.
 */
class SparkFusionTest {
  private static final String MODEL =
      """
      select d as event_date, id % 3 as entity_id,
             id * (case when d = DATE '2025-03-02' then SIGN else 1 end) as amount
      from (select explode(sequence({{ start }}, date_sub({{ end }}, 1))) as d)
      cross join (select explode(sequence(1, 6)) as id)
      """;

  @TempDir Path temp;

  @Test
  void aFusedRunWritesTheSameTableAsOnePartitionAtATimeInOneCommitPerBatch() throws Exception {
    Path single = project(temp.resolve("single"), "1", "1");
    Path fused = project(temp.resolve("fused"), "3", "1");

    SparkProject.Result one =
        SparkProject.cli(single, "backfill", "--partitions", "2025-03-01..2025-03-06");
    SparkProject.Result batched =
        SparkProject.cli(fused, "backfill", "--partitions", "2025-03-01..2025-03-06");

    assertThat(one.exitCode()).as("%s", one).isEqualTo(0);
    assertThat(batched.exitCode()).as("%s", batched).isEqualTo(0);
    assertThat(rows(fused)).hasSize(36).isEqualTo(rows(single));
    // main's history: the table's empty first commit, then one commit per batch of 3 days (vs 6).
    assertThat(mainCommits(single)).isEqualTo(7);
    assertThat(mainCommits(fused)).isEqualTo(3);
    try (SparkEngine engine = open(fused)) {
      assertThat(engine.latestPublishes())
          .extracting(PublishedPartition::partition)
          .containsExactlyInAnyOrder(
              "2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06");
      assertThat(engine.latestPublishes()).allMatch(published -> published.rows() == 6);
      assertThat(engine.tables().load("events__v1").orElseThrow().refs().keySet())
          .as("no audit branch left behind")
          .noneMatch(ref -> ref.startsWith("audit_"));
    }
  }

  @Test
  void aPartitionFailingItsCheckInsideABatchIsQuarantinedAloneAndTheOthersPublish()
      throws Exception {
    Path fused = project(temp.resolve("bad"), "3", "-1");

    SparkProject.Result result =
        SparkProject.cli(fused, "backfill", "--partitions", "2025-03-01..2025-03-03");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
    assertThat(result.stdout() + result.stderr()).contains("2025-03-02");
    assertThat(rows(fused))
        .hasSize(12)
        .allMatch(row -> row.startsWith("2025-03-01") || row.startsWith("2025-03-03"));
    try (SparkEngine engine = open(fused)) {
      assertThat(engine.latestPublishes())
          .extracting(PublishedPartition::partition)
          .containsExactlyInAnyOrder("2025-03-01", "2025-03-03");
      Table table = engine.tables().load("events__v1").orElseThrow();
      List<String> quarantines =
          table.refs().keySet().stream().filter(ref -> ref.startsWith("quarantine_")).toList();
      assertThat(quarantines).hasSize(1);
      assertThat(quarantines.get(0)).endsWith("_2025_03_02");
      assertThat(table.refs().keySet()).noneMatch(ref -> ref.startsWith("audit_"));
      String branch =
          engine.tables().branch(engine.tables().qualified("events__v1"), quarantines.get(0));
      assertThat(
              engine
                  .query(
                      "SELECT count(*), min(amount) FROM "
                          + branch
                          + " WHERE event_date = DATE '2025-03-02'",
                      1)
                  .rows()
                  .stream()
                  .map(String::valueOf))
          .containsExactly("[6, -6]");
    }
  }

  private static Path project(Path dir, String batchSize, String sign) {
    SparkProject.write(
        dir.resolve("partita.yaml"),
        """
        name: spark_fusion
        warehouse: spark
        spark:
          master: local[2]
          catalog: {name: lake, type: hadoop, warehouse: .partita/lake}
          namespace: fusion
          conf: {spark.sql.codegen.wholeStage: false, spark.sql.adaptive.enabled: false}
        partitions: {grain: day, start: 2025-03-01, timezone: UTC}
        defaults: {concurrency: 1, retries: 0, time_column: event_date}
        assets:
          events:
            sql: models/events.sql
            batch_size: BATCH
            checks:
              - range: {column: amount, min: 0}
        """
            .replace("BATCH", batchSize));
    SparkProject.write(dir.resolve("models/events.sql"), MODEL.replace("SIGN", sign));
    return dir;
  }

  private static SparkEngine open(Path project) {
    return SparkEngine.open(SparkSettings.load(project), Clock.systemUTC());
  }

  private static List<String> rows(Path project) {
    try (SparkEngine engine = open(project)) {
      return engine
          .query(
              "SELECT event_date, entity_id, amount FROM "
                  + engine.relation("events")
                  + " ORDER BY event_date, entity_id, amount",
              1000)
          .rows()
          .stream()
          .map(row -> row.stream().map(String::valueOf).collect(Collectors.joining(" ")))
          .toList();
    }
  }

  /** The commits in main's history, the table's first (empty) one included. */
  private static int mainCommits(Path project) {
    try (SparkEngine engine = open(project)) {
      Table table = engine.tables().load("events__v1").orElseThrow();
      List<Long> ids = new ArrayList<>();
      for (Snapshot snapshot = table.currentSnapshot();
          snapshot != null;
          snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
        ids.add(snapshot.snapshotId());
      }
      return ids.size();
    }
  }
}
