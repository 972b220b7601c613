package io.partita.cli;

import io.partita.config.Pipeline;
import io.partita.drill.DrillHost;
import io.partita.drill.DrillProject;
import io.partita.engine.Engine;
import io.partita.exec.RunManager;
import io.partita.state.StateStore;
import java.nio.file.Path;

/** Drills open projects as every command does ({@link Workspace}) and start this CLI as a child. */
final class CliDrillHost implements DrillHost {
  @Override
  public DrillProject open(Path dir) {
    return new WorkspaceProject(Workspace.open(dir));
  }

  @Override
  public Path statePath(Pipeline pipeline) {
    return Workspace.statePath(pipeline);
  }

  @Override
  public String cliMainClass() {
    return Main.class.getName();
  }

  private record WorkspaceProject(Workspace workspace) implements DrillProject {
    @Override
    public Pipeline pipeline() {
      return workspace.pipeline();
    }

    @Override
    public StateStore state() {
      return workspace.state();
    }

    @Override
    public Engine engine() {
      return workspace.engine();
    }

    @Override
    public RunManager runs() {
      return workspace.runs();
    }

    @Override
    public void close() {
      workspace.close();
    }
  }
}
