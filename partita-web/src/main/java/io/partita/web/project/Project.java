package io.partita.web.project;

import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.engine.Engine;
import io.partita.exec.RunManager;
import io.partita.project.ProjectContext;
import io.partita.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The project the server shows: its pipeline (reloaded from the working tree when it changes), the
 * state store and, while runs execute, the warehouse. The state store and warehouse are opened by
 * the {@link ProjectContext}, as for every command.
 */
public final class Project implements AutoCloseable {
  private final ProjectContext context;
  private final WarehouseLease warehouse;
  private volatile Loaded loaded;

  private Project(ProjectContext context) {
    this.context = context;
    this.loaded = new Loaded(context.pipeline(), Optional.empty());
    // Runs started from the dashboard are refused, like the CLI's, while state and warehouse are
    // out of step.
    this.warehouse = new WarehouseLease(context::openPairedWarehouse);
  }

  /** Opens the project and its state store (created if missing: the server records runs). */
  public static Project open(Path dir, Clock clock) {
    ProjectContext context = ProjectContext.open(dir, clock);
    try {
      context.state();
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
    return new Project(context);
  }

  /** True when other processes may write the warehouse too, so workers can share runs. */
  public boolean warehouseShareable() {
    return context.warehouseShareable();
  }

  public Path dir() {
    return context.dir();
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
        && current
            .stamp()
            .get()
            .equals(
                DefinitionStamp.of(context.dir(), current.pipeline().files().files().keySet()))) {
      return current.pipeline();
    }
    synchronized (this) {
      DefinitionStamp before =
          DefinitionStamp.of(context.dir(), loaded.pipeline().files().files().keySet());
      if (loaded.stamp().isPresent() && loaded.stamp().get().equals(before)) {
        return loaded.pipeline();
      }
      Pipeline pipeline = PipelineLoader.load(context.dir());
      DefinitionStamp after = DefinitionStamp.of(context.dir(), pipeline.files().files().keySet());
      // A file edited while it was being read: do not trust the stamp, read again next time.
      loaded = new Loaded(pipeline, after.equals(before) ? Optional.of(after) : Optional.empty());
      return pipeline;
    }
  }

  /** A pipeline and the stamp of its files when it was read, if they did not change meanwhile. */
  private record Loaded(Pipeline pipeline, Optional<DefinitionStamp> stamp) {}

  public StateStore state() {
    return context.state();
  }

  public Clock clock() {
    return context.clock();
  }

  WarehouseLease warehouse() {
    return warehouse;
  }

  /**
   * Tells {@code listener} whenever the dashboard opens the warehouse for its work and before it
   * closes it again (see {@link WarehouseListener}).
   */
  public void onWarehouse(WarehouseListener listener) {
    warehouse.listen(listener);
  }

  /**
   * A hold on the warehouse the dashboard's runs share: opens it (or joins the open connection)
   * until the hold is closed.
   */
  public WarehouseHold holdWarehouse() {
    return new WarehouseHold(warehouse);
  }

  /**
   * A run manager whose engine is {@code engine}; planning and control never open the warehouse.
   */
  RunManager runs(Supplier<Engine> engine) {
    return context.runs(engine);
  }

  public RunManager runs() {
    return runs(
        () -> {
          throw new IllegalStateException("This operation does not open the warehouse");
        });
  }

  @Override
  public void close() {
    context.close();
  }
}
