package io.partita.web.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partita.exec.ResourcePools;
import io.partita.exec.RunListener;
import io.partita.state.CheckRecord;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.web.project.Project;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Prometheus metrics. Counters and the duration histogram come from the runs this server executes
 * (it is their {@link RunListener}); gauges read the state store at scrape time, so they also see
 * runs executed by a CLI in another process. Other modules add their meters to {@link #registry}.
 */
final class WebMetrics implements RunListener {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Project project;
  private final Map<TaskStatus, AtomicLong> liveTasks = new EnumMap<>(TaskStatus.class);
  private final WorkerGauges workers;

  WebMetrics(Project project, IntSupplier executingRuns) {
    this.project = project;
    this.workers = new WorkerGauges(registry, project.clock());
    for (TaskStatus status : TaskStatus.values()) {
      AtomicLong value = new AtomicLong();
      liveTasks.put(status, value);
      Gauge.builder("partita_tasks", value, AtomicLong::get)
          .description("Tasks of queued, running and paused runs by state")
          .tag("state", status.lowerName())
          .register(registry);
    }
    Gauge.builder("partita_runs_executing", executingRuns, IntSupplier::getAsInt)
        .description("Runs executing in this server")
        .strongReference(true)
        .register(registry);
    project
        .pipeline()
        .pools()
        .forEach(
            (pool, size) -> {
              Gauge.builder("partita_pool_slots_in_use", () -> ResourcePools.shared().inUse(pool))
                  .description("Slots of a resource pool taken by running tasks")
                  .tag("pool", pool)
                  .register(registry);
              Gauge.builder("partita_pool_slots", () -> size)
                  .description("Size of a resource pool")
                  .tag("pool", pool)
                  .register(registry);
            });
  }

  MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text format, with the gauges read from the state store first. */
  String scrape() {
    refreshLiveTasks();
    workers.refresh(project.state());
    return registry.scrape();
  }

  private void refreshLiveTasks() {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    List<RunRecord> live =
        project
            .state()
            .runs()
            .withStatus(List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PAUSED));
    for (RunRecord run : live) {
      for (TaskRecord task : project.state().tasks().list(run.id())) {
        counts.merge(task.status(), 1L, Long::sum);
      }
    }
    liveTasks.forEach((status, value) -> value.set(counts.getOrDefault(status, 0L)));
  }

  @Override
  public void taskFinished(TaskRecord task) {
    if (task.status() == TaskStatus.RETRYING) {
      Counter.builder("partita_task_retries")
          .description("Failed attempts that will be retried")
          .tag("asset", task.asset())
          .register(registry)
          .increment();
      return;
    }
    Counter.builder("partita_tasks_finished")
        .description("Tasks that reached a final state")
        .tag("asset", task.asset())
        .tag("state", task.status().lowerName())
        .register(registry)
        .increment();
    if (task.startedAt().isPresent() && task.finishedAt().isPresent()) {
      Timer.builder("partita_task_duration")
          .description("Wall time of tasks, first start to finish")
          .tag("asset", task.asset())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofHours(2))
          .register(registry)
          .record(Duration.between(task.startedAt().get(), task.finishedAt().get()));
    }
    if (task.status() == TaskStatus.FAILED_CHECKS) {
      List<CheckRecord> verdicts =
          project.state().checks().list(task.asset(), task.partition(), task.partition());
      verdicts.stream()
          .filter(
              v ->
                  v.runId().equals(task.runId())
                      && v.attempt() == task.attempts()
                      && v.outcome().equals("failed"))
          .forEach(
              v ->
                  Counter.builder("partita_check_failures")
                      .description("Failed check verdicts")
                      .tag("asset", v.asset())
                      .tag("check", v.check())
                      .register(registry)
                      .increment());
    }
  }
}
