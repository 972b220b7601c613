package io.partita.engine.duckdb;

import static java.util.Objects.requireNonNull;

import io.partita.engine.sql.QualifiedName;

/**
 * A table in the warehouse, parsed from the relation text the layers above pass around: either a
 * bare name ({@code features}, in schema {@code main}) or quoted, optionally schema-qualified
 * ({@code "main"."features"}). Quoting is standard SQL ({@link QualifiedName}).
 */
record TableName(String schema, String name) {
  static final String DEFAULT_SCHEMA = "main";

  TableName {
    requireNonNull(schema, "schema is null");
    requireNonNull(name, "name is null");
  }

  static TableName parse(String relation) {
    QualifiedName parsed = QualifiedName.parse(relation, DEFAULT_SCHEMA);
    return new TableName(parsed.schema(), parsed.name());
  }

  /** The fully qualified, quoted name to use in SQL. */
  String sql() {
    return new QualifiedName(schema, name).sql();
  }

  static String quote(String identifier) {
    return QualifiedName.quote(identifier);
  }

  static String literal(String value) {
    return QualifiedName.literal(value);
  }

  /** The name as messages show it: without the default schema. */
  @Override
  public String toString() {
    return DEFAULT_SCHEMA.equals(schema) ? name : schema + "." + name;
  }
}
