package io.partita.publish;

import io.partita.PartitaException;
import io.partita.check.Check;
import io.partita.config.AssetDefinition;
import io.partita.config.AssetKind;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.config.TemplateContext;
import io.partita.engine.Engine;
import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.PartitionKey;
import io.partita.state.CheckRecord;
import io.partita.state.LateArrivalRecord;
import io.partita.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Materializes one partition of one asset from the run's frozen snapshot: render the model (or run
 * the command), stage, publish. Thread-safe; one instance per run execution.
 */
public final class TaskRunner {
  private final Pipeline pipeline;
  private final Engine engine;
  private final SqlTemplates templates;
  private final CommandStep command;
  private final StateStore state;
  private final Clock clock;
  private final boolean atomic;
  private final StagedInRun staged;
  private final CheckRunner checks;
  private final VersionTargets targets;

  /**
   * @param snapshotDir where the snapshot's files are written out, so command assets run the pinned
   *     scripts rather than the working tree
   * @param atomic hand each checked partition back instead of publishing it (one publish at the
   *     end)
   */
  public TaskRunner(
      WapServices services,
      Path snapshotDir,
      Path scratchDir,
      boolean atomic,
      StagedInRun staged,
      VersionTargets targets) {
    this.targets = targets;
    this.pipeline = services.pipeline();
    this.engine = services.engine();
    this.templates = services.templates();
    this.state = services.state();
    this.clock = services.clock();
    this.command = new CommandStep(pipeline, templates, snapshotDir, scratchDir);
    this.atomic = atomic;
    this.staged = staged;
    this.checks = new CheckRunner(pipeline, engine, state, templates, clock);
  }

  /**
   * Runs the attempt: render, stage, check, then publish (or, for an atomic run, hand the staged
   * partition back). Throws on any failure, leaving published data as it was; a failed check
   * quarantines the staged rows and throws {@link ChecksFailedException}.
   */
  public TaskOutput run(TaskAttempt attempt) {
    AssetDefinition asset = attempt.asset();
    List<String> overlays = new ArrayList<>();
    TemplateContext context = context(attempt, overlays);
    Path output = null;
    try {
      TaskInput input;
      if (asset.kind() == AssetKind.SQL) {
        input = sqlInput(attempt, context, attempt.partition());
      } else {
        output = command.output(attempt);
        command.run(attempt, context, output);
        input = new TaskInput.File(output, asset.output());
        if (asset.auditColumns()) {
          input = withAuditColumns(input, attempt.runId());
        }
      }
      StageRequest request = stageRequest(attempt, input);
      Optional<TaskOutput> direct = writeDirectly(attempt, request);
      if (direct.isPresent()) {
        return direct.get();
      }
      StagedPartition stagedPartition = engine.stage(request, attempt.cancellation());
      // Checks record verdicts and may quarantine: durable, so only after the start is stored.
      attempt.cancellation().awaitCommitPermit();
      Verified verified =
          verify(
              attempt,
              stagedPartition,
              measure(List.of(attempt), List.of(stagedPartition)).get(0),
              state.checks()::record);
      if (atomic) {
        return holdBack(verified);
      }
      PublishResult result;
      try {
        result = engine.publish(stagedPartition, verified.publish());
      } catch (RuntimeException e) {
        engine.discard(stagedPartition);
        throw e;
      }
      return published(verified, result);
    } finally {
      if (output != null) {
        CommandStep.deleteQuietly(output);
      }
      dropOverlays(overlays);
    }
  }

  /**
   * Whether the attempt's rows may go straight into the target ({@link Engine#writeDirectly}):
   * nothing reads them before the publish, as the asset has no checks and no arrival column, and
   * the run publishes each partition as it finishes.
   */
  private boolean writesDirectly(TaskAttempt attempt) {
    AssetDefinition asset = attempt.asset();
    return !atomic
        && asset.kind() == AssetKind.SQL
        && asset.checks().isEmpty()
        && asset.arrivalColumn().isEmpty()
        && attempt.writeMode() == io.partita.model.WriteMode.OVERWRITE;
  }

  /**
   * The attempt written straight into its target ({@link Engine#writeDirectly}) when nothing reads
   * its rows before the publish; empty when the engine left it to the staged path.
   */
  private Optional<TaskOutput> writeDirectly(TaskAttempt attempt, StageRequest request) {
    if (!writesDirectly(attempt)) {
      return Optional.empty();
    }
    PublishRequest publish = publishRequest(attempt);
    return engine
        .writeDirectly(request, publish, attempt.cancellation())
        .map(
            written ->
                published(
                    new Verified(
                        attempt,
                        new StagedPartition(
                            request, request.targetRelation(), written.rowsWritten()),
                        publish,
                        Map.of("row_count", (double) written.rowsWritten()),
                        Optional.empty()),
                    written));
  }

  private static PublishRequest publishRequest(TaskAttempt attempt) {
    return new PublishRequest(
        attempt.writeMode(), attempt.uniqueKey(), attempt.asset().onSchemaChange());
  }

  /** A staged partition whose checks passed, with what to store once it is published. */
  record Verified(
      TaskAttempt attempt,
      StagedPartition staged,
      PublishRequest publish,
      Map<String, Double> metrics,
      Optional<LateArrivalRecord> lateness) {}

  /**
   * The template context of an attempt; upstreams held back by an atomic run are read through
   * overlay views, whose names are added to {@code overlays} for {@link #dropOverlays}.
   */
  TemplateContext context(TaskAttempt attempt, List<String> overlays) {
    AssetDefinition asset = attempt.asset();
    java.util.function.Function<String, String> ref =
        upstream -> {
          List<StagedInRun.Entry> held = staged.of(upstream);
          if (held.isEmpty()) {
            // An upstream rebuilt into a new version by this same run is read from that version.
            return targets.contains(upstream) && !targets.isLive(upstream)
                ? engine.versionRelation(upstream, targets.version(upstream))
                : engine.relation(upstream);
          }
          String view =
              engine.overlay(
                  attempt.runId()
                      + "__"
                      + asset.name()
                      + "__"
                      + attempt.partition().key()
                      + "__"
                      + upstream,
                  upstream,
                  held.stream().map(StagedInRun.Entry::staged).toList(),
                  held.stream().map(StagedInRun.Entry::publish).toList());
          overlays.add(view);
          return view;
        };
    return new TemplateContext(
        attempt.partition(),
        ref,
        engine.versionRelation(asset.name(), targets.version(asset.name())),
        pipeline.projectDir(),
        attempt.runId());
  }

  /**
   * The SQL model rendered for the window from the attempt's partition to the end of {@code last}
   * (the same partition unless a batch spans several), with the audit columns when asked for.
   */
  TaskInput sqlInput(TaskAttempt attempt, TemplateContext context, PartitionKey last) {
    AssetDefinition asset = attempt.asset();
    String sql;
    try {
      sql =
          templates.renderSql(
              asset.sqlFile().orElseThrow(), asset.sql().orElseThrow(), context, last.end());
    } catch (PartitaException e) {
      throw renderFailure(attempt, e);
    }
    TaskInput input = new TaskInput.Sql(sql);
    return asset.auditColumns() ? withAuditColumns(input, attempt.runId()) : input;
  }

  StageRequest stageRequest(TaskAttempt attempt, TaskInput input) {
    AssetDefinition asset = attempt.asset();
    return new StageRequest(
        attempt.runId(),
        attempt.attempt(),
        asset.name(),
        engine.versionRelation(asset.name(), targets.version(asset.name())),
        attempt.partition(),
        new StageModel(input, asset.timeColumn(), asset.definedIn()));
  }

  /**
   * Runs the checks and measures late arrivals of one staged partition. A failed check quarantines
   * it and throws {@link ChecksFailedException}; any other failure discards it and throws.
   */
  Verified verify(
      TaskAttempt attempt,
      StagedPartition stagedPartition,
      Map<Check, List<Object>> measured,
      Consumer<List<CheckRecord>> verdicts) {
    AssetDefinition asset = attempt.asset();
    PublishRequest publish = publishRequest(attempt);
    try {
      if (attempt.cancellation().isCancelled()) {
        throw new EngineException(
            describe(attempt) + ": " + attempt.cancellation().reason(), true, null);
      }
      Map<String, Double> metrics =
          checks.verify(
              attempt,
              targets.version(asset.name()),
              stagedPartition,
              staged::relation,
              measured,
              verdicts);
      // Late-arrival metrics compare the staged rows with the published ones, so they are
      // measured before publish; they are stored once the publish committed (atomic runs: now).
      Optional<LateArrivalRecord> lateness =
          LateArrivals.measure(
              pipeline, asset, engine, stagedPartition, attempt.uniqueKey(), clock.instant());
      return new Verified(attempt, stagedPartition, publish, metrics, lateness);
    } catch (ChecksFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      engine.discard(stagedPartition);
      throw e;
    }
  }

  /**
   * Measures the checks of consecutive staged partitions of one asset in one grouped scan; the
   * values for {@link #verify}. Never throws: what it could not measure, verify runs alone.
   */
  List<Map<Check, List<Object>>> measure(
      List<TaskAttempt> attempts, List<StagedPartition> stagedPartitions) {
    if (attempts.get(0).cancellation().isCancelled()) {
      return stagedPartitions.stream().map(p -> Map.<Check, List<Object>>of()).toList();
    }
    return checks.measure(attempts, stagedPartitions, staged::relation);
  }

  boolean atomic() {
    return atomic;
  }

  /** Atomic runs: the checked partition is handed back, published at the run's end. */
  TaskOutput holdBack(Verified verified) {
    verified.lateness().ifPresent(state.lateArrivals()::record);
    return new TaskOutput(
        verified.staged().rows(),
        Optional.of(verified.staged()),
        verified.publish(),
        verified.metrics());
  }

  /**
   * Stores what a committed publish makes true at once, its late arrivals; its metrics are in the
   * output, for the caller to store with the task's end. A publish that threw leaves the staged
   * rows, which are discarded.
   */
  TaskOutput published(Verified verified, PublishResult result) {
    return published(List.of(verified), List.of(result)).get(0);
  }

  /** {@link #published(Verified, PublishResult)} for several. */
  List<TaskOutput> published(List<Verified> verified, List<PublishResult> results) {
    return PublishedPartitions.store(state, verified, results);
  }

  Engine engine() {
    return engine;
  }

  StateStore state() {
    return state;
  }

  void dropOverlays(List<String> overlays) {
    for (String view : overlays) {
      try {
        engine.dropView(view);
      } catch (RuntimeException ignored) {
        // A leftover view in the staging schema is clutter, not harm.
      }
    }
  }

  /**
   * {@code audit_columns: true}: every staged (so every published) row carries the run that wrote
   * it and when, for SQL models and command outputs alike. The model's text is wrapped, never
   * edited.
   */
  private TaskInput withAuditColumns(TaskInput input, String runId) {
    String writtenAt =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(java.time.ZoneOffset.UTC)
            .format(clock.instant());
    java.util.LinkedHashMap<String, String> columns = new java.util.LinkedHashMap<>();
    columns.put("_partita_run_id", "'" + runId.replace("'", "''") + "'");
    columns.put("_partita_written_at", "TIMESTAMP '" + writtenAt + "'");
    return new TaskInput.WithColumns(input, columns);
  }

  /**
   * A template that does not render will not render on a retry either: fail the attempt for good,
   * naming the partition as well as the template's file and line.
   */
  static EngineException renderFailure(TaskAttempt attempt, PartitaException e) {
    return new EngineException(describe(attempt) + ": " + e.getMessage(), false, e);
  }

  static String describe(TaskAttempt attempt) {
    return "asset '" + attempt.asset().name() + "' partition " + attempt.partition().key();
  }
}
