package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal backfill whose own run ends while a run it took from another shell still executes
 * keeps serving that run: the other shell follows it to its end rather than report a stopped
 * server. Holder and follower are real child JVMs.
 */
class DrainingHolderTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path temp;

  @Test
  void theFollowerOfAHandedOverRunSeesItSucceedAfterTheHoldersOwnRunPaused() throws Exception {
    Path project = Projects.slow(temp.resolve("p"), 0.3);
    try (ChildCli holder =
        ChildCli.start(
            temp.resolve("logs"),
            "backfill",
            "--project",
            project.toString(),
            "--partitions",
            "2024-12-01..2024-12-31",
            "--max-parallel",
            "1")) {
      String runId = holder.awaitRunningRun(project);
      AtomicReference<String> handedOver = new AtomicReference<>();
      try (ChildCli follower =
          ChildCli.start(
              temp.resolve("logs"),
              "backfill",
              "--project",
              project.toString(),
              "--partitions",
              "2025-01-10..2025-01-16",
              "--max-parallel",
              "1")) {
        await()
            .atMost(TIMEOUT)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  assertThat(follower.isAlive()).as(follower.output()).isTrue();
                  for (JsonNode run : Cli.json(project, "runs").get("runs")) {
                    if (!run.get("id").asText().equals(runId)
                        && run.get("status").asText().equals("running")) {
                      handedOver.set(run.get("id").asText());
                    }
                  }
                  return handedOver.get() != null;
                });

        Cli.in(project, "pause", runId).assertExit(0);

        assertThat(follower.await(120)).as(follower.output()).isZero();
        assertThat(follower.output())
            .containsPattern("Run " + handedOver.get() + " succeeded: \\d+ succeeded");
      }
      assertThat(holder.await(120)).as(holder.output()).isZero();
      assertThat(holder.output())
          .contains("Run " + runId + " paused")
          .contains("Waiting for run " + handedOver.get() + ", handed over by another shell");
    }
    assertThat(project.resolve(HolderAdvert.FILE)).doesNotExist();
  }
}
