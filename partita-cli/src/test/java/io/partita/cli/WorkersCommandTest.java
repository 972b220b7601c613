package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.state.ClaimRequest;
import io.partita.state.ControlRequest;
import io.partita.state.RunKind;
import io.partita.state.RunLiveness;
import io.partita.state.RunOptions;
import io.partita.state.RunOrigin;
import io.partita.state.RunRecord;
import io.partita.state.RunSelection;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.WorkerRecord;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `partita workers` lists live and dead workers with the tasks each holds. */
class WorkersCommandTest {
  @TempDir Path temp;

  @Test
  void listsLiveAndDeadWorkersWithTheirClaims() {
    Path project = Projects.init(temp.resolve("p"));
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      Instant now = Instant.now();
      state.runs().create(sharedRun("r1", now));
      state.tasks().createAll(List.of(TaskRecord.queued("r1", "raw_orders", "2024-12-01")));
      state.workers().register(WorkerRecord.starting("etl-1", "box-a", 11, 4, now), now);
      state
          .workers()
          .claim(
              new ClaimRequest(
                  "r1",
                  "etl-1",
                  List.of(new ClaimRequest.Candidate("raw_orders", "2024-12-01")),
                  new ClaimRequest.ClaimLimits(2, Map.of(), Map.of(), Map.of()),
                  now))
          .orElseThrow();
      Instant old = now.minusSeconds(300);
      state.workers().register(WorkerRecord.starting("etl-2", "box-b", 22, 2, old), old);
      state.workers().declareDead(now.minusSeconds(30), now);
    }

    Cli.Result table = Cli.in(project, "workers");
    JsonNode json = Cli.json(project, "workers");

    table.assertExit(0);
    assertThat(table.stdout())
        .contains(
            "NAME",
            "etl-1",
            "live",
            "box-a",
            "raw_orders 2024-12-01 (r1)",
            "etl-2",
            "dead",
            "box-b",
            "5m ago");
    assertThat(json.get("workers")).hasSize(2);
    assertThat(json.get("live").asInt()).isEqualTo(1);
    assertThat(json.get("claims").asInt()).isEqualTo(1);
    assertThat(json.get("workers").get(1).get("heartbeat_age_seconds").asDouble())
        .isBetween(300.0, 360.0);
    assertThat(json.get("workers").get(0).get("name").asText()).isEqualTo("etl-1");
    assertThat(json.get("workers").get(0).get("slots").asInt()).isEqualTo(4);
    assertThat(json.get("workers").get(0).get("tasks_done").asLong()).isZero();
    assertThat(json.get("workers").get(0).get("claims").get(0).get("partition").asText())
        .isEqualTo("2024-12-01");
    assertThat(json.get("workers").get(1).get("state").asText()).isEqualTo("dead");
    assertThat(json.get("workers").get(1).get("claims")).isEmpty();
    assertThat(json.get("workers").get(1).get("stopped_at").isNull()).isFalse();
  }

  private static RunRecord sharedRun(String id, Instant at) {
    return new RunRecord(
        id,
        RunStatus.RUNNING,
        new RunOptions(RunSelection.all("", "2024-12-01"), 2, "asc"),
        new RunOrigin(RunKind.BACKFILL, "snapshot", Optional.empty(), "tester", Optional.empty()),
        at,
        Optional.empty(),
        new RunLiveness(Optional.of("workers"), Optional.of(at), ControlRequest.NONE));
  }

  @Test
  void saysHowToStartAWorkerWhenThereIsNone() throws Exception {
    Path project = Projects.init(temp.resolve("p"));
    Path config = project.resolve("partita.yaml");
    Files.writeString(
        config,
        Files.readString(config)
            .replaceFirst("(?m)^warehouse: .*$", "warehouse: " + CliPostgres.freshWarehouseUrl()));

    Cli.Result result = Cli.in(project, "workers");

    result.assertExit(0);
    assertThat(result.stdout()).contains("No workers yet. Start one with `partita worker`.");
  }

  @Test
  void onADuckDbWarehouseSaysThatWorkersNeedAWarehouseSeveralProcessesShare() {
    Path project = Projects.init(temp.resolve("p"));

    Cli.Result result = Cli.in(project, "workers");

    result.assertExit(0);
    assertThat(result.stdout())
        .contains(
            "No workers: warehouse 'duckdb:",
            "is locked by one process",
            "`partita worker` cannot run here",
            "README \"Running on PostgreSQL with many workers\"")
        .doesNotContain("Start one with");
  }
}
