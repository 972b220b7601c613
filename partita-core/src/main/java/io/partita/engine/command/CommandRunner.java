package io.partita.engine.command;

import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * Runs a command asset as a child process, without a shell. Output is drained on background threads
 * into a log next to the output file; the last stderr lines go into error messages. Cancellation
 * kills the process and everything it started. Thread-safe: keeps no state.
 */
public final class CommandRunner {
  /** How long to wait for the output pipes to close after the process exited. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  public CommandResult run(CommandSpec spec, Cancellation cancellation) {
    if (cancellation.isCancelled()) {
      throw cancelled(spec, cancellation);
    }
    long started = System.nanoTime();
    try {
      Files.createDirectories(spec.outputFile().toAbsolutePath().getParent());
      Files.deleteIfExists(spec.outputFile());
    } catch (IOException e) {
      throw new EngineException(
          spec.where()
              + ": cannot prepare output file "
              + spec.outputFile()
              + ": "
              + e.getMessage(),
          true,
          e);
    }
    try (Writer log = Files.newBufferedWriter(spec.logFile(), StandardCharsets.UTF_8)) {
      Process process = start(spec);
      cancellation.onCancel(() -> kill(process));
      OutputDrain stdout = new OutputDrain(process.getInputStream(), log, "");
      OutputDrain stderr = new OutputDrain(process.getErrorStream(), log, "[stderr] ");
      Thread stdoutThread = stdout.start("partita-stdout-" + spec.asset());
      Thread stderrThread = stderr.start("partita-stderr-" + spec.asset());
      int exitCode = process.waitFor();
      // A grandchild that keeps the pipes open must not hang the task.
      stdoutThread.join(DRAIN_TIMEOUT.toMillis());
      stderrThread.join(DRAIN_TIMEOUT.toMillis());
      Duration duration = Duration.ofNanos(System.nanoTime() - started);
      if (cancellation.isCancelled()) {
        throw cancelled(spec, cancellation);
      }
      List<String> tail = stderr.tail();
      if (exitCode != 0) {
        throw new EngineException(
            String.format(
                "%s: command %s exited with %d; last stderr lines:\n%s",
                spec.where(), spec.argv(), exitCode, String.join("\n", tail)),
            true,
            null);
      }
      rethrowDrainFailure(spec, stdout, stderr);
      if (!Files.isRegularFile(spec.outputFile())) {
        throw new EngineException(
            String.format(
                "%s: command %s exited with 0 but did not write $PARTITA_OUTPUT (%s)",
                spec.where(), spec.argv(), spec.outputFile()),
            false,
            null);
      }
      return new CommandResult(exitCode, duration, tail, spec.logFile());
    } catch (IOException e) {
      throw new EngineException(
          spec.where() + ": cannot write command log " + spec.logFile() + ": " + e.getMessage(),
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancellation.cancel("interrupted");
      throw cancelled(spec, cancellation);
    }
  }

  private static Process start(CommandSpec spec) {
    ProcessBuilder builder =
        new ProcessBuilder(spec.argv()).directory(spec.workingDirectory().toFile());
    builder.environment().putAll(spec.environment());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new EngineException(
          String.format(
              "%s: cannot start command %s: executable '%s' was not found or is not executable"
                  + " (%s)",
              spec.where(), spec.argv(), spec.argv().get(0), e.getMessage()),
          false,
          e);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void rethrowDrainFailure(
      CommandSpec spec, OutputDrain stdout, OutputDrain stderr) {
    IOException failure = stdout.failure() != null ? stdout.failure() : stderr.failure();
    if (failure != null) {
      throw new EngineException(
          spec.where()
              + ": cannot capture command output in "
              + spec.logFile()
              + ": "
              + failure.getMessage(),
          true,
          failure);
    }
  }

  private static EngineException cancelled(CommandSpec spec, Cancellation cancellation) {
    return new EngineException(spec.where() + ": cancelled: " + cancellation.reason(), true, null);
  }
}
