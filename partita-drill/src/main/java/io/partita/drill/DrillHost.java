package io.partita.drill;

/**
 * What drills need from the application that runs them, so this module depends on the core only:
 * the CLI names its main class. Drills open projects with {@link io.partita.project.ProjectContext}
 * as every command does.
 */
public interface DrillHost {
  /** The class whose {@code main} runs {@code partita ARGS}, started in child JVMs by drills. */
  String cliMainClass();
}
