package io.partita.engine.spark;

import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.SparkSession;

/**
 * The Iceberg tables of one warehouse: their names in Spark SQL ({@code lake.features.events__v1}),
 * their metadata through the Iceberg API, and one lock per table that serialises this process's
 * commits to it (Iceberg's optimistic commits handle other processes).
 */
final class IcebergTables {
  /** Separates an asset from its version in a table name: {@code events__v1}. */
  static final String VERSION_SEPARATOR = "__v";

  private final SparkSession session;
  private final SparkSettings settings;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final BranchCommits branchCommits = BranchCommits.standard();

  IcebergTables(SparkSession session, SparkSettings settings) {
    this.session = session;
    this.settings = settings;
  }

  SparkSession session() {
    return session;
  }

  SparkSettings settings() {
    return settings;
  }

  /** {@code lake.features.events__v1}: the Spark SQL name of one version of an asset. */
  String qualified(String asset, String version) {
    return qualified(asset + "__" + version);
  }

  String qualified(String table) {
    return settings.catalog().name() + "." + settings.namespace() + "." + table;
  }

  /** The table part of a name made by {@link #qualified}. */
  String tableName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  /** The asset of a version table name ({@code events__v1} -> {@code events}). */
  static Optional<String> assetOf(String tableName) {
    int at = tableName.lastIndexOf(VERSION_SEPARATOR);
    return at <= 0 ? Optional.empty() : Optional.of(tableName.substring(0, at));
  }

  /** The version of a version table name ({@code events__v1} -> {@code v1}). */
  static Optional<String> versionOf(String tableName) {
    int at = tableName.lastIndexOf(VERSION_SEPARATOR);
    return at <= 0 ? Optional.empty() : Optional.of(tableName.substring(at + 2));
  }

  /** A branch of a table as Spark SQL reads and writes it. */
  String branch(String qualified, String branch) {
    return qualified + ".branch_" + branch;
  }

  Catalog iceberg() {
    SparkSession.setActiveSession(session);
    return ((SparkCatalog) session.sessionState().catalogManager().catalog(catalogName()))
        .icebergCatalog();
  }

  String catalogName() {
    return settings.catalog().name();
  }

  void ensureNamespace() {
    if (iceberg() instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(namespace())) {
      try {
        namespaces.createNamespace(namespace());
      } catch (AlreadyExistsException createdMeanwhile) {
        // Another worker opening the same warehouse made it first: just as good.
      }
    }
  }

  /**
   * Runs {@code create} (a {@code CREATE TABLE IF NOT EXISTS}) and tolerates losing the race to
   * another process creating the same table in between: Spark checks, then creates, so the loser
   * gets "already exists" although it asked IF NOT EXISTS. Rethrows when the table is still
   * missing.
   */
  void createIfMissing(String tableName, Runnable create) {
    try {
      create.run();
    } catch (RuntimeException e) {
      if (load(tableName).isEmpty()) {
        throw e;
      }
    }
  }

  Namespace namespace() {
    return Namespace.of(settings.namespace());
  }

  Optional<Table> load(String tableName) {
    try {
      return Optional.of(iceberg().loadTable(TableIdentifier.of(namespace(), tableName)));
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
  }

  Table loadQualified(String qualified) {
    return load(tableName(qualified))
        .orElseThrow(() -> new NoSuchTableException("Table does not exist: %s", qualified));
  }

  /** The version tables ({@code asset__vN}) of the namespace, sorted by name. */
  List<String> versionTables() {
    List<String> names = new ArrayList<>();
    try {
      for (TableIdentifier id : iceberg().listTables(namespace())) {
        if (assetOf(id.name()).isPresent()) {
          names.add(id.name());
        }
      }
    } catch (NoSuchNamespaceException e) {
      return List.of();
    }
    names.sort(null);
    return names;
  }

  boolean drop(String tableName) {
    return iceberg().dropTable(TableIdentifier.of(namespace(), tableName), true);
  }

  /** Ref changes (branches) retried against other processes' commits to the same table. */
  BranchCommits branchCommits() {
    return branchCommits;
  }

  /** This process's lock on one table: commits to it are serialised. */
  Object lock(String qualified) {
    return locks.computeIfAbsent(qualified, name -> new Object());
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** {@code `date` >= DATE '2025-03-01' AND `date` < DATE '2025-03-02'}. */
  static String window(String timeColumn, PartitionKey partition) {
    Grain grain = partition.grain();
    return quote(timeColumn)
        + " >= "
        + grain.sqlLiteral(partition.start())
        + " AND "
        + quote(timeColumn)
        + " < "
        + grain.sqlLiteral(partition.end());
  }

  /** The Iceberg partition transform of a grain: one partition holds one window or less. */
  static String transform(Grain grain, String timeColumn) {
    return switch (grain) {
          case HOUR -> "hours";
          case DAY, WEEK -> "days";
          case MONTH -> "months";
        }
        + "("
        + quote(timeColumn)
        + ")";
  }
}
