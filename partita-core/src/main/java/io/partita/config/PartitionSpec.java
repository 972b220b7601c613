package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The {@code partitions:} section: the default grain, the first partition, an optional last one,
 * the timezone.
 */
public record PartitionSpec(
    Grain grain, PartitionKey start, Optional<PartitionKey> end, ZoneId timezone) {
  public PartitionSpec {
    requireNonNull(grain, "grain is null");
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    requireNonNull(timezone, "timezone is null");
  }
}
