package io.partita.cli;

import io.partita.PartitaException;
import io.partita.drill.ChildProcess;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a run that workers share until it ends: prints a progress line a second with the tasks
 * each worker took so far (seen in its claims), kills one worker with SIGKILL once a third of the
 * tasks are done while it holds a task, and says when the others declared it dead.
 */
final class SharedRunWatch {
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration PRINT_EVERY = Duration.ofSeconds(1);
  private static final Duration LIMIT = Duration.ofMinutes(5);

  /** What the watch saw: tasks taken per worker, and the worker it killed (if any). */
  record Outcome(
      SharedRunProbe.Snapshot last, Map<String, Set<String>> taken, Optional<String> killed) {}

  private final SharedRunProbe probe;
  private final PrintStream out;
  private final List<ChildProcess> workers;
  private final Map<String, Set<String>> taken = new LinkedHashMap<>();
  private ChildProcess victim;
  private long killedAt;
  private boolean deadReported;

  SharedRunWatch(SharedRunProbe probe, PrintStream out, List<ChildProcess> workers) {
    this.probe = probe;
    this.out = out;
    this.workers = List.copyOf(workers);
    workers.forEach(w -> taken.put(w.name(), new LinkedHashSet<>()));
  }

  Outcome follow(String runId) throws SQLException, InterruptedException {
    long start = System.nanoTime();
    long nextPrint = start;
    while (true) {
      SharedRunProbe.Snapshot now = probe.read(runId);
      if (now.total() == 0) {
        throw PartitaException.internal("The state store has no tasks of run " + runId, null);
      }
      now.claims().forEach(c -> taken.get(c.worker()).add(c.task()));
      if (victim == null && workers.size() > 1 && now.count("SUCCEEDED") * 3 >= now.total()) {
        killOne(now);
      }
      if (victim != null && !deadReported && "DEAD".equals(now.workers().get(victim.name()))) {
        deadReported = true;
        out.printf(
            "   %s declared dead by a live worker %.1f s after the kill (worker_timeout %s): its"
                + " tasks go back to the queue unless the publish log shows them committed%n",
            victim.name(), (System.nanoTime() - killedAt) / 1e9, WorkersDemoProject.WORKER_TIMEOUT);
      }
      if (now.ended() || System.nanoTime() >= nextPrint) {
        printProgress(now, System.nanoTime() - start);
        nextPrint = System.nanoTime() + PRINT_EVERY.toNanos();
      }
      if (now.ended()) {
        return new Outcome(now, taken, Optional.ofNullable(victim).map(ChildProcess::name));
      }
      requireSurvivorsAlive();
      if (System.nanoTime() - start > LIMIT.toNanos()) {
        throw PartitaException.internal(
            "The demo run " + runId + " did not end within " + LIMIT.toMinutes() + " minutes",
            null);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** SIGKILL to the worker holding the most tasks right now (the first such), mid-task. */
  private void killOne(SharedRunProbe.Snapshot now) throws InterruptedException {
    ChildProcess chosen = null;
    for (ChildProcess worker : workers) {
      int held = now.claimsOf(worker.name()).size();
      if (held > 0 && (chosen == null || held > now.claimsOf(chosen.name()).size())) {
        chosen = worker;
      }
    }
    if (chosen == null) {
      return; // nobody holds a task at this instant: try again at the next look
    }
    chosen.kill();
    victim = chosen;
    killedAt = System.nanoTime();
    out.printf(
        "   kill -9 %s (pid %d) at %d/%d tasks done, while it ran: %s%n",
        chosen.name(),
        chosen.pid(),
        now.count("SUCCEEDED"),
        now.total(),
        String.join(", ", now.claimsOf(chosen.name()).stream().map(c -> c.task()).toList()));
  }

  private void printProgress(SharedRunProbe.Snapshot now, long elapsedNanos) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "   %5.1f s  %3d/%d done  %d running  tasks taken:",
                elapsedNanos / 1e9, now.count("SUCCEEDED"), now.total(), now.count("RUNNING")));
    for (Map.Entry<String, Set<String>> worker : taken.entrySet()) {
      line.append("  ").append(worker.getKey()).append(' ').append(worker.getValue().size());
      if (victim != null && victim.name().equals(worker.getKey())) {
        line.append(" (killed)");
      }
    }
    out.println(line);
  }

  private void requireSurvivorsAlive() {
    for (ChildProcess worker : workers) {
      if (worker != victim && !worker.isAlive()) {
        throw PartitaException.internal(
            "Worker " + worker.name() + " exited during the demo:\n" + worker.output(), null);
      }
    }
  }
}
