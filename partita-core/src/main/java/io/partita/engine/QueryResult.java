package io.partita.engine;

import java.util.List;

/** Rows of a read-only query; {@code truncated} when more rows existed than were returned. */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
