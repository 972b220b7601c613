package io.partita.engine;

import java.util.Optional;

/**
 * Where an asset lives: the published name readers use, and the physical versions behind it. An
 * asset has one live version at a time; rebuilding it writes a new version that a switch makes
 * live. Thread-safe.
 */
public interface VersionCatalog {
  /**
   * The relation that {@code ref('asset')} renders to: the published name of the asset. Pure: no
   * I/O, never throws for a valid asset name.
   */
  String relation(String asset);

  /**
   * The physical relation that holds {@code version} of {@code asset} (e.g. {@code features__v2}).
   * Pure, like {@link #relation}. The first publish of a version creates it, and makes it live when
   * the asset has no live version yet.
   */
  String versionRelation(String asset, String version);

  /** The version the published name points at; empty before the asset's first publish. */
  Optional<String> liveVersion(String asset);

  /**
   * Makes {@code version} the live one, atomically: a concurrent reader sees the old version or the
   * new one, never an error or a mix. Idempotent.
   *
   * @throws io.partita.PartitaException USER when the version has no relation in the warehouse
   */
  void switchVersion(String asset, String version);

  /**
   * Drops a version that is not live, with anything the engine keeps for it (e.g. its backups).
   * Idempotent: dropping a missing version does nothing.
   */
  void dropVersion(String asset, String version);
}
