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

/**
 * An opened project: its pipeline and, on first use, its state store and warehouse. Closes what it
 * opened. Nothing is created on disk until a command asks for {@link #state()} or {@link #engine()}:
 * a command refused as bad input, and a read-only command on a project that never ran, leave no
 * {@code .partita/} behind.
 */
final class Workspace implements AutoCloseable {
  private final Path dir;
  private final Pipeline pipeline;
  // Its own lock, not the workspace's: engine() holds that while it opens (and may wait for) the
  // warehouse, and a Ctrl-C hook asking state() to pause the run must not wait behind it.
  private final Object stateLock = new Object();
  private StateStore state;
  private StateStore empty;
  private final PairingCheck pairingCheck;
  private Pairing pairing;
  private Engine engine;

  private Workspace(Path dir, Pipeline pipeline) {
    this.dir = dir;
    this.pipeline = pipeline;
    this.pairingCheck = new PairingCheck(statePath(pipeline), warehousePath(pipeline));
  }

  static Workspace open(Path dir) {
    if (!Files.isRegularFile(dir.resolve("partita.yaml"))) {
      throw PartitaException.user(
          "No partita.yaml in %s: run inside a project, pass --project DIR, or create one with `partita init DIR`", dir);
    }
    Pipeline pipeline = PipelineLoader.load(dir);
    statePath(pipeline); // validate both URIs before any command starts its work
    warehousePath(pipeline);
    return new Workspace(dir, pipeline);
  }

  Pipeline pipeline() {
    return pipeline;
  }

  /** The state store for writing: opened (and created, with its directory) on first use. */
  StateStore state() {
    synchronized (stateLock) {
      if (state == null) {
        state = SqliteStateStore.open(statePath(pipeline));
      }
      return state;
    }
  }

  /**
   * The state store for reading: the file when it exists, else an empty store in memory, so that
   * {@code plan}, {@code status} and friends on a fresh project do not create the file.
   */
  StateStore readState() {
    synchronized (stateLock) {
      if (state != null || Files.exists(statePath(pipeline))) {
        return state();
      }
      if (empty == null) {
        empty = SqliteStateStore.openEmpty(statePath(pipeline));
      }
      return empty;
    }
  }

  /**
   * Whether state store and warehouse describe the same data, as far as a cheap check at start
   * tells; opening the warehouse ({@link #engine}) compares their ids in full. A state file that
   * does not exist reads as an empty store, so a warehouse with publishes still shows as state lost.
   */
  synchronized Pairing pairing() {
    if (pairing == null) {
      pairing = pairingCheck.atStart(readState(), this::peekWarehouse);
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
      engine = openEngine(() -> pairingCheck.openPaired(state(), this::openWarehouse));
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
      throw new PartitaException(ErrorCategory.CONFLICT, e.getMessage() + WarehouseHolder.describe(e.getMessage(), readState())
          + ". While `partita serve` runs, backfills from other shells are handed to it instead", e);
    }
  }

  /** False until the first write to the warehouse creates its file. */
  boolean warehouseExists() {
    return Files.exists(warehousePath(pipeline));
  }

  /** A read-only view of the warehouse, for {@code query}. */
  Engine readOnlyEngine() {
    return DuckDbEngine.openReadOnly(warehousePath(pipeline), dir);
  }

  RunManager runs() {
    return new RunManager(dir, state(), this::engine, DuckDbSqlParser.standalone(), Clock.systemUTC(),
        ExecutionSettings.DEFAULT);
  }

  /** Runs for planning and reading only, over {@link #readState()}. */
  RunManager readRuns() {
    return new RunManager(dir, readState(), this::engine, DuckDbSqlParser.standalone(), Clock.systemUTC(),
        ExecutionSettings.DEFAULT);
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
    synchronized (stateLock) {
      if (state != null) {
        state.close();
      }
      if (empty != null) {
        empty.close();
      }
    }
  }
}
