package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal backfill whose own run ends while a run it took from another shell still executes
 * keeps serving that run: the other shell follows it to its end rather than report a stopped
 * server. Holder and follower are real child JVMs.
 */
class DrainingHolderTest {
  @TempDir Path temp;

  @Test
  void theFollowerOfAHandedOverRunSeesItSucceedAfterTheHoldersOwnRunPaused() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    try (ChildCli holder =
        ChildShells.backfill(temp.resolve("logs"), project, "2024-12-01..2024-12-31", 1)) {
      String runId = holder.awaitRunningRun(project);
      String handedOver;
      try (ChildCli follower =
          ChildShells.backfill(temp.resolve("logs"), project, "2025-01-10..2025-01-16", 1)) {
        handedOver = ChildShells.awaitHandedOverRun(follower, project, runId);

        Cli.in(project, "pause", runId).assertExit(0);

        assertThat(follower.await(120)).as(follower.output()).isZero();
        assertThat(follower.output())
            .containsPattern("Run " + handedOver + " succeeded: \\d+ succeeded");
      }
      assertThat(holder.await(120)).as(holder.output()).isZero();
      assertThat(holder.output())
          .contains("Run " + runId + " paused")
          .contains("Waiting for run " + handedOver + ", handed over by another shell");
    }
    assertThat(project.resolve(HolderAdvert.FILE)).doesNotExist();
  }
}
