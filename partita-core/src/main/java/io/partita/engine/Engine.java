package io.partita.engine;

/**
 * A warehouse that materializes partitions of assets: DuckDB by default; a Spark + Iceberg or
 * PostgreSQL engine implements the same contract. The interface only composes the concerns, so a
 * caller depends on the narrow one it uses:
 *
 * <ul>
 *   <li>{@link PartitionWriter}: stage, publish (with a way back), quarantine, discard, restore;
 *   <li>{@link StagedReads}: read an upstream as this run staged it;
 *   <li>{@link VersionCatalog}: the published name of an asset and its versions;
 *   <li>{@link WarehouseReader}: read-only queries, describe, and the {@link SqlDialect};
 *   <li>{@link PublishLog}: what was published, for crash recovery and rollback;
 *   <li>{@link WarehousePairing}: which state store describes this warehouse;
 *   <li>{@link SqlParser}: the statements of SQL text, without running it.
 * </ul>
 *
 * <p>Implementations must be safe for concurrent use by several worker threads. The contract is
 * pinned by {@code EngineContractTest}; every engine runs it.
 */
public interface Engine
    extends PartitionWriter,
        StagedReads,
        VersionCatalog,
        WarehouseReader,
        PublishLog,
        WarehousePairing,
        SqlParser,
        AutoCloseable {
  /** Name and version for lineage and logs, e.g. {@code duckdb v1.4.0}. */
  String describe();

  /** Releases the warehouse. Idempotent; any call after it throws. */
  @Override
  void close();
}
