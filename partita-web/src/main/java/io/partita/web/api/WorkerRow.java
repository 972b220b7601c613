package io.partita.web.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.json.JsonOutput;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.WorkerRecord;
import io.partita.state.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The workers registered in the state store, each with the tasks it holds now and the age of its
 * heartbeat: what the Workers page shows and {@code GET /api/workers} answers (the same fields as
 * {@code partita workers --json}, plus {@code heartbeat_age_seconds}).
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
            worker -> {
              Duration age = Duration.between(worker.lifetime().heartbeatAt(), now);
              return new WorkerRow(
                  worker,
                  claims.stream().filter(c -> c.worker().equals(worker.name())).toList(),
                  age.isNegative() ? Duration.ZERO : age);
            })
        .toList();
  }

  public boolean live() {
    return worker.state() == WorkerState.LIVE;
  }

  /** {@code {"workers": [...], "live": N, "claims": N}}. */
  public static ObjectNode json(List<WorkerRow> rows) {
    ObjectNode root = JsonOutput.object();
    root.put("live", rows.stream().filter(WorkerRow::live).count());
    root.put("claims", rows.stream().mapToInt(r -> r.claims().size()).sum());
    ArrayNode array = root.putArray("workers");
    for (WorkerRow row : rows) {
      WorkerRecord worker = row.worker();
      ObjectNode item = array.addObject();
      item.put("name", worker.name());
      item.put("state", worker.state().lowerName());
      item.put("host", worker.host());
      item.put("pid", worker.pid());
      item.put("slots", worker.slots());
      item.put("started_at", JsonOutput.time(worker.lifetime().startedAt()));
      item.put("heartbeat_at", JsonOutput.time(worker.lifetime().heartbeatAt()));
      item.put("heartbeat_age_seconds", row.heartbeatAge().toMillis() / 1000.0);
      item.put("stopped_at", worker.lifetime().stoppedAt().map(JsonOutput::time).orElse(null));
      item.put("tasks_done", worker.tasksDone());
      ArrayNode held = item.putArray("claims");
      for (TaskClaim claim : row.claims()) {
        ObjectNode entry = held.addObject();
        entry.put("run_id", claim.runId());
        entry.put("asset", claim.asset());
        entry.put("partition", claim.partition());
        entry.put("pool", claim.pool().orElse(null));
        entry.put("claimed_at", JsonOutput.time(claim.claimedAt()));
      }
    }
    return root;
  }
}
