package io.partita.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.state.TaskClaim;
import io.partita.state.WorkerRecord;
import io.partita.state.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The workers of a state store as JSON, for {@code partita workers --json} and {@code GET
 * /api/workers}: {@code {"live": N, "claims": N, "workers": [...]}}, each worker with the tasks it
 * holds and the age of its heartbeat at {@code now}.
 */
public final class WorkerJson {
  private WorkerJson() {}

  public static ObjectNode of(List<WorkerRecord> workers, List<TaskClaim> claims, Instant now) {
    ObjectNode root = JsonOutput.object();
    root.put("live", workers.stream().filter(w -> w.state() == WorkerState.LIVE).count());
    root.put("claims", claims.size());
    ArrayNode array = root.putArray("workers");
    for (WorkerRecord worker : workers) {
      ObjectNode item = array.addObject();
      item.put("name", worker.name());
      item.put("state", worker.state().lowerName());
      item.put("host", worker.host());
      item.put("pid", worker.pid());
      item.put("slots", worker.slots());
      item.put("started_at", JsonOutput.time(worker.lifetime().startedAt()));
      item.put("heartbeat_at", JsonOutput.time(worker.lifetime().heartbeatAt()));
      item.put("heartbeat_age_seconds", heartbeatAge(worker, now).toMillis() / 1000.0);
      item.put("stopped_at", worker.lifetime().stoppedAt().map(JsonOutput::time).orElse(null));
      item.put("tasks_done", worker.tasksDone());
      ArrayNode held = item.putArray("claims");
      for (TaskClaim claim : heldBy(claims, worker)) {
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

  /** The claims {@code worker} holds, in the order given. */
  public static List<TaskClaim> heldBy(List<TaskClaim> claims, WorkerRecord worker) {
    return claims.stream().filter(c -> c.worker().equals(worker.name())).toList();
  }

  /** Since the worker's last heartbeat, never negative. */
  public static Duration heartbeatAge(WorkerRecord worker, Instant now) {
    Duration age = Duration.between(worker.lifetime().heartbeatAt(), now);
    return age.isNegative() ? Duration.ZERO : age;
  }
}
