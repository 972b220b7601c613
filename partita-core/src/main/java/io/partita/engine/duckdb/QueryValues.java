package io.partita.engine.duckdb;

import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.duckdb.DuckDBStruct;

/**
 * Converts JDBC values to plain Java values that the CLI can print and serialise: java.time for
 * dates and times, lists and maps for nested types, strings for UUIDs, byte arrays for blobs.
 */
final class QueryValues {
  private QueryValues() {}

  /** At most {@code maxRows} rows of {@code result}; truncated when more were left. */
  static io.partita.engine.QueryResult read(java.sql.ResultSet result, int maxRows)
      throws SQLException {
    java.sql.ResultSetMetaData meta = result.getMetaData();
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(meta.getColumnLabel(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    while (result.next()) {
      if (rows.size() >= maxRows) {
        truncated = true;
        break;
      }
      List<Object> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(toJava(result.getObject(i)));
      }
      // Rows may hold nulls, which List.copyOf in QueryResult rejects.
      rows.add(java.util.Collections.unmodifiableList(row));
    }
    return new io.partita.engine.QueryResult(columns, rows, truncated);
  }

  static Object toJava(Object value) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Time time) {
      return time.toLocalTime();
    }
    if (value instanceof UUID uuid) {
      return uuid.toString();
    }
    if (value instanceof Blob blob) {
      return blob.getBytes(1, (int) blob.length());
    }
    if (value instanceof Array array) {
      Object[] elements = (Object[]) array.getArray();
      List<Object> list = new ArrayList<>(elements.length);
      for (Object element : elements) {
        list.add(toJava(element));
      }
      return list;
    }
    if (value instanceof DuckDBStruct struct) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : struct.getMap().entrySet()) {
        map.put(entry.getKey(), toJava(entry.getValue()));
      }
      return map;
    }
    if (value instanceof Struct struct) {
      return toJava(Arrays.asList(struct.getAttributes()));
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        copy.put(toJava(entry.getKey()), toJava(entry.getValue()));
      }
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(toJava(element));
      }
      return copy;
    }
    return value;
  }
}
