package io.partita.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.json.JsonOutput;
import io.partita.json.LineageJson;
import io.partita.project.ProjectContext;
import io.partita.state.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = {
      "Where a partition came from: the upstream partitions it read, the run that wrote each and when.",
      "Example: partita lineage features --partition 2025-01-12 --depth 2 (--downstream: what read it)"
    })
final class LineageCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(index = "0", paramLabel = "ASSET", description = "The asset.")
  String asset;

  @Option(
      names = "--partition",
      paramLabel = "KEY",
      required = true,
      description = "The partition key, e.g. 2025-01-12.")
  String partition;

  @Option(
      names = "--depth",
      paramLabel = "N",
      defaultValue = "5",
      description = "Levels to follow (default 5).")
  int depth;

  @Option(
      names = "--downstream",
      description = "Show what read the partition instead of what it read.")
  boolean downstream;

  @Option(names = "--json", description = "Print the tree as JSON (see README).")
  boolean json;

  @Override
  public Integer call() {
    if (depth < 1) {
      throw PartitaException.user("--depth must be at least 1, got %d", depth);
    }
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.pipeline().asset(asset); // Unknown names fail with a suggestion.
      StateStore state = workspace.readState();
      ObjectNode tree = LineageJson.tree(state, asset, partition, depth, downstream);
      if (json) {
        System.out.println(JsonOutput.writeIndented(tree));
      } else {
        print((ObjectNode) tree.get("partition"), "", true, true);
      }
      return 0;
    }
  }

  private void print(ObjectNode node, String indent, boolean last, boolean root) {
    String written =
        node.get("run_id").isNull()
            ? "no recorded write"
            : "run " + node.get("run_id").asText() + " at " + node.get("written_at").asText();
    System.out.println(
        indent
            + (root ? "" : last ? "└── " : "├── ")
            + node.get("asset").asText()
            + " "
            + node.get("partition").asText()
            + "  ("
            + written
            + ")");
    var children = node.get(downstream ? "read_by" : "inputs");
    String next = root ? "" : indent + (last ? "    " : "│   ");
    for (int i = 0; i < children.size(); i++) {
      print((ObjectNode) children.get(i), next, i == children.size() - 1, false);
    }
  }
}
