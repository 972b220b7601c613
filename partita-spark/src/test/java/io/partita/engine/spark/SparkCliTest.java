package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warehouse: spark} through the CLI: backfill, re-run, a failing check, rollback. */
class SparkCliTest {
  @TempDir Path project;

  @Test
  void atomicPublishAcrossTablesIsRefusedBeforeAnythingRuns() {
    SparkProject.create(project);

    SparkProject.Result result =
        SparkProject.cli(
            project, "backfill", "--partitions", "2025-03-01..2025-03-02", "--publish", "atomic");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines()).as("%s", result).hasSize(1);
    assertThat(result.errorLines().get(0))
        .contains(
            "--publish atomic: the run writes 2 assets (events, features)",
            "warehouse 'spark' cannot publish several tables atomically",
            "nothing was run");
    assertThat(project.resolve(".partita/lake")).doesNotExist();
  }

  @Test
  void workerOnAHadoopCatalogExitsTwoNamingTheCatalogsSeveralProcessesCanCommitTo() {
    SparkProject.create(project);

    SparkProject.Result result = SparkProject.cli(project, "worker", "--name", "w1");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines()).as("%s", result).hasSize(1);
    assertThat(result.errorLines().get(0))
        .contains(
            "partita worker needs a warehouse that several processes can write at once",
            "the Iceberg catalog 'lake' in partita.yaml is of type hadoop",
            "not atomic across processes",
            "type: jdbc, uri: jdbc:postgresql://...",
            "type: rest",
            "README \"Running on Spark and Iceberg\"");
    assertThat(project.resolve(".partita/lake")).doesNotExist();
  }

  @Test
  void detachedBackfillOnAHadoopCatalogExitsTwoBeforeAnythingRuns() {
    SparkProject.create(project);

    SparkProject.Result result =
        SparkProject.cli(project, "backfill", "--partitions", "2025-03-01", "--detach");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines()).as("%s", result).hasSize(1);
    assertThat(result.errorLines().get(0))
        .contains(
            "backfill --detach needs a warehouse that several processes can write at once",
            "of type hadoop",
            "or run `partita backfill` without --detach");
    assertThat(project.resolve(".partita/lake")).doesNotExist();
  }

  @Test
  void backfillRerunFailingCheckAndRollbackKeepMainExact() throws Exception {
    SparkProject.create(project);
    SparkProject.Result backfill =
        SparkProject.cli(project, "backfill", "--partitions", "2025-03-01..2025-03-02");
    assertThat(backfill.exitCode()).as("%s", backfill).isEqualTo(0);
    List<String> first = features();
    // entity 0: ids 3, 6; entity 1: ids 1, 4; entity 2: ids 2, 5 -> totals 9, 5, 7 per day.
    assertThat(first)
        .containsExactly(
            "0 2025-03-01 9 2",
            "1 2025-03-01 5 2",
            "2 2025-03-01 7 2",
            "0 2025-03-02 9 2",
            "1 2025-03-02 5 2",
            "2 2025-03-02 7 2");

    SparkProject.write(
        project.resolve("models/events.sql"), SparkProject.EVENTS.replace("FACTOR", "10"));
    SparkProject.Result rerun =
        SparkProject.cli(project, "backfill", "--partitions", "2025-03-02", "--json");
    assertThat(rerun.exitCode()).as("%s", rerun).isEqualTo(0);
    String rerunId = rerun.stdout().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    assertThat(features()).contains("0 2025-03-02 90 2").contains("0 2025-03-01 9 2");

    // A failing check: negative totals. Main keeps the re-run's rows; the rows wait in a branch.
    SparkProject.write(
        project.resolve("models/events.sql"), SparkProject.EVENTS.replace("FACTOR", "-1"));
    SparkProject.Result failing =
        SparkProject.cli(project, "backfill", "--partitions", "2025-03-01");
    assertThat(failing.exitCode()).as("%s", failing).isEqualTo(1);
    List<String> afterFailure = features();
    assertThat(afterFailure).contains("0 2025-03-02 90 2").contains("0 2025-03-01 9 2");
    try (SparkEngine engine = open()) {
      Table features = engine.tables().load("features__v1").orElseThrow();
      assertThat(features.refs().keySet()).anyMatch(ref -> ref.startsWith("quarantine_"));
    }

    SparkProject.Result rollback =
        SparkProject.cli(project, "rollback", "--run", rerunId, "--force");
    assertThat(rollback.exitCode()).as("%s", rollback).isEqualTo(0);
    assertThat(features()).isEqualTo(first);
  }

  @Test
  void versionsPromoteAndGcWorkThroughTheCli() {
    SparkProject.create(project);
    SparkProject.Result backfill =
        SparkProject.cli(project, "backfill", "--partitions", "2025-03-01..2025-03-03", "--json");
    assertThat(backfill.exitCode()).as("%s", backfill).isEqualTo(0);
    String firstRun = runId(backfill);
    // v2: the same rows plus a column that tells them apart.
    SparkProject.write(
        project.resolve("models/features.sql"),
        SparkProject.FEATURES.replace("count(*) as events", "count(*) as events, 'v2' as tag"));

    SparkProject.Result rebuild =
        SparkProject.cli(
            project,
            "backfill",
            "--partitions",
            "2025-03-01..2025-03-03",
            "--target",
            "features_v2");
    assertThat(rebuild.exitCode()).as("%s", rebuild).isEqualTo(0);
    SparkProject.Result versions = SparkProject.cli(project, "versions", "features");
    assertThat(versions.exitCode()).as("%s", versions).isEqualTo(0);
    assertThat(versions.stdout()).contains("v1", "v2");

    SparkProject.Result promote = SparkProject.cli(project, "promote", "features", "--to", "v2");

    assertThat(promote.exitCode()).as("%s", promote).isEqualTo(0);
    assertThat(features()).hasSize(9);
    try (SparkEngine engine = open()) {
      assertThat(engine.liveVersion("features")).contains("v2");
      assertThat(engine.query("SELECT DISTINCT tag FROM " + engine.relation("features"), 10).rows())
          .containsExactly(List.of("v2"));
    }

    SparkProject.Result gc = SparkProject.cli(project, "gc", "--retention", "0");

    assertThat(gc.exitCode()).as("%s", gc).isEqualTo(0);
    assertThat(gc.stdout())
        .containsPattern("Removed [1-9]\\d* snapshots and audit/quarantine branches");
    try (SparkEngine engine = open()) {
      Table events = engine.tables().load("events__v1").orElseThrow();
      assertThat(events.snapshots()).hasSize(1);
      assertThat(events.refs().keySet()).containsExactly("main");
    }
    SparkProject.Result rollback =
        SparkProject.cli(project, "rollback", "--run", firstRun, "--force");
    assertThat(rollback.exitCode()).as("%s", rollback).isEqualTo(2);
    assertThat(rollback.errorLines()).as("%s", rollback).hasSize(1);
    assertThat(rollback.errorLines().get(0))
        .contains(
            "Cannot roll back run " + firstRun,
            "had their backups removed by `partita gc`",
            "nothing was changed");
    assertThat(features()).hasSize(9);
  }

  /** The run id in the output of {@code backfill --json}. */
  private static String runId(SparkProject.Result backfill) {
    return backfill.stdout().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
  }

  private SparkEngine open() {
    return SparkEngine.open(SparkSettings.load(project), Clock.systemUTC());
  }

  private List<String> features() {
    try (SparkEngine engine = open()) {
      return engine
          .query(
              "SELECT entity_id, event_date, total, events FROM "
                  + engine.relation("features")
                  + " ORDER BY event_date, entity_id",
              100)
          .rows()
          .stream()
          .map(row -> row.stream().map(String::valueOf).collect(Collectors.joining(" ")))
          .toList();
    }
  }
}
