package io.partita.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.json.JsonOutput;
import io.partita.json.WorkerJson;
import io.partita.project.ProjectContext;
import io.partita.state.TaskClaim;
import io.partita.state.WorkerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description = "Live and dead workers (`partita worker`) and the tasks each holds now.")
final class WorkersCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      List<WorkerRecord> workers = workspace.readState().workers().list();
      List<TaskClaim> claims = workspace.readState().workers().claims();
      Instant now = Instant.now();
      if (json) {
        ObjectNode root = WorkerJson.of(workers, claims, now);
        System.out.println(JsonOutput.writeIndented(root));
        return 0;
      }
      if (workers.isEmpty()) {
        System.out.println(noWorkersHint(workspace));
        return 0;
      }
      System.out.printf(
          "%-24s %-8s %-20s %-8s %5s %10s %6s %s%n",
          "NAME", "STATE", "HOST", "PID", "SLOTS", "HEARTBEAT", "DONE", "CLAIMS");
      for (WorkerRecord worker : workers) {
        List<TaskClaim> held = WorkerJson.heldBy(claims, worker);
        System.out.printf(
            "%-24s %-8s %-20s %-8d %5d %10s %6d %s%n",
            worker.name(),
            worker.state().lowerName(),
            worker.host(),
            worker.pid(),
            worker.slots(),
            age(WorkerJson.heartbeatAge(worker, now)),
            worker.tasksDone(),
            held.isEmpty()
                ? "-"
                : String.join(
                    ", ",
                    held.stream()
                        .map(c -> c.asset() + " " + c.partition() + " (" + c.runId() + ")")
                        .toList()));
      }
      return 0;
    }
  }

  /**
   * What to do when no worker ever registered: start one, or first move the warehouse to a server,
   * since `partita worker` refuses a warehouse that one process locks.
   */
  private static String noWorkersHint(ProjectContext workspace) {
    java.util.Optional<String> why = workspace.warehouseNotShareable();
    if (why.isEmpty()) {
      return "No workers yet. Start one with `partita worker`.";
    }
    return String.format(
        "No workers: %s. Runs execute in the process that starts them and `partita worker` cannot"
            + " run here: workers need a warehouse and a state store that several processes share.",
        why.get());
  }

  private static String age(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    return seconds < 120 ? seconds + "s ago" : (seconds / 60) + "m ago";
  }
}
