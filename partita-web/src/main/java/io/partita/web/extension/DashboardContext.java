package io.partita.web.extension;

import io.micrometer.core.instrument.MeterRegistry;
import io.partita.config.Pipeline;
import io.partita.state.StateStore;
import io.partita.web.project.WarehouseHold;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What an extension may use: the project, its state store, its pipeline (reloaded from the working
 * tree on each call), the meter registry, the clock, the actor recorded for changes made through
 * the dashboard, the warehouse (held only while a {@link WarehouseHold} is open, like runs do) and
 * the page shell.
 */
public record DashboardContext(
    Path projectDir,
    StateStore state,
    Supplier<Pipeline> pipeline,
    Supplier<WarehouseHold> warehouse,
    Server server) {

  /** What the server lends: its meter registry, clock, the actor it records, and the page shell. */
  public record Server(MeterRegistry metrics, Clock clock, String actor, PageShell pages) {}

  public MeterRegistry metrics() {
    return server.metrics();
  }

  public Clock clock() {
    return server.clock();
  }

  /** The actor recorded for changes made through the dashboard. */
  public String actor() {
    return server.actor();
  }

  public PageShell pages() {
    return server.pages();
  }
}
