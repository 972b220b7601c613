package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partita.exec.BackfillRequest;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.Owner;
import io.partita.exec.RunManager;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose process is gone: on this host the process table says so at once (pid gone, or the pid
 * now names a process started at another time); on another host only a stale heartbeat does.
 */
class DeadRunsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STALE_AFTER = ExecutionSettings.DEFAULT.staleAfter();

  @TempDir Path temp;

  @Test
  void killedBackfillIsInterruptedAtOnceAndOverlappingBackfillProceeds() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.5);
    String runId;
    try (ChildCli child =
        ChildCli.start(
            temp.resolve("logs"),
            "backfill",
            "--project",
            project.toString(),
            "--partitions",
            "2024-12-01..2024-12-08",
            "--max-parallel",
            "1")) {
      runId = child.awaitRunningRun(project);
      child.kill();
      assertThat(child.process().exitValue()).isEqualTo(137);
    }
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      RunRecord dead = state.runs().find(runId).orElseThrow();
      assertThat(dead.status()).as("nothing recorded the death").isEqualTo(RunStatus.RUNNING);
      // The heartbeat alone would keep the partitions held for a while yet.
      assertThat(dead.heartbeatAt().orElseThrow()).isAfter(Instant.now().minus(STALE_AFTER));
    }

    JsonNode listed = run(Cli.json(project, "runs"), runId);
    assertThat(listed.get("status").asText()).isEqualTo("interrupted");
    assertThat(listed.get("resume").asText()).isEqualTo("partita resume " + runId);
    assertThat(Cli.in(project, "runs").assertExit(0).stdout())
        .contains("Run " + runId + " was interrupted")
        .contains("`partita resume " + runId + "`");
    assertThat(Projects.statuses(project))
        .doesNotContainValue("queued")
        .doesNotContainValue("running")
        .containsValue("interrupted");

    Cli.Result overlapping = Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02");

    overlapping.assertExit(0);
    assertThat(overlapping.stderr()).doesNotContain("is writing some of these partitions");
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      assertThat(state.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
    }
    JsonNode shown = Cli.json(project, "run", "show", runId);
    assertThat(shown.get("status").asText()).isEqualTo("interrupted");
    assertThat(shown.get("resume").asText()).isEqualTo("partita resume " + runId);
    assertThat(shown.get("tasks"))
        .allMatch(task -> List.of("succeeded", "interrupted").contains(task.get("status").asText()))
        .anyMatch(task -> task.get("status").asText().equals("interrupted"));
    assertThat(Projects.statuses(project))
        .containsEntry("features 2024-12-01", "succeeded")
        .containsEntry("features 2024-12-08", "interrupted")
        .doesNotContainValue("queued");

    JsonNode resumed = Cli.in(project, "resume", runId, "--json").assertExit(0).json();

    assertThat(resumed.get("status").asText()).isEqualTo("succeeded");
    assertThat(resumed.get("tasks"))
        .hasSize(24)
        .allMatch(task -> task.get("status").asText().equals("succeeded"));
    assertThat(run(Cli.json(project, "runs"), runId).has("resume")).isFalse();
    assertThat(Projects.statuses(project).entrySet())
        .filteredOn(cell -> cell.getKey().matches(".* 2024-12-0[1-8]"))
        .hasSize(24)
        .allSatisfy(cell -> assertThat(cell.getValue()).as(cell.getKey()).isEqualTo("succeeded"));
  }

  @Test
  void ownerWithReusedPidIsDead() {
    Path project = Projects.init(temp.resolve("p"));
    ProcessHandle self = ProcessHandle.current();
    Instant started = self.info().startInstant().orElseThrow();
    // This very process's pid, recorded for a process that started an hour earlier: the pid was
    // reused, so the owner is gone although a process with its pid runs.
    String reused =
        Owner.of(Owner.host(), self.pid(), Optional.of(started.minus(Duration.ofHours(1))));
    assertThat(Owner.isDeadLocalProcess(reused)).isTrue();
    assertThat(Owner.isDeadLocalProcess(Owner.current())).isFalse();
    String runId = runningRun(project, "2024-12-01..2024-12-03", reused, Instant.now());

    JsonNode listed = run(Cli.json(project, "runs"), runId);
    assertThat(listed.get("status").asText()).isEqualTo("interrupted");
    assertThat(listed.get("resume").asText()).isEqualTo("partita resume " + runId);

    Cli.in(project, "backfill", "--partitions", "2024-12-02").assertExit(0);

    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      RunRecord dead = state.runs().find(runId).orElseThrow();
      assertThat(dead.status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(dead.owner()).isEmpty();
    }
    assertThat(
            Cli.in(project, "resume", runId, "--json").assertExit(0).json().get("status").asText())
        .isEqualTo("succeeded");
  }

  @Test
  void ownerOnOtherHostUsesHeartbeatTimeout() throws Exception {
    Path project = Projects.init(temp.resolve("p"));
    // A pid that exists nowhere on this host: only the heartbeat may judge another host's process.
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    String elsewhere = Owner.of("elsewhere.invalid", exited.pid(), Optional.of(Instant.now()));
    assertThat(Owner.isDeadLocalProcess(elsewhere)).isFalse();
    Instant now = Instant.now();
    String runId = runningRun(project, "2024-12-01..2024-12-03", elsewhere, now);

    assertThat(run(Cli.json(project, "runs"), runId).get("status").asText()).isEqualTo("running");
    Cli.Result refused = Cli.in(project, "backfill", "--partitions", "2024-12-02").assertExit(3);
    assertThat(refused.errorLines())
        .singleElement()
        .asString()
        .contains("Run " + runId + " is writing some of these partitions")
        .contains("elsewhere.invalid");

    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      assertThat(state.runs().heartbeat(runId, elsewhere, now.minus(STALE_AFTER).minusSeconds(1)))
          .isTrue();
    }

    JsonNode listed = run(Cli.json(project, "runs"), runId);
    assertThat(listed.get("status").asText()).isEqualTo("interrupted");
    assertThat(listed.get("resume").asText()).isEqualTo("partita resume " + runId);
    Cli.in(project, "backfill", "--partitions", "2024-12-02").assertExit(0);
  }

  /**
   * Stores a RUNNING run over {@code partitions} owned by {@code owner} that last beat at {@code
   * heartbeat}.
   */
  private static String runningRun(
      Path project, String partitions, String owner, Instant heartbeat) {
    try (ProjectContext workspace = ProjectContext.open(project)) {
      RunManager runs = workspace.runs();
      BackfillRequest request = BackfillRequest.of(partitions);
      RunRecord run = runs.create(runs.plan(request), request);
      StateStore state = workspace.state();
      assertThat(state.runs().claim(run.id(), owner, heartbeat, heartbeat)).isTrue();
      assertThat(state.runs().transition(run.id(), RunStatus.QUEUED, RunStatus.RUNNING, heartbeat))
          .isTrue();
      return run.id();
    }
  }

  private static JsonNode run(JsonNode runs, String runId) {
    for (JsonNode run : runs.get("runs")) {
      if (run.get("id").asText().equals(runId)) {
        return run;
      }
    }
    throw new AssertionError("run " + runId + " not listed in " + runs);
  }
}
