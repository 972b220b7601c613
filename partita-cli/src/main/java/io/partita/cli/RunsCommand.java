package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.exec.DeadRuns;
import io.partita.json.JsonOutput;
import io.partita.json.RunJson;
import io.partita.project.ProjectContext;
import io.partita.state.AssetRange;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Run history, newest first.")
final class RunsCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "How many runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    OptionChecks.atLeast("--limit", limit, 1);
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      List<RunRecord> runs = workspace.readState().runs().list(limit);
      DeadRuns dead = workspace.readRuns().deadRuns();
      if (json) {
        ObjectNode root = JsonOutput.object();
        ArrayNode array = root.putArray("runs");
        for (RunRecord run : runs) {
          ObjectNode item = RunJson.summary(run, dead.shownStatus(run));
          RunJson.putRanges(item, workspace.readState().runs().assetRanges(run.id()));
          array.add(item);
        }
        System.out.println(JsonOutput.writeIndented(root));
        return 0;
      }
      if (runs.isEmpty()) {
        System.out.println("No runs yet. Start one with `partita backfill --partitions A..B`.");
        return 0;
      }
      System.out.printf(
          "%-22s %-9s %-11s %-24s %-23s %s%n",
          "ID", "KIND", "STATUS", "CREATED", "PARTITIONS", "ASSETS");
      List<String> interrupted = new java.util.ArrayList<>();
      for (RunRecord run : runs) {
        RunStatus shown = dead.shownStatus(run);
        if (shown == RunStatus.INTERRUPTED) {
          interrupted.add(run.id());
        }
        System.out.printf(
            "%-22s %-9s %-11s %-24s %-23s %s%n",
            run.id(),
            run.kind().lowerName(),
            shown.lowerName(),
            JsonOutput.time(run.createdAt()),
            run.options().partitions(),
            run.options().assets().isEmpty() ? "all" : run.options().assets());
        List<AssetRange> ranges = workspace.readState().runs().assetRanges(run.id());
        if (ranges.stream().anyMatch(range -> !range.extra().isEmpty())) {
          // The requested range is not the whole story: say what each asset really covers.
          System.out.printf(
              "  real ranges: %s%n",
              ranges.stream()
                  .map(range -> range.asset() + " " + range.partitions())
                  .collect(java.util.stream.Collectors.joining(", ")));
        }
      }
      for (String id : interrupted) {
        System.out.printf(
            "Run %s was interrupted (its process is gone): `%s` finishes it.%n",
            id, DeadRuns.resumeCommand(id));
      }
      return 0;
    }
  }
}
