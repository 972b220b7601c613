package io.partita.engine;

import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.util.List;

/** One partition to restore from a run's backup: where it lives and how it was written. */
public record RestoreRequest(
    String asset,
    String targetRelation,
    PartitionKey partition,
    String timeColumn,
    WriteMode mode,
    List<String> uniqueKey) {
  public RestoreRequest {
    uniqueKey = List.copyOf(uniqueKey);
  }
}
