package io.partita.engine.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One SparkContext per JVM (Spark allows no more), and a session of its own for every engine: a
 * session has its own catalogs, settings and temporary views, so two engines on two warehouses in
 * one process do not see each other's published names.
 */
final class SparkSessions {
  private static SparkSession base;

  private SparkSessions() {}

  /** A new session on the JVM's SparkContext, started with {@code settings} if none runs yet. */
  static synchronized SparkSession open(SparkSettings settings) {
    SparkConnectSettings.requireInProcessDriver(settings);
    if (base == null) {
      SparkSession.Builder builder =
          SparkSession.builder()
              .master(settings.master())
              .appName("partita")
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config(
                  "spark.sql.extensions",
                  "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
      if (settings.master().startsWith("local")) {
        builder.config("spark.driver.host", "127.0.0.1");
        builder.config("spark.driver.bindAddress", "127.0.0.1");
      }
      settings.conf().forEach(builder::config);
      base = builder.getOrCreate();
    }
    SparkSession session = base.newSession();
    // Standard SQL quoting: checks and metrics quote identifiers with "double quotes".
    session.conf().set("spark.sql.ansi.doubleQuotedIdentifiers", "true");
    catalogConf(settings).forEach((key, value) -> session.conf().set(key, value));
    return session;
  }

  /** {@code spark.sql.catalog.<name>.*} for the Iceberg catalog of {@code settings}. */
  static Map<String, String> catalogConf(SparkSettings settings) {
    SparkSettings.CatalogSettings catalog = settings.catalog();
    String prefix = "spark.sql.catalog." + catalog.name();
    java.util.LinkedHashMap<String, String> conf = new java.util.LinkedHashMap<>();
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    switch (catalog.type()) {
      case "jdbc" -> conf.put(prefix + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
      default -> conf.put(prefix + ".type", catalog.type());
    }
    conf.put(prefix + ".warehouse", catalog.warehouse());
    catalog.uri().ifPresent(uri -> conf.put(prefix + ".uri", uri));
    // Every load reads the table's current metadata: other processes commit too.
    conf.put(prefix + ".cache-enabled", "false");
    return conf;
  }
}
