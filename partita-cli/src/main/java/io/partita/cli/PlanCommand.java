package io.partita.cli;

import io.partita.exec.BackfillRequest;
import io.partita.project.ProjectContext;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    // No standard -V/--version here: --version vN selects the version, as in backfill.
    description = {
      "Show what a backfill would run, in start order, without running it. Takes the selection flags of `backfill`.",
      "Example: partita plan --partitions 2024-12-01..2024-12-31 --assets features+"
    })
final class PlanCommand implements Callable<Integer> {
  @Mixin HelpOption help;
  @Mixin ProjectOption project;
  @Mixin SelectionOptions selection;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  @Override
  public Integer call() {
    BackfillRequest request =
        selection.request(Optional.empty(), Optional.empty(), "plan", "per-partition");
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      PlanPrinter.print(workspace, selection.plan(workspace, request), json);
      return 0;
    }
  }
}
