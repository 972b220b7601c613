package io.partita.engine;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The engine's SQL for the few things standard SQL spells differently in every warehouse. Checks,
 * late-arrival metrics, versions and lineage build their SQL with it, so they run unchanged on any
 * engine. Everything else they write is plain SQL (SELECT, WHERE, GROUP BY, count(*) FILTER (WHERE
 * ...), window functions).
 *
 * <p>Implementations are stateless and thread-safe; every method only builds text, never runs it.
 * Arguments that are expressions are inserted as they are (the caller quotes identifiers with
 * {@link #quote}).
 */
public interface SqlDialect {
  /** A quoted identifier, safe for any column name. */
  String quote(String identifier);

  /** The continuous (interpolated) quantile {@code fraction} in [0, 1] of {@code expression}. */
  String quantile(String expression, double fraction);

  /**
   * The continuous quantiles of {@code expression} at each of {@code fractions}, computed in one
   * pass, as one text value of the form {@code [q1, q2, ...]} (numbers in the order given).
   */
  String quantilesAsText(String expression, List<Double> fractions);

  /** The number of whole {@code unit}s from timestamp {@code start} to timestamp {@code end}. */
  String dateDiff(ChronoUnit unit, String start, String end);

  /** {@code expression} as text, e.g. for showing values in a message. */
  String castToText(String expression);

  /** An aggregate joining the text values of {@code expression} with {@code separator}. */
  String stringAgg(String expression, String separator);

  /** {@code expression} as a double, so that dividing two counts does not truncate. */
  String toDouble(String expression);

  /**
   * A condition true for about one in {@code every} rows of the relation aliased {@code rowAlias},
   * the same rows each time: a hash of the whole row modulo {@code every} is 0.
   */
  String everyNthRow(String rowAlias, long every);

  /** Whether a type name from {@link WarehouseReader#describe(String)} holds numbers. */
  boolean isNumeric(String type);

  /**
   * The first keywords of the statements {@code partita query} may run: a model's query, or a look
   * at the catalog.
   */
  Set<String> readKeywords();

  /**
   * The OpenLineage dataset namespace of a warehouse at {@code location}: the engine's scheme and
   * the absolute location (see {@code DuckDbDialect}).
   */
  String lineageNamespace(Path location);
}
