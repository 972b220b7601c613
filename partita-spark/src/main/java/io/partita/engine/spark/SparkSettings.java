package io.partita.engine.spark;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code spark:} block of partita.yaml: where Spark runs and which Iceberg catalog holds the
 * tables. Core only lets the block through; this module reads it from the project's partita.yaml.
 *
 * @param master Spark's master URL, {@code local[2]} unless set
 * @param connect a Spark Connect server ({@code sc://host:15002}) to run on instead of a driver in
 *     this process ({@link SparkConnectSettings}); the master is then the server's business
 * @param catalog the Iceberg catalog, passed to Spark as {@code spark.sql.catalog.<name>.*}
 * @param namespace the Iceberg namespace of the asset tables
 * @param conf any other Spark setting, applied when the SparkSession starts
 */
public record SparkSettings(
    String master,
    Optional<String> connect,
    CatalogSettings catalog,
    String namespace,
    Map<String, String> conf) {
  static final String FILE = "partita.yaml";
  private static final List<String> KEYS =
      List.of("master", "connect", "catalog", "namespace", "conf");
  private static final List<String> CATALOG_KEYS = List.of("name", "type", "warehouse", "uri");

  /**
   * @param name the catalog's name in Spark SQL, e.g. {@code lake} in {@code lake.features.x}
   * @param type {@code hadoop} (a directory), {@code jdbc} or {@code rest}
   * @param warehouse where table files live; relative paths are resolved against the project
   * @param uri the JDBC or REST catalog's address
   */
  public record CatalogSettings(String name, String type, String warehouse, Optional<String> uri) {
    public CatalogSettings {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      requireNonNull(warehouse, "warehouse is null");
      requireNonNull(uri, "uri is null");
    }

    /**
     * Whether one commit can change several tables: REST catalogs offer it ({@code POST
     * /v1/transactions/commit}); Hadoop and JDBC catalogs commit one table at a time.
     */
    public boolean commitsSeveralTablesAtomically() {
      return type.equals("rest");
    }

    /**
     * Whether several processes may commit to the catalog's tables at once: a JDBC or REST catalog
     * swaps a table's metadata pointer atomically (compare-and-swap in its database or server), so
     * a process that loses the race retries. A Hadoop catalog commits by renaming a file, which is
     * not atomic across processes on a local or object-store file system.
     */
    public boolean sharedByProcesses() {
      return type.equals("jdbc") || type.equals("rest");
    }
  }

  public SparkSettings {
    requireNonNull(master, "master is null");
    requireNonNull(connect, "connect is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(namespace, "namespace is null");
    conf = Map.copyOf(conf);
  }

  /** Settings for a driver in this process (no Spark Connect). */
  public SparkSettings(
      String master, CatalogSettings catalog, String namespace, Map<String, String> conf) {
    this(master, Optional.empty(), catalog, namespace, conf);
  }

  /** The settings of a project without a {@code spark:} block. */
  public static SparkSettings defaults(Path projectDir) {
    return new SparkSettings(
        "local[2]",
        new CatalogSettings(
            "lake", "hadoop", resolve(projectDir, ".partita/lake"), Optional.empty()),
        "partita",
        Map.of());
  }

  /** Reads the {@code spark:} block of {@code projectDir}'s partita.yaml, or the defaults. */
  public static SparkSettings load(Path projectDir) {
    Path file = projectDir.resolve(FILE);
    if (!Files.exists(file)) {
      return defaults(projectDir);
    }
    Object root;
    try {
      root = new Yaml().load(Files.readString(file));
    } catch (IOException e) {
      throw PartitaException.internal("Cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top) || top.get("spark") == null) {
      return defaults(projectDir);
    }
    return parse(projectDir, top.get("spark"));
  }

  static SparkSettings parse(Path projectDir, Object block) {
    Map<?, ?> spark = mapping(block, "spark", KEYS);
    SparkSettings defaults = defaults(projectDir);
    CatalogSettings catalog = defaults.catalog();
    if (spark.get("catalog") != null) {
      Map<?, ?> entries = mapping(spark.get("catalog"), "spark.catalog", CATALOG_KEYS);
      String type = text(entries, "type", catalog.type());
      if (!List.of("hadoop", "jdbc", "rest").contains(type)) {
        throw PartitaException.user(
            "%s: spark.catalog.type '%s' is not supported: use hadoop, jdbc or rest", FILE, type);
      }
      Optional<String> uri = Optional.ofNullable(entries.get("uri")).map(String::valueOf);
      if (!type.equals("hadoop") && uri.isEmpty()) {
        throw PartitaException.user(
            "%s: spark.catalog.type %s needs uri: add uri: under spark.catalog", FILE, type);
      }
      catalog =
          new CatalogSettings(
              text(entries, "name", catalog.name()),
              type,
              entries.get("warehouse") == null
                  ? catalog.warehouse()
                  : resolve(projectDir, String.valueOf(entries.get("warehouse"))),
              uri);
    }
    Map<String, String> conf = new LinkedHashMap<>();
    if (spark.get("conf") != null) {
      mapping(spark.get("conf"), "spark.conf", null)
          .forEach((key, value) -> conf.put(String.valueOf(key), String.valueOf(value)));
    }
    return new SparkSettings(
        text(spark, "master", defaults.master()),
        SparkConnectSettings.connect(spark),
        catalog,
        text(spark, "namespace", defaults.namespace()),
        conf);
  }

  /** A local path against the project; URLs ({@code s3://}, {@code file:/}) as they are. */
  private static String resolve(Path projectDir, String warehouse) {
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return warehouse;
    }
    return projectDir.toAbsolutePath().resolve(warehouse).normalize().toString();
  }

  private static String text(Map<?, ?> entries, String key, String fallback) {
    Object value = entries.get(key);
    return value == null ? fallback : String.valueOf(value);
  }

  private static Map<?, ?> mapping(Object value, String where, List<String> keys) {
    if (!(value instanceof Map<?, ?> map)) {
      throw PartitaException.user(
          "%s: %s must be a mapping, e.g. spark: {master: local[2], namespace: features}",
          FILE, where);
    }
    if (keys != null) {
      for (Object key : map.keySet()) {
        if (!keys.contains(String.valueOf(key))) {
          throw PartitaException.user(
              "%s: unknown key '%s' in %s: use one of %s",
              FILE, key, where, String.join(", ", keys));
        }
      }
    }
    return map;
  }
}
