package io.partita.exec;

import static java.util.Objects.requireNonNull;

import io.partita.config.Pipeline;
import io.partita.plan.Plan;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import java.time.Clock;

/**
 * One run as it executes in this process: its record, the pipeline of its snapshot, its plan, where
 * its state goes, the clock, the pacing and the owner id this process claimed it with.
 */
record RunContext(
    RunRecord run,
    Pipeline pipeline,
    Plan plan,
    StateStore state,
    Clock clock,
    ExecutionSettings settings,
    String owner) {
  RunContext {
    requireNonNull(run, "run is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(state, "state is null");
    requireNonNull(clock, "clock is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(owner, "owner is null");
  }
}
