package io.partita.engine;

/**
 * Reads SQL text with the engine's own parser, without running any of it. Used to hold models and
 * {@code partita query} to exactly one query before anything runs: a second statement in a model
 * would run outside the publish transaction, past checks and backups.
 *
 * <p>Implementations are thread-safe and never execute, bind or plan the text, so they are safe on
 * any input and need no tables to exist.
 */
public interface SqlParser {
  /**
   * The statements of {@code sql}. Text that does not parse yields {@link
   * SqlStatements#syntaxError()}: nothing of it can run, and the engine reports the error with its
   * context when the SQL is run.
   */
  SqlStatements parse(String sql);
}
