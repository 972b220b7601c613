package io.partita.engine.duckdb;

import io.partita.PartitaException;
import io.partita.engine.SqlParser;
import io.partita.engine.SqlStatements;
import io.partita.engine.StatementSplitter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DuckDB's own parser, through {@code json_serialize_sql}: the SQL is a bound string parameter, so
 * nothing of it runs. (Preparing the text instead would not do: DuckDB's JDBC driver runs every
 * statement but the last while preparing.) DuckDB serializes only queries, so the function tells a
 * text of queries from one holding any other statement; {@link StatementSplitter} locates the
 * statements for the message, and the parser confirms each piece.
 */
public final class DuckDbSqlParser implements SqlParser {
  private static final String SERIALIZE =
      "SELECT json_extract_string(j, '$.error') = 'true', coalesce(json_array_length(j,"
          + " '$.statements'), 0), json_extract_string(j, '$.error_type'), json_extract_string(j,"
          + " '$.error_message') FROM (SELECT json_serialize_sql(CAST(? AS VARCHAR)) AS j)";

  private final ConnectionSource connections;

  DuckDbSqlParser(ConnectionSource connections) {
    this.connections = connections;
  }

  /**
   * A parser on a private in-memory database, for planning: it needs no warehouse, so it works
   * while another process holds the warehouse file.
   */
  public static DuckDbSqlParser standalone() {
    return Standalone.PARSER;
  }

  /** What DuckDB makes of one text: queries (how many), another statement, or no SQL at all. */
  private record Verdict(boolean queries, int count, Optional<String> syntaxError) {}

  @Override
  public SqlStatements parse(String sql) {
    try (Connection connection = connections.open()) {
      return parse(connection, sql);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot parse SQL with DuckDB: " + SqlErrors.clean(e), e);
    }
  }

  /** Parses on a connection the caller already holds (and keeps open). */
  static SqlStatements parse(Connection connection, String sql) throws SQLException {
    try (PreparedStatement serialize = connection.prepareStatement(SERIALIZE)) {
      Verdict whole = verdict(serialize, sql);
      if (whole.syntaxError().isPresent()) {
        return SqlStatements.unparseable(whole.syntaxError().get());
      }
      List<StatementSplitter.Piece> pieces = StatementSplitter.split(sql);
      List<SqlStatements.Statement> statements = new ArrayList<>();
      for (StatementSplitter.Piece piece : pieces) {
        Verdict one =
            whole.queries()
                ? new Verdict(true, 1, Optional.empty())
                : verdict(serialize, piece.text());
        if (one.syntaxError().isPresent() || one.count() > 1) {
          return coarse(whole, pieces);
        }
        statements.add(new SqlStatements.Statement(piece.keyword(), piece.line(), one.queries()));
      }
      boolean agrees =
          whole.queries()
              ? statements.size() == whole.count()
              : statements.stream().anyMatch(statement -> !statement.query());
      return agrees ? SqlStatements.of(statements) : coarse(whole, pieces);
    }
  }

  /**
   * The splitter cut the text differently from DuckDB (an exotic literal): still refuse or accept
   * exactly as DuckDB decided, with less detail.
   */
  private static SqlStatements coarse(Verdict whole, List<StatementSplitter.Piece> pieces) {
    String keyword = pieces.isEmpty() ? "SQL" : pieces.get(0).keyword();
    int count = whole.queries() ? whole.count() : Math.max(1, pieces.size());
    List<SqlStatements.Statement> statements = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statements.add(new SqlStatements.Statement(i == 0 ? keyword : "?", 1, whole.queries()));
    }
    return SqlStatements.of(statements);
  }

  private static Verdict verdict(PreparedStatement serialize, String sql) throws SQLException {
    serialize.setString(1, sql);
    try (ResultSet result = serialize.executeQuery()) {
      result.next();
      boolean error = result.getBoolean(1);
      if (!error) {
        return new Verdict(true, result.getInt(2), Optional.empty());
      }
      if ("parser".equals(result.getString(3))) {
        return new Verdict(false, 0, Optional.of(String.valueOf(result.getString(4))));
      }
      return new Verdict(false, 0, Optional.empty()); // "Only SELECT statements can be serialized"
    }
  }

  /** Opened on first use; the connection only ever serializes strings, under a lock. */
  private static final class Standalone {
    private static final DuckDbSqlParser PARSER = open();

    private static DuckDbSqlParser open() {
      try {
        Connection root = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = root.createStatement()) {
          statement.execute("SET enable_external_access = false");
          statement.execute("SET lock_configuration = true");
        }
        Object lock = new Object();
        return new DuckDbSqlParser(
            () -> {
              synchronized (lock) {
                return ((org.duckdb.DuckDBConnection) root).duplicate();
              }
            });
      } catch (SQLException e) {
        throw PartitaException.internal("Cannot open DuckDB to parse SQL: " + e.getMessage(), e);
      }
    }
  }
}
