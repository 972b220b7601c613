package io.partita.cli;

import io.partita.PartitaException;
import io.partita.engine.Engine;
import io.partita.engine.QueryResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fingerprint of the data of each partition, comparable across engines: the row count and an
 * order-independent hash of the rows (the sum of a SHA-256 prefix of each row). Rows are read back
 * into Java and their values normalised (numbers, dates and timestamps to one text form each), so
 * two warehouses that hold the same rows give the same fingerprint whatever their own types.
 */
final class PartitionFingerprints {
  /** One asset's partitions: its name and the day column its rows are partitioned by. */
  record Asset(String name, String dayColumn) {}

  /** The rows of one asset's partition, as a count and a hash. */
  record Fingerprint(String asset, String partition, long rows, String hash) {}

  private static final int MAX_ROWS = 1_000_000;

  private PartitionFingerprints() {}

  /** The fingerprint of every day in {@code [first, last]} of each asset, in that order. */
  static List<Fingerprint> of(Engine engine, List<Asset> assets, LocalDate first, LocalDate last) {
    List<Fingerprint> result = new ArrayList<>();
    for (Asset asset : assets) {
      String column = engine.dialect().quote(asset.dayColumn());
      QueryResult rows =
          engine.query(
              "SELECT * FROM "
                  + engine.relation(asset.name())
                  + " WHERE "
                  + column
                  + " >= DATE '"
                  + first
                  + "' AND "
                  + column
                  + " < DATE '"
                  + last.plusDays(1)
                  + "'",
              MAX_ROWS);
      if (rows.truncated()) {
        throw PartitaException.internal(
            "More than " + MAX_ROWS + " rows in " + asset.name() + ": too many to fingerprint",
            null);
      }
      int day = indexOf(rows.columns(), asset.dayColumn());
      Map<String, long[]> byDay = new TreeMap<>();
      for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
        byDay.put(date.toString(), new long[2]);
      }
      for (List<Object> row : rows.rows()) {
        long[] sums = byDay.get(normalise(row.get(day)));
        sums[0]++;
        sums[1] += rowHash(rows.columns(), row);
      }
      byDay.forEach(
          (partition, sums) ->
              result.add(
                  new Fingerprint(
                      asset.name(), partition, sums[0], String.format("%016x", sums[1]))));
    }
    return result;
  }

  private static int indexOf(List<String> columns, String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(column)) {
        return i;
      }
    }
    throw PartitaException.internal("No column " + column + " in " + columns, null);
  }

  /** The first 8 bytes of the SHA-256 of the row's normalised values (audit columns left out). */
  private static long rowHash(List<String> columns, List<Object> row) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < row.size(); i++) {
      if (!columns.get(i).startsWith("_partita_")) {
        text.append(normalise(row.get(i))).append('\u0001');
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      long hash = 0;
      for (int i = 0; i < 8; i++) {
        hash = (hash << 8) | (digest[i] & 0xff);
      }
      return hash;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java has SHA-256", e);
    }
  }

  /** One text form per value, whichever Java type the engine's driver chose for it. */
  static String normalise(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double || value instanceof Float) {
      return Double.toString(((Number) value).doubleValue());
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Number number) {
      return Long.toString(number.longValue());
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toString();
    }
    return value.toString();
  }
}
