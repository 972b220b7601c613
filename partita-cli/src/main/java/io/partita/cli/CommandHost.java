package io.partita.cli;

import io.partita.engine.Engine;
import io.partita.project.ProjectContext;

/**
 * While this process holds the warehouse, the commands other shells send ({@link HolderEndpoint})
 * run here on the held connection: the connection shared with every context of the process, and the
 * endpoint advertised. Closing waits for the commands in progress, then ends both.
 */
final class CommandHost implements AutoCloseable {
  private final ProjectContext.Sharing sharing;
  private final HolderEndpoint endpoint;

  private CommandHost(ProjectContext.Sharing sharing, HolderEndpoint endpoint) {
    this.sharing = sharing;
    this.endpoint = endpoint;
  }

  /** Starts serving on {@code engine}, the open warehouse of {@code workspace}'s project. */
  static CommandHost start(ProjectContext workspace, Engine engine) {
    ProjectContext.Sharing sharing = workspace.shareWarehouse(engine);
    try {
      return new CommandHost(sharing, HolderEndpoint.start(workspace.dir()));
    } catch (RuntimeException e) {
      sharing.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      endpoint.close();
    } finally {
      sharing.close();
    }
  }
}
