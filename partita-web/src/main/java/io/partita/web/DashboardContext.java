package io.partita.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.partita.config.Pipeline;
import io.partita.state.StateStore;
import java.nio.file.Path;
import java.util.function.Supplier;

/** What an extension may use: the project, its state store, its pipeline and the meter registry. */
public record DashboardContext(Path projectDir, StateStore state, Supplier<Pipeline> pipeline, MeterRegistry metrics) {}
