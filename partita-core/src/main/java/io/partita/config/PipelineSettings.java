package io.partita.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The pipeline-wide sections of partita.yaml besides assets and partitions: {@code defaults:},
 * {@code pools:} (name to size), {@code schedule:} and {@code lineage:}.
 */
public record PipelineSettings(
    Defaults defaults,
    Map<String, Integer> pools,
    Optional<ScheduleSpec> schedule,
    LineageSettings lineage) {
  public PipelineSettings {
    requireNonNull(defaults, "defaults is null");
    pools = Map.copyOf(pools);
    requireNonNull(schedule, "schedule is null");
    requireNonNull(lineage, "lineage is null");
  }
}
