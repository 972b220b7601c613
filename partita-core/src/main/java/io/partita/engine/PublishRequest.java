package io.partita.engine;

import io.partita.model.WriteMode;
import java.util.List;

/** How to publish: the write mode and, for merge, the unique key columns. */
public record PublishRequest(WriteMode mode, List<String> uniqueKey) {
  public PublishRequest {
    uniqueKey = List.copyOf(uniqueKey);
    if (mode == WriteMode.MERGE && uniqueKey.isEmpty()) {
      throw new IllegalArgumentException("merge needs a unique key");
    }
  }
}
