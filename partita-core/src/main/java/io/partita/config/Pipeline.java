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
 * @param backends the warehouse and state URLs as written
 * @param settings defaults, pools, schedule and lineage
 */
public record Pipeline(
    String name,
    Path projectDir,
    BackendUrls backends,
    PartitionSpec partitions,
    PipelineSettings settings,
    Map<String, AssetDefinition> assets,
    DefinitionFiles files) {

  public Pipeline {
    requireNonNull(name, "name is null");
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(backends, "backends is null");
    requireNonNull(partitions, "partitions is null");
    requireNonNull(settings, "settings is null");
    assets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(assets));
    requireNonNull(files, "files is null");
  }

  /** The {@code warehouse:} URL as written. */
  public String warehouse() {
    return backends.warehouse();
  }

  /** The {@code state:} URL as written. */
  public String state() {
    return backends.state();
  }

  public Defaults defaults() {
    return settings.defaults();
  }

  /** Pool name to size. */
  public Map<String, Integer> pools() {
    return settings.pools();
  }

  public Optional<ScheduleSpec> schedule() {
    return settings.schedule();
  }

  public LineageSettings lineage() {
    return settings.lineage();
  }

  /** {@code worker_timeout}: a worker whose heartbeat is older is declared dead. */
  public java.time.Duration workerTimeout() {
    return settings.workerTimeout();
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
