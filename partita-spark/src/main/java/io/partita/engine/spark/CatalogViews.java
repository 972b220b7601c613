package io.partita.engine.spark;

/**
 * The published name of an asset in the catalog, for readers outside Partita: on a REST catalog
 * (which has Iceberg views) the Iceberg view {@code lake.<namespace>.<asset>} over the live version
 * table, replaced in one catalog commit at promote and rollback. Other catalogs have none: their
 * readers read the live table by name.
 */
final class CatalogViews {
  private final IcebergTables tables;

  CatalogViews(IcebergTables tables) {
    this.tables = tables;
  }

  /** Points {@code lake.<namespace>.<asset>} at {@code version} where the catalog has views. */
  void show(String asset, String version) {
    if (!tables.settings().catalog().type().equals("rest")) {
      return;
    }
    tables
        .session()
        .sql(
            "CREATE OR REPLACE VIEW "
                + tables.qualified(asset)
                + " AS SELECT * FROM "
                + tables.qualified(asset, version));
  }
}
