package io.partita.web.project;

import io.partita.engine.Engine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.PlannedRun;
import io.partita.exec.Preflight;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Starts and resumes runs in background threads of the server, which owns the warehouse while they
 * execute. Validation, planning, leases and the preflight happen before the request is answered, so
 * a bad request or a conflict is reported to the caller and leaves nothing behind.
 */
public final class RunLauncher implements AutoCloseable {
  private final Project project;
  private final RunListener listener;
  private final Consumer<String> log;
  private final Set<String> executing = ConcurrentHashMap.newKeySet();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "partita-run-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  public RunLauncher(Project project, RunListener listener, Consumer<String> log) {
    this.project = project;
    this.listener = listener;
    this.log = log;
  }

  /** What {@link #start} did: the created run, or nothing because every partition was done. */
  public record Started(Optional<RunRecord> run, int tasks, int skipped) {}

  public Started start(BackfillRequest request) {
    project.reload();
    RunManager runs = project.runs();
    PlannedRun planned = runs.plan(request);
    if (planned.plan().size() == 0) {
      return new Started(Optional.empty(), 0, planned.plan().skipped());
    }
    RunRecord run = runs.create(planned, request);
    Engine engine;
    try {
      engine = project.warehouse().acquire();
    } catch (RuntimeException e) {
      runs.discard(run.id());
      throw e;
    }
    try {
      new Preflight(engine).verify(planned, run.id());
    } catch (RuntimeException e) {
      runs.discard(run.id());
      project.warehouse().release();
      throw e;
    }
    submit(run.id(), engine);
    return new Started(Optional.of(run), planned.plan().size(), planned.plan().skipped());
  }

  /** Continues a paused or failed run, or one whose process died, in this server. */
  public RunRecord resume(String runId) {
    RunManager runs = project.runs();
    RunRecord run = runs.find(runId);
    if (executing.contains(runId)) {
      // Its previous execution here is still winding down (pausing): a second one would claim
      // the run as the same owner and execute it twice.
      throw ApiException.conflict(
          "Run %s is still executing in this server; wait until it is paused", runId);
    }
    boolean resumable =
        run.status() == RunStatus.PAUSED
            || run.status() == RunStatus.FAILED
            || run.status() == RunStatus.QUEUED
            || runs.isOrphaned(run);
    if (!resumable) {
      throw ApiException.conflict(
          "Run %s is %s; only a paused or failed run (or one whose process died) can be resumed",
          runId, run.status().lowerName());
    }
    Engine engine = project.warehouse().acquire();
    submit(runId, engine);
    return run;
  }

  private void submit(String runId, Engine engine) {
    executing.add(runId);
    failures.remove(runId);
    try {
      executor.execute(
          () -> {
            try {
              project.runs(() -> engine).execute(runId, listener);
            } catch (RuntimeException e) {
              failures.put(
                  runId, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
              log.accept("run " + runId + " stopped with an error: " + e);
            } finally {
              executing.remove(runId);
              project.warehouse().release();
            }
          });
    } catch (RuntimeException e) {
      executing.remove(runId);
      project.warehouse().release();
      throw e;
    }
  }

  /**
   * Waits (up to 5 s) until a run this server just submitted has left QUEUED. A pause or cancel
   * sent in that moment would otherwise be refused (pause) or race the start (cancel), and the move
   * to RUNNING clears control requests.
   */
  public void awaitStarted(String runId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (executing.contains(runId)
        && System.nanoTime() < deadline
        && project
            .state()
            .runs()
            .find(runId)
            .map(r -> r.status() == RunStatus.QUEUED)
            .orElse(false)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Runs executing in this server now. */
  public Set<String> executing() {
    return Set.copyOf(executing);
  }

  /** Why the last execution of the run in this server stopped with an error, if it did. */
  public Optional<String> failure(String runId) {
    return Optional.ofNullable(failures.get(runId));
  }

  /** Pauses the runs of this server after their in-flight tasks (like Ctrl-C in the CLI). */
  @Override
  public void close() {
    for (String runId : executing) {
      project.state().runs().requestControl(runId, ControlRequest.PAUSE);
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
        log.accept("runs still executing after 60 s; `partita resume` continues them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
