package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.model.Grain;
import java.util.List;
import java.util.Optional;

/**
 * How an asset is cut into partitions and which partitions of other assets each one reads.
 *
 * @param timeColumn the column whose value places a row in its partition
 * @param arrivalColumn the column holding when a row arrived, for late-arrival metrics
 */
public record AssetPartitioning(
    Grain grain, String timeColumn, Optional<String> arrivalColumn, List<Dependency> dependencies) {
  public AssetPartitioning {
    requireNonNull(grain, "grain is null");
    requireNonNull(timeColumn, "timeColumn is null");
    requireNonNull(arrivalColumn, "arrivalColumn is null");
    dependencies = List.copyOf(dependencies);
  }
}
