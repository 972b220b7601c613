package io.partita.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code partita ARGS} as a child process on this JVM's java, class path (the launcher's jar) and
 * native library path, with extra environment variables; output goes to a log file so a full pipe
 * never blocks it.
 */
final class CliChild {
  private final String name;
  private final Process process;
  private final Path log;

  private CliChild(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static CliChild start(String name, Path log, Map<String, String> environment, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Like the launcher: commands that end need no optimizing JIT; small heaps for small work.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.library.path=" + System.getProperty("java.library.path", ""));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    try {
      Files.createDirectories(log.getParent());
      return new CliChild(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start partita " + String.join(" ", args), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, like a lost machine. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits up to {@code seconds}; the exit code, or -1 if it is still running. */
  int terminate(long seconds) throws InterruptedException {
    process.destroy();
    return await(seconds);
  }

  /** The exit code, or -1 if it is still running after {@code seconds}. */
  int await(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
