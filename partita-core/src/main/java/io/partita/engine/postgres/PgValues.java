package io.partita.engine.postgres;

import io.partita.engine.sql.JdbcValues;
import org.postgresql.util.PGobject;

/**
 * {@link JdbcValues} for PostgreSQL: JSON, intervals and the other types the driver returns as a
 * {@link PGobject} become their text.
 */
final class PgValues extends JdbcValues {
  static final PgValues INSTANCE = new PgValues();

  private PgValues() {}

  @Override
  protected Object driverValue(Object value) {
    return value instanceof PGobject object ? object.getValue() : value;
  }
}
