package io.partita.engine.postgres;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL warehouse keeps what: assets in {@code schema} (version {@code vN} of asset
 * {@code x} is the table {@code x__vN}, the published name {@code x} a view on the live one), and
 * Partita's own tables in schemas of their own: {@code _partita} (publish log, identity), {@code
 * _partita_backup} (the rows each publish replaced), {@code _partita_quarantine} and {@code
 * _partita_stage} (staging tables and overlay views). A warehouse in another schema than {@code
 * public} suffixes them with {@code __schema}, so two projects may share one database.
 */
record PgLayout(String schema) {
  static final String DEFAULT_SCHEMA = "public";
  private static final Pattern VERSIONED = Pattern.compile("(.+)__(v\\d+)");

  PgLayout {
    requireNonNull(schema, "schema is null");
  }

  private String internal(String base) {
    return DEFAULT_SCHEMA.equals(schema) ? base : base + "__" + schema;
  }

  String metaSchema() {
    return internal("_partita");
  }

  String backupSchema() {
    return internal("_partita_backup");
  }

  String quarantineSchema() {
    return internal("_partita_quarantine");
  }

  String stageSchema() {
    return internal("_partita_stage");
  }

  PgName publishLog() {
    return new PgName(metaSchema(), "publish_log");
  }

  PgName meta() {
    return new PgName(metaSchema(), "meta");
  }

  PgName parse(String relation) {
    return PgName.parse(relation, schema);
  }

  PgName published(String asset) {
    return new PgName(schema, asset);
  }

  PgName versionTable(String asset, String version) {
    return new PgName(schema, asset + "__" + version);
  }

  /** The published name of a version table, if {@code target} is one. */
  static Optional<PgName> publishedNameOf(PgName target) {
    Matcher matcher = VERSIONED.matcher(target.name());
    return matcher.matches()
        ? Optional.of(new PgName(target.schema(), matcher.group(1)))
        : Optional.empty();
  }

  /** {@code v2} for {@code features__v2}; {@code v1} for a table outside versions. */
  static String versionOf(PgName target) {
    Matcher matcher = VERSIONED.matcher(target.name());
    return matcher.matches() ? matcher.group(2) : "v1";
  }

  /** The backup table of a target: its rows replaced by publishes, tagged with run and time. */
  PgName backupOf(PgName target) {
    String name =
        schema.equals(target.schema()) ? target.name() : target.schema() + "__" + target.name();
    return new PgName(backupSchema(), name);
  }

  /**
   * The name publishes into {@code target} serialise on: the asset's published name, so that the
   * versions of one asset (and the view over them) are changed by one transaction at a time.
   */
  static String lockName(PgName target) {
    return publishedNameOf(target).orElse(target).sql();
  }
}
