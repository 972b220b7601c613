package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted warehouse, a deleted or damaged state store, and {@code partita repair}, on real
 * projects: each of the two files records the other's id, so losing one is noticed.
 */
class StateWarehousePairingTest {
  private static final String RANGE = "2024-12-01..2024-12-05";

  @TempDir Path temp;
  Path project;
  Path warehouse;
  Path state;

  @BeforeEach
  void projectWithFifteenSucceededPartitions() {
    project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", RANGE).assertExit(0);
    warehouse = project.resolve(".partita/warehouse.duckdb");
    state = project.resolve(".partita/state.db");
  }

  @Test
  @Timeout(180) // serve would otherwise run until stopped
  void deletedWarehouseIsDetectedByStatusAndBackfillRefuses() throws IOException {
    String runs = Projects.runIds(project).toString();
    Files.delete(warehouse);

    Cli.Result status = Cli.in(project, "status").assertExit(0);
    assertThat(status.stdout().lines().findFirst().orElseThrow())
        .startsWith("warning: state store and warehouse are out of step")
        .contains(
            warehouse.toString() + " is missing",
            "15 succeeded partitions",
            "partita repair --forget-warehouse");
    JsonNode pairing = Cli.json(project, "status").get("pairing");
    assertThat(pairing.get("status").asText()).isEqualTo("warehouse_lost");
    assertThat(pairing.get("out_of_step").asBoolean()).isTrue();
    assertThat(pairing.get("problem").asText()).contains(warehouse.toString());

    for (String[] command :
        new String[][] {
          {"backfill", "--partitions", RANGE, "--reprocess", "missing"},
          {"tick"},
          {"resume", Projects.runIds(project).get(0)},
          {"serve", "--no-ui"}
        }) {
      Cli.Result refused = Cli.in(project, command).assertExit(2);
      assertThat(refused.errorLines()).as("%s", refused).hasSize(1);
      assertThat(refused.errorLines().get(0))
          .contains(
              "out of step", warehouse + " is missing", "`partita repair --forget-warehouse`");
    }
    assertThat(warehouse).as("no empty warehouse was created in its place").doesNotExist();
    assertThat(Projects.runIds(project).toString()).as("no run was recorded").isEqualTo(runs);
  }

  @Test
  void repairForgettingTheLostWarehouseMakesReprocessMissingRebuildIt() throws IOException {
    long featureRows = Projects.scalar(project, "select count(*) from features").asLong();
    Files.delete(warehouse);

    JsonNode repaired = Cli.json(project, "repair", "--forget-warehouse");

    assertThat(repaired.get("repair").asText()).isEqualTo("forget_warehouse");
    assertThat(repaired.get("before").asText()).isEqualTo("warehouse_lost");
    assertThat(repaired.get("missing").asInt()).isEqualTo(15);
    assertThat(Projects.statuses(project)).hasSize(15).values().containsOnly("missing");
    assertThat(Cli.json(project, "status").at("/pairing/out_of_step").asBoolean()).isFalse();
    Cli.Result rebuilt =
        Cli.in(project, "backfill", "--partitions", RANGE, "--reprocess", "missing").assertExit(0);
    assertThat(rebuilt.stdout()).contains("15 tasks");
    assertThat(Projects.statuses(project)).hasSize(15).values().containsOnly("succeeded");
    assertThat(Projects.scalar(project, "select count(*) from features").asLong())
        .isEqualTo(featureRows);
  }

  @Test
  void deletedStateIsDetectedAndRepairFromWarehouseRestoresPartitionStates() throws IOException {
    Map<String, String> before = cells(Cli.json(project, "status"));
    deleteState();

    Cli.Result status = Cli.in(project, "status").assertExit(0);
    assertThat(status.stdout())
        .contains(
            "warning: state store and warehouse are out of step",
            state + " does not describe it",
            "`partita repair --from-warehouse`",
            "(nothing materialized yet)");
    assertThat(Cli.json(project, "status").at("/pairing/status").asText()).isEqualTo("state_lost");
    Cli.Result refused = Cli.in(project, "backfill", "--partitions", RANGE).assertExit(2);
    assertThat(refused.errorLines())
        .singleElement()
        .asString()
        .contains("out of step", "`partita repair --from-warehouse`");

    JsonNode repaired = Cli.json(project, "repair", "--from-warehouse");

    assertThat(repaired.get("before").asText()).isEqualTo("state_lost");
    assertThat(repaired.get("succeeded").asInt()).isEqualTo(15);
    assertThat(repaired.get("missing").asInt()).isZero();
    JsonNode after = Cli.json(project, "status");
    assertThat(after.at("/pairing/status").asText()).isEqualTo("in_step");
    assertThat(cells(after)).as("status, rows and run of every partition").isEqualTo(before);
    assertThat(Cli.in(project, "status").assertExit(0).stdout())
        .doesNotContain("warning:")
        .contains("features        #####  2024-12-01..2024-12-05  5 succeeded; 100 rows");
    assertThat(
            Cli.in(project, "backfill", "--partitions", RANGE, "--reprocess", "missing")
                .assertExit(0)
                .stdout())
        .contains("Nothing to do: all 15 selected partitions are already materialized.");
    Cli.in(project, "backfill", "--partitions", "2024-12-06").assertExit(0);
  }

  @Test
  void corruptStateFileExitsTwoNamingThePath() throws IOException {
    deleteState();
    byte[] garbage = "not a database: a few bytes a sync tool left behind\n".repeat(100).getBytes();
    Files.write(state, garbage);

    for (String command : new String[] {"status", "backfill", "repair"}) {
      String[] args =
          command.equals("backfill")
              ? new String[] {command, "--partitions", RANGE}
              : command.equals("repair")
                  ? new String[] {command, "--from-warehouse"}
                  : new String[] {command};
      Cli.Result result = Cli.in(project, args).assertExit(2);
      assertThat(result.errorLines())
          .as("%s", result)
          .singleElement()
          .asString()
          .contains(
              state + " is damaged or not a SQLite database",
              "move it aside",
              "`partita repair --from-warehouse`");
      assertThat(result.stderr()).doesNotContain("\tat ", "internal");
    }
    assertThat(Files.readAllBytes(state))
        .as("the damaged file is left as it was")
        .isEqualTo(garbage);
  }

  @Test
  void deletingBothFilesStartsAFreshProjectWithoutWarnings() throws IOException {
    Files.delete(warehouse);
    deleteState();

    assertThat(Cli.in(project, "status").assertExit(0).stdout()).doesNotContain("warning:");
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    assertThat(Cli.json(project, "status").at("/pairing/status").asText()).isEqualTo("in_step");
  }

  @Test
  void repairHelpNamesBothDirections() {
    Cli.Result help = Cli.run("repair", "--help").assertExit(0);

    assertThat(help.stdout())
        .startsWith("Usage: partita repair")
        .contains(
            "--from-warehouse",
            "--forget-warehouse",
            "--json",
            "publish log",
            "mark every",
            "rebuilds it");
  }

  private void deleteState() throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(project.resolve(".partita/state.db" + suffix));
    }
  }

  /** "asset partition" -> "status rows run_id" from {@code status --json}. */
  private static Map<String, String> cells(JsonNode status) {
    Map<String, String> cells = new TreeMap<>();
    for (JsonNode asset : status.get("assets")) {
      for (JsonNode cell : asset.get("partitions")) {
        cells.put(
            asset.get("name").asText() + " " + cell.get("partition").asText(),
            cell.get("status").asText()
                + " "
                + cell.get("rows").asText()
                + " "
                + cell.get("run_id").asText());
      }
    }
    return cells;
  }
}
