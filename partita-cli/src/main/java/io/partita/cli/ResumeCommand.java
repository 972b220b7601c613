package io.partita.cli;

import io.partita.exec.FailureAdvice;
import io.partita.model.DefinitionFiles;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.ServerStore;
import io.partita.state.Snapshot;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continue a paused or failed run, or one whose process died (kill -9, power loss).",
      "Succeeded tasks are kept; interrupted ones are retried; nothing is duplicated."
    })
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
      warnIfDefinitionChanged(workspace, run, json ? System.err : System.out);
      if (!json) {
        System.out.printf(
            "Resuming run %s (%s), snapshot %s%n",
            id, run.status().lowerName(), run.snapshotHash().substring(0, 12));
      }
      if (workspace.warehouseShareable() && !run.options().atomic()) {
        // Workers share it again; this process works on it too.
        RunRecord shared = workspace.runs().share(id);
        return SharedBackfill.workOn(workspace, id, shared.options().maxParallel(), json);
      }
      Optional<ServerStore.Server> server = RunFollower.liveServer(workspace);
      if (server.isPresent()) {
        return RunFollower.handOver(workspace, id, server.get(), json);
      }
      return BackfillCommand.execute(workspace, id, json);
    }
  }

  /**
   * Resume re-runs the run's frozen snapshot; when the working tree has moved on, say so and name
   * the command that runs the new definition, so a fixed model is not mistaken for a resumed one.
   */
  private static void warnIfDefinitionChanged(
      ProjectContext workspace, RunRecord run, PrintStream out) {
    DefinitionFiles current = workspace.pipeline().files();
    if (current.hash().equals(run.snapshotHash())) {
      return;
    }
    Optional<Snapshot> snapshot = workspace.readState().snapshots().find(run.snapshotHash());
    String changed =
        snapshot
            .map(s -> FailureAdvice.changedFiles(s.files(), current))
            .filter(files -> !files.isEmpty())
            .map(
                files ->
                    " ("
                        + String.join(", ", files.stream().limit(5).toList())
                        + (files.size() > 5 ? ", …" : "")
                        + ")")
            .orElse("");
    out.printf(
        "The definition changed since this run's snapshot%s: resume re-runs the run's snapshot %s"
            + " unchanged. To run the failed partitions with the new definition: `%s`%n",
        Terminal.safe(changed),
        run.snapshotHash().substring(0, 12),
        FailureAdvice.reprocessCommand(run.options()));
  }
}
