package io.partita.backend;

import io.partita.engine.Engine;
import io.partita.engine.SqlParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens the warehouses whose {@code warehouse:} URL starts with one of its {@link #schemes()}.
 * Implementations are found with {@link java.util.ServiceLoader} (listed in {@code
 * META-INF/services/io.partita.backend.EngineProvider}) and must have a public no-argument
 * constructor; they are stateless and thread-safe.
 */
public interface EngineProvider {
  /** The URL prefixes this provider accepts, e.g. {@code duckdb:}; no two providers share one. */
  List<String> schemes();

  /**
   * Where the warehouse lives, for messages, the pairing check and lineage namespaces; a file-less
   * warehouse answers a path naming it. Creates nothing.
   *
   * @throws io.partita.PartitaException USER when the URL names no valid location
   */
  Path location(BackendUrl url, Path projectDir);

  /** True when the warehouse has been created (by a first write). */
  boolean exists(BackendUrl url, Path projectDir);

  /**
   * Opens the warehouse, creating it unless {@code options} ask for reading only.
   *
   * @throws io.partita.PartitaException CONFLICT when another process holds it; USER when a
   *     read-only open finds no warehouse
   */
  Engine open(BackendUrl url, Path projectDir, EngineOptions options);

  /**
   * An empty throw-away warehouse of this kind, gone when the process ends: a run's preflight is
   * verified against it when the real warehouse does not exist yet, so that a refused backfill on a
   * fresh project creates nothing. {@code url} names the server for warehouses that are not files
   * (the scratch warehouse lives there, apart from the real one, until it is closed).
   */
  Engine openScratch(BackendUrl url, Path projectDir, java.time.Clock clock);

  /**
   * Whether the warehouse can publish partitions of several assets in one transaction ({@code
   * --publish atomic} across assets), as {@link Engine#publishesSeveralRelationsAtomically} of the
   * engine it opens; asked at planning, before any warehouse is opened.
   */
  default boolean publishesSeveralRelationsAtomically(BackendUrl url, Path projectDir) {
    return true;
  }

  /**
   * True when several processes, on one machine or many, may write the warehouse at once, each with
   * its own connection, so that workers can share runs (a database server); false for a warehouse
   * that one process locks (a DuckDB file).
   */
  default boolean shareable() {
    return false;
  }

  /**
   * Why processes other than one cannot write this project's warehouse at the same time (so that
   * {@code partita worker} and {@code backfill --detach} must refuse it), or empty when they can.
   * For providers whose answer depends on partita.yaml (a Spark project's catalog type); the
   * default answers from {@link #shareable()}. The reason names partita.yaml and the fix, and reads
   * after "but".
   */
  default Optional<String> notShareable(BackendUrl url, Path projectDir) {
    return shareable()
        ? Optional.empty()
        : Optional.of(
            String.format(
                "warehouse '%s' in partita.yaml is locked by one process: set warehouse:"
                    + " postgresql://... (see README \"Running on PostgreSQL with many workers\")",
                url.url()));
  }

  /** Parses model SQL in this engine's dialect without opening any warehouse. */
  SqlParser sqlParser();
}
