package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.exec.Owner;
import io.partita.state.HandoffStore.Handoff;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While {@code partita serve} (a child JVM) owns the warehouse, backfills in this JVM hand their
 * runs to it through the state store and follow them; without a server, a second writer is a
 * conflict that names the process holding the warehouse.
 */
class HandoffTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path temp;

  @Test
  void backfillsAreHandedToTheServerWhichStopsCleanlyOnSigterm() throws Exception {
    Path project = Projects.init(temp.resolve("p"));
    // No scheduled runs in the way: the schedule is paused, handed-over runs still execute.
    Cli.in(project, "schedule", "pause").assertExit(0);
    try (ChildCli server =
        ChildCli.start(
            temp.resolve("logs"),
            "serve",
            "--poll",
            "200ms",
            "--port",
            "0",
            "--project",
            project.toString())) {
      String serverOwner = awaitServer(project, server);

      Cli.Result backfill =
          Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03").assertExit(0);

      String runId = backfill.stdout().lines().findFirst().orElseThrow().split("[ :]")[1];
      assertThat(backfill.stdout())
          .contains("Run " + runId + ": 9 tasks")
          .containsPattern("Run " + runId + " succeeded: 9 succeeded; [\\d,]+ rows written");
      assertThat(backfill.stderr())
          .contains("handed to it")
          .contains(serverOwner)
          .containsPattern(
              Projects.TIMESTAMP + " succeeded +features 2024-12-03 attempt=1 rows=20");
      assertThat(handoff(project, runId).takenBy()).contains(serverOwner);
      assertThat(Projects.statuses(project).entrySet())
          .filteredOn(cell -> cell.getKey().matches(".* 2024-12-0[1-3]"))
          .hasSize(9)
          .allSatisfy(cell -> assertThat(cell.getValue()).as(cell.getKey()).isEqualTo("succeeded"));

      JsonNode json =
          Cli.in(project, "backfill", "--partitions", "2024-12-04", "--json").assertExit(0).json();
      assertThat(json.get("status").asText()).isEqualTo("succeeded");
      assertThat(json.get("tasks"))
          .hasSize(3)
          .allMatch(task -> task.get("status").asText().equals("succeeded"));

      String model = Projects.read(project.resolve("models/raw_events.sql"));
      Projects.write(
          project.resolve("models/raw_events.sql"), "SELECT * FROM no_such_table_anywhere\n");
      Cli.Result failed =
          Cli.in(
                  project,
                  "backfill",
                  "--partitions",
                  "2024-12-05",
                  "--assets",
                  "raw_events",
                  "--retries",
                  "0")
              .assertExit(1);
      assertThat(failed.stdout())
          .contains(" failed: 1 failed")
          .contains("failed raw_events 2024-12-05")
          .contains("no_such_table_anywhere")
          .contains("partita resume ");
      Projects.write(project.resolve("models/raw_events.sql"), model);

      server.process().destroy(); // SIGTERM

      assertThat(server.await(60)).as(server.output()).isZero();
    }
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      assertThat(state.servers().live(Instant.EPOCH)).isEmpty();
    }
    // No server any more: the warehouse is free and backfills run in this process again.
    Cli.Result local = Cli.in(project, "backfill", "--partitions", "2024-12-06").assertExit(0);
    assertThat(local.stdout()).containsPattern("Run \\S+ succeeded: \\d+ succeeded");
    assertThat(local.stderr()).doesNotContain("handed");
  }

  private static Handoff handoff(Path project, String runId) {
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      return state.handoffs().find(runId).orElseThrow();
    }
  }

  /** Waits until the server child has registered; returns its owner ({@code host:pid:start}). */
  private static String awaitServer(Path project, ChildCli server) {
    java.util.concurrent.atomic.AtomicReference<String> owner =
        new java.util.concurrent.atomic.AtomicReference<>();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(server.isAlive()).as("server still running%n%s", server.output()).isTrue();
              if (!project.resolve(".partita/state.db").toFile().exists()) {
                return false;
              }
              try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
                state.servers().live(Instant.EPOCH).stream()
                    .filter(
                        s ->
                            s.owner().startsWith(Owner.host() + ":" + server.process().pid() + ":"))
                    .findFirst()
                    .ifPresent(s -> owner.set(s.owner()));
                return owner.get() != null;
              }
            });
    return owner.get();
  }
}
