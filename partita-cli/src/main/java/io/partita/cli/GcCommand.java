package io.partita.cli;

import io.partita.config.Durations;
import io.partita.json.JsonOutput;
import io.partita.project.ProjectContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description =
        "Delete backups (used by `rollback --run`) and quarantined partitions older than the retention.")
final class GcCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(
      names = "--retention",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description = "Keep what is younger than this (default: ${DEFAULT-VALUE}; e.g. 36h, 30d).")
  String retention;

  @Override
  public Integer call() {
    Duration keep = Durations.parse("--retention", retention);
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      Instant before = Instant.now().minus(keep); // Durations caps keep at 100 years: no overflow
      // No warehouse yet means nothing to expire; opening it would create it.
      boolean exists = workspace.warehouseExists();
      long removed = exists ? workspace.engine().expire(before) : 0;
      String items =
          exists ? workspace.engine().expiredItems() : "backup rows and quarantined tables";
      System.out.printf(
          "Removed %,d %s older than %s (before %s).%n",
          removed, items, retention, JsonOutput.time(before));
      return 0;
    }
  }
}
