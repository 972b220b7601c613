package io.partita.cli;

import io.partita.engine.Engine;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.HandoffServer;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.project.ProjectContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A process that holds the warehouse ({@code partita serve}, {@code ui} while its runs execute, or
 * a {@code backfill} running in a terminal) serves the other shells of the project: it shares its
 * warehouse connection with the commands it runs for them ({@link HolderEndpoint}: {@code query},
 * {@code versions}, {@code promote}, ...) and takes the runs they hand over ({@link HandoffServer}:
 * {@code backfill}, {@code resume}), executing them next to its own with the same pools and leases.
 *
 * <p>A holder that keeps the warehouse only while it has work ({@code partita ui}) passes a {@link
 * Hold}: handoffs are taken only while a hold can be had on the open warehouse, and a hold is kept
 * while handed-over runs execute, so the warehouse stays open until they end.
 */
final class WarehouseHost implements AutoCloseable {
  /** Longest wait before a run handed over by another shell is taken. */
  static final Duration HANDOFF_POLL = Duration.ofMillis(500);

  /**
   * A hold on the warehouse this host serves, if it is still open (never opens it); closing the
   * returned hold releases it.
   */
  interface Hold extends Supplier<Optional<AutoCloseable>> {
    /** For a holder that keeps the warehouse open as long as the host runs. */
    Hold ALWAYS = () -> Optional.of(() -> {});
  }

  private final CommandHost commands;
  private final HandoffServer handoffs;
  private final ScheduledExecutorService poller;
  private final Hold hold;
  private final Object kept = new Object();
  private AutoCloseable keptHold; // guarded by kept: held while handed-over runs execute
  private boolean stopped;

  private WarehouseHost(
      CommandHost commands, HandoffServer handoffs, ScheduledExecutorService poller, Hold hold) {
    this.commands = commands;
    this.handoffs = handoffs;
    this.poller = poller;
    this.hold = hold;
  }

  /**
   * Starts serving: {@code engine} is the warehouse this process holds (open), {@code runs}
   * executes handed-over runs on it, reporting to {@code listener}; handoffs are polled every
   * {@code poll}.
   */
  static WarehouseHost start(
      ProjectContext workspace,
      Engine engine,
      RunManager runs,
      RunListener listener,
      Duration poll) {
    return start(workspace, engine, runs, listener, poll, Hold.ALWAYS);
  }

  /**
   * As {@link #start(ProjectContext, Engine, RunManager, RunListener, Duration)}, taking handoffs
   * only while {@code hold} gives a hold on the warehouse, and keeping one while handed-over runs
   * execute.
   */
  static WarehouseHost start(
      ProjectContext workspace,
      Engine engine,
      RunManager runs,
      RunListener listener,
      Duration poll,
      Hold hold) {
    CommandHost commands;
    try {
      commands = CommandHost.start(workspace, engine);
    } catch (RuntimeException e) {
      // The run matters more: without the endpoint, other shells' queries wait as before.
      System.err.println("Cannot serve other shells' commands: " + e.getMessage());
      commands = null;
    }
    HandoffServer handoffs =
        new HandoffServer(
            workspace.state(),
            runs,
            listener,
            Clock.systemUTC(),
            ExecutionSettings.DEFAULT,
            System.err::println);
    handoffs.register();
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "partita-handoff-poll");
              thread.setDaemon(true);
              return thread;
            });
    WarehouseHost host = new WarehouseHost(commands, handoffs, poller, hold);
    poller.scheduleWithFixedDelay(
        host::poll, 0, Math.max(1, poll.toMillis()), TimeUnit.MILLISECONDS);
    return host;
  }

  /** {@code host:pid:start} of this process, as other shells see it. */
  String owner() {
    return handoffs.owner();
  }

  /** Ctrl-C: asks the handed-over runs to pause after their in-flight tasks. */
  void pauseHandedOver() {
    handoffs.pauseExecuting();
  }

  /**
   * The holder's own work is done: takes no more runs, waits for the handed-over runs to end, then
   * stops serving commands (after those in progress).
   */
  synchronized void drain() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopPolling();
    handoffs.drain(
        runIds ->
            System.err.printf(
                "Waiting for run %s, handed over by another shell, to end before releasing the"
                    + " warehouse (Ctrl-C pauses it)%n",
                String.join(", ", runIds.stream().sorted().toList())));
    stopServing();
  }

  /** Stops: pauses the handed-over runs after their in-flight tasks, then stops serving. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopPolling();
    handoffs.close();
    releaseKept();
    stopServing();
  }

  /**
   * The warehouse is closing (no hold is left, so no handed-over run executes): unregisters and
   * stops serving at once. Does not wait for the poller, which may be waiting for the warehouse's
   * lock held by the caller; without a hold it takes nothing any more.
   */
  synchronized void released() {
    if (stopped) {
      return;
    }
    stopped = true;
    poller.shutdown();
    handoffs.drain(runIds -> {});
    stopServing();
  }

  private void stopPolling() {
    // Not shutdownNow: interrupting a poll mid-write would abort its state store transaction.
    poller.shutdown();
    try {
      poller.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopServing() {
    if (commands != null) {
      commands.close();
    }
  }

  private void poll() {
    AutoCloseable held;
    synchronized (kept) {
      held = keptHold;
      keptHold = null;
    }
    if (held == null) {
      held = hold.get().orElse(null);
      if (held == null) {
        return; // The warehouse is closing: take nothing.
      }
    }
    try {
      handoffs.poll();
    } catch (RuntimeException e) {
      // A busy or failing state store must not end the polling: the next poll tries again.
      System.err.println("handoff poll failed: " + e.getMessage());
    } finally {
      keepWhileBusy(held);
    }
  }

  /** Keeps {@code held} while handed-over runs execute, else releases it. */
  private void keepWhileBusy(AutoCloseable held) {
    if (handoffs.busy()) {
      synchronized (kept) {
        if (keptHold == null) {
          keptHold = held;
          return;
        }
      }
    }
    release(held);
  }

  private void releaseKept() {
    AutoCloseable held;
    synchronized (kept) {
      held = keptHold;
      keptHold = null;
    }
    if (held != null) {
      release(held);
    }
  }

  private static void release(AutoCloseable held) {
    try {
      held.close();
    } catch (Exception e) {
      System.err.println("Cannot release the warehouse: " + e.getMessage());
    }
  }
}
