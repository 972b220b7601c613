package io.partita.engine.postgres;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A relation in the warehouse, parsed from the relation text the layers above pass around: a bare
 * name ({@code features}, in the warehouse's schema) or quoted and schema-qualified ({@code
 * "public"."features"}).
 */
record PgName(String schema, String name) {
  PgName {
    requireNonNull(schema, "schema is null");
    requireNonNull(name, "name is null");
  }

  /** {@code relation} as a name; a bare name lies in {@code defaultSchema}. */
  static PgName parse(String relation, String defaultSchema) {
    List<String> parts = splitQualified(relation.strip());
    if (parts.size() == 1) {
      return new PgName(defaultSchema, parts.get(0));
    }
    if (parts.size() == 2) {
      return new PgName(parts.get(0), parts.get(1));
    }
    throw new IllegalArgumentException("Not a table name: " + relation);
  }

  /** The fully qualified, quoted name to use in SQL. */
  String sql() {
    return quote(schema) + "." + quote(name);
  }

  /** The name as a {@code regclass} literal, for catalog lookups. */
  String regclass() {
    return literal(sql());
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String literal(String value) {
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

  @Override
  public String toString() {
    return schema + "." + name;
  }
}
