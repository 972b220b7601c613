package io.partita.exec;

import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs whose process is gone. On the owner's host the process table says so at once (see {@link
 * Owner}); for an owner on another host only a heartbeat older than {@code staleAfter} does.
 * Listings show such runs as {@link RunStatus#INTERRUPTED}; {@link #interruptLocal} records it.
 */
public final class DeadRuns {
  private final StateStore state;
  private final Clock clock;
  private final ExecutionSettings settings;

  public DeadRuns(StateStore state, Clock clock, ExecutionSettings settings) {
    this.state = state;
    this.clock = clock;
    this.settings = settings;
  }

  /** The command that finishes an interrupted run. */
  public static String resumeCommand(String runId) {
    return "partita resume " + runId;
  }

  /**
   * The status to show: a RUNNING run whose process is gone (dead local pid, or no heartbeat for
   * {@code staleAfter}) and a QUEUED run claimed by a dead local process show as INTERRUPTED, as
   * does a run recorded so.
   */
  public RunStatus shownStatus(RunRecord run) {
    return isGone(run) ? RunStatus.INTERRUPTED : run.status();
  }

  /**
   * True when the run is RUNNING but nothing executes it any more: its owner is a dead process on
   * this host, or its last sign of life (heartbeat, else creation) is older than {@code
   * staleAfter}. A run without owner is judged by time too: a rollback runs without one.
   */
  public boolean isOrphaned(RunRecord run) {
    if (run.status() != RunStatus.RUNNING) {
      return false;
    }
    if (run.owner().isPresent() && Owner.isDeadLocalProcess(run.owner().get())) {
      return true;
    }
    Instant lastSign = run.heartbeatAt().orElse(run.createdAt());
    return lastSign.isBefore(clock.instant().minus(settings.staleAfter()));
  }

  private boolean isGone(RunRecord run) {
    return switch (run.status()) {
      case INTERRUPTED -> true;
      case RUNNING -> isOrphaned(run);
      case QUEUED -> run.owner().map(Owner::isDeadLocalProcess).orElse(false);
      default -> false;
    };
  }

  /**
   * Records every RUNNING or QUEUED run whose owner is a dead process on this host as INTERRUPTED
   * and drops its partition leases, so that an overlapping run proceeds at once instead of waiting
   * for the heartbeat to go stale. Owners on other hosts are left to the heartbeat: a paused
   * process there may still write.
   *
   * @return the ids of the runs interrupted now
   */
  public List<String> interruptLocal() {
    List<String> interrupted = new ArrayList<>();
    for (RunRecord run : state.runs().withStatus(List.of(RunStatus.QUEUED, RunStatus.RUNNING))) {
      Optional<String> owner = run.owner();
      if (owner.isPresent() && Owner.isDeadLocalProcess(owner.get()) && interrupt(run)) {
        interrupted.add(run.id());
      }
    }
    return interrupted;
  }

  /**
   * Moves the run to INTERRUPTED (compare-and-swap on its current status), drops its leases and its
   * owner.
   *
   * @return false when another process moved the run first
   */
  boolean interrupt(RunRecord run) {
    if (!state.runs().transition(run.id(), run.status(), RunStatus.INTERRUPTED, clock.instant())) {
      return false;
    }
    state.leases().release(run.id());
    run.owner().ifPresent(owner -> state.runs().release(run.id(), owner));
    return true;
  }
}
