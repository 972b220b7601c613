package io.partita.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts SQL text at the semicolons that end statements, skipping those inside strings, quoted names,
 * dollar-quoted text and comments, as DuckDB and PostgreSQL lex them. The DuckDB engine only
 * locates statements with it for messages (its parser confirms every piece); the PostgreSQL engine,
 * which has no parser that runs nothing, reads the statements from it.
 */
public final class StatementSplitter {
  /** One statement's text (without its semicolon) and where its first keyword is. */
  public record Piece(String text, String keyword, int line) {}

  private final String sql;
  private int position;

  private StatementSplitter(String sql) {
    this.sql = sql;
  }

  /** The non-blank statements of {@code sql}, in order. */
  public static List<Piece> split(String sql) {
    return new StatementSplitter(sql).pieces();
  }

  /**
   * The bare words of {@code sql} in upper case, in order, outside strings, quoted names and
   * comments: what a statement does beyond its first keyword (e.g. a {@code WITH} holding a {@code
   * DELETE}).
   */
  public static List<String> words(String sql) {
    StatementSplitter splitter = new StatementSplitter(sql);
    List<String> words = new ArrayList<>();
    while (splitter.position < sql.length()) {
      char c = sql.charAt(splitter.position);
      boolean wordStart =
          (Character.isLetter(c) || c == '_')
              && (splitter.position == 0 || !isWordPart(sql.charAt(splitter.position - 1)));
      if (wordStart) {
        int end = splitter.position;
        while (end < sql.length() && isWordPart(sql.charAt(end))) {
          end++;
        }
        if (end < sql.length() && sql.charAt(end) == '\'') {
          splitter.position = end; // a prefixed string (E'...', B'...'): skip it whole
          splitter.skipToken();
          continue;
        }
        words.add(sql.substring(splitter.position, end).toUpperCase(Locale.ROOT));
        splitter.position = end;
      } else {
        splitter.skipToken();
      }
    }
    return words;
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private List<Piece> pieces() {
    List<Piece> pieces = new ArrayList<>();
    int start = 0;
    while (position < sql.length()) {
      char c = sql.charAt(position);
      if (c == ';') {
        add(pieces, start, position);
        start = ++position;
      } else {
        skipToken();
      }
    }
    add(pieces, start, sql.length());
    return pieces;
  }

  private void add(List<Piece> pieces, int start, int end) {
    int keywordAt = firstWord(start, end);
    if (keywordAt < 0) {
      return; // blank or only comments: not a statement
    }
    int wordEnd = keywordAt;
    while (wordEnd < end && Character.isLetter(sql.charAt(wordEnd))) {
      wordEnd++;
    }
    String keyword =
        wordEnd > keywordAt
            ? sql.substring(keywordAt, wordEnd)
            : sql.substring(keywordAt, keywordAt + 1);
    pieces.add(
        new Piece(sql.substring(start, end), keyword.toUpperCase(Locale.ROOT), lineOf(keywordAt)));
  }

  /** Offset of the first character that is not blank, a comment or an opening parenthesis. */
  private int firstWord(int start, int end) {
    int i = start;
    while (i < end) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (sql.startsWith("--", i)) {
        int newline = sql.indexOf('\n', i);
        i = newline < 0 ? end : newline + 1;
      } else if (sql.startsWith("/*", i)) {
        i = endOfBlockComment(i);
      } else {
        return i;
      }
    }
    return -1;
  }

  private int lineOf(int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Moves past one string, quoted name, comment, dollar-quoted text or character. */
  private void skipToken() {
    char c = sql.charAt(position);
    if (c == '\'') {
      boolean backslashes =
          position > 0
              && (sql.charAt(position - 1) == 'E' || sql.charAt(position - 1) == 'e')
              && (position < 2 || !Character.isLetterOrDigit(sql.charAt(position - 2)));
      skipQuoted('\'', backslashes);
    } else if (c == '"') {
      skipQuoted('"', false);
    } else if (sql.startsWith("--", position)) {
      int newline = sql.indexOf('\n', position);
      position = newline < 0 ? sql.length() : newline + 1;
    } else if (sql.startsWith("/*", position)) {
      position = endOfBlockComment(position);
    } else if (c == '$' && dollarTag().isPresent()) {
      String tag = dollarTag().get();
      int close = sql.indexOf(tag, position + tag.length());
      position = close < 0 ? sql.length() : close + tag.length();
    } else {
      position++;
    }
  }

  private void skipQuoted(char quote, boolean backslashes) {
    position++;
    while (position < sql.length()) {
      char c = sql.charAt(position);
      if (backslashes && c == '\\') {
        position += 2;
      } else if (c == quote && position + 1 < sql.length() && sql.charAt(position + 1) == quote) {
        position += 2; // a doubled quote stands for itself
      } else if (c == quote) {
        position++;
        return;
      } else {
        position++;
      }
    }
  }

  /** Block comments nest in DuckDB, as in PostgreSQL. */
  private int endOfBlockComment(int start) {
    int depth = 0;
    int i = start;
    while (i < sql.length()) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  /** {@code $tag$} or {@code $$} at the position; {@code $1} is a parameter, not a quote. */
  private java.util.Optional<String> dollarTag() {
    int i = position + 1;
    while (i < sql.length() && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    if (i < sql.length() && sql.charAt(i) == '$') {
      return java.util.Optional.of(sql.substring(position, i + 1));
    }
    return java.util.Optional.empty();
  }
}
