package io.partita.engine.postgres;

import io.partita.engine.QueryResult;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.postgresql.util.PGobject;

/**
 * Converts JDBC values to plain Java values that the CLI can print and serialise: java.time for
 * dates and times, lists for arrays, text for UUIDs, JSON, intervals and other PostgreSQL objects.
 */
final class PgValues {
  private PgValues() {}

  /** At most {@code maxRows} rows of {@code result}; truncated when more were left. */
  static QueryResult read(ResultSet result, int maxRows) throws SQLException {
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
    if (value instanceof PGobject object) {
      return object.getValue();
    }
    if (value instanceof Array array) {
      Object[] elements = (Object[]) array.getArray();
      List<Object> list = new ArrayList<>(elements.length);
      for (Object element : elements) {
        list.add(toJava(element));
      }
      return list;
    }
    return value;
  }
}
