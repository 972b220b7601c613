package io.partita.exec;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.state.ControlRequest;
import io.partita.state.HandoffStore.Handoff;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.ServerStore;
import io.partita.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The server side of the handoff: a process that owns the warehouse ({@code partita serve})
 * registers itself, and each {@link #poll} heartbeats and takes the runs that CLI processes handed
 * to it, executing each in its own thread (pools and leases keep them apart, as for scheduled
 * runs). Only runs with a handoff request are taken: a queued run without one belongs to the CLI
 * that created it and is about to execute it. Thread-safe.
 */
public final class HandoffServer implements AutoCloseable {
  private final StateStore state;
  private final RunManager runs;
  private final RunListener listener;
  private final Clock clock;
  private final ExecutionSettings settings;
  private final Consumer<String> log;
  private final String owner = Owner.current();
  private final Set<String> executing = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "partita-handoff-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean closed;
  private Instant lastHeartbeat = Instant.MIN;

  public HandoffServer(
      StateStore state,
      RunManager runs,
      RunListener listener,
      Clock clock,
      ExecutionSettings settings,
      Consumer<String> log) {
    this.state = state;
    this.runs = runs;
    this.listener = listener;
    this.clock = clock;
    this.settings = settings;
    this.log = log;
  }

  /** Registers this process as a live server: from now on CLI processes hand their runs here. */
  public void register() {
    Instant now = clock.instant();
    state
        .servers()
        .register(
            new ServerStore.Server(owner, ProcessHandle.current().pid(), Owner.host(), now, now));
    lastHeartbeat = now;
  }

  public String owner() {
    return owner;
  }

  /**
   * Heartbeats (at most every heartbeat interval) and starts every pending handoff, oldest first.
   */
  public synchronized void poll() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    if (Duration.between(lastHeartbeat, now).compareTo(settings.heartbeatInterval()) >= 0) {
      if (!state.servers().heartbeat(owner, now)) {
        register(); // Unregistered behind our back (e.g. a stale registration was cleaned): come
        // back.
      }
      lastHeartbeat = now;
    }
    for (Handoff handoff : state.handoffs().pending()) {
      // Zero rows means another server or the CLI's withdrawal won: not ours, not an error.
      if (state.handoffs().take(handoff.runId(), owner, clock.instant())) {
        submit(handoff.runId());
      }
    }
  }

  private void submit(String runId) {
    executing.add(runId);
    log.accept("Executing run " + runId + " handed over by another process");
    executor.execute(
        () -> {
          Optional<String> category = Optional.empty();
          Optional<String> error = Optional.empty();
          try {
            RunRecord run = runs.find(runId);
            // Cancelled while it waited: nothing to execute; the follower reports the cancelled
            // run.
            if (run.status() != RunStatus.CANCELLED && run.status() != RunStatus.SUCCEEDED) {
              runs.execute(runId, listener);
            }
          } catch (PartitaException e) {
            category = Optional.of(e.category().name());
            error = Optional.ofNullable(e.getMessage());
            log.accept("run " + runId + " stopped with an error: " + e.getMessage());
          } catch (RuntimeException e) {
            category = Optional.of(ErrorCategory.INTERNAL.name());
            error = Optional.of(String.valueOf(e));
            log.accept("run " + runId + " stopped with an error: " + e);
          } finally {
            try {
              state.handoffs().finish(runId, clock.instant(), category, error);
            } finally {
              executing.remove(runId);
            }
          }
        });
  }

  /**
   * Stops taking handoffs, pauses the runs it executes after their in-flight tasks (their CLI
   * followers print the paused summary), waits for them, and unregisters.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    pauseExecuting();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(
          Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        log.accept("handed-over runs still executing after 60 s; `partita resume` continues them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    state.servers().unregister(owner);
  }

  /** Whether runs handed over by other processes execute here now. */
  public boolean busy() {
    return !executing.isEmpty();
  }

  /** Asks the runs executing here to pause after their in-flight tasks (e.g. on Ctrl-C). */
  public void pauseExecuting() {
    for (String runId : executing) {
      awaitLeftQueued(runId);
      try {
        if (runs.find(runId).status() == RunStatus.RUNNING) {
          state.runs().requestControl(runId, ControlRequest.PAUSE);
        }
      } catch (RuntimeException e) {
        log.accept("could not pause run " + runId + ": " + e.getMessage());
      }
    }
  }

  /**
   * Stops taking handoffs, then waits until the runs executing here end on their own, and
   * unregisters: a CLI backfill that held the warehouse lets the runs it took finish before it lets
   * the warehouse go. It stays registered (heartbeating) meanwhile, so the followers of those runs
   * keep following them rather than report a stopped server; a handoff requested meanwhile stays
   * pending until the unregistration, then its follower sees no live server, withdraws it and runs
   * it itself. Calls {@code waiting} once with the ids of the runs it waits for, if any.
   */
  public void drain(Consumer<Set<String>> waiting) {
    synchronized (this) {
      closed = true;
    }
    if (!executing.isEmpty()) {
      waiting.accept(Set.copyOf(executing));
    }
    executor.shutdown();
    try {
      while (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        // Waits as long as the runs take; Ctrl-C pauses them (see pauseExecuting).
        heartbeat();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      state.servers().unregister(owner);
    }
  }

  private void heartbeat() {
    try {
      state.servers().heartbeat(owner, clock.instant());
    } catch (RuntimeException e) {
      // A busy state store: the next second tries again.
      log.accept("handoff heartbeat failed: " + e.getMessage());
    }
  }

  /**
   * The move to RUNNING clears control requests, so a pause sent while the run is still QUEUED
   * would be lost: wait (briefly) until the execution has started or ended.
   */
  private void awaitLeftQueued(String runId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (executing.contains(runId)
        && System.nanoTime() < deadline
        && state.runs().find(runId).map(r -> r.status() != RunStatus.RUNNING).orElse(false)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
