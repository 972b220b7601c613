package io.partita.cli;

import io.partita.PartitaException;
import io.partita.project.ProjectContext;

/** Whether runs of a project can be shared by worker processes. */
final class Sharing {
  private Sharing() {}

  /**
   * Refuses {@code what} (exit 2) when the warehouse is one that a single process locks: workers in
   * other processes could not write it.
   */
  static void require(ProjectContext workspace, String what) {
    java.util.Optional<String> why = workspace.warehouseNotShareable();
    if (why.isPresent()) {
      throw PartitaException.user(
          "%s needs a warehouse that several processes can write at once, but %s, or run"
              + " `partita backfill` without --detach",
          what, why.get());
    }
  }
}
