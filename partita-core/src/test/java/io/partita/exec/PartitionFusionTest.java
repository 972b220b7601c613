package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.CheckRecord;
import io.partita.state.LateArrivalRecord;
import io.partita.state.PartitionStatus;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch_size}: several partitions share one query, yet each stays the unit of truth. Fused
 * runs must write exactly what one-partition-at-a-time runs write, and a bad partition must fail
 * alone.
 */
class PartitionFusionTest {
  @TempDir Path dir;

  /** readings with an arrival column, and a merge asset over it. */
  static final String ASSETS =
      """
      readings:
        sql: models/arrived_readings.sql
        arrival_column: arrived_at
        batch_size: %1$s
      entity_totals:
        sql: models/entity_totals.sql
        write_mode: merge
        unique_key: [entity_id, event_date]
        batch_size: %1$s
        checks:
          - row_count: {min: 1}
          - not_null: {columns: [total]}
      """;

  static final String ARRIVED_READINGS =
      """
      select id, entity_id, event_date, amount, version,
             cast(event_date as timestamp) + to_hours(6 * version) as arrived_at
      from read_csv('data/readings.csv', header = true,
                    columns = {'id': 'BIGINT', 'entity_id': 'INTEGER', 'event_date': 'DATE',
                               'amount': 'DOUBLE', 'version': 'INTEGER'})
      where event_date >= {{ start }} and event_date < {{ end }}
      """;

  /** Jan 3, 7 and 8 get late rows (version 9): new keys and changed totals. */
  static final String LATE =
      WapProject.row(3100, 1, 3, "5.5", 9)
          + WapProject.row(3101, 3, 3, "6.5", 9)
          + WapProject.row(7100, 2, 7, "7.5", 9)
          + WapProject.row(8100, 4, 8, "8.5", 9);

  @Test
  void fusedRunsWriteTheSameTablesAsOnePartitionAtATimeOnTheDemoPipeline() {
    List<String> oneByOne;
    try (TestProject project = TestProject.threeLayers(dir.resolve("one"))) {
      assertThat(project.backfill(TestProject.request("2025-01-01..2025-01-31")).status())
          .isEqualTo(RunStatus.SUCCEEDED);
      oneByOne = demoTables(project);
    }
    try (TestProject project = TestProject.threeLayers(dir.resolve("fused"))) {
      // raw_events and staging_events filter on [start, end): correct for any window.
      project.write(
          "partita.yaml",
          TestProject.CONFIG
              .formatted(project.pool)
              .replace(
                  "    sql: models/raw_events.sql\n",
                  "    sql: models/raw_events.sql\n    batch_size: 7\n")
              .replace(
                  "    sql: models/staging_events.sql\n",
                  "    sql: models/staging_events.sql\n    batch_size: auto\n"));
      RunResult result = project.backfill(TestProject.request("2025-01-01..2025-01-31"));

      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.tasks()).hasSize(93).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
      assertThat(demoTables(project)).isEqualTo(oneByOne);
      // Seven partitions of raw_events shared one query: they started and finished together.
      List<TaskRecord> raw =
          result.tasks().stream()
              .filter(t -> t.asset().equals("raw_events"))
              .sorted(java.util.Comparator.comparing(TaskRecord::partition))
              .toList();
      assertThat(raw.subList(0, 7).stream().map(TaskRecord::startedAt).distinct()).hasSize(1);
      assertThat(raw.get(7).startedAt()).isNotEqualTo(raw.get(6).startedAt());
      // Every partition has its own state and rows.
      assertThat(project.state.partitions().list("raw_events"))
          .hasSize(31)
          .allMatch(p -> p.status() == PartitionStatus.SUCCEEDED && p.rows().orElseThrow() > 0);
    }
  }

  @Test
  void fusedRunsWriteTheSameMergeTableAndLateArrivalMetricsAfterLateRows() {
    Map<String, Object> oneByOne = mergeRunWithLateRows("1");
    Map<String, Object> fused = mergeRunWithLateRows("4");
    Map<String, Object> auto = mergeRunWithLateRows("auto");

    assertThat(fused).isEqualTo(oneByOne);
    assertThat(auto).isEqualTo(oneByOne);
    @SuppressWarnings("unchecked")
    List<String> late = (List<String>) oneByOne.get("late arrivals");
    // Two runs x 10 partitions, each partition with its own record.
    assertThat(late).hasSize(20);
    assertThat(late).contains("2025-01-03 total=5 late=2 added=2 changed=0");
  }

  @Test
  void aPartitionFailingItsChecksInsideABatchIsQuarantinedAloneAndTheOthersPublish() {
    try (WapProject project =
        WapProject.create(
            dir,
            """
            readings:
              sql: models/readings.sql
              batch_size: 5
              checks:
                - not_null: {columns: [amount]}
            """)) {
      project.readings(
          WapProject.days(1, 2, 3, 1),
          WapProject.row(3000, 1, 3, "30.0", 1),
          WapProject.row(3001, 2, 3, "", 1),
          WapProject.days(4, 5, 3, 1));

      RunResult result = project.backfill("2025-01-01..2025-01-05");

      assertThat(result.status()).isEqualTo(RunStatus.FAILED);
      TaskRecord bad = project.task(result, "readings", 3);
      assertThat(bad.status()).isEqualTo(TaskStatus.FAILED_CHECKS);
      assertThat(bad.error().orElseThrow())
          .contains("asset 'readings' partition 2025-01-03 failed 1 check(s), not published:")
          .contains("not_null(amount): null rate 0.5 > max_rate 0.0 (1 of 2 rows)");
      for (int day : new int[] {1, 2, 4, 5}) {
        assertThat(project.task(result, "readings", day).status())
            .as("day %d", day)
            .isEqualTo(TaskStatus.SUCCEEDED);
      }
      assertThat(
              project.query(
                  "select event_date::varchar, count(*) from readings group by 1 order by 1"))
          .containsExactly(
              List.of("2025-01-01", 3L),
              List.of("2025-01-02", 3L),
              List.of("2025-01-04", 3L),
              List.of("2025-01-05", 3L));
      assertThat(project.partition("readings", 3).orElseThrow().status())
          .isEqualTo(PartitionStatus.FAILED_CHECKS);
      // One verdict per partition; only the bad one failed, and only its rows are quarantined.
      List<CheckRecord> verdicts = project.state.checks().forRun(result.runId());
      assertThat(verdicts).hasSize(5);
      CheckRecord failed =
          verdicts.stream().filter(v -> v.outcome().equals("failed")).findFirst().orElseThrow();
      assertThat(failed.partition()).isEqualTo("2025-01-03");
      assertThat(
              verdicts.stream()
                  .filter(v -> v.outcome().equals("passed"))
                  .map(CheckRecord::partition))
          .containsExactlyInAnyOrder("2025-01-01", "2025-01-02", "2025-01-04", "2025-01-05");
      assertThat(
              project.query("select id from " + failed.quarantine().orElseThrow() + " order by 1"))
          .containsExactly(List.of(3000L), List.of(3001L));
      assertThat(project.stagingRelations()).isEmpty();
    }
  }

  @Test
  void aQueryFailingForOnePartitionIsIsolatedByHalvingAndTheOthersPublish() {
    try (WapProject project =
        WapProject.create(
            dir,
            """
            readings:
              sql: models/casting.sql
              batch_size: 8
            """)) {
      // The cast fails on Jan 6's rows only, so any query whose window holds Jan 6 fails.
      project.write(
          "models/casting.sql",
          """
          select id, event_date,
                 cast(case when event_date = date '2025-01-06' then 'x' else '1' end as integer)
                   as flag
          from read_csv('data/readings.csv', header = true,
                        columns = {'id': 'BIGINT', 'entity_id': 'INTEGER', 'event_date': 'DATE',
                                   'amount': 'DOUBLE', 'version': 'INTEGER'})
          where event_date >= {{ start }} and event_date < {{ end }}
          """);
      project.readings(WapProject.days(1, 8, 2, 1));

      RunResult result = project.backfill("2025-01-01..2025-01-08");

      assertThat(result.status()).isEqualTo(RunStatus.FAILED);
      TaskRecord bad = project.task(result, "readings", 6);
      assertThat(bad.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(bad.error().orElseThrow())
          .contains("asset 'readings' partition 2025-01-06 (models/casting.sql)")
          .contains("Could not convert string 'x' to INT32");
      assertThat(
              result.tasks().stream()
                  .filter(t -> t.status() == TaskStatus.SUCCEEDED)
                  .map(TaskRecord::partition))
          .containsExactly(
              "2025-01-01",
              "2025-01-02",
              "2025-01-03",
              "2025-01-04",
              "2025-01-05",
              "2025-01-07",
              "2025-01-08");
      assertThat(project.count("select count(*) from readings")).isEqualTo(14);
      assertThat(
              project.count("select count(*) from readings where event_date = date '2025-01-06'"))
          .isZero();
      assertThat(project.partition("readings", 6).orElseThrow().status())
          .isEqualTo(PartitionStatus.FAILED);
      assertThat(project.stagingRelations()).isEmpty();
    }
  }

  /**
   * Ten days, then late rows for three of them, both runs with the given batch size: the merge
   * table, each partition's state and its late-arrival metrics.
   */
  private Map<String, Object> mergeRunWithLateRows(String batchSize) {
    try (WapProject project =
        WapProject.create(dir.resolve("merge-" + batchSize), ASSETS.formatted(batchSize))) {
      project.write("models/arrived_readings.sql", ARRIVED_READINGS);
      project.readings(WapProject.days(1, 10, 3, 1));
      assertThat(project.backfill("2025-01-01..2025-01-10").status())
          .isEqualTo(RunStatus.SUCCEEDED);
      project.readings(WapProject.days(1, 10, 3, 1), LATE);
      assertThat(project.backfill("2025-01-01..2025-01-10").status())
          .isEqualTo(RunStatus.SUCCEEDED);
      Map<String, Object> result = new TreeMap<>();
      result.put("readings", project.table("readings"));
      result.put("entity_totals", project.table("entity_totals"));
      List<String> states = new ArrayList<>();
      for (String asset : List.of("readings", "entity_totals")) {
        project.state.partitions().list(asset).stream()
            .map(p -> asset + " " + p.partition() + " " + p.status() + " " + p.rows())
            .forEach(states::add);
      }
      result.put("states", states);
      List<String> late = new ArrayList<>();
      for (int day = 1; day <= 10; day++) {
        String key = WapProject.JAN_1.plusDays(day - 1).toString();
        for (LateArrivalRecord record : project.state.lateArrivals().history("readings", key)) {
          late.add(
              key
                  + " total="
                  + record.rows().total()
                  + " late="
                  + record.rows().late()
                  + " added="
                  + record.rows().added()
                  + " changed="
                  + record.rows().changed());
        }
      }
      result.put("late arrivals", late);
      result.put(
          "verdicts per partition",
          project.state.checks().forRun(lastRun(project)).stream()
              .map(v -> v.partition() + " " + v.check() + " " + v.outcome())
              .sorted()
              .toList());
      return result;
    }
  }

  private static String lastRun(WapProject project) {
    return project.state.runs().list(1).get(0).id();
  }

  /** Every table of the demo pipeline, row by row in a fixed order. */
  private static List<String> demoTables(TestProject project) {
    List<String> tables = new ArrayList<>();
    for (String table : List.of("raw_events", "staging_events", "features")) {
      tables.add(table + " " + project.query("select * from " + table + " order by all"));
    }
    return tables;
  }
}
