package io.partita.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/** One cell of the partition grid: {@code partita status --json} and {@code /api/partitions}. */
public final class PartitionJson {
  private PartitionJson() {}

  /**
   * {@code {"partition", "status", "rows", "empty", "run_id", "updated_at"}}; {@code empty} is true
   * for a partition that succeeded and published no rows.
   */
  public static ObjectNode cell(
      String partition,
      String status,
      Optional<Long> rows,
      Optional<String> runId,
      Optional<Instant> updatedAt) {
    ObjectNode item = JsonOutput.object();
    item.put("partition", partition);
    item.put("status", status);
    item.put("rows", rows.orElse(null));
    item.put("empty", status.equals("succeeded") && rows.map(count -> count == 0).orElse(false));
    item.put("run_id", runId.orElse(null));
    JsonOutput.putTime(item, "updated_at", updatedAt);
    return item;
  }
}
