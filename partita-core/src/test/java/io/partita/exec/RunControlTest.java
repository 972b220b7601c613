package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.partita.PartitaException;
import io.partita.config.PipelineLoader;
import io.partita.config.SqlTemplates;
import io.partita.config.TemplateContext;
import io.partita.engine.Cancellation;
import io.partita.engine.Engine;
import io.partita.engine.PublishRequest;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import io.partita.state.LatestAttempt;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pause, resume, cancel and recovery of a run whose process died. */
class RunControlTest {
  static final String TEN_DAYS = "2025-01-01..2025-01-10";

  @TempDir Path dir;
  TestProject project;
  final ExecutorService background = Executors.newSingleThreadExecutor();

  @BeforeEach
  void open() {
    project = TestProject.threeLayers(dir);
  }

  @AfterEach
  void close() {
    background.shutdownNow();
    project.close();
  }

  /**
   * Holds the run's coordinator after {@code succeeded} tasks succeeded until the test released it,
   * so that a pause or cancel deterministically lands in the middle of the run.
   */
  static final class Gate implements RunListener {
    final int succeeded;
    final AtomicInteger seen = new AtomicInteger();
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Gate(int succeeded) {
      this.succeeded = succeeded;
    }

    @Override
    public void taskFinished(TaskRecord task) {
      if (task.status() == TaskStatus.SUCCEEDED && seen.incrementAndGet() == succeeded) {
        reached.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  Future<RunResult> executeInBackground(String runId, RunListener listener) {
    return background.submit(() -> project.runs().execute(runId, listener));
  }

  @Test
  void pausedRunStopsAfterItsRunningTasksAndResumesWithoutRedoingSucceededOnes() throws Exception {
    RunRecord run = project.create(TestProject.request("", TEN_DAYS, 2));
    Gate gate = new Gate(4);
    Future<RunResult> execution = executeInBackground(run.id(), gate);
    await().atMost(Duration.ofSeconds(20)).until(() -> gate.reached.getCount() == 0);

    RunRecord pausing = project.runs().pause(run.id());
    gate.release.countDown();
    RunResult paused = execution.get(20, TimeUnit.SECONDS);

    assertThat(pausing.control()).isEqualTo(io.partita.state.ControlRequest.PAUSE);
    assertThat(paused.status()).isEqualTo(RunStatus.PAUSED);
    List<TaskRecord> afterPause = project.tasks(run.id());
    assertThat(afterPause)
        .noneMatch(t -> t.status() == TaskStatus.RUNNING || t.status() == TaskStatus.RETRYING);
    Map<String, TaskRecord> succeeded =
        afterPause.stream()
            .filter(t -> t.status() == TaskStatus.SUCCEEDED)
            .collect(Collectors.toMap(RunControlTest::key, Function.identity()));
    assertThat(succeeded.size()).isBetween(4, 29);
    assertThat(afterPause)
        .filteredOn(t -> t.status() == TaskStatus.QUEUED)
        .hasSize(30 - succeeded.size());
    RunRecord stored = project.runs().find(run.id());
    assertThat(stored.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(stored.owner()).isEmpty();

    RunResult resumed = project.runs().execute(run.id(), RunListener.NONE);

    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<TaskRecord> done = project.tasks(run.id());
    assertThat(done).hasSize(30).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    assertThat(done).allSatisfy(t -> assertThat(t.attempts()).as(key(t)).isEqualTo(1));
    for (TaskRecord task : done) {
      TaskRecord before = succeeded.get(key(task));
      if (before != null) {
        assertThat(task.startedAt()).as("not re-run: %s", key(task)).isEqualTo(before.startedAt());
        assertThat(task.finishedAt()).isEqualTo(before.finishedAt());
      }
    }
    assertThat(project.count("SELECT count(*) FROM staging_events"))
        .isEqualTo(project.count("SELECT count(DISTINCT event_id) FROM staging_events"));
  }

  @Test
  void cancelledRunCancelsItsUnfinishedTasksAndReleasesItsLeases() throws Exception {
    RunRecord run = project.create(TestProject.request("", TEN_DAYS, 2));
    Gate gate = new Gate(3);
    Future<RunResult> execution = executeInBackground(run.id(), gate);
    await().atMost(Duration.ofSeconds(20)).until(() -> gate.reached.getCount() == 0);

    project.runs().cancel(run.id());
    gate.release.countDown();
    RunResult cancelled = execution.get(20, TimeUnit.SECONDS);

    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(project.runs().find(run.id()).status()).isEqualTo(RunStatus.CANCELLED);
    List<TaskRecord> tasks = project.tasks(run.id());
    assertThat(tasks)
        .allMatch(t -> t.status() == TaskStatus.SUCCEEDED || t.status() == TaskStatus.CANCELLED);
    assertThat(tasks).filteredOn(t -> t.status() == TaskStatus.SUCCEEDED).hasSizeBetween(3, 29);
    assertThat(tasks).filteredOn(t -> t.status() == TaskStatus.CANCELLED).isNotEmpty();
    assertThatThrownBy(() -> project.runs().execute(run.id(), RunListener.NONE))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Run %s already cancelled; nothing to resume. Start a new backfill to run its partitions again.",
            run.id());

    RunRecord again = project.create(TestProject.request("", TEN_DAYS, 2));

    assertThat(again.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(project.runs().execute(again.id(), RunListener.NONE).status())
        .isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void cancellingAQueuedRunCancelsItAtOnce() {
    RunRecord run = project.create(TestProject.request("", "2025-01-01..2025-01-02", 2));

    RunRecord cancelled = project.runs().cancel(run.id());

    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(project.tasks(run.id())).allMatch(t -> t.status() == TaskStatus.CANCELLED);
    assertThat(project.create(TestProject.request("", "2025-01-01..2025-01-02", 2)).status())
        .isEqualTo(RunStatus.QUEUED);
  }

  @Test
  void resumeOfADeadProcessKeepsPublishedTasksAndRerunsInterruptedOnes() throws Exception {
    RunRecord run = project.create(TestProject.request("", "2025-01-01..2025-01-03", 2));
    Instant now = Instant.now();
    String deadOwner = deadLocalOwner();
    assertThat(Owner.isDeadLocalProcess(deadOwner)).isTrue();
    assertThat(project.state.runs().claim(run.id(), deadOwner, now, now.minusSeconds(2))).isTrue();
    assertThat(project.state.runs().transition(run.id(), RunStatus.QUEUED, RunStatus.RUNNING, now))
        .isTrue();
    // The dead process had published raw_events 2025-01-01 but not yet marked it succeeded,
    // and was in the middle of raw_events 2025-01-02.
    publishAsRun(run.id(), "raw_events", "2025-01-01");
    Instant started = now.minusSeconds(5);
    markRunning(run.id(), "raw_events", "2025-01-01", started);
    markRunning(run.id(), "raw_events", "2025-01-02", started);

    RunResult result = project.runs().execute(run.id(), RunListener.NONE);

    assertThat(result.status()).as("%s", result.tasks()).isEqualTo(RunStatus.SUCCEEDED);
    TaskRecord published = project.task(run.id(), "raw_events", "2025-01-01");
    assertThat(published.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(published.attempts()).as("not re-run").isEqualTo(1);
    assertThat(published.startedAt())
        .contains(started.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(published.error().orElseThrow()).contains("recovered");
    TaskRecord interrupted = project.task(run.id(), "raw_events", "2025-01-02");
    assertThat(interrupted.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(interrupted.attempts()).as("re-run").isEqualTo(2);
    assertThat(project.count("SELECT count(*) FROM raw_events"))
        .isEqualTo(project.count("SELECT count(DISTINCT event_id) FROM raw_events"))
        .isEqualTo(
            project.count(
                "SELECT count(*) FROM read_csv('data/events.csv', header = true)"
                    + " WHERE event_date <= DATE '2025-01-03'"));
    assertThat(project.state.partitions().list("raw_events"))
        .as("the partition grid agrees with the recovered task")
        .extracting(PartitionState::partition, PartitionState::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2025-01-01", PartitionStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("2025-01-02", PartitionStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("2025-01-03", PartitionStatus.SUCCEEDED));
    assertThat(project.runs().find(run.id()).owner()).isEmpty();
  }

  /** This host with the pid of a process that has exited. */
  static String deadLocalOwner() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return Owner.of(Owner.host(), process.pid(), process.info().startInstant());
  }

  void publishAsRun(String runId, String asset, String partition) {
    Engine engine = project.engine();
    var pipeline = PipelineLoader.load(dir);
    var definition = pipeline.asset(asset);
    PartitionKey key = Grain.DAY.parseKey(partition);
    String sql =
        new SqlTemplates()
            .renderSql(
                definition.sqlFile().orElseThrow(),
                definition.sql().orElseThrow(),
                new TemplateContext(key, engine::relation, engine.relation(asset), dir, runId));
    StagedPartition staged =
        engine.stage(
            new StageRequest(
                runId,
                1,
                asset,
                engine.relation(asset),
                key,
                new StageModel(
                    new TaskInput.Sql(sql), definition.timeColumn(), definition.definedIn())),
            new Cancellation());
    engine.publish(staged, new PublishRequest(WriteMode.OVERWRITE, List.of()));
  }

  /** What a worker stores when it starts an attempt: the task and the partition are running. */
  void markRunning(String runId, String asset, String partition, Instant startedAt) {
    RunRecord run = project.runs().find(runId);
    project
        .state
        .tasks()
        .update(
            new TaskRecord(
                runId,
                asset,
                partition,
                TaskStatus.RUNNING,
                1,
                new LatestAttempt(
                    Optional.of(startedAt), Optional.empty(), Optional.empty(), Optional.empty())),
            new PartitionState(
                asset,
                partition,
                PartitionStatus.RUNNING,
                Optional.empty(),
                runId,
                Optional.of(run.snapshotHash()),
                startedAt));
  }

  static String key(TaskRecord task) {
    return task.asset() + " " + task.partition();
  }
}
