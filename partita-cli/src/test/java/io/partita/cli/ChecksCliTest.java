package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-audit-publish commands: {@code checks}, {@code checks show}, the {@code status} grid,
 * {@code rollback}, {@code gc}, and check configuration errors.
 */
class ChecksCliTest {
  static final String STAGING =
      "    sql: models/staging_events.sql     # depends on raw_events through ref()\n";
  static final String NOT_NULL_AMOUNT =
      STAGING + "    checks:\n      - not_null: {columns: [amount]}\n";

  @TempDir static Path temp;

  /** A project whose staging_events of 2024-12-02 has NULL amounts, so it fails not_null. */
  static Path failing;

  static String failingRun;

  @BeforeAll
  static void buildWithOneFailingPartition() {
    failing = Projects.init(temp.resolve("failing"));
    Projects.edit(failing.resolve("partita.yaml"), STAGING, NOT_NULL_AMOUNT);
    Projects.edit(
        failing.resolve("models/staging_events.sql"),
        "round(amount, 2) as amount",
        "case when event_date = date '2024-12-02' and event_id % 3 = 0 then null"
            + " else round(amount, 2) end as amount");
    Cli.in(failing, "backfill", "--partitions", "2024-12-01..2024-12-03").assertExit(1);
    failingRun = Projects.runIds(failing).get(0);
  }

  @Test
  void checksJsonListsEveryVerdictWithItsFields() {
    JsonNode checks = Cli.json(failing, "checks").get("checks");

    assertThat(checks).hasSize(3);
    for (JsonNode check : checks) {
      List<String> fields = new ArrayList<>();
      check.fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .containsExactly(
              "asset",
              "version",
              "partition",
              "check",
              "severity",
              "outcome",
              "metric",
              "threshold",
              "message",
              "run_id",
              "attempt",
              "quarantine",
              "checked_at");
      assertThat(check.get("asset").asText()).isEqualTo("staging_events");
      assertThat(check.get("check").asText()).isEqualTo("not_null(amount)");
      assertThat(check.get("severity").asText()).isEqualTo("error");
      assertThat(check.get("threshold").asText()).isEqualTo("<= 0.0");
      assertThat(check.get("run_id").asText()).isEqualTo(failingRun);
      assertThat(check.get("attempt").asInt()).isEqualTo(1);
      assertThat(check.get("checked_at").asText()).matches(Projects.TIMESTAMP);
    }
    JsonNode passed = checks.get(0);
    assertThat(passed.get("partition").asText()).isEqualTo("2024-12-01");
    assertThat(passed.get("outcome").asText()).isEqualTo("passed");
    assertThat(passed.get("metric").asDouble()).isEqualTo(0.0);
    assertThat(passed.get("quarantine").isNull()).isTrue();
    JsonNode failed = checks.get(1);
    assertThat(failed.get("partition").asText()).isEqualTo("2024-12-02");
    assertThat(failed.get("outcome").asText()).isEqualTo("failed");
    assertThat(failed.get("metric").asDouble()).isGreaterThan(0.0);
    assertThat(failed.get("message").asText())
        .startsWith("not_null(amount): null rate ")
        .contains(" > max_rate 0.0 (");
    assertThat(failed.get("quarantine").asText()).startsWith("\"_partita_quarantine\".");
  }

  @Test
  void checksShowPrintsTheFailingCheckTheQuarantineAndSampleRows() {
    JsonNode failed =
        Cli.json(failing, "checks", "--partitions", "2024-12-02").get("checks").get(0);
    String quarantine = failed.get("quarantine").asText();

    Cli.Result show =
        Cli.in(failing, "checks", "show", "staging_events", "2024-12-02").assertExit(0);

    assertThat(show.stdout())
        .contains("staging_events 2024-12-02 — run " + failingRun + " attempt 1")
        .contains("  [failed] not_null(amount) (error)\n      " + failed.get("message").asText())
        .contains("quarantined rows: " + quarantine)
        .contains("look: partita query 'select * from " + quarantine + "'")
        .contains("sample:\n        event_id | entity_id | event_date | amount | ingested_at\n")
        .containsPattern("\\d+ \\| \\d \\| 2024-12-02 \\| null \\| ");
    assertThat(
            Projects.scalar(failing, "select count(*) from " + quarantine + " where amount is null")
                .asLong())
        .isPositive();
  }

  @Test
  void statusMarksFailedChecks() {
    Cli.Result status = Cli.in(failing, "status").assertExit(0);

    assertThat(status.stdout().lines().filter(line -> line.startsWith("staging_events")))
        .singleElement()
        .asString()
        .contains("#!");
    assertThat(Projects.statuses(failing))
        .containsEntry("staging_events 2024-12-02", "failed_checks")
        .containsEntry("staging_events 2024-12-01", "succeeded")
        .containsEntry("features 2024-12-01", "succeeded")
        .as("features 2024-12-02..03 read staging 2024-12-02: upstream failed, never written")
        .doesNotContainKeys("features 2024-12-02", "features 2024-12-03");
  }

  @Test
  void rollbackRestoresTheWarehouseAndGcRuns(@TempDir Path dir) {
    Path project = Projects.init(dir);
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);
    String before = Projects.warehouseFingerprint(project);
    Projects.edit(
        project.resolve("models/staging_events.sql"), "round(amount, 2)", "round(amount * 2, 2)");
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);
    String second = Projects.runIds(project).get(0);
    assertThat(Projects.warehouseFingerprint(project)).isNotEqualTo(before);

    Cli.Result rollback = Cli.in(project, "rollback", "--run", second).assertExit(0);

    assertThat(rollback.stdout()).startsWith("Rolled back run " + second + ": ");
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(before);
    assertThat(Cli.in(project, "rollback", "--run", "nope").assertExit(2).errorLines())
        .containsExactly("error: Unknown run 'nope': `partita runs` lists the runs");
    assertThat(Cli.in(project, "gc", "--retention", "0").assertExit(0).stdout())
        .startsWith("Removed ");
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(before);
  }

  @Test
  void unknownCheckTypeIsRejectedWithDidYouMean(@TempDir Path dir) {
    Path project = Projects.init(dir);
    Projects.edit(
        project.resolve("partita.yaml"),
        STAGING,
        STAGING + "    checks:\n      - not_nul: {columns: [amount]}\n");

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(2);

    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .startsWith(
            "error: partita.yaml:23:9: asset 'staging_events': unknown check type 'not_nul' (did"
                + " you mean 'not_null'?)");
    assertThat(project.resolve(".partita/warehouse.duckdb")).as("nothing written").doesNotExist();
  }

  @Test
  void warnAboveFailIsRejectedAtItsLine(@TempDir Path dir) {
    Path project = Projects.init(dir);
    Projects.edit(
        project.resolve("partita.yaml"),
        STAGING,
        STAGING + "    checks:\n      - drift: {column: amount, warn: 0.3, fail: 0.2}\n");

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(2);

    assertThat(result.errorLines())
        .containsExactly(
            "error: partita.yaml:23:39: asset 'staging_events', check drift: 'warn' 0.3 > 'fail'"
                + " 0.2: make warn at most fail");
  }
}
