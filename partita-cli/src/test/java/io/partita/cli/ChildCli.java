package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * Runs the CLI as a real child JVM ({@code java -cp <test classpath> io.partita.cli.Main ...}), for
 * tests that need a second process: crashes (SIGKILL), leases held by another process, pause and
 * cancel from outside. Output goes to files so a full pipe never blocks the child.
 */
final class ChildCli implements AutoCloseable {
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildCli(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static ChildCli start(Path logDir, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    // Short-lived child: skip the optimizing JIT and big heaps, it only coordinates tasks.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logDir);
      Path out = Files.createTempFile(logDir, "child-", ".out");
      Path err = Files.createTempFile(logDir, "child-", ".err");
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      return new ChildCli(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }

  Process process() {
    return process;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL on Linux: no shutdown hooks, no cleanup, like a power loss. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("child did not exit within " + seconds + " s\n" + output());
    }
    return process.exitValue();
  }

  /**
   * Waits (up to 60 s) until the child's run is executing, the only running run of {@code project};
   * returns its id. Fails at once, with the child's output, if the child exits first.
   */
  String awaitRunningRun(Path project) {
    AtomicReference<String> id = new AtomicReference<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(isAlive()).as("child still running%n%s", output()).isTrue();
              if (!project.resolve(".partita/state.db").toFile().exists()) {
                return false;
              }
              for (JsonNode run : Cli.json(project, "runs").get("runs")) {
                if (run.get("status").asText().equals("running")) {
                  id.set(run.get("id").asText());
                  return true;
                }
              }
              return false;
            });
    return id.get();
  }

  String output() {
    try {
      return "--- child stdout\n"
          + Files.readString(stdout)
          + "--- child stderr\n"
          + Files.readString(stderr);
    } catch (IOException e) {
      return "(cannot read child output: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
