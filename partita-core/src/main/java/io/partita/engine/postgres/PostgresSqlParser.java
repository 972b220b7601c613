package io.partita.engine.postgres;

import io.partita.engine.SqlParser;
import io.partita.engine.SqlStatements;
import io.partita.engine.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the statements of SQL text lexically, as PostgreSQL's lexer cuts them (strings, quoted
 * names, dollar quotes, nested comments): PostgreSQL has no way to parse text without a session,
 * and preparing it would run all but the last of several statements. A statement counts as a query
 * when it starts with SELECT, WITH, VALUES, TABLE or SHOW and holds no word that writes (a data
 * modifying {@code WITH}, {@code SELECT ... INTO}); text that does not parse is reported by the
 * server when it runs, where the engine also holds it to a read-only transaction.
 */
final class PostgresSqlParser implements SqlParser {
  static final PostgresSqlParser INSTANCE = new PostgresSqlParser();

  private static final Set<String> QUERY_KEYWORDS =
      Set.of("SELECT", "WITH", "VALUES", "TABLE", "SHOW", "FROM");
  private static final Set<String> WRITING_WORDS =
      Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "TRUNCATE", "COPY", "CALL", "DO");

  private PostgresSqlParser() {}

  @Override
  public SqlStatements parse(String sql) {
    List<SqlStatements.Statement> statements = new ArrayList<>();
    for (StatementSplitter.Piece piece : StatementSplitter.split(sql)) {
      List<String> words = StatementSplitter.words(piece.text());
      boolean query =
          QUERY_KEYWORDS.contains(piece.keyword())
              && words.stream().noneMatch(WRITING_WORDS::contains);
      statements.add(new SqlStatements.Statement(piece.keyword(), piece.line(), query));
    }
    return SqlStatements.of(statements);
  }
}
