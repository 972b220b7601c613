package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.partita.state.CheckRecord;
import io.partita.state.PartitionStatus;
import io.partita.state.RunStatus;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit gate of write-audit-publish, end to end on real SQLite and DuckDB. */
class WriteAuditPublishTest {
  static final String ASSETS =
"""
readings:
  sql: models/readings.sql
  checks:
    - not_null: {columns: [amount]}
    - sql: {name: small_amounts, severity: warn, query: "select coalesce(bool_and(amount < 50), true) from {{ this }}"}
daily:
  sql: models/daily.sql
""";

  @TempDir Path dir;
  WapProject project;

  @BeforeEach
  void open() {
    project = WapProject.create(dir, ASSETS);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void aFailedErrorCheckKeepsThePartitionUnpublishedAndQuarantinesItsRows() {
    project.readings(WapProject.days(1, 3, 3, 1));
    assertThat(project.backfill("2025-01-01..2025-01-03").status()).isEqualTo(RunStatus.SUCCEEDED);
    List<List<Object>> oldJan2 = project.query(readingsOf(2));
    // Version 9: amounts 90.. fail the warn check everywhere; Jan 2 also gets a NULL amount.
    project.readings(
        WapProject.day(1, 3, 9),
        WapProject.row(2000, 1, 2, "90.0", 9),
        WapProject.row(2001, 2, 2, "", 9),
        WapProject.row(2002, 1, 2, "92.0", 9),
        WapProject.day(3, 3, 9));

    RunResult result = project.backfill("2025-01-01..2025-01-03");

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(1);
    List<CheckRecord> verdicts = project.state.checks().forRun(result.runId());
    CheckRecord failed =
        verdicts.stream().filter(v -> v.outcome().equals("failed")).findFirst().orElseThrow();
    String quarantine = failed.quarantine().orElseThrow();
    assertThat(quarantine).startsWith("\"_partita_quarantine\".");
    assertThat(project.task(result, "readings", 2).status()).isEqualTo(TaskStatus.FAILED_CHECKS);
    assertThat(project.task(result, "readings", 2).error())
        .contains(
            "asset 'readings' partition 2025-01-02 failed 1 check(s), not published:"
                + " not_null(amount): null rate 0.3333 > max_rate 0.0 (1 of 3 rows). The rows are"
                + " kept in "
                + quarantine
                + "; see `partita checks show readings 2025-01-02`");
    assertThat(project.partition("readings", 2).orElseThrow().status())
        .isEqualTo(PartitionStatus.FAILED_CHECKS);
    // The previous data of the partition is still what readers see.
    assertThat(project.query(readingsOf(2))).isEqualTo(oldJan2);
    // The quarantine holds exactly the staged rows.
    assertThat(project.query("select * from " + quarantine + " order by id"))
        .containsExactly(
            List.of(2000L, 1, java.time.LocalDate.of(2025, 1, 2), 90.0, 9),
            java.util.Arrays.asList(2001L, 2, java.time.LocalDate.of(2025, 1, 2), null, 9),
            List.of(2002L, 1, java.time.LocalDate.of(2025, 1, 2), 92.0, 9));
    assertThat(project.task(result, "daily", 2).status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
    assertThat(project.task(result, "daily", 2).error())
        .hasValue("upstream readings 2025-01-02 failed");
    // Other partitions passed (the warn check only warned) and were published, downstream too.
    assertThat(project.query("select event_date::varchar, version from daily order by 1"))
        .containsExactly(
            List.of("2025-01-01", 9), List.of("2025-01-02", 1), List.of("2025-01-03", 9));
    assertThat(project.task(result, "readings", 1).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(project.task(result, "readings", 3).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void everyVerdictIsStoredWithMetricAndThresholdAndWarnOnlyWarns() {
    project.readings(WapProject.days(1, 2, 3, 9), WapProject.row(2003, 2, 2, "", 9));

    RunResult result = project.backfill("2025-01-01..2025-01-02");

    assertThat(project.state.checks().forRun(result.runId()))
        .extracting(
            CheckRecord::partition,
            CheckRecord::check,
            CheckRecord::severity,
            CheckRecord::outcome,
            v -> v.metric().orElse(null),
            CheckRecord::threshold,
            CheckRecord::message,
            v -> v.quarantine().isPresent(),
            CheckRecord::attempt)
        .containsExactlyInAnyOrder(
            tuple(
                "2025-01-01",
                "not_null(amount)",
                "error",
                "passed",
                0.0,
                "<= 0.0",
                "not_null(amount): null rate 0.0 <= max_rate 0.0 (0 of 3 rows)",
                false,
                1),
            tuple(
                "2025-01-01",
                "small_amounts",
                "warn",
                "warned",
                0.0,
                "returns true",
                "small_amounts: returned false",
                false,
                1),
            tuple(
                "2025-01-02",
                "not_null(amount)",
                "error",
                "failed",
                0.25,
                "<= 0.0",
                "not_null(amount): null rate 0.25 > max_rate 0.0 (1 of 4 rows)",
                true,
                1),
            tuple(
                "2025-01-02",
                "small_amounts",
                "warn",
                "warned",
                0.0,
                "returns true",
                "small_amounts: returned false",
                false,
                1));
    // A warning does not stop the partition: Jan 1 is published with the warned rows.
    assertThat(project.count("select count(*) from readings where version = 9")).isEqualTo(3);
    assertThat(project.task(result, "readings", 1).status()).isEqualTo(TaskStatus.SUCCEEDED);
    CheckRecord failed =
        project.state.checks().forRun(result.runId()).stream()
            .filter(v -> v.outcome().equals("failed"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.sample())
        .hasValue(
            "id | entity_id | event_date | amount | version\n"
                + "2003 | 2 | 2025-01-02 | null | 9");
  }

  /**
   * A reader thread queries the published table in a loop while a run overwrites its partitions.
   * After each publish the coordinator waits until the reader has finished two more queries, so the
   * reader provably observes the table between publishes, not just before and after the run.
   */
  @Test
  void aReaderNeverSeesAHalfWrittenOrUncheckedPartition() throws Exception {
    int rowsPerDay = 40;
    project.readings(WapProject.days(1, 8, rowsPerDay, 1));
    project.backfill(
        BackfillRequest.of("2025-01-01..2025-01-08").withAssets("readings"), RunListener.NONE);
    // Version 2 everywhere, except Jan 5: version 3 with a NULL amount, which fails not_null.
    project.readings(
        WapProject.days(1, 4, rowsPerDay, 2),
        WapProject.day(5, rowsPerDay - 1, 3),
        WapProject.row(5999, 1, 5, "", 3),
        WapProject.days(6, 8, rowsPerDay, 2));
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong queries = new AtomicLong();
    List<String> violations = new CopyOnWriteArrayList<>();
    Set<Integer> versionCounts = ConcurrentHashMap.newKeySet();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                List<List<Object>> groups =
                    project.query(
                        "select event_date::varchar, count(*), min(version), max(version)"
                            + " from readings group by all order by 1");
                int newer = 0;
                for (List<Object> group : groups) {
                  long rows = ((Number) group.get(1)).longValue();
                  int min = (Integer) group.get(2);
                  int max = (Integer) group.get(3);
                  if (rows != rowsPerDay || min != max || max == 3) {
                    violations.add(group.toString());
                  }
                  newer += max == 2 ? 1 : 0;
                }
                if (groups.size() != 8) {
                  violations.add("partitions: " + groups);
                }
                versionCounts.add(newer);
                queries.incrementAndGet();
              }
            },
            "reader");
    reader.setDaemon(true);
    reader.start();
    while (queries.get() == 0) {
      Thread.onSpinWait();
    }
    RunListener waitForReader =
        new RunListener() {
          @Override
          public void taskFinished(io.partita.state.TaskRecord task) {
            long seen = queries.get();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (queries.get() < seen + 2 && System.nanoTime() < deadline) {
              Thread.onSpinWait();
            }
          }
        };

    RunResult result;
    try {
      result =
          project.backfill(
              BackfillRequest.of("2025-01-01..2025-01-08")
                  .withAssets("readings")
                  .withMaxParallel(2),
              waitForReader);
    } finally {
      done.set(true);
      reader.join(10_000);
    }

    assertThat(violations).isEmpty();
    assertThat(result.count(TaskStatus.SUCCEEDED)).isEqualTo(7);
    assertThat(result.count(TaskStatus.FAILED_CHECKS)).isEqualTo(1);
    // The reader saw the run in progress: some, but not all, partitions already rewritten.
    assertThat(versionCounts).contains(0, 7).anyMatch(n -> n > 0 && n < 7);
    assertThat(project.query("select version, count(*) from readings group by all order by 1"))
        .containsExactly(List.of(1, (long) rowsPerDay), List.of(2, 7L * rowsPerDay));
  }

  static String readingsOf(int day) {
    return "select * from readings where event_date = date '"
        + WapProject.JAN_1.plusDays(day - 1)
        + "' order by all";
  }
}
