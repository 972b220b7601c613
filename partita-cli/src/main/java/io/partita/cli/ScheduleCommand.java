package io.partita.cli;

import io.partita.project.ProjectContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Pause or resume the schedule (tick and serve create no runs while paused; backfills still run).",
      "Example: partita schedule pause"
    })
final class ScheduleCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(paramLabel = "ACTION", description = "pause, resume or status.")
  String action;

  @Override
  public Integer call() {
    if (!List.of("pause", "resume", "status").contains(action)) {
      throw io.partita.PartitaException.user(
          "Unknown action '%s': use `partita schedule pause`, `resume` or `status`", action);
    }
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      var store =
          action.equals("status") ? workspace.readState().schedule() : workspace.state().schedule();
      switch (action) {
        case "pause" -> {
          store.setPaused(true, Clock.systemUTC().instant());
          System.out.println(
              "Schedule paused: no scheduled or catchup runs until `partita schedule resume`; backfills still run.");
        }
        case "resume" -> {
          store.setPaused(false, Clock.systemUTC().instant());
          System.out.println(
              "Schedule resumed: the next tick runs what is due (with catchup if enabled).");
        }
        case "status" -> System.out.println(store.isPaused() ? "paused" : "active");
        default ->
            throw io.partita.PartitaException.user(
                "Unknown action '%s': use `partita schedule pause`, `resume` or `status`", action);
      }
      return 0;
    }
  }
}
