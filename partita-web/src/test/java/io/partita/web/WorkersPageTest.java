package io.partita.web;

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
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.WorkerRecord;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Workers page, {@code GET /api/workers} and the worker gauges of {@code /metrics}, over real
 * HTTP, for workers registered in the project's real SQLite state store.
 */
class WorkersPageTest {
  @TempDir Path temp;

  @Test
  void listsLiveAndDeadWorkersWithTheirClaimsHeartbeatAndTasksDone() {
    Path project = TestProjects.pipeline(temp.resolve("shop"));
    try (TestServer server = new TestServer(project);
        StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      registerTwoWorkersOneOfThemDead(state);

      String page = server.get("/workers").body();
      JsonNode api = server.get("/api/workers").json();

      assertThat(page)
          .contains(
              "<a href=\"/workers\" class=\"active\">Workers</a>",
              "1 live of 2 registered, 1 task executing.",
              "<tr data-worker=\"etl-1\"><td>etl-1</td><td><span class=\"badge s-live\">live</span>",
              "box-a</td><td>11</td><td>4</td>",
              "raw_events <a href=\"/partitions/raw_events/2024-12-02\">2024-12-02</a> of run"
                  + " <a href=\"/runs/r1\">r1</a>",
              "<td class=\"done\">1</td>",
              "<tr data-worker=\"etl-2\"><td>etl-2</td><td><span class=\"badge s-dead\">dead</span>",
              "<td class=\"heartbeat\">5m ago</td>");
      assertThat(page.indexOf("data-worker=\"etl-1\""))
          .as("live workers first")
          .isLessThan(page.indexOf("data-worker=\"etl-2\""));
      assertThat(api.get("live").asInt()).isEqualTo(1);
      assertThat(api.get("claims").asInt()).isEqualTo(1);
      JsonNode live = api.get("workers").get(0);
      assertThat(live.get("name").asText()).isEqualTo("etl-1");
      assertThat(live.get("state").asText()).isEqualTo("live");
      assertThat(live.get("host").asText()).isEqualTo("box-a");
      assertThat(live.get("pid").asLong()).isEqualTo(11);
      assertThat(live.get("slots").asInt()).isEqualTo(4);
      assertThat(live.get("tasks_done").asLong()).isEqualTo(1);
      assertThat(live.get("heartbeat_age_seconds").asDouble()).isBetween(0.0, 60.0);
      assertThat(live.get("claims")).hasSize(1);
      assertThat(live.get("claims").get(0).get("run_id").asText()).isEqualTo("r1");
      assertThat(live.get("claims").get(0).get("asset").asText()).isEqualTo("raw_events");
      assertThat(live.get("claims").get(0).get("partition").asText()).isEqualTo("2024-12-02");
      JsonNode dead = api.get("workers").get(1);
      assertThat(dead.get("state").asText()).isEqualTo("dead");
      assertThat(dead.get("heartbeat_age_seconds").asDouble()).isBetween(300.0, 360.0);
      assertThat(dead.get("claims")).isEmpty();
    }
  }

  @Test
  void metricsExportClaimsHeartbeatAgeTasksDoneAndTheSharedQueue() {
    Path project = TestProjects.pipeline(temp.resolve("shop"));
    try (TestServer server = new TestServer(project);
        StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      registerTwoWorkersOneOfThemDead(state);

      String metrics = server.get("/metrics").body();

      assertThat(metrics)
          .contains(
              "partita_worker_claims{worker=\"etl-1\"} 1.0",
              "partita_worker_claims{worker=\"etl-2\"} 0.0",
              "partita_worker_tasks_done{worker=\"etl-1\"} 1.0",
              "partita_worker_live{worker=\"etl-2\"} 0.0",
              "partita_worker_heartbeat_age_seconds{worker=\"etl-2\"} 30",
              // Three tasks queued: one finished, one claimed.
              "partita_worker_queue_depth 1.0");
    }
  }

  @Test
  void withoutWorkersOnADuckDbWarehouseThePageSaysWhatWorkersNeed() {
    Path project = TestProjects.pipeline(temp.resolve("shop"));
    try (TestServer server = new TestServer(project)) {
      String page = server.get("/workers").body();
      JsonNode api = server.get("/api/workers").json();

      assertThat(page)
          .contains(
              "No workers: this project's warehouse is locked by one process",
              "README “Running on PostgreSQL with many workers”")
          .doesNotContain("Start one with");
      assertThat(api.get("workers")).isEmpty();
      assertThat(server.get("/").body()).contains("<a href=\"/workers\">Workers</a>");
    }
  }

  /**
   * etl-1 (live) finished raw_events 2024-12-01 and holds 2024-12-02 of the shared run r1; etl-2
   * stopped heartbeating five minutes ago and was declared dead.
   */
  private static void registerTwoWorkersOneOfThemDead(StateStore state) {
    Instant now = Instant.now();
    state.runs().create(sharedRun("r1", now));
    state
        .tasks()
        .createAll(
            List.of(
                TaskRecord.queued("r1", "raw_events", "2024-12-01"),
                TaskRecord.queued("r1", "raw_events", "2024-12-02"),
                TaskRecord.queued("r1", "raw_events", "2024-12-03")));
    state.workers().register(WorkerRecord.starting("etl-1", "box-a", 11, 4, now), now);
    TaskClaim first = claim(state, "2024-12-01", now);
    state.tasks().update(first(state).wrote(io.partita.state.TaskStatus.SUCCEEDED, now, 20));
    assertThat(state.workers().release(first)).isTrue();
    claim(state, "2024-12-02", now);
    Instant old = now.minusSeconds(300);
    state.workers().register(WorkerRecord.starting("etl-2", "box-b", 22, 2, old), old);
    state.workers().declareDead(now.minusSeconds(30), now);
  }

  private static TaskRecord first(StateStore state) {
    return state.tasks().list("r1").stream()
        .filter(t -> t.partition().equals("2024-12-01"))
        .findFirst()
        .orElseThrow();
  }

  private static TaskClaim claim(StateStore state, String partition, Instant now) {
    return state
        .workers()
        .claim(
            new ClaimRequest(
                "r1",
                "etl-1",
                List.of(new ClaimRequest.Candidate("raw_events", partition)),
                new ClaimRequest.ClaimLimits(4, Map.of(), Map.of(), Map.of()),
                now))
        .orElseThrow();
  }

  private static RunRecord sharedRun(String id, Instant at) {
    return new RunRecord(
        id,
        RunStatus.RUNNING,
        new RunOptions(RunSelection.all("", "2024-12-01..2024-12-03"), 4, "asc"),
        new RunOrigin(RunKind.BACKFILL, "snapshot", Optional.empty(), "tester", Optional.empty()),
        at,
        Optional.empty(),
        new RunLiveness(Optional.of("workers"), Optional.of(at), ControlRequest.NONE));
  }
}
