package io.partita.cli;

import io.partita.exec.DeadRuns;
import io.partita.json.JsonOutput;
import io.partita.json.RunJson;
import io.partita.project.ProjectContext;
import io.partita.state.AssetRange;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Inspect one run.",
    subcommands = RunCommand.Show.class)
final class RunCommand {
  @Command(name = "show", mixinStandardHelpOptions = true, description = "One run and its tasks.")
  static final class Show implements Callable<Integer> {
    @Mixin ProjectOption project;

    @Parameters(paramLabel = "ID", description = "Run id (see `partita runs`).")
    String id;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
      try (ProjectContext workspace = ProjectContext.open(project.dir())) {
        RunRecord run = workspace.readRuns().find(id);
        List<TaskRecord> tasks = workspace.readState().tasks().list(id);
        RunStatus shown = workspace.readRuns().deadRuns().shownStatus(run);
        boolean interrupted = shown == RunStatus.INTERRUPTED;
        List<AssetRange> ranges = workspace.readState().runs().assetRanges(id);
        if (json) {
          com.fasterxml.jackson.databind.node.ObjectNode node = RunJson.detail(run, shown, tasks);
          RunJson.putRanges(node, ranges);
          System.out.println(JsonOutput.writeIndented(node));
          return 0;
        }
        System.out.printf("Run %s (%s) %s%n", run.id(), run.kind().lowerName(), shown.lowerName());
        if (interrupted) {
          System.out.printf(
              "  its process is gone; finish it with `%s`%n", DeadRuns.resumeCommand(run.id()));
        }
        System.out.printf(
            "  partitions %s, assets %s, max parallel %d, snapshot %s%s%n",
            run.options().partitions(),
            run.options().assets().isEmpty() ? "all" : run.options().assets(),
            run.options().maxParallel(),
            run.snapshotHash().substring(0, 12),
            run.gitCommit()
                .map(c -> ", git " + c.substring(0, Math.min(12, c.length())))
                .orElse(""));
        for (AssetRange range : ranges) {
          System.out.printf(
              "  %-20s %s (%s)%s%n",
              range.asset(),
              range.partitions(),
              range.tasks() + (range.tasks() == 1 ? " task" : " tasks"),
              range.extra().isEmpty() ? "" : ", also " + range.extra() + " read by a window");
        }
        System.out.printf(
            "  created %s by %s%s%s%n",
            JsonOutput.time(run.createdAt()),
            Terminal.safe(run.actor()),
            run.finishedAt().map(f -> ", finished " + JsonOutput.time(f)).orElse(""),
            run.reason().map(r -> ", reason: " + Terminal.safe(r)).orElse(""));
        System.out.printf(
            "  %-20s %-14s %-16s %8s %10s  %s%n",
            "ASSET", "PARTITION", "STATUS", "ATTEMPTS", "ROWS", "ERROR");
        for (TaskRecord task : tasks) {
          System.out.printf(
              "  %-20s %-14s %-16s %8d %10s  %s%n",
              task.asset(),
              task.partition(),
              RunJson.taskStatus(task, interrupted),
              task.attempts(),
              task.rowsWritten().map(String::valueOf).orElse("-"),
              task.error().map(ProgressReporter::firstLine).map(Terminal::safe).orElse(""));
        }
        return 0;
      }
    }
  }
}
