package io.partita.engine.spark;

import io.partita.engine.SqlParser;
import io.partita.engine.SqlStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Spark SQL's own parser, statement by statement: the text is cut at semicolons outside quotes and
 * comments, and each piece parsed (never analysed or run). A statement is a query unless Spark
 * parses it into a command or an INSERT.
 */
final class SparkSqlParser implements SqlParser {
  /** Spark's {@code parsePlan}, which declares Spark's checked ParseException. */
  interface PlanParser {
    LogicalPlan parsePlan(String sql) throws Exception;
  }

  private final PlanParser parsePlan;

  SparkSqlParser(PlanParser parsePlan) {
    this.parsePlan = parsePlan;
  }

  /** Spark's Catalyst parser without a session: for models checked before any warehouse opens. */
  static SparkSqlParser standalone() {
    return new SparkSqlParser(CatalystSqlParser$.MODULE$::parsePlan);
  }

  @Override
  public SqlStatements parse(String sql) {
    List<SqlStatements.Statement> statements = new ArrayList<>();
    for (Piece piece : split(sql)) {
      LogicalPlan plan;
      try {
        plan = parsePlan.parsePlan(piece.text());
      } catch (Exception e) {
        return SqlStatements.unparseable(SparkErrors.oneLine(e));
      }
      boolean query = !(plan instanceof Command) && !(plan instanceof InsertIntoStatement);
      statements.add(new SqlStatements.Statement(keyword(piece.text()), piece.line(), query));
    }
    return SqlStatements.of(statements);
  }

  private record Piece(String text, int line) {}

  /** Statements cut at top-level semicolons; blank pieces and comment-only pieces dropped. */
  private static List<Piece> split(String sql) {
    List<Piece> pieces = new ArrayList<>();
    int start = 0;
    char quote = 0;
    for (int i = 0; i <= sql.length(); i++) {
      char c = i < sql.length() ? sql.charAt(i) : ';';
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() - 1 : end;
      } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() - 1 : end + 1;
      } else if (c == ';') {
        String text = sql.substring(start, Math.min(i, sql.length()));
        if (!keyword(text).isEmpty()) {
          pieces.add(new Piece(text, lineOfFirstWord(sql, start)));
        }
        start = i + 1;
      }
    }
    return pieces;
  }

  /** The first word in upper case, past comments and opening parentheses; empty if none. */
  static String keyword(String text) {
    String rest = stripComments(text).strip();
    while (rest.startsWith("(")) {
      rest = rest.substring(1).strip();
    }
    int end = 0;
    while (end < rest.length() && Character.isLetter(rest.charAt(end))) {
      end++;
    }
    return rest.substring(0, end).toUpperCase(Locale.ROOT);
  }

  private static String stripComments(String text) {
    return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
  }

  private static int lineOfFirstWord(String sql, int from) {
    int line = 1;
    for (int i = 0; i < from; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
      }
    }
    String rest = sql.substring(from);
    String stripped = stripComments(rest);
    int firstWord = 0;
    while (firstWord < stripped.length() && Character.isWhitespace(stripped.charAt(firstWord))) {
      firstWord++;
    }
    for (int i = 0; i < Math.min(firstWord, rest.length()); i++) {
      if (rest.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  static String stripTrailingSemicolons(String sql) {
    String text = sql.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }
}
