package io.partita.web.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.partita.exec.Worker;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.TaskStatus;
import io.partita.state.WorkerRecord;
import io.partita.state.WorkerState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of the workers that share runs through the state store, read at scrape time: per worker
 * its claims, the age of its heartbeat, whether it is live and the tasks it finished; and the depth
 * of the queue they all take from (queued tasks of the runs workers share: one queue, not one per
 * worker, since any worker takes any ready task). A worker's gauges appear at the first scrape that
 * sees it.
 */
final class WorkerGauges {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, double[]> samples = new ConcurrentHashMap<>();
  private final AtomicLong queued = new AtomicLong();

  /** Indexes into a worker's sample. */
  private static final int CLAIMS = 0;

  private static final int HEARTBEAT_AGE = 1;
  private static final int LIVE = 2;
  private static final int TASKS_DONE = 3;

  WorkerGauges(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    Gauge.builder("partita_worker_queue_depth", queued, AtomicLong::get)
        .description("Queued tasks of the runs that workers share, waiting for a worker")
        .register(registry);
  }

  /** Reads workers, claims and the shared queue from {@code state}. */
  void refresh(StateStore state) {
    List<TaskClaim> claims = state.workers().claims();
    for (WorkerRecord worker : state.workers().list()) {
      double[] sample =
          samples.computeIfAbsent(
              worker.name(),
              name -> {
                double[] values = new double[4];
                register(name, values);
                return values;
              });
      sample[CLAIMS] = claims.stream().filter(c -> c.worker().equals(worker.name())).count();
      sample[HEARTBEAT_AGE] =
          Duration.between(worker.lifetime().heartbeatAt(), clock.instant()).toMillis() / 1000.0;
      sample[LIVE] = worker.state() == WorkerState.LIVE ? 1 : 0;
      sample[TASKS_DONE] = worker.tasksDone();
    }
    long depth = 0;
    for (RunRecord run : state.runs().withStatus(List.of(RunStatus.RUNNING))) {
      if (run.owner().equals(java.util.Optional.of(Worker.SHARED_RUN_OWNER))) {
        depth +=
            state.tasks().list(run.id()).stream()
                .filter(t -> t.status() == TaskStatus.QUEUED)
                .count();
      }
    }
    queued.set(depth);
  }

  private void register(String worker, double[] values) {
    Gauge.builder("partita_worker_claims", values, v -> v[CLAIMS])
        .description("Tasks a worker executes now")
        .tag("worker", worker)
        .register(registry);
    Gauge.builder("partita_worker_heartbeat_age_seconds", values, v -> v[HEARTBEAT_AGE])
        .description("Seconds since a worker's last heartbeat")
        .tag("worker", worker)
        .register(registry);
    Gauge.builder("partita_worker_live", values, v -> v[LIVE])
        .description("1 while a worker heartbeats, 0 once it stopped or was declared dead")
        .tag("worker", worker)
        .register(registry);
    Gauge.builder("partita_worker_tasks_done", values, v -> v[TASKS_DONE])
        .description("Claimed tasks a worker saw to their end since it registered")
        .tag("worker", worker)
        .register(registry);
  }
}
