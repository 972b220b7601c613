package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.config.LineageSettings;
import io.partita.state.AuditEvent;
import io.partita.state.AuditQuery;
import io.partita.state.AuditRecord;
import io.partita.state.ClaimRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.state.WorkerRecord;
import io.partita.state.WorkerState;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers share runs through the state store: several workers, each with its own connection to one
 * SQLite file, execute one run on one warehouse; limits hold across them; a dead worker's task goes
 * back to the queue and another finishes it.
 */
class WorkerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;
  TestProject project;
  private final List<StateStore> stores = new ArrayList<>();

  @BeforeEach
  void open() {
    project =
        TestProject.threeLayers(dir).write("scripts/day_row.py", ConcurrencyLimitsTest.DAY_ROW);
  }

  @AfterEach
  void close() {
    stores.forEach(StateStore::close);
    project.close();
  }

  @Test
  void threeWorkersShareOneRunAndPublishEveryPartitionOnce() throws Exception {
    RunRecord run = project.create(TestProject.request("2025-01-03..2025-01-12"));
    project.runs().share(run.id());

    List<Worker.Report> reports = workUntilOver(run.id(), 3, 2);

    assertThat(status(run.id())).isEqualTo(RunStatus.SUCCEEDED);
    List<TaskRecord> tasks = project.tasks(run.id());
    assertThat(tasks).isNotEmpty().allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    assertThat(tasks).allMatch(t -> t.attempts() == 1);
    assertThat(reports.stream().mapToInt(Worker.Report::tasks).sum()).isEqualTo(tasks.size());
    assertThat(reports).filteredOn(r -> r.tasks() > 0).hasSizeGreaterThan(1);
    assertThat(
            project.count(
                "select count(*) from (select asset, partition from _partita.publish_log"
                    + " group by asset, partition having count(*) > 1)"))
        .as("partitions published more than once")
        .isZero();
    assertThat(project.count("select count(*) from _partita.publish_log")).isEqualTo(tasks.size());
    assertThat(project.state.workers().claims()).isEmpty();
    assertThat(project.state.workers().list())
        .extracting(WorkerRecord::state)
        .containsOnly(WorkerState.STOPPED);
  }

  @Test
  void everyAttemptAWorkerRanIsAuditedUnderItsNameAndCountedAsDone() throws Exception {
    RunRecord run = project.create(TestProject.request("raw_events", "2025-01-01..2025-01-06", 4));
    project.runs().share(run.id());

    List<Worker.Report> reports = workUntilOver(run.id(), 2, 2);

    assertThat(status(run.id())).isEqualTo(RunStatus.SUCCEEDED);
    List<AuditRecord> audit = project.state.audit().list(AuditQuery.ofRun(run.id()));
    assertThat(audit).hasSize(2 * 6);
    assertThat(audit)
        .allSatisfy(
            row ->
                assertThat(row.worker()).hasValueSatisfying(w -> assertThat(w).isIn("w1", "w2")));
    Map<String, Long> endsByWorker =
        audit.stream()
            .filter(row -> row.event() == AuditEvent.END)
            .collect(
                Collectors.groupingBy(row -> row.worker().orElseThrow(), Collectors.counting()));
    assertThat(audit)
        .filteredOn(row -> row.event() == AuditEvent.END)
        .extracting(AuditRecord::status)
        .containsOnly("succeeded");
    assertThat(endsByWorker.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
    for (WorkerRecord worker : project.state.workers().list()) {
      assertThat(worker.tasksDone())
          .as("tasks done by %s", worker.name())
          .isEqualTo(endsByWorker.getOrDefault(worker.name(), 0L));
    }
    assertThat(reports.stream().mapToInt(Worker.Report::tasks).sum()).isEqualTo(6);
    List<String> events =
        Files.readAllLines(dir.resolve(LineageSettings.DEFAULT_PATH)).stream()
            .filter(line -> line.contains("partita_partition"))
            .toList();
    assertThat(events).hasSize(2 * 6).allMatch(line -> line.matches(".*\"worker\":\"w[12]\".*"));
  }

  @Test
  void concurrencyAndPoolsHoldAcrossWorkers() throws Exception {
    project.withAssets(
        """
        single:
          command: [python3, scripts/day_row.py, single]
          concurrency: 1
        pooled_a:
          command: [python3, scripts/day_row.py, a]
          pool: %s
        pooled_b:
          command: [python3, scripts/day_row.py, b]
          pool: %s
        """
            .formatted(project.pool, project.pool));
    RunRecord run =
        project.create(
            TestProject.request("single,pooled_a,pooled_b", "2025-01-01..2025-01-06", 8));
    project.runs().share(run.id());

    workUntilOver(run.id(), 3, 3);

    assertThat(status(run.id())).isEqualTo(RunStatus.SUCCEEDED);
    List<TaskRecord> tasks = project.tasks(run.id());
    assertThat(tasks).hasSize(18);
    assertThat(BackfillOrderTest.maxOverlap(only(tasks, "single"))).isEqualTo(1);
    List<TaskRecord> pooled = new ArrayList<>(only(tasks, "pooled_a"));
    pooled.addAll(only(tasks, "pooled_b"));
    assertThat(BackfillOrderTest.maxOverlap(pooled)).isBetween(1, 2);
  }

  @Test
  void aDeadWorkersTaskReturnsToTheQueueAndAnotherWorkerFinishesIt() throws Exception {
    RunRecord run = project.create(TestProject.request("raw_events", "2025-01-01..2025-01-03", 2));
    project.runs().share(run.id());
    Instant longAgo = Instant.now().minusSeconds(60);
    project
        .state
        .workers()
        .register(WorkerRecord.starting("ghost", "elsewhere", 1, 1, longAgo), longAgo);
    TaskClaim lost =
        project
            .state
            .workers()
            .claim(
                new ClaimRequest(
                    run.id(),
                    "ghost",
                    List.of(new ClaimRequest.Candidate("raw_events", "2025-01-02")),
                    new ClaimRequest.ClaimLimits(
                        2, java.util.Map.of(), java.util.Map.of(), java.util.Map.of()),
                    longAgo))
            .orElseThrow();

    workUntilOver(run.id(), 1, 2);

    assertThat(status(run.id())).isEqualTo(RunStatus.SUCCEEDED);
    TaskRecord retaken = project.task(run.id(), lost.asset(), lost.partition());
    assertThat(retaken.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(retaken.attempts()).isEqualTo(2);
    assertThat(project.state.workers().list())
        .filteredOn(w -> w.name().equals("ghost"))
        .extracting(WorkerRecord::state)
        .containsExactly(WorkerState.DEAD);
    assertThat(
            project.count(
                "select count(*) from _partita.publish_log where partition = '2025-01-02'"))
        .isEqualTo(1);
  }

  @Test
  void aStoppingWorkerHandsItsRunningTaskBackToTheQueue() throws Exception {
    project
        .write("scripts/slow.py", "import time\ntime.sleep(30)\n")
        .withAssets(
            """
            slow:
              command: [python3, scripts/slow.py]
            """);
    RunRecord run = project.create(TestProject.request("slow", "2025-01-01", 1));
    project.runs().share(run.id());
    AtomicBoolean stop = new AtomicBoolean();
    Worker worker = worker("leaver", 1, Duration.ZERO);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Worker.Report> report = thread.submit(() -> worker.run(stop::get, r -> true));
      long deadline = System.currentTimeMillis() + 20_000;
      while (project.state.workers().claims().isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      stop.set(true);

      assertThat(report.get(60, TimeUnit.SECONDS).handedBack()).isEqualTo(1);
    } finally {
      thread.shutdownNow();
    }
    TaskRecord task = project.task(run.id(), "slow", "2025-01-01");
    assertThat(task.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(task.error()).hasValueSatisfying(e -> assertThat(e).contains("handed back"));
    assertThat(project.state.workers().claims()).isEmpty();
    assertThat(project.state.audit().list(AuditQuery.ofRun(run.id())))
        .extracting(AuditRecord::event, AuditRecord::status, AuditRecord::worker)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditEvent.START, "running", Optional.of("leaver")),
            org.assertj.core.groups.Tuple.tuple(AuditEvent.END, "queued", Optional.of("leaver")));
    assertThat(project.state.workers().list())
        .extracting(WorkerRecord::tasksDone)
        .as("a handed back task is not done")
        .containsExactly(0L);
    assertThat(status(run.id())).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aWorkerStoppedDuringTheRunsLastTaskFinishesItWithinTheGraceAndEndsTheRun() throws Exception {
    project
        .write(
            "scripts/last.py",
            """
            import os, time
            time.sleep(1)
            with open(os.environ['PARTITA_OUTPUT'], 'w') as out:
                out.write('event_date,label\\n' + os.environ['PARTITA_PARTITION'] + ',x\\n')
            """)
        .withAssets(
            """
            last:
              command: [python3, scripts/last.py]
            """);
    RunRecord run = project.create(TestProject.request("last", "2025-01-01", 1));
    project.runs().share(run.id());
    AtomicBoolean stop = new AtomicBoolean();
    Worker worker = worker("leaver", 1, Duration.ofSeconds(60));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Worker.Report> report = thread.submit(() -> worker.run(stop::get, r -> true));
      long deadline = System.currentTimeMillis() + 20_000;
      while (project.state.workers().claims().isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      stop.set(true);

      assertThat(report.get(60, TimeUnit.SECONDS))
          .satisfies(r -> assertThat(r.tasks()).isEqualTo(1))
          .satisfies(r -> assertThat(r.handedBack()).isZero());
    } finally {
      thread.shutdownNow();
    }
    assertThat(project.task(run.id(), "last", "2025-01-01").status())
        .isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(project.state.workers().claims()).isEmpty();
    // Nobody else is left to notice that the run is over: the leaving worker ends it.
    assertThat(status(run.id())).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void aFailedSharedRunSharedAgainRetriesOnlyItsFailedTasks() throws Exception {
    project
        .write(
            "scripts/once.py",
            """
            import os, sys
            marker = 'failed-once-' + os.environ['PARTITA_PARTITION']
            if os.environ['PARTITA_PARTITION'] == '2025-01-02' and not os.path.exists(marker):
                open(marker, 'w').close()
                sys.exit('first attempt fails')
            with open(os.environ['PARTITA_OUTPUT'], 'w') as out:
                out.write('event_date,label\\n' + os.environ['PARTITA_PARTITION'] + ',x\\n')
            """)
        .withAssets(
            """
            flaky:
              command: [python3, scripts/once.py]
            """);
    RunRecord run = project.create(TestProject.request("flaky", "2025-01-01..2025-01-03", 2));
    project.runs().share(run.id());
    workUntilOver(run.id(), 1, 2);
    assertThat(status(run.id())).isEqualTo(RunStatus.FAILED);
    assertThat(project.task(run.id(), "flaky", "2025-01-02").status()).isEqualTo(TaskStatus.FAILED);

    project.runs().share(run.id());
    workUntilOver(run.id(), 1, 2);

    assertThat(status(run.id())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(project.tasks(run.id()))
        .extracting(TaskRecord::partition, TaskRecord::attempts)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("2025-01-01", 1),
            org.assertj.core.groups.Tuple.tuple("2025-01-02", 2),
            org.assertj.core.groups.Tuple.tuple("2025-01-03", 1));
  }

  /** Runs {@code count} workers, each on its own store connection, until the run is over. */
  private List<Worker.Report> workUntilOver(String runId, int count, int slots) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      List<Future<Worker.Report>> futures = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        Worker worker = worker("w" + i, slots, Duration.ofSeconds(5));
        futures.add(
            threads.submit(() -> worker.run(() -> status(runId).isTerminal(), run -> true)));
      }
      List<Worker.Report> reports = new ArrayList<>();
      for (Future<Worker.Report> future : futures) {
        reports.add(future.get(120, TimeUnit.SECONDS));
      }
      return reports;
    } finally {
      threads.shutdownNow();
    }
  }

  private Worker worker(String name, int slots, Duration grace) {
    StateStore own = SqliteStateStore.open(dir.resolve(".partita/state.db"));
    stores.add(own);
    return new Worker(
        dir,
        own,
        project.engine(),
        Clock.systemUTC(),
        new WorkerSettings(name, slots, TIMEOUT, grace));
  }

  private RunStatus status(String runId) {
    return project.state.runs().find(runId).orElseThrow().status();
  }

  private static List<TaskRecord> only(List<TaskRecord> tasks, String asset) {
    return tasks.stream().filter(t -> t.asset().equals(asset)).toList();
  }
}
