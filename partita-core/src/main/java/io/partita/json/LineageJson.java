package io.partita.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.lineage.PartitionLineage;
import io.partita.state.AuditInput;
import io.partita.state.AuditRecord;
import io.partita.state.StateStore;
import java.util.Optional;

/**
 * The lineage tree of one partition, {@code partita lineage --json}: each node {@code {"asset",
 * "partition", "run_id", "written_at", "attempt", "actor", "inputs" | "read_by"}}.
 */
public final class LineageJson {
  private LineageJson() {}

  /** The tree under {@code asset/partition}, {@code levels} deep, upstream or downstream. */
  public static ObjectNode tree(
      StateStore state, String asset, String partition, int levels, boolean downstream) {
    ObjectNode out = JsonOutput.object();
    out.put("direction", downstream ? "downstream" : "upstream");
    out.set(
        "partition",
        node(
            state,
            asset,
            partition,
            PartitionLineage.lastWrite(state, asset, partition),
            levels,
            downstream));
    return out;
  }

  private static ObjectNode node(
      StateStore state,
      String asset,
      String key,
      Optional<AuditRecord> write,
      int levels,
      boolean downstream) {
    ObjectNode node = JsonOutput.object();
    node.put("asset", asset);
    node.put("partition", key);
    node.put("run_id", write.map(AuditRecord::runId).orElse(null));
    JsonOutput.putTime(node, "written_at", write.flatMap(AuditRecord::finishedAt));
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
        Optional<AuditRecord> inputWrite =
            PartitionLineage.lastWrite(state, input.asset(), input.partition());
        ObjectNode child =
            node(state, input.asset(), input.partition(), inputWrite, levels - 1, false);
        // The run that had written the input when this partition read it (may differ from the
        // latest).
        child.put("run_id_when_read", input.runId().orElse(null));
        children.add(child);
      }
    } else if (downstream) {
      for (AuditRecord reader : PartitionLineage.readers(state, asset, key)) {
        children.add(
            node(state, reader.asset(), reader.partition(), Optional.of(reader), levels - 1, true));
      }
    }
    return node;
  }
}
