package io.partita.lineage;

import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.partita.config.AssetDefinition;
import io.partita.config.Dependency;
import io.partita.config.Pipeline;
import io.partita.engine.Engine;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import io.partita.plan.Planner;
import io.partita.state.AuditCheck;
import io.partita.state.AuditEvent;
import io.partita.state.AuditInput;
import io.partita.state.AuditOutcome;
import io.partita.state.AuditRecord;
import io.partita.state.AuditRun;
import io.partita.state.AuditTask;
import io.partita.state.AuditTimes;
import io.partita.state.CheckRecord;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the lineage of one run's execution: an audit row when each task attempt starts (written
 * and committed before the attempt does any work, so a crash cannot lose it) and one when it ends
 * (after its outcome, and so its publish, is stored), plus the OpenLineage events of both.
 * Thread-safe: attempts start on worker threads.
 */
public final class LineageRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(LineageRecorder.class);

  private final Pipeline pipeline;
  private final RunRecord run;
  private final StateStore state;
  private final Engine engine;
  private final LineageEmitter emitter;
  private final Clock clock;
  private final Planner planner;
  private final LineageEvents events;
  private final Map<String, AuditRecord> open = new ConcurrentHashMap<>();
  // START rows appended in a transaction that has not committed yet.
  private final Map<String, AuditRecord> starting = new ConcurrentHashMap<>();
  // END rows committed whose events are not emitted yet.
  private final Map<String, AuditRecord> ended = new ConcurrentHashMap<>();
  private volatile String engineVersion;
  private final java.util.function.Function<String, String> versions;
  private volatile Optional<String> worker = Optional.empty();

  /**
   * @param sink where events go and the namespace of the datasets they name
   * @param versions the version of each asset this run writes or reads (audit rows name it)
   */
  public LineageRecorder(
      Pipeline pipeline,
      RunRecord run,
      StateStore state,
      Engine engine,
      LineageSink sink,
      Clock clock,
      java.util.function.Function<String, String> versions) {
    this.versions = versions;
    this.pipeline = pipeline;
    this.run = run;
    this.state = state;
    this.engine = engine;
    this.emitter = sink.emitter();
    this.clock = clock;
    this.planner = new Planner(pipeline);
    this.events =
        new LineageEvents(
            pipeline.name(),
            sink.namespace(),
            pipeline.partitions().timezone(),
            asset -> engine.relation(asset).replace("\"", ""));
  }

  /**
   * Names the worker that executes the attempts recorded from now on, in their audit rows and
   * OpenLineage events; call it before the first attempt.
   */
  public LineageRecorder executedBy(String workerName) {
    this.worker = Optional.of(workerName);
    return this;
  }

  /** The run (the parent of every attempt) starts or resumes. */
  public void runStarted() {
    emitter.emit(events.runEvent(run, EventType.START, clock.instant()));
  }

  /**
   * An attempt is about to do its work: appends the START row (durably; throws if it cannot, so
   * that no attempt runs unaudited) and emits START.
   */
  public void attemptStarted(
      String asset, PartitionKey partition, int attempt, Instant startedAt, WriteMode mode) {
    state.together(
        "store the start of " + asset + " " + partition.key(),
        () -> attemptStoring(asset, partition, attempt, startedAt, mode));
    attemptStored(asset, partition.key(), attempt);
  }

  /**
   * An attempt's RUNNING record is being stored: call inside the state store's {@link
   * StateStore#together} transaction that stores it, so the attempt's state and its START row
   * commit as one, before the attempt does any work. Appends the START row; throws when it cannot,
   * which rolls the record back too. Emits nothing: {@link #attemptStored} does, after the commit.
   */
  public void attemptStoring(
      String asset, PartitionKey partition, int attempt, Instant startedAt, WriteMode mode) {
    AssetDefinition definition = pipeline.asset(asset);
    List<AuditInput> inputs = inputs(definition, partition);
    Optional<Long> rowsRead =
        inputs.stream().map(AuditInput::rows).flatMap(Optional::stream).reduce(Long::sum);
    AuditRecord start =
        new AuditRecord(
            0,
            AuditEvent.START,
            new AuditRun(run.id(), run.origin(), PartitaVersion.current(), engineVersion(), worker),
            new AuditTask(
                asset,
                versions.apply(asset),
                partition.key(),
                attempt,
                partition.start(),
                partition.end(),
                mode.lowerName()),
            new AuditOutcome(
                TaskStatus.RUNNING.lowerName(),
                inputs,
                rowsRead,
                Optional.empty(),
                List.of(),
                Optional.empty()),
            new AuditTimes(startedAt, Optional.empty(), clock.instant()));
    state.audit().append(start);
    // Open (so its end gets an END row) only once the transaction committed: attemptStored.
    starting.put(key(asset, partition.key(), attempt), start);
  }

  /**
   * The transaction in which {@link #attemptStoring} appended the attempt's START row committed:
   * the attempt is open (its end gets an END row) and its START event is emitted.
   */
  public void attemptStored(String asset, String partition, int attempt) {
    String key = key(asset, partition, attempt);
    AuditRecord start = starting.remove(key);
    if (start == null) {
      return;
    }
    open.put(key, start);
    emitter.emit(
        events.attemptEvent(
            run,
            start,
            EventType.START,
            start.times().startedAt(),
            Optional.empty(),
            List.of(),
            List.of(),
            Optional.empty()));
  }

  /**
   * A task's new record is being stored: call inside the state store's {@link StateStore#together}
   * transaction that stores it, so the outcome and its audit row commit as one (a crash can lose
   * both, never one). When the record ends an attempt this process started (any status but running
   * and staged: an atomic run's partition ends when the run publishes it), appends the END row;
   * throws when it cannot, which rolls the outcome back too. Emits nothing: {@link #taskSaved}
   * does, after the commit.
   */
  public void taskStoring(TaskRecord task) {
    if (task.status() == TaskStatus.RUNNING || task.status() == TaskStatus.STAGED) {
      return;
    }
    String key = key(task.asset(), task.partition(), task.attempts());
    AuditRecord start = open.get(key);
    if (start == null) {
      return;
    }
    AuditRecord end =
        start.ended(
            task.status().lowerName(),
            task.status() == TaskStatus.SUCCEEDED ? task.rowsWritten() : Optional.empty(),
            checks(task),
            task.finishedAt().orElse(clock.instant()),
            task.status() == TaskStatus.SUCCEEDED ? Optional.empty() : task.error());
    state.audit().append(end);
    ended.put(key, end);
  }

  /**
   * A task's record was saved. When {@link #taskStoring} appended the END row of its attempt, emits
   * COMPLETE, FAIL or ABORT. Never throws: the outcome is already stored.
   */
  public void taskSaved(TaskRecord task) {
    String key = key(task.asset(), task.partition(), task.attempts());
    AuditRecord end = ended.remove(key);
    if (end == null) {
      return;
    }
    open.remove(key);
    try {
      EventType type =
          switch (task.status()) {
            case SUCCEEDED, SKIPPED -> EventType.COMPLETE;
            case CANCELLED -> EventType.ABORT;
            default -> EventType.FAIL;
          };
      List<String[]> schema = type == EventType.COMPLETE ? schema(task.asset()) : List.of();
      Optional<String> error =
          type == EventType.COMPLETE
              ? Optional.empty()
              : Optional.of(task.error().orElse("attempt ended " + task.status().lowerName()));
      emitter.emit(
          events.attemptEvent(
              run, end, type, clock.instant(), end.rowsWritten(), schema, end.checks(), error));
    } catch (RuntimeException e) {
      LOG.warn("Could not build the lineage event of {} {}", task.asset(), task.partition(), e);
    }
  }

  /** The run stopped; a paused run emits nothing (its resume continues the same parent run). */
  public void runFinished(RunStatus status) {
    EventType type =
        switch (status) {
          case SUCCEEDED -> EventType.COMPLETE;
          case FAILED -> EventType.FAIL;
          case CANCELLED -> EventType.ABORT;
          default -> null;
        };
    if (type != null) {
      emitter.emit(events.runEvent(run, type, clock.instant()));
    }
  }

  private String engineVersion() {
    if (engineVersion == null) {
      try {
        engineVersion = engine.describe();
      } catch (RuntimeException e) {
        engineVersion = "unknown";
      }
    }
    return engineVersion;
  }

  /** The partitions the attempt reads and, from the partition states, which run last wrote each. */
  private List<AuditInput> inputs(AssetDefinition asset, PartitionKey partition) {
    List<AuditInput> inputs = new ArrayList<>();
    for (Dependency dependency : asset.dependencies()) {
      List<PartitionKey> keys = planner.upstreamKeys(dependency, partition);
      if (keys.isEmpty()) {
        continue;
      }
      Map<String, PartitionState> states = new HashMap<>();
      for (PartitionState partitionState :
          state
              .partitions()
              .list(dependency.asset(), keys.get(0).key(), keys.get(keys.size() - 1).key())) {
        states.put(partitionState.partition(), partitionState);
      }
      for (PartitionKey key : keys) {
        PartitionState written = states.get(key.key());
        boolean succeeded = written != null && written.status() == PartitionStatus.SUCCEEDED;
        inputs.add(
            new AuditInput(
                dependency.asset(),
                versions.apply(dependency.asset()),
                key.key(),
                succeeded ? Optional.of(written.runId()) : Optional.empty(),
                succeeded ? written.rows() : Optional.empty()));
      }
    }
    return inputs;
  }

  private List<AuditCheck> checks(TaskRecord task) {
    if (pipeline.asset(task.asset()).checks().isEmpty()) {
      return List.of(); // Verdicts are only recorded for an asset's checks: nothing to read.
    }
    try {
      List<AuditCheck> checks = new ArrayList<>();
      // The partition's verdicts, not the run's: reading every verdict of the run at each task
      // made a long run quadratic (and held the state store's write meanwhile).
      for (CheckRecord check :
          state.checks().list(task.asset(), task.partition(), task.partition())) {
        if (check.runId().equals(run.id()) && check.attempt() == task.attempts()) {
          checks.add(
              new AuditCheck(
                  check.check(),
                  String.valueOf(check.severity()),
                  check.outcome(),
                  check.message()));
        }
      }
      return checks;
    } catch (RuntimeException e) {
      LOG.warn("Could not read the checks of {} {}", task.asset(), task.partition(), e);
      return List.of();
    }
  }

  /**
   * Schemas by asset: a run cannot change them (a schema change fails the publish), so ask once.
   */
  private final java.util.Map<String, List<String[]>> schemas =
      new java.util.concurrent.ConcurrentHashMap<>();

  private List<String[]> schema(String asset) {
    List<String[]> known = schemas.get(asset);
    if (known != null) {
      return known;
    }
    List<String[]> described = describe(asset);
    if (!described.isEmpty()) {
      schemas.put(asset, described);
    }
    return described;
  }

  private List<String[]> describe(String asset) {
    try {
      List<String[]> columns = new ArrayList<>();
      for (io.partita.engine.Column column : engine.describe(engine.relation(asset))) {
        columns.add(new String[] {column.name(), column.type()});
      }
      return columns;
    } catch (RuntimeException e) {
      LOG.debug("Cannot describe {}", asset, e);
      return List.of();
    }
  }

  private static String key(String asset, String partition, int attempt) {
    return asset + "\u0000" + partition + "\u0000" + attempt;
  }
}
