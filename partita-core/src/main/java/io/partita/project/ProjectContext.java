package io.partita.project;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.backend.Backends;
import io.partita.backend.EngineOptions;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.engine.Engine;
import io.partita.engine.SqlParser;
import io.partita.engine.WarehouseIdentity;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.RunManager;
import io.partita.pairing.Pairing;
import io.partita.pairing.PairingCheck;
import io.partita.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root: an opened project's pipeline and, on first use, its state store and
 * warehouse, each opened through the provider its partita.yaml URL names (see {@link Backends}).
 * Closes what it opened. Nothing is created on disk until a caller asks for {@link #state()} or
 * {@link #engine()}: a command refused as bad input, and a read-only command on a project that
 * never ran, leave no {@code .partita/} behind. The CLI, the dashboard server, drills and
 * benchmarks all open projects here.
 */
public final class ProjectContext implements AutoCloseable {
  private final Path dir;
  private final Pipeline pipeline;
  private final Clock clock;
  private final Backends.Engines warehouse;
  private final Backends.StateStores stateStore;
  // Its own lock, not the context's: engine() holds that while it opens (and may wait for) the
  // warehouse, and a Ctrl-C hook asking state() to pause the run must not wait behind it.
  private final Object stateLock = new Object();
  private StateStore state;
  private StateStore empty;
  private final PairingCheck pairingCheck;
  private Pairing pairing;
  private Engine engine;

  private ProjectContext(Path dir, Pipeline pipeline, Clock clock) {
    this.dir = dir;
    this.pipeline = pipeline;
    this.clock = clock;
    // Both URLs are checked here, before any command starts its work.
    this.stateStore = Backends.stateStore(pipeline);
    this.warehouse = Backends.engine(pipeline);
    this.pairingCheck = new PairingCheck(statePath(), warehousePath(), this::warehouseExists);
  }

  /**
   * Loads the project in {@code dir}; opens nothing yet.
   *
   * @throws PartitaException USER when there is no partita.yaml, it is invalid, or its {@code
   *     state:} or {@code warehouse:} URL has a scheme no provider knows
   */
  public static ProjectContext open(Path dir) {
    return open(dir, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock runs and publishes are stamped with. */
  public static ProjectContext open(Path dir, Clock clock) {
    if (!Files.isRegularFile(dir.resolve("partita.yaml"))) {
      throw PartitaException.user(
          "No partita.yaml in %s: run inside a project, pass --project DIR, or create one with"
              + " `partita init DIR`",
          dir);
    }
    return new ProjectContext(dir, PipelineLoader.load(dir), clock);
  }

  public Path dir() {
    return dir;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public Clock clock() {
    return clock;
  }

  /** Where the state store lives (its file for {@code sqlite:}), for messages and repairs. */
  public Path statePath() {
    return stateStore.provider().location(stateStore.url(), dir);
  }

  /** Where the warehouse lives (its file for {@code duckdb:}), for messages and repairs. */
  public Path warehousePath() {
    return warehouse.provider().location(warehouse.url(), dir);
  }

  /** Where {@code pipeline}'s state store lives, without opening a context. */
  public static Path statePath(Pipeline pipeline, Path projectDir) {
    Backends.StateStores store = Backends.stateStore(pipeline);
    return store.provider().location(store.url(), projectDir);
  }

  /** The state store for writing: opened (and created, with its directory) on first use. */
  public StateStore state() {
    synchronized (stateLock) {
      if (state == null) {
        state = stateStore.provider().open(stateStore.url(), dir);
      }
      return state;
    }
  }

  /**
   * The state store for reading: the store when it exists, else an empty store in memory, so that
   * {@code plan}, {@code status} and friends on a fresh project do not create it.
   */
  public StateStore readState() {
    synchronized (stateLock) {
      if (state != null || stateStore.provider().exists(stateStore.url(), dir)) {
        return state();
      }
      if (empty == null) {
        empty = stateStore.provider().openEmpty(stateStore.url(), dir);
      }
      return empty;
    }
  }

  /**
   * Whether state store and warehouse describe the same data, as far as a cheap check at start
   * tells; opening the warehouse ({@link #engine}) compares their ids in full. A state store that
   * does not exist reads as an empty store, so a warehouse with publishes still shows as state
   * lost.
   */
  public synchronized Pairing pairing() {
    if (pairing == null) {
      pairing = pairingCheck.atStart(readState(), this::peekWarehouse);
    }
    return pairing;
  }

  /** For commands that run tasks: a USER error naming `partita repair` when out of step. */
  public void requireInStep() {
    pairing().requireInStep();
  }

  private Optional<WarehouseIdentity> peekWarehouse() {
    try (Engine readOnly = readOnlyEngine()) {
      return Optional.of(readOnly.identity());
    } catch (PartitaException e) {
      if (e.category() == ErrorCategory.CONFLICT) {
        return Optional.empty(); // the holder checked the pairing when it opened the warehouse
      }
      throw e;
    }
  }

  /**
   * The warehouse, opened once and closed with this context; refused while state store and
   * warehouse are out of step. A CONFLICT names what the process holding it is doing.
   */
  public synchronized Engine engine() {
    if (engine == null) {
      engine = describingHolder(this::openPairedWarehouse);
    }
    return engine;
  }

  /** The warehouse without the pairing check, for {@code partita repair}. */
  public synchronized Engine unpairedEngine() {
    if (engine == null) {
      engine = describingHolder(this::openWarehouse);
    }
    return engine;
  }

  /**
   * A new connection to the warehouse, paired with the state store, that the caller closes: for a
   * server that holds the warehouse only while runs execute.
   */
  public Engine openPairedWarehouse() {
    return pairingCheck.openPaired(state(), this::openWarehouse);
  }

  private Engine openWarehouse() {
    return SharedWarehouses.view(warehousePath())
        .orElseGet(
            () -> warehouse.provider().open(warehouse.url(), dir, EngineOptions.forWriting(clock)));
  }

  /**
   * Lets every context of this process on the same warehouse use {@code engine} (already open for
   * writing) instead of opening the file, which DuckDB refuses while this process holds it: the
   * holder runs commands handed over by other shells this way. Contexts get a view whose close
   * leaves {@code engine} open; the returned handle ends the sharing (the caller still closes the
   * engine).
   *
   * @throws PartitaException INTERNAL when a warehouse is shared at the same place already
   */
  public Sharing shareWarehouse(Engine engine) {
    Path location = warehousePath();
    if (!SharedWarehouses.share(location, engine)) {
      throw PartitaException.internal("The warehouse " + location + " is shared already", null);
    }
    return () -> SharedWarehouses.unshare(location, engine);
  }

  /** Ends the sharing {@link #shareWarehouse} started. Idempotent. */
  @FunctionalInterface
  public interface Sharing extends AutoCloseable {
    @Override
    void close();
  }

  private Engine describingHolder(Supplier<Engine> opener) {
    try {
      return opener.get();
    } catch (PartitaException e) {
      if (e.category() != ErrorCategory.CONFLICT) {
        throw e;
      }
      throw new PartitaException(
          ErrorCategory.CONFLICT,
          e.getMessage()
              + WarehouseHolder.describe(e.getMessage(), readState())
              + ". While `partita serve` or a `partita backfill` holds it, backfills and queries"
              + " from other shells run in that process"
              + " instead",
          e);
    }
  }

  /**
   * True when processes other than this one may write the warehouse at the same time, so that
   * workers can share runs (see {@link io.partita.backend.EngineProvider#shareable}).
   */
  public boolean warehouseShareable() {
    return warehouseNotShareable().isEmpty();
  }

  /**
   * Why workers cannot share runs on this warehouse (see {@link
   * io.partita.backend.EngineProvider#notShareable}), or empty when they can.
   */
  public Optional<String> warehouseNotShareable() {
    return warehouse.provider().notShareable(warehouse.url(), dir);
  }

  /** The scheme of the warehouse URL, e.g. {@code duckdb}, for messages. */
  public String warehouseUrl() {
    return pipeline.warehouse();
  }

  /** False until the first write to the warehouse creates it. */
  public boolean warehouseExists() {
    return warehouse.provider().exists(warehouse.url(), dir);
  }

  /**
   * An empty throw-away warehouse of the project's kind that the caller closes: what a preflight
   * checks against before the real warehouse exists, so that a refusal creates nothing on disk.
   */
  public Engine scratchEngine() {
    return warehouse.provider().openScratch(warehouse.url(), dir, clock);
  }

  /** A new read-only view of the warehouse that the caller closes, for {@code query}. */
  public Engine readOnlyEngine() {
    // In the process holding the warehouse, its connection (queries there are read-only too).
    return SharedWarehouses.view(warehousePath())
        .orElseGet(
            () -> warehouse.provider().open(warehouse.url(), dir, EngineOptions.forReading()));
  }

  /** Parses model SQL in the warehouse's dialect without opening the warehouse. */
  public SqlParser sqlParser() {
    return warehouse.provider().sqlParser();
  }

  /** Runs over the state store for writing, executing on {@link #engine()}. */
  public RunManager runs() {
    return runs(state(), this::engine);
  }

  /** Runs for planning and reading only, over {@link #readState()}. */
  public RunManager readRuns() {
    return runs(readState(), this::engine);
  }

  /** Runs over the state store for writing whose tasks execute on {@code engine}. */
  public RunManager runs(Supplier<Engine> engine) {
    return runs(state(), engine);
  }

  private RunManager runs(StateStore store, Supplier<Engine> engine) {
    return new RunManager(dir, store, engine, sqlParser(), clock, ExecutionSettings.DEFAULT);
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
