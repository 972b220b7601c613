package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one project: a backfill in a child JVM (raw_events is a command that sleeps),
 * and commands in this JVM that read its state, contend for its partitions, pause, cancel, and
 * resume it after a SIGKILL. Only one process may open the DuckDB file: in-process commands here
 * touch the warehouse only once the child is gone.
 */
class ProcessesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path temp;

  @Test
  void aSecondBackfillOverPartitionsOfALiveRunIsAConflictNamingTheRun() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    try (ChildCli child =
        ChildShells.backfill(temp.resolve("logs"), project, "2024-12-01..2024-12-31", 1)) {
      String runId = child.awaitRunningRun(project);

      Cli.Result conflict =
          Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(3);

      assertThat(conflict.errorLines())
          .singleElement()
          .asString()
          .contains("Run " + runId + " is writing some of these partitions")
          .contains("partita cancel " + runId);
      assertThat(conflict.stderr()).doesNotContain("\tat ").doesNotContainIgnoringCase("lock");
      assertThat(Projects.runIds(project)).containsExactly(runId);
    }
  }

  @Test
  void resumeAfterSigkillFinishesTheRunWithoutRedoingOrDuplicatingAnything() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.2);
    String runId;
    Map<String, JsonNode> succeededBeforeKill = new HashMap<>();
    try (ChildCli child =
        ChildShells.backfill(temp.resolve("logs"), project, "2024-12-01..2024-12-31", 2)) {
      runId = child.awaitRunningRun(project);
      // status and run show read the state store while the child writes it.
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                assertThat(child.isAlive()).as("child still running%n%s", child.output()).isTrue();
                return Projects.statuses(project).values().stream()
                        .filter("succeeded"::equals)
                        .count()
                    >= 6;
              });
      for (JsonNode task : Cli.json(project, "run", "show", runId).get("tasks")) {
        if (task.get("status").asText().equals("succeeded")) {
          succeededBeforeKill.put(
              task.get("asset").asText() + " " + task.get("partition").asText(), task);
        }
      }
      child.kill();
      assertThat(child.process().exitValue()).isEqualTo(137);
    }
    assertThat(succeededBeforeKill).hasSizeGreaterThanOrEqualTo(6);
    JsonNode interrupted = Cli.json(project, "run", "show", runId);
    assertThat(interrupted.get("status").asText()).isEqualTo("interrupted");
    assertThat(interrupted.get("tasks"))
        .anyMatch(task -> task.get("status").asText().equals("interrupted"));

    Cli.Result resumed = Cli.in(project, "resume", runId, "--json").assertExit(0);

    JsonNode run = resumed.json();
    assertThat(run.get("status").asText()).isEqualTo("succeeded");
    assertThat(run.get("tasks"))
        .hasSize(93)
        .allMatch(task -> task.get("status").asText().equals("succeeded"));
    for (JsonNode task : run.get("tasks")) {
      JsonNode before =
          succeededBeforeKill.get(
              task.get("asset").asText() + " " + task.get("partition").asText());
      if (before != null) {
        assertThat(task.get("attempts").asInt()).as("%s", task).isEqualTo(1);
        assertThat(task.get("started_at")).as("%s", task).isEqualTo(before.get("started_at"));
        assertThat(task.get("finished_at")).as("%s", task).isEqualTo(before.get("finished_at"));
      }
    }
    Map<String, String> statuses = Projects.statuses(project);
    assertThat(statuses)
        .hasSize(93)
        .allSatisfy((cell, status) -> assertThat(status).as(cell).isEqualTo("succeeded"));
    JsonNode counts =
        Cli.json(
                project,
                "query",
                """
        select (select count(*) from raw_events), (select count(distinct event_id) from raw_events),
               (select count(distinct event_date) from raw_events),
               (select count(*) from staging_events), (select count(distinct event_id) from staging_events),
               (select count(*) from features), (select count(distinct (entity_id, date)) from features),
               (select count(distinct date) from features)""")
            .get("rows")
            .get(0);
    assertThat(counts.get(0).asLong()).isPositive().isEqualTo(counts.get(1).asLong());
    assertThat(counts.get(2).asLong()).isEqualTo(31);
    assertThat(counts.get(3).asLong()).isPositive().isEqualTo(counts.get(4).asLong());
    assertThat(counts.get(5).asLong()).isEqualTo(counts.get(6).asLong()).isEqualTo(31 * 20);
    assertThat(counts.get(7).asLong()).isEqualTo(31);
  }

  @Test
  void pauseAndCancelFromAnotherProcess() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    String pausedRun;
    try (ChildCli child =
        ChildShells.backfill(temp.resolve("logs"), project, "2024-12-01..2024-12-10", 1)) {
      pausedRun = child.awaitRunningRun(project);

      Cli.Result pause = Cli.in(project, "pause", pausedRun).assertExit(0);

      assertThat(pause.stdout()).contains("Run " + pausedRun + " is paused.");
      assertThat(child.await(30)).as(child.output()).isZero();
      assertThat(child.output()).contains("partita resume " + pausedRun);
    }
    JsonNode paused = Cli.json(project, "run", "show", pausedRun);
    assertThat(paused.get("status").asText()).isEqualTo("paused");
    assertThat(paused.get("tasks")).anyMatch(task -> task.get("status").asText().equals("queued"));

    Cli.Result resume = Cli.in(project, "resume", pausedRun).assertExit(0);

    assertThat(resume.stdout())
        .contains("Resuming run " + pausedRun + " (paused)")
        .contains("succeeded");
    assertThat(Cli.json(project, "run", "show", pausedRun).get("tasks"))
        .hasSize(30)
        .allMatch(task -> task.get("status").asText().equals("succeeded"));

    String cancelledRun;
    try (ChildCli child =
        ChildShells.backfill(temp.resolve("logs"), project, "2024-12-11..2024-12-20", 1)) {
      cancelledRun = child.awaitRunningRun(project);
      Cli.in(project, "pause", cancelledRun).assertExit(0);
      child.await(30);
    }

    Cli.Result cancel = Cli.in(project, "cancel", cancelledRun).assertExit(0);

    assertThat(cancel.stdout()).contains("Run " + cancelledRun + " is cancelled.");
    JsonNode cancelled = Cli.json(project, "run", "show", cancelledRun);
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.get("tasks"))
        .noneMatch(task -> List.of("queued", "running").contains(task.get("status").asText()));
    Cli.Result again = Cli.in(project, "resume", cancelledRun).assertExit(2);
    assertThat(again.errorLines()).singleElement().asString().contains("already cancelled");
    // The cancelled run's leases are gone: its partitions can be backfilled again.
    Cli.in(project, "backfill", "--partitions", "2024-12-11", "--assets", "raw_events")
        .assertExit(0);
  }
}
