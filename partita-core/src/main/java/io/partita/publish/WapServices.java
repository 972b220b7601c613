package io.partita.publish;

import static java.util.Objects.requireNonNull;

import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.engine.Engine;
import io.partita.state.StateStore;
import java.time.Clock;

/**
 * What every step of write-audit-publish works with: the run's frozen pipeline, the warehouse, the
 * template renderer, the state store and the clock.
 */
public record WapServices(
    Pipeline pipeline, Engine engine, SqlTemplates templates, StateStore state, Clock clock) {
  public WapServices {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(engine, "engine is null");
    requireNonNull(templates, "templates is null");
    requireNonNull(state, "state is null");
    requireNonNull(clock, "clock is null");
  }
}
