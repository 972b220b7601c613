package io.partita.web.server;

import io.partita.PartitaException;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.engine.Engine;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.engine.duckdb.DuckDbSqlParser;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.RunManager;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The project the server shows: its pipeline (reloaded from the working tree when it changes),
 * the state store and, while runs execute, the warehouse.
 */
public final class Project implements AutoCloseable {
  private final Path dir;
  private final StateStore state;
  private final Clock clock;
  private final WarehouseLease warehouse;
  private volatile Loaded loaded;

  private Project(Path dir, Pipeline pipeline, StateStore state, Clock clock) {
    this.dir = dir;
    this.loaded = new Loaded(pipeline, Optional.empty());
    this.state = state;
    this.clock = clock;
    Path warehouseFile = path(pipeline.warehouse(), "duckdb:");
    // Runs started from the dashboard are refused, like the CLI's, while state and warehouse are out of step.
    io.partita.pairing.PairingCheck pairing = new io.partita.pairing.PairingCheck(
        pipeline.resolve(stripScheme(pipeline.state(), "sqlite:")), warehouseFile);
    this.warehouse = new WarehouseLease(() -> pairing.openPaired(state, () -> DuckDbEngine.open(warehouseFile, dir)));
  }

  static Project open(Path dir, Clock clock) {
    if (!Files.isRegularFile(dir.resolve("partita.yaml"))) {
      throw PartitaException.user(
          "No partita.yaml in %s: run inside a project, pass --project DIR, or create one with `partita init DIR`", dir);
    }
    Pipeline pipeline = PipelineLoader.load(dir);
    Path statePath = pipeline.resolve(stripScheme(pipeline.state(), "sqlite:"));
    return new Project(dir, pipeline, SqliteStateStore.open(statePath), clock);
  }

  Path dir() {
    return dir;
  }

  /** The pipeline as last loaded; {@link #reload} refreshes it. */
  public Pipeline pipeline() {
    return loaded.pipeline();
  }

  /**
   * Reads partita.yaml again when it or a file it names changed (modified time, size, or an entry
   * added to or removed from their directories), so the grid and new runs see edits made while the
   * server runs without parsing the project on every request.
   */
  public Pipeline reload() {
    Loaded current = loaded;
    // Checked without the lock: many concurrent requests only stat a few files each.
    if (current.stamp().isPresent()
        && current.stamp().get().equals(DefinitionStamp.of(dir, current.pipeline().files().files().keySet()))) {
      return current.pipeline();
    }
    synchronized (this) {
      DefinitionStamp before = DefinitionStamp.of(dir, loaded.pipeline().files().files().keySet());
      if (loaded.stamp().isPresent() && loaded.stamp().get().equals(before)) {
        return loaded.pipeline();
      }
      Pipeline pipeline = PipelineLoader.load(dir);
      DefinitionStamp after = DefinitionStamp.of(dir, pipeline.files().files().keySet());
      // A file edited while it was being read: do not trust the stamp, read again next time.
      loaded = new Loaded(pipeline, after.equals(before) ? Optional.of(after) : Optional.empty());
      return pipeline;
    }
  }

  /** A pipeline and the stamp of its files when it was read, if they did not change meanwhile. */
  private record Loaded(Pipeline pipeline, Optional<DefinitionStamp> stamp) {}

  public StateStore state() {
    return state;
  }

  public Clock clock() {
    return clock;
  }

  WarehouseLease warehouse() {
    return warehouse;
  }

  /** A run manager whose engine is {@code engine}; planning and control never open the warehouse. */
  RunManager runs(Supplier<Engine> engine) {
    return new RunManager(dir, state, engine, DuckDbSqlParser.standalone(), clock, ExecutionSettings.DEFAULT);
  }

  public RunManager runs() {
    return runs(() -> {
      throw new IllegalStateException("This operation does not open the warehouse");
    });
  }

  private Path path(String uri, String scheme) {
    return loaded.pipeline().resolve(stripScheme(uri, scheme));
  }

  private static String stripScheme(String uri, String scheme) {
    if (!uri.startsWith(scheme)) {
      throw PartitaException.user("partita.yaml: '%s' is not supported in this version: use %s<path>", uri, scheme);
    }
    return uri.substring(scheme.length());
  }

  @Override
  public void close() {
    state.close();
  }
}
