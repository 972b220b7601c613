package io.partita.state;

import java.util.Optional;

/** Frozen pipeline definitions by hash. */
public interface SnapshotStore {
  /** Stores the snapshot unless one with the same hash exists (idempotent). */
  void save(Snapshot snapshot);

  Optional<Snapshot> find(String hash);
}
