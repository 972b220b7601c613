package io.partita.engine.duckdb;

import io.partita.backend.BackendUrl;
import io.partita.backend.EngineOptions;
import io.partita.backend.EngineProvider;
import io.partita.engine.Engine;
import io.partita.engine.SqlParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code warehouse: duckdb:PATH}: an embedded DuckDB file, PATH relative to the project. */
public final class DuckDbEngineProvider implements EngineProvider {
  @Override
  public List<String> schemes() {
    return List.of("duckdb:");
  }

  @Override
  public Path location(BackendUrl url, Path projectDir) {
    return projectDir.resolve(url.rest()).normalize();
  }

  @Override
  public boolean exists(BackendUrl url, Path projectDir) {
    return Files.exists(location(url, projectDir));
  }

  @Override
  public Engine open(BackendUrl url, Path projectDir, EngineOptions options) {
    Path file = location(url, projectDir);
    return options.readOnly()
        ? DuckDbEngine.openReadOnly(file, projectDir)
        : DuckDbEngine.open(file, projectDir, options.clock());
  }

  @Override
  public Engine openScratch(BackendUrl url, Path projectDir, java.time.Clock clock) {
    try {
      Path directory = Files.createTempDirectory("partita-scratch-");
      Path file = directory.resolve("warehouse.duckdb");
      // deleteOnExit runs in reverse order: the files first, then their directory.
      directory.toFile().deleteOnExit();
      file.toFile().deleteOnExit();
      directory.resolve("warehouse.duckdb.wal").toFile().deleteOnExit();
      return DuckDbEngine.open(file, projectDir, clock);
    } catch (java.io.IOException e) {
      throw io.partita.PartitaException.internal(
          "Cannot create a scratch warehouse: " + e.getMessage(), e);
    }
  }

  @Override
  public SqlParser sqlParser() {
    return DuckDbSqlParser.standalone();
  }
}
