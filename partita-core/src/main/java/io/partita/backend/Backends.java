package io.partita.backend;

import io.partita.PartitaException;
import io.partita.config.Pipeline;
import io.partita.engine.Engine;
import io.partita.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The engine and state-store providers on the class path, found once with {@link ServiceLoader},
 * and the lookup of a partita.yaml URL's provider by its scheme.
 */
public final class Backends {
  private static final List<EngineProvider> ENGINES = load(EngineProvider.class);
  private static final List<StateStoreProvider> STATE_STORES = load(StateStoreProvider.class);

  private Backends() {}

  /** A warehouse URL's provider and the URL split at its scheme. */
  public record Engines(EngineProvider provider, BackendUrl url) {
    /** Opens the warehouse; the caller closes it. */
    public Engine open(Path projectDir, EngineOptions options) {
      return provider.open(url, projectDir, options);
    }
  }

  /** A state URL's provider and the URL split at its scheme. */
  public record StateStores(StateStoreProvider provider, BackendUrl url) {
    /** Opens (creating if needed) the store; the caller closes it. */
    public StateStore open(Path projectDir) {
      return provider.open(url, projectDir);
    }
  }

  public static List<EngineProvider> engines() {
    return ENGINES;
  }

  public static List<StateStoreProvider> stateStores() {
    return STATE_STORES;
  }

  /**
   * The provider of {@code pipeline}'s {@code warehouse:}.
   *
   * @throws PartitaException USER naming the URL and the known schemes when no provider takes it
   */
  public static Engines engine(Pipeline pipeline) {
    return engine(pipeline.warehouse());
  }

  /**
   * The provider of {@code pipeline}'s {@code state:}.
   *
   * @throws PartitaException USER naming the URL and the known schemes when no provider takes it
   */
  public static StateStores stateStore(Pipeline pipeline) {
    return stateStore(pipeline.state());
  }

  /**
   * The provider of a warehouse URL that is not a project's setting (a benchmark's variant file).
   *
   * @throws PartitaException USER naming the URL and the known schemes when no provider takes it
   */
  public static Engines engine(String url) {
    if (url.strip().equals("spark")
        && ENGINES.stream().noneMatch(provider -> provider.schemes().contains("spark"))) {
      throw PartitaException.user(
          "partita.yaml: warehouse 'spark' needs the partita-spark module, which is not on the"
              + " class path: start Partita with ./partita, which adds it (and builds it on first"
              + " use) when the project says warehouse: spark");
    }
    EngineProvider provider = find(ENGINES, EngineProvider::schemes, "warehouse", url, "engine");
    return new Engines(provider, split("warehouse", url, provider.schemes()));
  }

  /** As {@link #engine(String)}, for a state store URL. */
  public static StateStores stateStore(String url) {
    StateStoreProvider provider =
        find(STATE_STORES, StateStoreProvider::schemes, "state", url, "state store");
    return new StateStores(provider, split("state", url, provider.schemes()));
  }

  /** Where {@code pipeline}'s warehouse lives (its file for {@code duckdb:}); opens nothing. */
  public static Path warehouseLocation(Pipeline pipeline, Path projectDir) {
    Engines engines = engine(pipeline);
    return engines.provider().location(engines.url(), projectDir);
  }

  private static <P> P find(
      List<P> providers, Function<P, List<String>> schemes, String key, String url, String kind) {
    return providers.stream()
        .filter(provider -> schemes.apply(provider).stream().anyMatch(url::startsWith))
        .findFirst()
        .orElseThrow(
            () ->
                PartitaException.user(
                    "partita.yaml: %s '%s' has no %s (scheme not supported): use one of the known"
                        + " schemes %s",
                    key,
                    url,
                    kind,
                    String.join(
                        ", ",
                        providers.stream()
                            .flatMap(provider -> schemes.apply(provider).stream())
                            .sorted()
                            .toList())));
  }

  private static BackendUrl split(String key, String url, List<String> schemes) {
    return new BackendUrl(
        key, url, schemes.stream().filter(url::startsWith).findFirst().orElseThrow());
  }

  private static <P> List<P> load(Class<P> type) {
    return ServiceLoader.load(type, Backends.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }
}
