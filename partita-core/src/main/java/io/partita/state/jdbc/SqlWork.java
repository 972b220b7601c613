package io.partita.state.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on the store's connection; may throw {@link SQLException}. */
@FunctionalInterface
public interface SqlWork<T> {
  T apply(Connection connection) throws SQLException;
}
