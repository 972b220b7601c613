package io.partita.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.lineage.PartitionLineage;
import io.partita.project.ProjectContext;
import io.partita.state.AuditInput;
import io.partita.state.AuditRecord;
import io.partita.state.StateStore;
import java.util.Optional;
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

  @Option(names = "--partition", paramLabel = "KEY", required = true, description = "The partition key, e.g. 2025-01-12.")
  String partition;

  @Option(names = "--depth", paramLabel = "N", defaultValue = "5", description = "Levels to follow (default 5).")
  int depth;

  @Option(names = "--downstream", description = "Show what read the partition instead of what it read.")
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
      ObjectNode root = node(state, asset, partition, lastWrite(state, asset, partition), depth);
      if (json) {
        ObjectNode out = Json.object();
        out.put("direction", downstream ? "downstream" : "upstream");
        out.set("partition", root);
        System.out.println(Json.write(out));
      } else {
        print(root, "", true, true);
      }
      return 0;
    }
  }

  private ObjectNode node(StateStore state, String asset, String key, Optional<AuditRecord> write, int levels) {
    ObjectNode node = Json.object();
    node.put("asset", asset);
    node.put("partition", key);
    node.put("run_id", write.map(AuditRecord::runId).orElse(null));
    Json.putTime(node, "written_at", write.flatMap(AuditRecord::finishedAt));
    if (write.isPresent()) {
      node.put("attempt", write.get().attempt());
      node.put("actor", write.get().actor());
    }
    ArrayNode children = node.putArray(downstream ? "read_by" : "inputs");
    if (levels == 0) {
      return node;
    }
    if (!downstream && write.isPresent()) {
      for (AuditInput input : write.get().inputs()) {
        ObjectNode child = node(state, input.asset(), input.partition(), lastWrite(state, input.asset(), input.partition()), levels - 1);
        // The run that had written the input when this partition read it (may differ from the latest).
        child.put("run_id_when_read", input.runId().orElse(null));
        children.add(child);
      }
    } else if (downstream) {
      for (AuditRecord reader : PartitionLineage.readers(state, asset, key)) {
        children.add(node(state, reader.asset(), reader.partition(), Optional.of(reader), levels - 1));
      }
    }
    return node;
  }

  private static Optional<AuditRecord> lastWrite(StateStore state, String asset, String key) {
    return PartitionLineage.lastWrite(state, asset, key);
  }

  private void print(ObjectNode node, String indent, boolean last, boolean root) {
    String written = node.get("run_id").isNull() ? "no recorded write"
        : "run " + node.get("run_id").asText() + " at " + node.get("written_at").asText();
    System.out.println(indent + (root ? "" : last ? "└── " : "├── ") + node.get("asset").asText() + " "
        + node.get("partition").asText() + "  (" + written + ")");
    var children = node.get(downstream ? "read_by" : "inputs");
    String next = root ? "" : indent + (last ? "    " : "│   ");
    for (int i = 0; i < children.size(); i++) {
      print((ObjectNode) children.get(i), next, i == children.size() - 1, false);
    }
  }
}
