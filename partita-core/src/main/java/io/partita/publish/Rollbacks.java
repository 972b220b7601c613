package io.partita.publish;

import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.engine.Engine;
import io.partita.engine.PartitionBackup;
import io.partita.engine.PublishedPartition;
import io.partita.engine.QueryResult;
import io.partita.engine.RestoreRequest;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import io.partita.state.LatestAttempt;
import io.partita.state.LeaseKey;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunIds;
import io.partita.state.RunKind;
import io.partita.state.RunOptions;
import io.partita.state.RunOrigin;
import io.partita.state.RunRecord;
import io.partita.state.RunSelection;
import io.partita.state.RunStatus;
import io.partita.state.Snapshot;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code partita rollback --run ID}: puts back, in one transaction, what every partition held
 * before that run published it, and records the rollback as a run of its own.
 */
public final class Rollbacks {
  private final Path projectDir;
  private final StateStore state;
  private final Engine engine;
  private final Clock clock;
  private final Duration staleAfter;

  public Rollbacks(
      Path projectDir, StateStore state, Engine engine, Clock clock, Duration staleAfter) {
    this.projectDir = projectDir;
    this.state = state;
    this.engine = engine;
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  /**
   * What a rollback did: the run that recorded it, the partitions restored and the rows put back.
   */
  public record Result(RunRecord run, List<TaskRecord> tasks, long rowsRestored) {}

  /**
   * @param force restore even partitions that a later run published again (losing that run's data)
   */
  public Result rollback(String runId, String actor, Optional<String> reason, boolean force) {
    RunRecord target =
        state
            .runs()
            .find(runId)
            .orElseThrow(
                () ->
                    PartitaException.user(
                        "Unknown run '%s': `partita runs` lists the runs", runId));
    if (target.status() == RunStatus.RUNNING || target.status() == RunStatus.QUEUED) {
      throw PartitaException.conflict(
          "Run %s is %s; pause or cancel it before rolling it back",
          runId, target.status().lowerName());
    }
    if (target.kind() == RunKind.ROLLBACK) {
      throw PartitaException.user(
          "Run %s is itself a rollback; a rollback keeps no backups, so it cannot be rolled"
              + " back. To redo what it undid, run `partita backfill --assets %s --partitions %s`",
          runId, target.options().assets(), target.options().partitions());
    }
    List<PublishedPartition> published = engine.published(runId);
    if (published.isEmpty()) {
      throw PartitaException.user(
          "Run %s published no partitions; there is nothing to roll back", runId);
    }
    refuseWithoutBackups(runId, engine.backups(runId));
    List<String> overwritten = new ArrayList<>();
    for (PublishedPartition partition : published) {
      // Per version: a later run that wrote another version's table did not touch this one.
      Optional<PublishedPartition> latest =
          partition.target() != null
              ? engine.lastPublishTo(partition.target(), partition.partition())
              : engine.lastPublish(partition.asset(), partition.partition());
      latest
          .filter(last -> !last.runId().equals(runId))
          .ifPresent(
              last ->
                  overwritten.add(
                      partition.asset()
                          + " "
                          + partition.partition()
                          + " (by run "
                          + last.runId()
                          + ")"));
    }
    if (!overwritten.isEmpty() && !force) {
      throw PartitaException.user(
          "Run %s's partitions were written again later: %s. Roll back the later run(s) first, or pass --force to"
              + " restore anyway (their data in those partitions is lost)",
          runId, String.join(", ", overwritten.subList(0, Math.min(8, overwritten.size()))));
    }
    Snapshot snapshot =
        state
            .snapshots()
            .find(target.snapshotHash())
            .orElseThrow(
                () -> PartitaException.internal("Snapshot of run " + runId + " is missing", null));
    Pipeline pipeline = PipelineLoader.load(projectDir, snapshot.files());
    Optional<WriteMode> override = target.options().writeMode().map(WriteMode::parse);
    List<RestoreRequest> requests = new ArrayList<>();
    Set<String> assets = new LinkedHashSet<>();
    for (PublishedPartition partition : published) {
      AssetDefinition asset = pipeline.asset(partition.asset());
      PartitionKey key = asset.grain().parseKey(partition.partition());
      String table =
          partition.target() != null
              ? partition.target()
              : engine.versionRelation(asset.name(), engine.liveVersion(asset.name()).orElse("v1"));
      requests.add(
          new RestoreRequest(
              asset.name(),
              table,
              key,
              asset.timeColumn(),
              override.orElse(asset.writeMode()),
              asset.uniqueKey()));
      assets.add(asset.name());
    }

    Instant now = clock.instant();
    String id = "rollback-" + RunIds.next(now);
    String spec =
        String.join(
            ",",
            published.stream().map(PublishedPartition::partition).distinct().sorted().toList());
    RunRecord run =
        RunRecord.queued(
            id,
            new RunOptions(
                RunSelection.all(String.join(",", assets), spec),
                1,
                "asc",
                Optional.empty(),
                Optional.of(0),
                RunOptions.PER_PARTITION),
            new RunOrigin(
                RunKind.ROLLBACK,
                target.snapshotHash(),
                target.gitCommit(),
                actor,
                Optional.of(reason.orElse("rollback of run " + runId))),
            now);
    state.runs().create(run);
    List<LeaseKey> keys =
        requests.stream().map(r -> new LeaseKey(r.asset(), "", r.partition().key())).toList();
    Optional<String> holder = state.leases().acquire(id, keys, now.minus(staleAfter));
    if (holder.isPresent()) {
      state.runs().delete(id);
      throw PartitaException.conflict(
          "Run %s is writing some of these partitions; wait for it or cancel it", holder.get());
    }
    List<TaskRecord> tasks = new ArrayList<>();
    for (RestoreRequest request : requests) {
      tasks.add(TaskRecord.queued(id, request.asset(), request.partition().key()));
    }
    state.tasks().createAll(tasks);
    state.runs().transition(id, RunStatus.QUEUED, RunStatus.RUNNING, clock.instant());
    long rows;
    try {
      rows = engine.restore(id, runId, requests);
    } catch (RuntimeException e) {
      state.runs().transition(id, RunStatus.RUNNING, RunStatus.FAILED, clock.instant());
      state.leases().release(id);
      throw e;
    }
    List<TaskRecord> done = new ArrayList<>();
    for (RestoreRequest request : requests) {
      long count = count(request);
      Instant at = clock.instant();
      TaskRecord task =
          new TaskRecord(
              id,
              request.asset(),
              request.partition().key(),
              TaskStatus.SUCCEEDED,
              1,
              new LatestAttempt(
                  Optional.of(now),
                  Optional.of(at),
                  Optional.of(count),
                  Optional.of("restored to before run " + runId)));
      state
          .tasks()
          .update(
              task,
              new PartitionState(
                  request.asset(),
                  request.partition().key(),
                  count == 0 ? PartitionStatus.MISSING : PartitionStatus.SUCCEEDED,
                  Optional.of(count),
                  id,
                  Optional.of(target.snapshotHash()),
                  at));
      done.add(task);
    }
    state.runs().transition(id, RunStatus.RUNNING, RunStatus.SUCCEEDED, clock.instant());
    state.leases().release(id);
    return new Result(state.runs().find(id).orElseThrow(), done, rows);
  }

  /**
   * Refuses, before anything changes, when a partition's backup is gone: restoring it would empty
   * the partition. {@code --force} does not override this; a backup of 0 rows (the partition was
   * empty before the run) is restorable.
   */
  private static void refuseWithoutBackups(String runId, List<PartitionBackup> backups) {
    List<PartitionBackup> gone =
        backups.stream()
            .filter(backup -> !backup.restorable())
            .sorted(
                Comparator.comparing(PartitionBackup::asset)
                    .thenComparing(PartitionBackup::partition))
            .toList();
    if (gone.isEmpty()) {
      return;
    }
    List<PartitionBackup> removed =
        gone.stream().filter(backup -> backup.removedAt().isPresent()).toList();
    String why =
        removed.isEmpty()
            ? "have no backup left, and the warehouse did not record whether they held rows before the run (they"
                + " were published before Partita recorded backups)"
            : "had their backups removed by `partita gc` at "
                + removed.stream()
                    .map(
                        backup ->
                            backup
                                .removedAt()
                                .orElseThrow()
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString())
                    .distinct()
                    .sorted()
                    .collect(Collectors.joining(", "));
    List<String> named = gone.stream().map(PartitionBackup::describe).toList();
    throw PartitaException.user(
        "Cannot roll back run %s: %d partition(s) it wrote %s: %s%s. Restoring them would empty them; nothing was"
            + " changed. Rebuild them instead with `partita backfill --assets %s --partitions %s`",
        runId,
        gone.size(),
        why,
        String.join(", ", named.subList(0, Math.min(8, named.size()))),
        named.size() > 8 ? " and " + (named.size() - 8) + " more" : "",
        gone.stream().map(PartitionBackup::asset).distinct().collect(Collectors.joining(",")),
        gone.stream()
            .map(PartitionBackup::partition)
            .distinct()
            .sorted()
            .collect(Collectors.joining(",")));
  }

  private long count(RestoreRequest request) {
    QueryResult result =
        engine.query(
            "SELECT count(*) FROM "
                + request.targetRelation()
                + " WHERE "
                + request.partition().sqlPredicate(request.timeColumn()),
            1);
    return ((Number) result.rows().get(0).get(0)).longValue();
  }
}
