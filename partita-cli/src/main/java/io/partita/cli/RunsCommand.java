package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.state.RunRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Run history, newest first.")
final class RunsCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "How many runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    OptionChecks.atLeast("--limit", limit, 1);
    try (Workspace workspace = Workspace.open(project.dir())) {
      List<RunRecord> runs = workspace.readState().runs().list(limit);
      if (json) {
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray("runs");
        for (RunRecord run : runs) {
          ObjectNode item = array.addObject();
          item.put("id", run.id());
          item.put("kind", run.kind().lowerName());
          item.put("status", run.status().lowerName());
          item.put("partitions", run.options().partitions());
          item.put("assets", run.options().assets());
          item.put("created_at", Json.time(run.createdAt()));
          Json.putTime(item, "finished_at", run.finishedAt());
        }
        System.out.println(Json.write(root));
        return 0;
      }
      if (runs.isEmpty()) {
        System.out.println("No runs yet. Start one with `partita backfill --partitions A..B`.");
        return 0;
      }
      System.out.printf("%-22s %-9s %-10s %-24s %-23s %s%n", "ID", "KIND", "STATUS", "CREATED", "PARTITIONS", "ASSETS");
      for (RunRecord run : runs) {
        System.out.printf("%-22s %-9s %-10s %-24s %-23s %s%n", run.id(), run.kind().lowerName(), run.status().lowerName(),
            Json.time(run.createdAt()), run.options().partitions(), run.options().assets().isEmpty() ? "all" : run.options().assets());
      }
      return 0;
    }
  }
}
