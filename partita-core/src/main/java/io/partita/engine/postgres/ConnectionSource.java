package io.partita.engine.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** A connection from the engine's pool, autocommit on; the caller closes it. */
@FunctionalInterface
interface ConnectionSource {
  Connection open() throws SQLException;
}
