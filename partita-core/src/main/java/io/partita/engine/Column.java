package io.partita.engine;

import static java.util.Objects.requireNonNull;

/**
 * One column of a relation or query as the engine describes it.
 *
 * @param name the column name, unquoted
 * @param type the engine's own type name, e.g. {@code BIGINT} or {@code DECIMAL(18,3)} in DuckDB;
 *     ask {@link SqlDialect#isNumeric} rather than comparing names
 */
public record Column(String name, String type) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
