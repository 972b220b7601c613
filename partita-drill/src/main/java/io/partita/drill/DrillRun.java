package io.partita.drill;

import io.partita.project.ProjectContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What a drill works on (its copy of the project) and how it reports: timestamped steps, then a
 * verdict. The {@link DrillHost} starts the CLI in a child process.
 */
public final class DrillRun {
  private final String name;
  private final Path dir;
  private final boolean demo;
  private final String partitions;
  private final double outageSeconds;
  private final PrintStream out;
  private final DrillHost host;
  private final long start = System.nanoTime();

  public DrillRun(
      String name,
      Path dir,
      boolean demo,
      String partitions,
      double outageSeconds,
      PrintStream out,
      DrillHost host) {
    this.name = name;
    this.dir = dir;
    this.demo = demo;
    this.partitions = partitions;
    this.outageSeconds = outageSeconds;
    this.out = out;
    this.host = host;
  }

  Path dir() {
    return dir;
  }

  boolean demo() {
    return demo;
  }

  String partitions() {
    return partitions;
  }

  double outageSeconds() {
    return outageSeconds;
  }

  /** Opens the drill's copy of the project; the caller closes it. */
  ProjectContext openProject() {
    return ProjectContext.open(dir);
  }

  /** The state store file of the drill's copy (from its partita.yaml). */
  Path statePath() {
    try (ProjectContext project = openProject()) {
      return project.statePath();
    }
  }

  /** {@code partita ARGS} in a child JVM, its output logged under {@code logDir}. */
  ChildProcess startCli(Path logDir, String... args) throws IOException {
    return ChildProcess.start(host.cliMainClass(), logDir, args);
  }

  /**
   * {@code partita backfill --project DIR --partitions P EXTRA...} of the drill's copy in a child
   * JVM, logged under {@code .partita/drill-logs}.
   */
  ChildProcess startBackfill(String... extra) throws IOException {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("backfill", "--project", dir.toString(), "--partitions", partitions));
    args.addAll(List.of(extra));
    return startCli(dir.resolve(".partita/drill-logs"), args.toArray(String[]::new));
  }

  /** Seconds since the drill started. */
  double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }

  public void header(String source) {
    out.printf("drill %s on a copy of %s (%s), partitions %s%n", name, source, dir, partitions);
  }

  void setup(String format, Object... args) {
    line("setup", format, args);
  }

  void injected(String format, Object... args) {
    line("INJECTED", format, args);
  }

  void partita(String format, Object... args) {
    line("partita", format, args);
  }

  void evidence(String format, Object... args) {
    line("evidence", format, args);
  }

  void timing(String what, double seconds) {
    line("time", "%s: %.2f s", what, seconds);
  }

  public void verdict(boolean pass) {
    out.printf("[%6.2f s] verdict   %s%n", elapsed(), pass ? "PASS" : "FAIL");
  }

  private void line(String kind, String format, Object... args) {
    out.printf("[%6.2f s] %-9s %s%n", elapsed(), kind, String.format(format, args));
    out.flush();
  }
}
