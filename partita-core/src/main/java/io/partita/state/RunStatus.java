package io.partita.state;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The life of a run, with the allowed moves. {@link #checkMove} throws on an illegal one. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  PAUSED,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /**
   * The process executing the run died (kill -9, power loss, a full disk): it holds no partitions
   * and {@code partita resume ID} finishes it.
   */
  INTERRUPTED;

  private static final Map<RunStatus, Set<RunStatus>> ALLOWED =
      Map.of(
          // A queued run is interrupted when the process that claimed it died before it started.
          QUEUED, EnumSet.of(RUNNING, CANCELLED, INTERRUPTED),
          // RUNNING -> RUNNING is a takeover of a run whose process died.
          RUNNING, EnumSet.of(RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED),
          PAUSED, EnumSet.of(RUNNING, CANCELLED),
          SUCCEEDED, EnumSet.noneOf(RunStatus.class),
          // A failed run can be resumed to retry its failed tasks.
          FAILED, EnumSet.of(RUNNING),
          CANCELLED, EnumSet.noneOf(RunStatus.class),
          // Resumed, or cancelled; never terminal, so it stays on the list of things to finish.
          INTERRUPTED, EnumSet.of(RUNNING, CANCELLED));

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  public boolean canMoveTo(RunStatus next) {
    return ALLOWED.get(this).contains(next);
  }

  public void checkMove(RunStatus next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException(
          "A run cannot go from " + lowerName() + " to " + next.lowerName());
    }
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
