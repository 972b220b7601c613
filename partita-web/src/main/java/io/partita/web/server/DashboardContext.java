package io.partita.web.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.partita.config.Pipeline;
import io.partita.state.StateStore;
import io.partita.web.page.PageShell;
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
    MeterRegistry metrics,
    Clock clock,
    String actor,
    Supplier<WarehouseHold> warehouse,
    PageShell pages) {}
