package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.partita.exec.Owner;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a run started from the dashboard holds the warehouse, {@code partita ui} takes the runs
 * other shells hand over, like {@code serve} and a terminal backfill: a backfill over other
 * partitions runs in the ui process, an overlapping one is refused naming the holder, and the
 * warehouse stays open until the handed-over runs end. The ui is a real child JVM.
 */
class DashboardTakesHandoffsTest {
  @TempDir Path temp;

  @Test
  void aBackfillOverOtherPartitionsRunsInTheDashboardAndAnOverlappingOneIsRefused()
      throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    try (ChildCli ui = ChildShells.ui(temp.resolve("logs"), project)) {
      ChildShells.startDashboardRun(ui, "2024-12-01..2024-12-31");
      String runId = ui.awaitRunningRun(project);
      String uiProcess = Owner.host() + ":" + ui.process().pid() + ":";

      Cli.Result other =
          Cli.in(project, "backfill", "--partitions", "2025-01-20..2025-01-21").assertExit(0);
      String otherId = other.stdout().lines().findFirst().orElseThrow().split("[ :]")[1];
      assertThat(other.stdout())
          .containsPattern("Run " + otherId + " succeeded: \\d+ succeeded; [\\d,]+ rows written");
      assertThat(other.stderr()).contains("handed to it").contains(uiProcess);
      assertThat(takenBy(project, otherId)).startsWith(uiProcess);
      assertThat(Projects.statuses(project))
          .containsEntry("features 2025-01-20", "succeeded")
          .containsEntry("features 2025-01-21", "succeeded");
      assertThat(ui.output()).contains("Executing run " + otherId + " handed over by another");

      Cli.Result overlapping =
          Cli.in(project, "backfill", "--partitions", "2024-12-30..2025-01-02").assertExit(3);
      assertThat(overlapping.errorLines())
          .singleElement()
          .asString()
          .contains("Run " + runId + " is writing some of these partitions")
          .contains("running in process " + uiProcess);
      assertThat(ChildShells.runStatus(project, runId)).isEqualTo("running");

      ui.process().destroy(); // SIGTERM: pauses the run, lets the warehouse go
      ui.await(90);
    }
    assertThat(project.resolve(HolderAdvert.FILE)).doesNotExist();
  }

  @Test
  void aHandedOverRunKeepsTheWarehouseOpenAfterTheDashboardsOwnRunStops() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    try (ChildCli ui = ChildShells.ui(temp.resolve("logs"), project)) {
      ChildShells.startDashboardRun(ui, "2024-12-01..2024-12-31");
      String runId = ui.awaitRunningRun(project);
      try (ChildCli follower =
          ChildShells.backfill(temp.resolve("logs"), project, "2025-01-10..2025-01-16", 1)) {
        String handedOver = ChildShells.awaitHandedOverRun(follower, project, runId);

        // The dashboard's own run lets go of the warehouse; the handed-over one still needs it.
        Cli.in(project, "pause", runId).assertExit(0);
        await()
            .atMost(ChildShells.TIMEOUT)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> ChildShells.runStatus(project, runId).equals("paused"));

        assertThat(follower.await(120)).as(follower.output()).isZero();
        assertThat(follower.output())
            .containsPattern("Run " + handedOver + " succeeded: \\d+ succeeded");
        assertThat(takenBy(project, handedOver))
            .startsWith(Owner.host() + ":" + ui.process().pid() + ":");
      }
      // Nothing holds the warehouse any more: the ui lets it go and commands run locally.
      await()
          .atMost(ChildShells.TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !project.resolve(HolderAdvert.FILE).toFile().exists());
      assertThat(Cli.in(project, "query", "select 1 as one").assertExit(0).stdout())
          .isEqualTo("one\n---\n1\n");
      assertThat(ui.isAlive()).as(ui.output()).isTrue();
      ui.process().destroy();
      ui.await(90);
    }
  }

  private static String takenBy(Path project, String runId) {
    try (StateStore state = SqliteStateStore.open(project.resolve(".partita/state.db"))) {
      return state.handoffs().find(runId).orElseThrow().takenBy().orElseThrow();
    }
  }
}
