package io.partita.drill;

import io.partita.config.Pipeline;
import java.nio.file.Path;

/**
 * What drills need from the application that runs them, so this module depends on the core only:
 * the CLI implements it with its own project opener and main class.
 */
public interface DrillHost {
  /** Opens the project in {@code dir} (pipeline, state store, warehouse on first use). */
  DrillProject open(Path dir);

  /** The state store file that {@code pipeline}'s {@code state:} setting names. */
  Path statePath(Pipeline pipeline);

  /** The class whose {@code main} runs {@code partita ARGS}, started in child JVMs by drills. */
  String cliMainClass();
}
