package io.partita.engine;

import static java.util.Objects.requireNonNull;

import io.partita.model.OnSchemaChange;
import io.partita.model.WriteMode;
import java.util.List;

/**
 * How to publish: the write mode, for merge the unique key columns, and what to do when the staged
 * columns differ from the target table's.
 */
public record PublishRequest(
    WriteMode mode, List<String> uniqueKey, OnSchemaChange onSchemaChange) {
  public PublishRequest {
    uniqueKey = List.copyOf(uniqueKey);
    requireNonNull(onSchemaChange, "onSchemaChange is null");
    if (mode == WriteMode.MERGE && uniqueKey.isEmpty()) {
      throw new IllegalArgumentException("merge needs a unique key");
    }
  }

  /** With the default {@link OnSchemaChange#APPEND_NEW_COLUMNS}. */
  public PublishRequest(WriteMode mode, List<String> uniqueKey) {
    this(mode, uniqueKey, OnSchemaChange.APPEND_NEW_COLUMNS);
  }
}
