package io.partita.cli;

import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.ServerStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {"Continue a paused or failed run, or one whose process died (kill -9, power loss).",
      "Succeeded tasks are kept; interrupted ones are retried; nothing is duplicated."})
final class ResumeCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(paramLabel = "ID", description = "Run id.")
  String id;

  @Option(names = "--json", description = "Print the run as JSON when it ends.")
  boolean json;

  @Override
  public Integer call() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.requireInStep();
      RunRecord run = workspace.readRuns().find(id);
      if (!json) {
        System.out.printf("Resuming run %s (%s), snapshot %s%n", id, run.status().lowerName(), run.snapshotHash().substring(0, 12));
      }
      Optional<ServerStore.Server> server = RunFollower.liveServer(workspace);
      if (server.isPresent()) {
        return RunFollower.handOver(workspace, id, server.get(), json);
      }
      return BackfillCommand.execute(workspace, id, json);
    }
  }
}
