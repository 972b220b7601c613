package io.partita.engine.spark;

import io.partita.PartitaException;
import io.partita.engine.VersionCatalog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Table;

/**
 * Versions of an asset are separate Iceberg tables ({@code events__v1}, {@code events__v2}); the
 * live one carries the table property {@code partita.live-since} with the highest value, so a
 * switch is one atomic Iceberg commit (a property update on the new version's table).
 *
 * <p>The published name ({@code ref('events')}) is a temporary view of Partita's SparkSession over
 * the live table, re-pointed on switch. The Hadoop catalog has no views: other Spark or Trino
 * readers read the live table itself, which {@code partita versions} names.
 */
final class SparkVersions implements VersionCatalog {
  static final String LIVE_SINCE = "partita.live-since";

  private final IcebergTables tables;
  private final Clock clock;
  private final CatalogViews views;

  /** Asset -> the version this session's view of it shows. */
  private final Map<String, String> shown = new ConcurrentHashMap<>();

  SparkVersions(IcebergTables tables, Clock clock) {
    this.tables = tables;
    this.clock = clock;
    this.views = new CatalogViews(tables);
  }

  /**
   * The session's view of the live version, read from the catalog at every call and re-pointed when
   * it changed: another process may have published the asset's first version after this session
   * opened (then nothing made the view here), or promoted or rolled back a version (a long-running
   * worker would otherwise read the old one until it restarts). One metadata read of each version
   * table of the asset: small next to the query that reads it.
   */
  @Override
  public String relation(String asset) {
    liveVersion(asset)
        .filter(version -> !version.equals(shown.get(asset)))
        .ifPresent(version -> showLive(asset, version));
    return IcebergTables.quote(asset);
  }

  @Override
  public String versionRelation(String asset, String version) {
    return tables.qualified(asset, version);
  }

  @Override
  public Optional<String> liveVersion(String asset) {
    return Optional.ofNullable(liveVersions(Optional.of(asset)).get(asset));
  }

  /** Asset -> live version, for every asset with one. */
  Map<String, String> liveVersions() {
    return liveVersions(Optional.empty());
  }

  /** Asset -> live version, for {@code only} the one asset when given (fewer tables to load). */
  private Map<String, String> liveVersions(Optional<String> only) {
    Map<String, Long> since = new LinkedHashMap<>();
    Map<String, String> live = new LinkedHashMap<>();
    for (String name : tables.versionTables()) {
      if (only.isPresent() && !IcebergTables.assetOf(name).equals(only)) {
        continue;
      }
      Optional<Table> table = tables.load(name);
      String value = table.map(t -> t.properties().get(LIVE_SINCE)).orElse(null);
      if (value == null) {
        continue;
      }
      String asset = IcebergTables.assetOf(name).orElseThrow();
      long millis = Long.parseLong(value);
      if (millis >= since.getOrDefault(asset, Long.MIN_VALUE)) {
        since.put(asset, millis);
        live.put(asset, IcebergTables.versionOf(name).orElseThrow());
      }
    }
    return live;
  }

  @Override
  public synchronized void switchVersion(String asset, String version) {
    Table table =
        tables
            .load(asset + "__" + version)
            .orElseThrow(
                () ->
                    PartitaException.user(
                        "Asset '%s' has no version %s in the warehouse: publish it first with"
                            + " --target %s",
                        asset, version, version));
    if (liveVersion(asset).equals(Optional.of(version))) {
      showLive(asset, version);
      return;
    }
    long newest = clock.millis();
    for (String name : tables.versionTables()) {
      if (IcebergTables.assetOf(name).equals(Optional.of(asset))) {
        String value = tables.load(name).map(t -> t.properties().get(LIVE_SINCE)).orElse(null);
        if (value != null) {
          newest = Math.max(newest, Long.parseLong(value) + 1);
        }
      }
    }
    table.updateProperties().set(LIVE_SINCE, Long.toString(newest)).commit();
    views.show(asset, version);
    showLive(asset, version);
  }

  /** Makes {@code version} live when the asset has no live version yet (its first publish). */
  synchronized void publishedTo(String asset, String version) {
    if (liveVersion(asset).isEmpty()) {
      tables
          .load(asset + "__" + version)
          .ifPresent(
              table ->
                  table.updateProperties().set(LIVE_SINCE, Long.toString(clock.millis())).commit());
      views.show(asset, version);
      showLive(asset, version);
    }
  }

  /** Re-makes the published view of {@code asset} when {@code version} is live (new columns). */
  synchronized void showIfLive(String asset, String version) {
    if (liveVersion(asset).equals(Optional.of(version))) {
      views.show(asset, version);
      showLive(asset, version);
    }
  }

  /** Points the session's published names at the live versions (on open). */
  void showAll() {
    liveVersions().forEach(this::showLive);
  }

  private void showLive(String asset, String version) {
    tables
        .session()
        .sql(
            "CREATE OR REPLACE TEMPORARY VIEW "
                + IcebergTables.quote(asset)
                + " AS SELECT * FROM "
                + versionRelation(asset, version));
    shown.put(asset, version);
  }

  @Override
  public synchronized void dropVersion(String asset, String version) {
    if (liveVersion(asset).equals(Optional.of(version))) {
      throw PartitaException.user(
          "Version %s of asset '%s' is live: switch to another version before dropping it",
          version, asset);
    }
    tables.drop(asset + "__" + version);
  }
}
