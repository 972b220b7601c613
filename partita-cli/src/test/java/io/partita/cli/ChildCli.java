package io.partita.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
