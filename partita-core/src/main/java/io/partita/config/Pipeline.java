package io.partita.config;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import io.partita.model.DefinitionFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated pipeline: the contents of {@code partita.yaml} and the files it names. Assets
 * are kept in topological order (every asset after the assets it depends on).
 *
 * @param workerTimeout {@code worker_timeout}: a worker whose heartbeat is older is declared dead
 */
public record Pipeline(
    String name,
    Path projectDir,
    String warehouse,
    String state,
    PartitionSpec partitions,
    Defaults defaults,
    Map<String, Integer> pools,
    Map<String, AssetDefinition> assets,
    Optional<ScheduleSpec> schedule,
    DefinitionFiles files,
    LineageSettings lineage,
    java.time.Duration workerTimeout) {

  public Pipeline {
    requireNonNull(name, "name is null");
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(partitions, "partitions is null");
    requireNonNull(defaults, "defaults is null");
    pools = Map.copyOf(pools);
    assets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(assets));
    requireNonNull(schedule, "schedule is null");
    requireNonNull(files, "files is null");
    requireNonNull(lineage, "lineage is null");
    requireNonNull(workerTimeout, "workerTimeout is null");
  }

  /** The asset called {@code name}, or a USER error that suggests the closest name. */
  public AssetDefinition asset(String name) {
    AssetDefinition asset = assets.get(name);
    if (asset == null) {
      throw PartitaException.user(
          "Unknown asset '%s'%s; the pipeline has: %s",
          name, Names.didYouMean(name, assets.keySet()), String.join(", ", assets.keySet()));
    }
    return asset;
  }

  /** Asset names in topological order. */
  public List<String> assetNames() {
    return new ArrayList<>(assets.keySet());
  }

  /** Assets that depend directly on {@code name}. */
  public List<String> directDownstream(String name) {
    List<String> result = new ArrayList<>();
    for (AssetDefinition asset : assets.values()) {
      if (asset.dependencies().stream().anyMatch(d -> d.asset().equals(name))) {
        result.add(asset.name());
      }
    }
    return result;
  }

  /**
   * Where run state and the warehouse live when the URIs are relative: resolved against the
   * project.
   */
  public Path resolve(String relative) {
    return projectDir.resolve(relative).normalize();
  }
}
