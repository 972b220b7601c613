package io.partita.web.api;

import static java.util.Objects.requireNonNull;

import io.partita.json.WorkerJson;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.WorkerRecord;
import io.partita.state.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The workers registered in the state store, each with the tasks it holds now and the age of its
 * heartbeat: what the Workers page shows and {@code GET /api/workers} answers (its JSON is {@link
 * WorkerJson}, as for {@code partita workers --json}).
 *
 * @param claims the tasks the worker executes now, oldest first
 * @param heartbeatAge since the last heartbeat, never negative
 */
public record WorkerRow(WorkerRecord worker, List<TaskClaim> claims, Duration heartbeatAge) {
  public WorkerRow {
    requireNonNull(worker, "worker is null");
    claims = List.copyOf(claims);
    requireNonNull(heartbeatAge, "heartbeatAge is null");
  }

  /** Every registered worker, live first, then by name, as seen at {@code now}. */
  public static List<WorkerRow> read(StateStore state, Instant now) {
    List<TaskClaim> claims = state.workers().claims();
    return state.workers().list().stream()
        .map(
            worker ->
                new WorkerRow(
                    worker,
                    WorkerJson.heldBy(claims, worker),
                    WorkerJson.heartbeatAge(worker, now)))
        .toList();
  }

  public boolean live() {
    return worker.state() == WorkerState.LIVE;
  }
}
