package io.partita.engine.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A relation parsed from the relation text the layers above pass around: a bare name ({@code
 * features}, in the engine's default schema) or quoted and schema-qualified ({@code
 * "main"."features"}). Quoting follows standard SQL: double quotes, a quote inside doubled.
 */
public record QualifiedName(String schema, String name) {
  public QualifiedName {
    requireNonNull(schema, "schema is null");
    requireNonNull(name, "name is null");
  }

  /**
   * {@code relation} as a name; a bare name lies in {@code defaultSchema}.
   *
   * @throws IllegalArgumentException when it is not one or two (optionally quoted) names
   */
  public static QualifiedName parse(String relation, String defaultSchema) {
    List<String> parts = splitQualified(relation.strip());
    if (parts.size() == 1) {
      return new QualifiedName(defaultSchema, parts.get(0));
    }
    if (parts.size() == 2) {
      return new QualifiedName(parts.get(0), parts.get(1));
    }
    throw new IllegalArgumentException("Not a table name: " + relation);
  }

  /** The fully qualified, quoted name to use in SQL. */
  public String sql() {
    return quote(schema) + "." + quote(name);
  }

  /** A quoted identifier, safe for any name. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A string literal, safe for any text. */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static List<String> splitQualified(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          current.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    if (quoted || parts.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("Not a table name: " + text);
    }
    return parts;
  }
}
