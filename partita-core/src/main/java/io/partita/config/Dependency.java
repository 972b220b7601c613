package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.model.PartitionMapping;

/**
 * One edge of the asset graph: this asset reads {@code asset} through {@code mapping}. {@code
 * reason} says where the edge was declared, e.g. {@code ref('raw_events') in
 * models/staging_events.sql} or {@code depends_on at partita.yaml:21:7}.
 */
public record Dependency(String asset, PartitionMapping mapping, String reason) {
  public Dependency {
    requireNonNull(asset, "asset is null");
    requireNonNull(mapping, "mapping is null");
    requireNonNull(reason, "reason is null");
  }
}
