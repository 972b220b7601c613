package io.partita.cli;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.engine.Engine;
import io.partita.engine.WarehouseIdentity;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.engine.duckdb.DuckDbSqlParser;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.RunManager;
import io.partita.pairing.Pairing;
import io.partita.pairing.PairingCheck;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/** An opened project: its pipeline, state store and (on first use) warehouse. Closes what it opened. */
final class Workspace implements AutoCloseable {
  private final Path dir;
  private final Pipeline pipeline;
  private final StateStore state;
  private final PairingCheck pairingCheck;
  private Pairing pairing;
  private Engine engine;

  private Workspace(Path dir, Pipeline pipeline, StateStore state) {
    this.dir = dir;
    this.pipeline = pipeline;
    this.state = state;
    this.pairingCheck = new PairingCheck(statePath(pipeline), warehousePath(pipeline));
  }

  static Workspace open(Path dir) {
    if (!Files.isRegularFile(dir.resolve("partita.yaml"))) {
      throw PartitaException.user(
          "No partita.yaml in %s: run inside a project, pass --project DIR, or create one with `partita init DIR`", dir);
    }
    Pipeline pipeline = PipelineLoader.load(dir);
    StateStore state = SqliteStateStore.open(statePath(pipeline));
    return new Workspace(dir, pipeline, state);
  }

  Pipeline pipeline() {
    return pipeline;
  }

  StateStore state() {
    return state;
  }

  /**
   * Whether state store and warehouse describe the same data, as far as a cheap check at start
   * tells; opening the warehouse ({@link #engine}) compares their ids in full.
   */
  synchronized Pairing pairing() {
    if (pairing == null) {
      pairing = pairingCheck.atStart(state, this::peekWarehouse);
    }
    return pairing;
  }

  /** For commands that run tasks: a USER error naming `partita repair` when out of step. */
  void requireInStep() {
    pairing().requireInStep();
  }

  private Optional<WarehouseIdentity> peekWarehouse() {
    try (Engine readOnly = DuckDbEngine.openReadOnly(warehousePath(pipeline), dir)) {
      return Optional.of(readOnly.identity());
    } catch (PartitaException e) {
      if (e.category() == ErrorCategory.CONFLICT) {
        return Optional.empty(); // the holder checked the pairing when it opened the warehouse
      }
      throw e;
    }
  }

  /** The warehouse, opened once; refused while state store and warehouse are out of step. */
  synchronized Engine engine() {
    if (engine == null) {
      engine = openEngine(() -> pairingCheck.openPaired(state, this::openWarehouse));
    }
    return engine;
  }

  /** The warehouse without the pairing check, for {@code partita repair}. */
  synchronized Engine unpairedEngine() {
    if (engine == null) {
      engine = openEngine(this::openWarehouse);
    }
    return engine;
  }

  private Engine openWarehouse() {
    return DuckDbEngine.open(warehousePath(pipeline), dir);
  }

  private Engine openEngine(Supplier<Engine> opener) {
    try {
      return opener.get();
    } catch (PartitaException e) {
      if (e.category() != ErrorCategory.CONFLICT) {
        throw e;
      }
      throw new PartitaException(ErrorCategory.CONFLICT, e.getMessage() + WarehouseHolder.describe(e.getMessage(), state)
          + ". While `partita serve` runs, backfills from other shells are handed to it instead", e);
    }
  }

  /** A read-only view of the warehouse, for {@code query}. */
  Engine readOnlyEngine() {
    return DuckDbEngine.openReadOnly(warehousePath(pipeline), dir);
  }

  RunManager runs() {
    return new RunManager(dir, state, this::engine, DuckDbSqlParser.standalone(), Clock.systemUTC(), ExecutionSettings.DEFAULT);
  }

  static Path statePath(Pipeline pipeline) {
    return pipeline.resolve(stripScheme(pipeline.state(), "sqlite:", "state"));
  }

  static Path warehousePath(Pipeline pipeline) {
    return pipeline.resolve(stripScheme(pipeline.warehouse(), "duckdb:", "warehouse"));
  }

  private static String stripScheme(String uri, String scheme, String key) {
    if (!uri.startsWith(scheme)) {
      throw PartitaException.user(
          "partita.yaml: %s '%s' is not supported in this version: use %s<path>", key, uri, scheme);
    }
    return uri.substring(scheme.length());
  }

  @Override
  public synchronized void close() {
    if (engine != null) {
      engine.close();
    }
    state.close();
  }
}
