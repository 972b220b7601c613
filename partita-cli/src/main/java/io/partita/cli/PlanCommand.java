package io.partita.cli;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.engine.Engine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.PlannedRun;
import io.partita.exec.Preflight;
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
      PlannedRun planned = selection.plan(workspace, request);
      checkAgainstWarehouse(workspace, planned);
      PlanPrinter.print(workspace, planned, json);
      return 0;
    }
  }

  /**
   * What {@code backfill} verifies before it writes (checks read real columns, {@code
   * on_schema_change}), so that a plan that backfill would refuse is refused the same way (exit 2).
   * A fresh project has nothing to compare with; a warehouse another process holds is not waited
   * for: the plan says it was not checked.
   */
  private static void checkAgainstWarehouse(ProjectContext workspace, PlannedRun planned) {
    if (planned.plan().tasks().isEmpty() || !workspace.warehouseExists()) {
      return;
    }
    try (Engine engine = workspace.readOnlyEngine()) {
      new Preflight(engine).verify(planned, "plan");
    } catch (PartitaException e) {
      if (e.category() != ErrorCategory.CONFLICT) {
        throw e;
      }
      System.err.println(
          "note: columns and schemas not checked against the warehouse: " + e.getMessage());
    }
  }
}
