package io.partita.lineage;

import static java.util.Objects.requireNonNull;

/**
 * Where a run's OpenLineage events go, and the namespace that names its datasets (the engine
 * dialect's name for the warehouse location).
 */
public record LineageSink(LineageEmitter emitter, String namespace) {
  public LineageSink {
    requireNonNull(emitter, "emitter is null");
    requireNonNull(namespace, "namespace is null");
  }
}
