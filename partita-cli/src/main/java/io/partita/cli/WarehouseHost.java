package io.partita.cli;

import io.partita.engine.Engine;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.HandoffServer;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.project.ProjectContext;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A process that holds the warehouse ({@code partita serve}, or a {@code backfill} running in a
 * terminal) serves the other shells of the project: it shares its warehouse connection with the
 * commands it runs for them ({@link HolderEndpoint}: {@code query}, {@code versions}, {@code
 * promote}, ...) and takes the runs they hand over ({@link HandoffServer}: {@code backfill}, {@code
 * resume}), executing them next to its own with the same pools and leases.
 */
final class WarehouseHost implements AutoCloseable {
  /** Longest wait before a run handed over by another shell is taken. */
  static final Duration HANDOFF_POLL = Duration.ofMillis(500);

  private final CommandHost commands;
  private final HandoffServer handoffs;
  private final ScheduledExecutorService poller;
  private boolean stopped;

  private WarehouseHost(
      CommandHost commands, HandoffServer handoffs, ScheduledExecutorService poller) {
    this.commands = commands;
    this.handoffs = handoffs;
    this.poller = poller;
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
    poller.scheduleWithFixedDelay(
        () -> poll(handoffs), 0, Math.max(1, poll.toMillis()), TimeUnit.MILLISECONDS);
    return new WarehouseHost(commands, handoffs, poller);
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

  private static void poll(HandoffServer handoffs) {
    try {
      handoffs.poll();
    } catch (RuntimeException e) {
      // A busy or failing state store must not end the polling: the next poll tries again.
      System.err.println("handoff poll failed: " + e.getMessage());
    }
  }
}
