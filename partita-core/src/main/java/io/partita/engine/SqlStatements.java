package io.partita.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statements of a piece of SQL as the engine's parser sees them.
 *
 * @param statements in order; empty for blank text, comments only, or text that does not parse
 * @param syntaxError the parser's message when the text does not parse
 */
public record SqlStatements(List<Statement> statements, Optional<String> syntaxError) {
  /** What a model may be: one query starting with one of these keywords (or a parenthesis). */
  public static final Set<String> MODEL_KEYWORDS = Set.of("SELECT", "WITH", "VALUES", "FROM");

  /**
   * @param keyword the statement's first keyword in upper case: SELECT, DROP, COPY, ...
   * @param line 1-based line of the text where the statement starts
   * @param query whether the parser reads it as a query (it reads and writes nothing)
   */
  public record Statement(String keyword, int line, boolean query) {
    public Statement {
      requireNonNull(keyword, "keyword is null");
    }

    boolean isOneOf(Set<String> keywords) {
      return query && keywords.contains(keyword);
    }
  }

  /** Why a text is not exactly one query: e.g. "is 3 statements (SELECT, DROP, SELECT)". */
  public record Problem(int line, String description) {}

  public SqlStatements {
    statements = List.copyOf(statements);
    requireNonNull(syntaxError, "syntaxError is null");
  }

  public static SqlStatements of(List<Statement> statements) {
    return new SqlStatements(statements, Optional.empty());
  }

  public static SqlStatements unparseable(String message) {
    return new SqlStatements(List.of(), Optional.of(message));
  }

  /**
   * Why this text is not exactly one query that starts with one of {@code keywords}; empty when it
   * is, or when it does not parse at all (then no part of it can run).
   */
  public Optional<Problem> notOneQuery(Set<String> keywords) {
    if (syntaxError.isPresent()) {
      return Optional.empty();
    }
    if (statements.isEmpty()) {
      return Optional.of(new Problem(1, "is empty (no statement)"));
    }
    if (statements.size() > 1) {
      int line =
          statements.stream()
              .filter(s -> !s.isOneOf(keywords))
              .findFirst()
              .orElse(statements.get(1))
              .line();
      String kinds = statements.stream().map(Statement::keyword).collect(Collectors.joining(", "));
      return Optional.of(
          new Problem(line, "is " + statements.size() + " statements (" + kinds + ")"));
    }
    Statement only = statements.get(0);
    if (only.isOneOf(keywords)) {
      return Optional.empty();
    }
    if (keywords.contains(only.keyword())) {
      return Optional.of(
          new Problem(only.line(), "starts with " + only.keyword() + " but is not a query"));
    }
    return Optional.of(
        new Problem(
            only.line(), "is " + article(only.keyword()) + " " + only.keyword() + " statement"));
  }

  /** "an EXPORT", "an UPDATE", but "a USE". */
  private static String article(String keyword) {
    String word = keyword.toUpperCase(Locale.ROOT);
    boolean vowel =
        "AEIO".indexOf(word.charAt(0)) >= 0 || word.startsWith("UN") || word.startsWith("UP");
    return vowel ? "an" : "a";
  }
}
