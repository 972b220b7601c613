package io.partita.drill;

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
 * {@code partita ARGS} in a child JVM on this JVM's java, class path (the launcher's jar) and
 * native library path, so a drill (or the workers demo) can SIGKILL it; output goes to a log file
 * so a full pipe never blocks it. The CLI's main class is passed in: this module does not depend on
 * the CLI.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code mainClass ARGS} named {@code name}, with extra environment variables. */
  public static ChildProcess start(
      String name, String mainClass, Path log, Map<String, String> environment, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Like the launcher: commands that end need no optimizing JIT; small heaps for small work.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    // The child loads DuckDB's native library from where this JVM does (the launcher's cache).
    command.add("-Djava.library.path=" + System.getProperty("java.library.path", ""));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    try {
      Files.createDirectories(log.getParent());
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start partita " + String.join(" ", args), e);
    }
  }

  /** A drill's child: its log is a new file in {@code logDir}. */
  static ChildProcess start(String mainClass, Path logDir, String... args) throws IOException {
    Files.createDirectories(logDir);
    Path log = Files.createTempFile(logDir, "child-", ".log");
    return start("partita", mainClass, log, Map.of(), List.of(args));
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hooks, no cleanup, like a lost machine. Returns the exit code (137). */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    return process.exitValue();
  }

  /** SIGTERM, then waits up to {@code seconds}; the exit code, or -1 if it is still running. */
  public int terminate(double seconds) throws InterruptedException {
    process.destroy();
    return await(seconds);
  }

  /** Waits for the exit; -1 if still running after {@code seconds}. */
  public int await(double seconds) throws InterruptedException {
    return process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)
        ? process.exitValue()
        : -1;
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
