package io.partita.engine.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {
  @TempDir Path project;
  final CommandRunner runner = new CommandRunner();

  CommandSpec python(String script) {
    return new CommandSpec(
        List.of("python3", "-c", script),
        Map.of("PARTITA_START", "2025-03-01", "PARTITA_OUTPUT", output().toString()),
        project,
        output(),
        "train_set",
        "2025-03-01");
  }

  Path output() {
    return project.resolve(".partita/out/train_set/2025-03-01.csv");
  }

  @Test
  void commandWritesItsOutputAndSucceeds() throws Exception {
    String script =
        "import os, sys\n"
            + "print('writing', os.environ['PARTITA_START'])\n"
            + "print('a warning', file=sys.stderr)\n"
            + "open(os.environ['PARTITA_OUTPUT'], 'w').write('id,event_date\\n"
            + "1,' + os.environ['PARTITA_START'] + '\\n"
            + "')\n";

    CommandResult result = runner.run(python(script), new Cancellation());

    assertThat(result.exitCode()).isZero();
    assertThat(result.stderrTail()).containsExactly("a warning");
    assertThat(Files.readString(output())).isEqualTo("id,event_date\n1,2025-03-01\n");
    assertThat(Files.readString(result.logFile()))
        .contains("writing 2025-03-01")
        .contains("[stderr] a warning");
  }

  @Test
  void nonZeroExitIsRetryableAndCarriesTheStderrTail() {
    String script =
        "import sys\n"
            + "for i in range(30): print('line', i, file=sys.stderr)\n"
            + "sys.exit(3)\n";

    assertThatThrownBy(() -> runner.run(python(script), new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith(
            "asset 'train_set' partition 2025-03-01: command [python3, -c, "
                + script
                + "] exited with 3; last stderr lines:\nline 10\nline 11\n")
        .hasMessageEndingWith("line 29")
        .hasMessageNotContaining("line 9\n")
        .extracting(e -> ((EngineException) e).retryable())
        .isEqualTo(true);
  }

  @Test
  void missingExecutableIsNotRetryable() {
    CommandSpec spec =
        new CommandSpec(
            List.of("no-such-program-xyz", "--start", "x"),
            Map.of(),
            project,
            output(),
            "train_set",
            "2025-03-01");

    assertThatThrownBy(() -> runner.run(spec, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith(
            "asset 'train_set' partition 2025-03-01: cannot start command [no-such-program-xyz,"
                + " --start, x]: executable 'no-such-program-xyz' was not found")
        .extracting(e -> ((EngineException) e).retryable())
        .isEqualTo(false);
  }

  @Test
  void missingOutputFileFailsTheTask() {
    assertThatThrownBy(() -> runner.run(python("print('forgot to write')"), new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageEndingWith("exited with 0 but did not write $PARTITA_OUTPUT (" + output() + ")")
        .extracting(e -> ((EngineException) e).retryable())
        .isEqualTo(false);
  }

  @Test
  void staleOutputOfAnEarlierAttemptDoesNotCount() throws Exception {
    Files.createDirectories(output().getParent());
    Files.writeString(output(), "id\n1\n");

    assertThatThrownBy(() -> runner.run(python("pass"), new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("did not write $PARTITA_OUTPUT");
  }

  @Test
  void cancellationKillsTheProcessAndItsChildren() throws Exception {
    Path script = project.resolve("slow.py");
    Path childPid = project.resolve("child.pid");
    Files.writeString(
        script,
        "import subprocess, sys\n"
            + "child = subprocess.Popen(['sleep', '60'])\n"
            + "open(sys.argv[1] + '.tmp', 'w').write(str(child.pid))\n"
            + "import os; os.rename(sys.argv[1] + '.tmp', sys.argv[1])\n"
            + "child.wait()\n");
    CommandSpec spec =
        new CommandSpec(
            List.of("python3", script.toString(), childPid.toString()),
            Map.of(),
            project,
            output(),
            "train_set",
            "2025-03-01");
    Cancellation cancellation = new Cancellation();
    // Cancel once the grandchild exists (however long python takes to start on a loaded machine).
    Thread canceller =
        new Thread(
            () -> {
              await().atMost(Duration.ofSeconds(50)).until(() -> Files.exists(childPid));
              cancellation.cancel("cancelled by the test");
            });
    long started = System.nanoTime();
    canceller.start();

    assertThatThrownBy(() -> runner.run(spec, cancellation))
        .isInstanceOf(EngineException.class)
        .hasMessage("asset 'train_set' partition 2025-03-01: cancelled: cancelled by the test");
    // The run returned before the 60 s sleep could end by itself: cancelling did not wait for it.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(55));
    long sleepPid = Long.parseLong(Files.readString(childPid).strip());
    ProcessHandle.of(sleepPid).ifPresent(sleep -> awaitExit(sleep));
    assertThat(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
  }

  /** Fails when the process outlives the kill by more than a few seconds. */
  private static void awaitExit(ProcessHandle process) {
    try {
      process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("process " + process.pid() + " still alive after cancel", e);
    }
  }
}
