package io.partita.engine.postgres;

import static java.util.Objects.requireNonNull;

import io.partita.engine.sql.QualifiedName;

/**
 * A relation in the warehouse, parsed from the relation text the layers above pass around: a bare
 * name ({@code features}, in the warehouse's schema) or quoted and schema-qualified ({@code
 * "public"."features"}). Quoting is standard SQL ({@link QualifiedName}).
 */
record PgName(QualifiedName qualified) {
  PgName {
    requireNonNull(qualified, "qualified is null");
  }

  PgName(String schema, String name) {
    this(new QualifiedName(schema, name));
  }

  /** {@code relation} as a name; a bare name lies in {@code defaultSchema}. */
  static PgName parse(String relation, String defaultSchema) {
    return new PgName(QualifiedName.parse(relation, defaultSchema));
  }

  String schema() {
    return qualified.schema();
  }

  String name() {
    return qualified.name();
  }

  /** The fully qualified, quoted name to use in SQL. */
  String sql() {
    return qualified.sql();
  }

  /** The name as a {@code regclass} literal, for catalog lookups. */
  String regclass() {
    return literal(sql());
  }

  static String quote(String identifier) {
    return QualifiedName.quote(identifier);
  }

  static String literal(String value) {
    return QualifiedName.literal(value);
  }

  @Override
  public String toString() {
    return schema() + "." + name();
  }
}
