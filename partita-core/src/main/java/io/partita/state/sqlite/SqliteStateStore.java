package io.partita.state.sqlite;

import io.partita.PartitaException;
import io.partita.state.jdbc.JdbcDatabase;
import io.partita.state.jdbc.JdbcStateStore;
import io.partita.state.jdbc.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The default state store: one SQLite file, e.g. {@code .partita/state.db}. Several processes may
 * open the same file at once (a run writing, {@code partita status} reading); thread-safe within a
 * process. Close it to release the file.
 */
public final class SqliteStateStore extends JdbcStateStore {
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;

  private final Path file;

  private SqliteStateStore(Path file, JdbcDatabase database) {
    super(database);
    this.file = file;
  }

  /**
   * Opens the file, creating it and its parent directories if needed, and migrates its schema to
   * the newest version.
   *
   * @throws PartitaException INTERNAL when the file cannot be opened or migrated; USER when it was
   *     written by a newer Partita, or is damaged or not a SQLite database
   */
  public static SqliteStateStore open(Path dbFile) {
    return open(dbFile, false);
  }

  /**
   * As {@link #open(Path)}, with an fsync at every commit when {@code fsyncEachCommit} (SQLite's
   * {@code synchronous=FULL}: commits survive a power loss too, at 1-2 ms each).
   */
  public static SqliteStateStore open(Path dbFile, boolean fsyncEachCommit) {
    Path file = dbFile.toAbsolutePath().normalize();
    createParent(file);
    SqliteDialect dialect = new SqliteDialect(true, fsyncEachCommit);
    try {
      Connection connection = connect(file, dialect);
      JdbcDatabase database = new JdbcDatabase(connection, dialect, file.toString());
      try {
        new Migrator(database, Clock.systemUTC()).migrate();
      } catch (RuntimeException e) {
        database.close();
        throw e;
      }
      return new SqliteStateStore(file, database);
    } catch (PartitaException e) {
      throw corruptFile(file, e);
    }
  }

  /**
   * A file that is not a SQLite database, or a damaged one, is the user's to fix (restore it, or
   * start a new store and repair it from the warehouse): a USER error naming the file, not a crash.
   */
  private static PartitaException corruptFile(Path file, PartitaException e) {
    if (!(e.getCause() instanceof SQLException sql)) {
      return e;
    }
    int code = sql.getErrorCode() & 0xff;
    if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB) {
      return e;
    }
    return new PartitaException(
        io.partita.ErrorCategory.USER,
        String.format(
            "The state store %s is damaged or not a SQLite database (%s). Restore it from a"
                + " backup, or move it aside and run `partita repair --from-warehouse` to rebuild"
                + " the partition states from the warehouse's publish log",
            file,
            code == SQLITE_NOTADB ? "file is not a database" : "database disk image is malformed"),
        e);
  }

  /**
   * An empty store with the newest schema that lives in memory and vanishes on close: what a
   * read-only command sees on a project that has never run, without creating the file.
   */
  public static SqliteStateStore openEmpty(Path dbFile) {
    Path file = dbFile.toAbsolutePath().normalize();
    SqliteDialect dialect = new SqliteDialect(false, false);
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite::memory:");
      dialect.configure(connection);
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Could not open an empty in-memory state store: " + e.getMessage(), e);
    }
    JdbcDatabase database = new JdbcDatabase(connection, dialect, file + " (not created yet)");
    try {
      new Migrator(database, Clock.systemUTC()).migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return new SqliteStateStore(file, database);
  }

  private static void createParent(Path file) {
    Path parent = file.getParent();
    if (parent == null) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException | UnsupportedOperationException e) {
      // A path the user chose (state: in partita.yaml) that cannot hold a directory, e.g. under
      // /proc or read-only: bad input, not a Partita bug.
      throw PartitaException.user(
          "Cannot create the directory %s for the state store %s (%s): point state: in partita.yaml at a writable"
              + " path, e.g. sqlite:.partita/state.db",
          parent,
          file,
          e instanceof java.nio.file.FileSystemException failure && failure.getReason() != null
              ? failure.getReason()
              : e.getClass().getSimpleName());
    }
  }

  private static Connection connect(Path file, SqliteDialect dialect) {
    // Switching a fresh file to WAL needs an exclusive lock, and SQLite reports SQLITE_BUSY at
    // once (busy_timeout does not apply) when another process opens the same fresh file at that
    // moment. Retry for a few seconds before giving up.
    for (int attempt = 1; ; attempt++) {
      try {
        return connectOnce(file, dialect);
      } catch (PartitaException e) {
        boolean busy = String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
        if (!busy || attempt >= 50) {
          throw e;
        }
        try {
          Thread.sleep(20L * Math.min(attempt, 10));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static Connection connectOnce(Path file, SqliteDialect dialect) {
    Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + file);
      dialect.configure(connection);
      return connection;
    } catch (SQLException e) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      throw PartitaException.internal(
          "Could not open the state store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The absolute path of the database file. */
  public Path file() {
    return file;
  }
}
