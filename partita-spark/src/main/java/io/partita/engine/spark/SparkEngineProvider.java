package io.partita.engine.spark;

import io.partita.PartitaException;
import io.partita.backend.BackendUrl;
import io.partita.backend.EngineOptions;
import io.partita.backend.EngineProvider;
import io.partita.engine.Engine;
import io.partita.engine.SqlParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code warehouse: spark}: Spark + Iceberg, configured by the {@code spark:} block of partita.yaml
 * ({@link SparkSettings}). Found by ServiceLoader when partita-spark's jar is on the class path.
 */
public final class SparkEngineProvider implements EngineProvider {
  @Override
  public List<String> schemes() {
    return List.of("spark");
  }

  @Override
  public Path location(BackendUrl url, Path projectDir) {
    requireBareScheme(url);
    String warehouse = SparkSettings.load(projectDir).catalog().warehouse();
    return warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")
        ? projectDir.resolve(".partita").normalize()
        : Path.of(warehouse);
  }

  @Override
  public boolean exists(BackendUrl url, Path projectDir) {
    SparkSettings settings = SparkSettings.load(projectDir);
    if (!settings.catalog().type().equals("hadoop")) {
      return true;
    }
    return Files.isDirectory(Path.of(settings.catalog().warehouse()).resolve(settings.namespace()));
  }

  @Override
  public Engine open(BackendUrl url, Path projectDir, EngineOptions options) {
    requireBareScheme(url);
    SparkSettings settings = SparkSettings.load(projectDir);
    RestCatalogProbe.check(settings.catalog());
    if (options.readOnly()) {
      if (!exists(url, projectDir)) {
        throw PartitaException.user(
            "The warehouse %s does not exist yet: run a backfill to create it",
            settings.catalog().warehouse());
      }
      return SparkEngine.openReadOnly(settings);
    }
    return SparkEngine.open(settings, options.clock());
  }

  @Override
  public Engine openScratch(io.partita.backend.BackendUrl url, Path projectDir, Clock clock) {
    SparkSettings settings = SparkSettings.load(projectDir);
    try {
      Path directory = Files.createTempDirectory("partita-scratch-lake-");
      return SparkEngine.open(
          new SparkSettings(
              settings.master(),
              new SparkSettings.CatalogSettings(
                  settings.catalog().name(),
                  "hadoop",
                  directory.toString(),
                  java.util.Optional.empty()),
              settings.namespace(),
              settings.conf()),
          clock);
    } catch (IOException e) {
      throw PartitaException.internal("Cannot create a scratch warehouse: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean publishesSeveralRelationsAtomically(BackendUrl url, Path projectDir) {
    return SparkSettings.load(projectDir).catalog().commitsSeveralTablesAtomically();
  }

  /**
   * Workers share the warehouse through the catalog: a JDBC or REST catalog commits atomically for
   * every process (each worker has its own SparkSession and retries lost races), a Hadoop catalog
   * does not.
   */
  @Override
  public Optional<String> notShareable(BackendUrl url, Path projectDir) {
    SparkSettings.CatalogSettings catalog = SparkSettings.load(projectDir).catalog();
    if (catalog.sharedByProcesses()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "the Iceberg catalog '%s' in partita.yaml is of type %s, whose commits are not atomic"
                + " across processes: use a catalog several processes can commit to (spark:"
                + " catalog: {type: jdbc, uri: jdbc:postgresql://...} or {type: rest, uri:"
                + " https://...}; see README \"Running on Spark and Iceberg\")",
            catalog.name(), catalog.type()));
  }

  @Override
  public SqlParser sqlParser() {
    return SparkSqlParser.standalone();
  }

  private static void requireBareScheme(BackendUrl url) {
    if (!url.url().strip().equals("spark")) {
      throw PartitaException.user(
          "partita.yaml: warehouse '%s' is not understood: write warehouse: spark and configure"
              + " the catalog in the spark: block",
          url.url());
    }
  }
}
