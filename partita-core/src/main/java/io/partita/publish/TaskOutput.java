package io.partita.publish;

import io.partita.engine.PublishRequest;
import io.partita.engine.StagedPartition;
import java.util.Map;
import java.util.Optional;

/**
 * What one successful attempt produced: rows written, and for an atomic run the staged partition
 * held back for the final publish, with the metrics to store once it is published.
 */
public record TaskOutput(
    long rows,
    Optional<StagedPartition> deferred,
    PublishRequest publish,
    Map<String, Double> metrics) {}
