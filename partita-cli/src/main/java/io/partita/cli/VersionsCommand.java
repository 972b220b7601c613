package io.partita.cli;

import io.partita.json.JsonOutput;
import io.partita.json.VersionJson;
import io.partita.project.ProjectContext;
import io.partita.publish.VersionManager;
import io.partita.state.VersionStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description =
        "The versions of an asset: which is live, partitions filled / missing / failing checks, the run that created it, the switch history.")
final class VersionsCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(
      paramLabel = "ASSET",
      description = "The asset whose versions to list, e.g. features.")
  String asset;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.pipeline().asset(asset); // unknown asset: did-you-mean, before anything is opened
      // Before the first backfill there is no warehouse, hence no version; opening it would create
      // it.
      List<VersionManager.VersionInfo> list =
          workspace.warehouseExists()
              ? new VersionManager(
                      workspace.pipeline(),
                      workspace.state(),
                      workspace.engine(),
                      Clock.systemUTC())
                  .list(asset)
              : List.of();
      List<VersionStore.VersionEvent> history = workspace.readState().versions().events(asset);
      if (json) {
        System.out.println(JsonOutput.writeIndented(VersionJson.versions(asset, list, history)));
        return 0;
      }
      System.out.printf(
          "%-8s %-5s %7s %8s %15s %6s  %-13s %s%n",
          "VERSION",
          "LIVE",
          "FILLED",
          "MISSING",
          "FAILING CHECKS",
          "STALE",
          "SNAPSHOT",
          "CREATED BY RUN");
      for (VersionManager.VersionInfo info : list) {
        System.out.printf(
            "%-8s %-5s %7d %8d %15d %6d  %-13s %s%n",
            info.version(),
            info.live() ? "yes" : "",
            info.filled(),
            info.missing(),
            info.failingChecks(),
            info.stale(),
            info.snapshot().map(s -> s.substring(0, 12)).orElse("-"),
            info.createdByRun().orElse("-"));
      }
      for (VersionStore.VersionEvent event : history) {
        System.out.printf(
            "  %s %s %s -> %s by %s%s%n",
            JsonOutput.time(event.at()),
            event.action(),
            event.fromVersion().orElse("-"),
            event.toVersion(),
            Terminal.safe(event.actor()),
            event.reason().map(r -> " (" + Terminal.safe(r) + ")").orElse(""));
        event.details().ifPresent(d -> System.out.println("      " + d));
      }
      return 0;
    }
  }
}
