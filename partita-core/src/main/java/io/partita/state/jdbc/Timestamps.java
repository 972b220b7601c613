package io.partita.state.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Instants are stored as fixed-width ISO-8601 UTC text with milliseconds ({@code
 * 2025-03-01T05:00:00.000Z}): readable in the database, and string order is time order, so {@code
 * heartbeat_at < ?} compares correctly.
 */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  public static Instant parse(String text) {
    return Instant.parse(text);
  }

  public static void set(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    statement.setString(index, format(instant));
  }

  public static void set(PreparedStatement statement, int index, Optional<Instant> instant)
      throws SQLException {
    statement.setString(index, instant.map(Timestamps::format).orElse(null));
  }

  public static Instant get(ResultSet row, String column) throws SQLException {
    return parse(row.getString(column));
  }

  public static Optional<Instant> getOptional(ResultSet row, String column) throws SQLException {
    return Optional.ofNullable(row.getString(column)).map(Timestamps::parse);
  }
}
