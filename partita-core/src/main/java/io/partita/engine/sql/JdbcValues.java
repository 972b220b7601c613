package io.partita.engine.sql;

import io.partita.engine.QueryResult;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts JDBC values to plain Java values that the CLI can print and serialise: java.time for
 * dates and times, lists and maps for arrays and nested types, strings for UUIDs, byte arrays for
 * blobs. An engine adds its driver's own types in {@link #driverValue}. Stateless and thread-safe.
 */
public abstract class JdbcValues {
  protected JdbcValues() {}

  /** At most {@code maxRows} rows of {@code result}; truncated when more were left. */
  public final QueryResult read(ResultSet result, int maxRows) throws SQLException {
    ResultSetMetaData meta = result.getMetaData();
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
      rows.add(Collections.unmodifiableList(row));
    }
    return new QueryResult(columns, rows, truncated);
  }

  /** {@code value} as a plain Java value; nested values are converted too. */
  public final Object toJava(Object value) throws SQLException {
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
      return toJava(Arrays.asList((Object[]) array.getArray()));
    }
    // Before the standard nested types: a driver's struct may also be a java.sql.Struct.
    Object converted = driverValue(value);
    if (converted != value) {
      return converted;
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

  /**
   * A value of a type only this engine's driver returns, as a plain Java value (nested values
   * through {@link #toJava}); {@code value} itself, the same object, when it is none of them.
   */
  protected abstract Object driverValue(Object value) throws SQLException;
}
