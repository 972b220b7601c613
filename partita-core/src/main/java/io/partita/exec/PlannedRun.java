package io.partita.exec;

import io.partita.config.Pipeline;
import io.partita.plan.Plan;
import io.partita.state.RunOptions;

/** A planned backfill, not yet stored: what {@code plan} and {@code --dry-run} show. */
public record PlannedRun(Pipeline pipeline, Plan plan, RunOptions options) {}
