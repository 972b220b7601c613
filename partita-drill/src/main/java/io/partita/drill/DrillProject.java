package io.partita.drill;

import io.partita.config.Pipeline;
import io.partita.engine.Engine;
import io.partita.exec.RunManager;
import io.partita.state.StateStore;

/** An opened project as a drill sees it; {@link #close} closes the state store and warehouse. */
public interface DrillProject extends AutoCloseable {
  Pipeline pipeline();

  StateStore state();

  /** The warehouse, opened on first use. */
  Engine engine();

  RunManager runs();

  @Override
  void close();
}
