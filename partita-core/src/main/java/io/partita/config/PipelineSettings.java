package io.partita.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The pipeline-wide sections of partita.yaml besides assets and partitions: {@code defaults:},
 * {@code pools:} (name to size), {@code schedule:}, {@code lineage:} and {@code worker_timeout:} (a
 * worker whose heartbeat is older is declared dead).
 */
public record PipelineSettings(
    Defaults defaults,
    Map<String, Integer> pools,
    Optional<ScheduleSpec> schedule,
    LineageSettings lineage,
    java.time.Duration workerTimeout) {
  public PipelineSettings {
    requireNonNull(defaults, "defaults is null");
    pools = Map.copyOf(pools);
    requireNonNull(schedule, "schedule is null");
    requireNonNull(lineage, "lineage is null");
    requireNonNull(workerTimeout, "workerTimeout is null");
  }
}
