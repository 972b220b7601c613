package io.partita.engine.duckdb;

import io.partita.engine.sql.JdbcValues;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/** {@link JdbcValues} for DuckDB: a STRUCT becomes a map of its fields by name. */
final class QueryValues extends JdbcValues {
  static final QueryValues INSTANCE = new QueryValues();

  private QueryValues() {}

  @Override
  protected Object driverValue(Object value) throws SQLException {
    if (value instanceof DuckDBStruct struct) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : struct.getMap().entrySet()) {
        map.put(entry.getKey(), toJava(entry.getValue()));
      }
      return map;
    }
    return value;
  }
}
