package io.partita.publish;

import io.partita.engine.PublishRequest;
import io.partita.engine.StagedPartition;
import java.util.Map;
import java.util.Optional;

/**
 * What one successful attempt produced: rows written, and for an atomic run the staged partition
 * held back for the final publish. {@code metrics} are not stored yet: the caller stores them with
 * the task's end (in the same state-store transaction), or an atomic run once it publishes.
 */
public record TaskOutput(
    long rows,
    Optional<StagedPartition> deferred,
    PublishRequest publish,
    Map<String, Double> metrics) {}
