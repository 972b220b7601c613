package io.partita.engine.duckdb;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out a fresh connection to the one open database; the caller closes it. */
@FunctionalInterface
interface ConnectionSource {
  Connection open() throws SQLException;
}
