package io.partita.backend;

import io.partita.state.StateStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens the state stores whose {@code state:} URL starts with one of its {@link #schemes()}.
 * Implementations are found with {@link java.util.ServiceLoader} (listed in {@code
 * META-INF/services/io.partita.backend.StateStoreProvider}) and must have a public no-argument
 * constructor; they are stateless and thread-safe.
 */
public interface StateStoreProvider {
  /** The URL prefixes this provider accepts, e.g. {@code sqlite:}; no two providers share one. */
  List<String> schemes();

  /** Where the store lives, for messages and the pairing check. Creates nothing. */
  Path location(BackendUrl url, Path projectDir);

  /** True when the store has been created; false lets read-only commands leave no trace. */
  boolean exists(BackendUrl url, Path projectDir);

  /**
   * Opens the store, creating it if needed, and migrates its schema to the newest version.
   *
   * @throws io.partita.PartitaException USER when it was written by a newer Partita or is damaged;
   *     INTERNAL when it cannot be reached
   */
  StateStore open(BackendUrl url, Path projectDir);

  /**
   * An empty store with the newest schema that creates nothing and forgets everything on close:
   * what read-only commands see before the first run.
   */
  StateStore openEmpty(BackendUrl url, Path projectDir);
}
