package io.partita.engine.spark;

import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.model.WriteMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.iceberg.BaseTransaction;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * {@code --publish atomic} across several tables on a REST catalog: ONE multi-table commit ({@code
 * POST /v1/transactions/commit}) moves every table's {@code main} at once.
 *
 * <p>First each table's new {@code main} is prepared where no reader looks: the audit branch itself
 * when main can fast-forward to it, otherwise a {@code publish_} branch made from main with the
 * overwrite or merge written into it (its snapshot summary is the publish log, as on main). Then
 * one transaction fast-forwards every main to its prepared snapshot and removes the branches; the
 * catalog checks that no main moved meanwhile, or commits nothing.
 *
 * <p>When the commit's answer is lost (the catalog committed but the reply failed), the tables'
 * mains tell whether it landed: all at the prepared snapshots means published, none means nothing
 * was.
 */
final class IcebergTransactionPublish {
  private final IcebergTables tables;
  private final SparkPublisher publisher;

  IcebergTransactionPublish(IcebergTables tables, SparkPublisher publisher) {
    this.tables = tables;
    this.publisher = publisher;
  }

  /** One table's part: its main moves to {@code head}'s snapshot; {@code retire} is removed. */
  private record Prepared(
      String target,
      List<StagedPartition> staged,
      List<PublishRequest> requests,
      List<StagedBranch> branches,
      String head,
      long headSnapshotId,
      Set<String> retire,
      List<PublishResult> results) {}

  List<PublishResult> publish(List<StagedPartition> staged, List<PublishRequest> requests) {
    Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
    for (int i = 0; i < staged.size(); i++) {
      byTarget
          .computeIfAbsent(staged.get(i).request().targetRelation(), any -> new ArrayList<>())
          .add(i);
    }
    StageRequest first = staged.get(0).request();
    List<Prepared> prepared;
    try {
      prepared =
          underLocks(
              new ArrayList<>(new TreeSet<>(byTarget.keySet())),
              () -> commit(first, prepareAll(byTarget, staged, requests)));
    } catch (EngineException e) {
      throw e;
    } catch (Exception e) {
      throw SparkErrors.wrap(first, "publishing " + byTarget.size() + " tables atomically", e);
    }
    PublishResult[] results = new PublishResult[staged.size()];
    for (Prepared table : prepared) {
      boolean schemaChanged =
          publisher.afterPublish(table.target(), table.requests(), table.branches());
      publisher.finish(table.staged(), table.branches(), schemaChanged);
      List<Integer> positions = byTarget.get(table.target());
      for (int i = 0; i < positions.size(); i++) {
        results[positions.get(i)] = table.results().get(i);
      }
    }
    return List.of(results);
  }

  private List<Prepared> prepareAll(
      Map<String, List<Integer>> byTarget,
      List<StagedPartition> staged,
      List<PublishRequest> requests)
      throws Exception {
    List<Prepared> prepared = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> entry : byTarget.entrySet()) {
      List<StagedPartition> tableStaged = new ArrayList<>();
      List<PublishRequest> tableRequests = new ArrayList<>();
      for (int i : entry.getValue()) {
        tableStaged.add(staged.get(i));
        tableRequests.add(requests.get(i));
      }
      prepared.add(prepare(entry.getKey(), tableStaged, tableRequests));
    }
    return prepared;
  }

  /** Makes the snapshot {@code target}'s main will move to, on a branch no reader looks at. */
  private Prepared prepare(
      String target, List<StagedPartition> staged, List<PublishRequest> requests) throws Exception {
    List<StagedBranch> branches = publisher.branchesOf(staged, requests);
    publisher.beforePublish(target, staged, requests, branches);
    Table table = tables.loadQualified(target);
    table.refresh();
    long main = table.currentSnapshot().snapshotId();
    boolean merge = requests.get(0).mode() == WriteMode.MERGE;
    String head;
    List<PublishResult> results;
    if (!merge && SparkPublisher.fastForwards(branches, main)) {
      head = branches.get(0).branch();
      results = publisher.overwriteResults(target, staged, branches);
    } else {
      head = "publish_" + branches.get(0).branch();
      ManageSnapshots snapshots = table.manageSnapshots();
      if (table.refs().containsKey(head)) {
        snapshots.replaceBranch(head, main);
      } else {
        snapshots.createBranch(head, main);
      }
      snapshots.commit();
      String into = tables.branch(target, head);
      if (merge) {
        results = publisher.merge(target, into, staged, branches, requests.get(0).uniqueKey());
      } else {
        results = publisher.overwriteResults(target, staged, branches);
        publisher.overwriteInto(target, into, staged, branches);
      }
    }
    table.refresh();
    Set<String> retire = new LinkedHashSet<>(publisher.retiredBranches(table, branches));
    retire.add(head);
    return new Prepared(
        target,
        staged,
        requests,
        branches,
        head,
        table.refs().get(head).snapshotId(),
        retire,
        results);
  }

  /** One multi-table commit: every main fast-forwards to its prepared snapshot, or none does. */
  private List<Prepared> commit(StageRequest first, List<Prepared> prepared) {
    Catalog catalog = tables.iceberg();
    if (!(catalog instanceof RESTCatalog rest)) {
      throw new EngineException(
          SparkErrors.where(first)
              + ": the catalog '"
              + tables.catalogName()
              + "' is not a REST catalog and cannot commit several tables in one transaction;"
              + " nothing was published",
          false,
          null);
    }
    List<TableCommit> commits = new ArrayList<>();
    for (Prepared table : prepared) {
      Transaction transaction = tables.loadQualified(table.target()).newTransaction();
      ManageSnapshots snapshots =
          transaction.manageSnapshots().fastForwardBranch(SnapshotRef.MAIN_BRANCH, table.head());
      table.retire().forEach(snapshots::removeBranch);
      snapshots.commit();
      BaseTransaction changes = (BaseTransaction) transaction;
      commits.add(
          TableCommit.create(
              TableIdentifier.of(tables.namespace(), tables.tableName(table.target())),
              changes.startMetadata(),
              changes.currentMetadata()));
    }
    try {
      rest.commitTransaction(commits);
    } catch (RuntimeException failure) {
      settle(first, prepared, failure);
    }
    return prepared;
  }

  /**
   * After a failed commit call: returns when every main is at its prepared snapshot (the catalog
   * committed, its answer was lost); throws when none is (nothing was published) or when the
   * catalog cannot be asked.
   */
  private void settle(StageRequest first, List<Prepared> prepared, RuntimeException failure) {
    int landed = 0;
    try {
      for (Prepared table : prepared) {
        Snapshot current = tables.loadQualified(table.target()).currentSnapshot();
        if (current != null && current.snapshotId() == table.headSnapshotId()) {
          landed++;
        }
      }
    } catch (RuntimeException unreachable) {
      throw new EngineException(
          String.format(
              "%s: the REST catalog at %s did not answer the commit of %d tables (%s) and cannot"
                  + " be asked whether it landed: %s. Check that the catalog is up, then run"
                  + " `partita resume %s`: the tables' snapshot history shows what was published",
              SparkErrors.where(first),
              tables.settings().catalog().uri().orElse("?"),
              prepared.size(),
              String.join(", ", prepared.stream().map(Prepared::target).toList()),
              SparkErrors.oneLine(failure),
              first.runId()),
          false,
          failure);
    }
    if (landed == prepared.size()) {
      return;
    }
    if (landed == 0) {
      retireUnpublished(prepared);
      throw failure;
    }
    throw new EngineException(
        String.format(
            "%s: the catalog committed %d of %d tables of one transaction: it does not commit"
                + " several tables atomically (%s)",
            SparkErrors.where(first), landed, prepared.size(), SparkErrors.oneLine(failure)),
        false,
        failure);
  }

  /** Removes the {@code publish_} branches of a transaction that did not commit (best effort). */
  private void retireUnpublished(List<Prepared> prepared) {
    for (Prepared table : prepared) {
      if (table.head().startsWith("publish_")) {
        try {
          tables
              .loadQualified(table.target())
              .manageSnapshots()
              .removeBranch(table.head())
              .commit();
        } catch (RuntimeException ignored) {
          // A leftover branch is clutter: it is not on main, so nobody reads it as published.
        }
      }
    }
  }

  /** Runs {@code body} holding this process's locks of {@code targets}, taken in sorted order. */
  private <T> T underLocks(List<String> targets, Callable<T> body) throws Exception {
    if (targets.isEmpty()) {
      return body.call();
    }
    synchronized (tables.lock(targets.get(0))) {
      return underLocks(targets.subList(1, targets.size()), body);
    }
  }
}
