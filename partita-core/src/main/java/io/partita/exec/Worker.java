package io.partita.exec;

import io.partita.PartitaException;
import io.partita.engine.Engine;
import io.partita.state.ClaimRequest;
import io.partita.state.ClaimRequest.Candidate;
import io.partita.state.LatestAttempt;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.state.WorkerRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A worker: registers in the state store, heartbeats, claims ready tasks of the runs that workers
 * share and executes them on its own warehouse connection, {@code slots} at a time. Returns the
 * claims of dead workers to the queue (or records them succeeded when the publish log says their
 * publish committed). Stopping, it lets its running tasks finish for a grace period, then hands
 * them back. Not reusable.
 */
public final class Worker {
  /** The owner of a run that workers share ({@link io.partita.state.RunRecord#owner()}). */
  public static final String SHARED_RUN_OWNER = "workers";

  private static final Duration POLL = Duration.ofMillis(200);

  private final StateStore state;
  private final Engine warehouse;
  private final Clock clock;
  private final WorkerSettings settings;
  private final Path projectDir;
  private final RunStart starter;
  private final SharedRunEnd ends;
  private final Map<String, SharedRun> runs = new ConcurrentHashMap<>();
  private final Map<TaskClaim, ClaimedTask> inFlight = new ConcurrentHashMap<>();
  private final Semaphore settled = new Semaphore(0);
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicInteger executed = new AtomicInteger();

  /** What a worker did before it stopped. */
  public record Report(int tasks, int handedBack, boolean declaredDead) {}

  public Worker(
      Path projectDir, StateStore state, Engine warehouse, Clock clock, WorkerSettings settings) {
    this.projectDir = projectDir;
    this.state = state;
    this.warehouse = warehouse;
    this.clock = clock;
    this.settings = settings;
    ExecutionSettings execution = ExecutionSettings.DEFAULT;
    this.starter =
        new RunStart(projectDir, state, clock, execution, new DeadRuns(state, clock, execution));
    this.ends = new SharedRunEnd(state, clock);
  }

  /**
   * Works until {@code stop} says so: claims tasks of the shared runs that {@code accept} accepts.
   *
   * @throws PartitaException USER when a live worker of the same name is registered
   */
  public Report run(BooleanSupplier stop, Predicate<RunRecord> accept) {
    Instant now = clock.instant();
    WorkerRecord me =
        WorkerRecord.starting(
            settings.name(), Owner.host(), ProcessHandle.current().pid(), settings.slots(), now);
    if (!state.workers().register(me, now.minus(settings.timeout()))) {
      throw PartitaException.user(
          "A live worker named '%s' is registered already: give this one another --name",
          settings.name());
    }
    ExecutorService slots =
        Executors.newFixedThreadPool(settings.slots(), DaemonThreads.named("partita-task"));
    ScheduledExecutorService timers =
        Executors.newScheduledThreadPool(1, DaemonThreads.named("partita-worker-timer"));
    long beat = settings.heartbeatInterval().toMillis();
    timers.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    int handedBack = 0;
    try {
      // Claims left under this name by an earlier life of the worker are orphans too.
      state.workers().claims().stream()
          .filter(c -> c.worker().equals(settings.name()))
          .forEach(this::settleOrphan);
      long nextReap = clock.millis();
      while (!stop.getAsBoolean() && !lost.get()) {
        // Reaping is two statements and a write transaction: once per heartbeat interval is enough
        // (a worker is declared dead only after a whole timeout of silence), not once per claim.
        if (clock.millis() >= nextReap) {
          reapDeadWorkers();
          nextReap = clock.millis() + settings.heartbeatInterval().toMillis();
        }
        boolean claimed = claimReady(accept, slots, timers);
        // With every slot busy there is nothing to claim until a task settles; a task that settles
        // wakes the loop at once, so the next claim follows the end of the last task directly.
        if (!claimed || inFlight.size() >= settings.slots()) {
          settled.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
          settled.drainPermits();
        }
      }
      handedBack = drain();
      endRunsIfOver();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handedBack = drain();
      endRunsIfOver();
    } finally {
      timers.shutdownNow();
      slots.shutdownNow();
      runs.values().forEach(SharedRun::close);
      if (!lost.get()) {
        state.workers().stop(settings.name(), clock.instant());
      }
    }
    return new Report(executed.get(), handedBack, lost.get());
  }

  /** Claims ready tasks while slots are free; true when it claimed at least one. */
  private boolean claimReady(
      Predicate<RunRecord> accept, ExecutorService slots, ScheduledExecutorService timers) {
    boolean any = false;
    List<RunRecord> running = state.runs().withStatus(List.of(RunStatus.RUNNING));
    // Forget runs that ended: they need no heartbeat and no cached plan any more.
    List<String> live = running.stream().map(RunRecord::id).toList();
    for (String ended : List.copyOf(runs.keySet())) {
      if (!live.contains(ended)) {
        runs.remove(ended).close();
      }
    }
    for (RunRecord run : running) {
      if (!run.owner().equals(Optional.of(SharedRun.OWNER)) || !accept.test(run)) {
        continue;
      }
      if (run.control() == io.partita.state.ControlRequest.CANCEL) {
        inFlight.values().stream()
            .filter(t -> t.claim().runId().equals(run.id()))
            .forEach(t -> t.stop("run " + run.id() + " was cancelled", false));
      }
      SharedRun shared = runs.computeIfAbsent(run.id(), id -> open(run));
      while (inFlight.size() < settings.slots()) {
        SharedRun.Look look = shared.look(false);
        Optional<TaskClaim> claim = claim(run, shared, look.candidates());
        if (claim.isEmpty() && !look.fresh()) {
          // Others took what this worker saw, or new tasks became ready: look again first.
          claim = claim(run, shared, shared.look(true).candidates());
        }
        if (claim.isEmpty()) {
          ends.endIfOver(run.id());
          break;
        }
        start(shared, claim.get(), slots, timers);
        any = true;
      }
    }
    return any;
  }

  private Optional<TaskClaim> claim(RunRecord run, SharedRun shared, List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    return state
        .workers()
        .claim(
            new ClaimRequest(
                run.id(), settings.name(), candidates, shared.limits(), clock.instant()));
  }

  private SharedRun open(RunRecord run) {
    return SharedRun.open(starter, run, warehouse, projectDir, state, clock, settings.name());
  }

  private void start(
      SharedRun shared, TaskClaim claim, ExecutorService slots, ScheduledExecutorService timers) {
    // As the claim left it: running, its attempts counted up by the claim.
    TaskRecord claimed =
        state.tasks().find(claim.runId(), claim.asset(), claim.partition()).orElseThrow();
    TaskRecord started =
        new TaskRecord(
            claim.runId(),
            claim.asset(),
            claim.partition(),
            TaskStatus.RUNNING,
            claimed.attempts(),
            // After the claim committed, so a task's recorded time lies within its claim.
            LatestAttempt.startedAt(clock.instant()));
    ClaimedTask task = new ClaimedTask(shared, claim, started, state, clock, timers);
    inFlight.put(claim, task);
    slots.execute(
        () -> {
          try {
            task.run();
            executed.incrementAndGet();
          } finally {
            inFlight.remove(claim);
            // The worker's loop wakes, claims the next task at once and, finding none, ends the
            // run if this was its last task; a worker that is leaving ends its runs as it goes.
            settled.release();
          }
        });
  }

  private void heartbeat() {
    try {
      if (!state.workers().heartbeat(settings.name(), clock.instant())) {
        // Declared dead (a long pause): our claims are orphans that others re-run; stop writing.
        lost.set(true);
        inFlight.values().forEach(t -> t.stop("worker " + settings.name() + " lost", true));
        settled.release();
        return;
      }
      for (String runId : List.copyOf(runs.keySet())) {
        state.runs().heartbeat(runId, SharedRun.OWNER, clock.instant());
      }
    } catch (RuntimeException e) {
      // A busy state store delays one heartbeat; being declared dead takes many misses.
    }
  }

  /** Declares silent workers dead and settles every orphaned claim. */
  private void reapDeadWorkers() {
    Instant now = clock.instant();
    state.workers().declareDead(now.minus(settings.timeout()), now);
    state.workers().orphanedClaims().forEach(this::settleOrphan);
  }

  /**
   * A claim nobody executes any more: if its publish committed (the publish log says so), the task
   * succeeded; otherwise it goes back to the queue. Either way the partition is published once.
   */
  private void settleOrphan(TaskClaim claim) {
    Optional<TaskRecord> task =
        state.tasks().list(claim.runId()).stream()
            .filter(t -> t.asset().equals(claim.asset()) && t.partition().equals(claim.partition()))
            .findFirst();
    if (task.isEmpty() || task.get().status() != TaskStatus.RUNNING) {
      state.workers().release(claim);
    } else if (warehouse.wasPublished(claim.runId(), claim.asset(), claim.partition())) {
      RunRecord run = state.runs().find(claim.runId()).orElseThrow();
      new RunRecovery(state, clock).recoverInterrupted(warehouse, run, List.of(task.get()));
      state.workers().release(claim);
    } else {
      state.workers().requeue(claim, "worker " + claim.worker() + " stopped while running it");
    }
    ends.endIfOver(claim.runId());
  }

  /** Ends the runs this worker worked on whose last task it finished while leaving. */
  private void endRunsIfOver() {
    if (!lost.get()) {
      runs.keySet().forEach(ends::endIfOver);
    }
  }

  /** Lets running tasks finish for the grace period, then hands the rest back; how many. */
  private int drain() {
    long until = clock.millis() + settings.grace().toMillis();
    while (!inFlight.isEmpty() && clock.millis() < until && !lost.get()) {
      try {
        settled.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
    }
    int handedBack = inFlight.size();
    inFlight.values().forEach(t -> t.stop("worker " + settings.name() + " is stopping", true));
    long hard = clock.millis() + Duration.ofSeconds(30).toMillis();
    while (!inFlight.isEmpty() && clock.millis() < hard) {
      try {
        settled.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return handedBack;
  }
}
