package io.partita.cli;

import io.partita.PartitaException;
import io.partita.drill.Drill;
import io.partita.drill.DrillRun;
import io.partita.drill.Drills;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = {
      "Timed failure rehearsal on a COPY of the project (or of the demo project): kill,"
          + " engine-outage, bad-data, late-data, state-locked.",
      "Prints what was injected, what Partita did, time to detect and recover, and a verdict with"
          + " evidence.",
      "Exit 0 when the verdict is PASS, 1 when it is FAIL.",
      "Example: partita drill kill"
    })
final class DrillCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "NAME",
      description = "kill, engine-outage, bad-data, late-data or state-locked.")
  String name;

  @Option(
      names = "--project",
      paramLabel = "DIR",
      description = "Project to copy (default: the demo project, generated).")
  Path project;

  @Option(
      names = "--partitions",
      paramLabel = "A..B",
      description =
          "Range to backfill (default for the demo: 2024-12-01..2025-01-31; required with"
              + " --project).")
  String partitions;

  @Option(
      names = "--outage",
      paramLabel = "SECONDS",
      description =
          "How long the failure lasts: engine-outage (default 5), state-locked (default 15).")
  Double outage;

  @Option(
      names = "--keep",
      description = "Keep the drill's copy of the project and print where it is.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    Drill drill = Drills.named(name);
    if (project != null && partitions == null) {
      throw PartitaException.user(
          "With --project, say which partitions the drill backfills: --partitions A..B");
    }
    double outageSeconds = outage != null ? outage : name.equals("state-locked") ? 15 : 5;
    if (!(outageSeconds > 0)) {
      throw PartitaException.user("--outage must be positive, got %s", outageSeconds);
    }
    Path copy = Files.createTempDirectory("partita-drill-" + name + "-");
    try {
      boolean demo = project == null;
      if (demo) {
        ProjectTemplate.write(copy, "drill_demo");
      } else {
        Path source = project.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source.resolve("partita.yaml"))) {
          throw PartitaException.user(
              "No partita.yaml in %s: pass a project directory to --project", source);
        }
        copyProject(source, copy);
      }
      DrillRun run =
          new DrillRun(
              name,
              copy,
              demo,
              demo ? "2024-12-01..2025-01-31" : partitions,
              outageSeconds,
              System.out,
              new CliDrillHost());
      run.header(demo ? "the demo project" : project.toString());
      boolean pass = drill.run(run);
      run.verdict(pass);
      return pass ? 0 : 1;
    } finally {
      if (keep) {
        System.out.println("The drill's copy is kept in " + copy);
      } else {
        delete(copy);
      }
    }
  }

  /**
   * Copies the definition and data; the state and warehouse come along so drills start from the
   * user's state.
   */
  private static void copyProject(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path relative = from.relativize(source);
        if (relative.startsWith(".partita/snapshots")
            || relative.startsWith(".partita/tmp")
            || relative.startsWith(".git")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
