package io.partita.publish;

import io.partita.config.TemplateContext;
import io.partita.engine.PublishResult;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.state.CheckRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Materializes consecutive partitions of one SQL asset ({@code batch_size}) with one query, while
 * each partition stays the unit of truth: the model is rendered once for the window spanning the
 * batch and staged once, then every partition gets its own staging relation and is checked on its
 * own (its own verdicts, metrics and quarantine), and the partitions that passed publish together
 * in one transaction. A batch whose query fails is split in halves until the failing partition runs
 * alone, so one bad partition never blocks the others. Thread-safe, like {@link TaskRunner}.
 */
public final class BatchRunner {
  private final TaskRunner runner;

  public BatchRunner(TaskRunner runner) {
    this.runner = runner;
  }

  /**
   * Runs the attempts, consecutive partitions of one SQL asset in order sharing one cancellation.
   * Never throws for a partition's failure: the results, in the attempts' order, hold each one's
   * output or failure.
   */
  public List<PartitionResult> run(List<TaskAttempt> attempts) {
    if (attempts.size() == 1) {
      return List.of(runAlone(attempts.get(0)));
    }
    List<StagedPartition> staged;
    try {
      staged = stage(attempts);
    } catch (RuntimeException e) {
      if (attempts.get(0).cancellation().isCancelled()) {
        return attempts.stream().map(attempt -> PartitionResult.of(e)).toList();
      }
      // One partition may break the shared query (a cast that fails on its rows, say): halve
      // until it runs alone and fails alone, with the error it would have had on its own.
      int middle = attempts.size() / 2;
      List<PartitionResult> results = new ArrayList<>(run(attempts.subList(0, middle)));
      results.addAll(run(attempts.subList(middle, attempts.size())));
      return results;
    }
    PartitionResult[] results = new PartitionResult[attempts.size()];
    List<TaskRunner.Verified> passed = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    // The checks of all partitions in one grouped scan; each partition is then judged alone.
    List<java.util.Map<io.partita.check.Check, List<Object>>> measured =
        runner.measure(attempts, staged);
    // Every partition's verdicts in one state-store transaction, before any of them publishes.
    List<CheckRecord> verdicts = new ArrayList<>();
    for (int i = 0; i < attempts.size(); i++) {
      try {
        passed.add(
            runner.verify(attempts.get(i), staged.get(i), measured.get(i), verdicts::addAll));
        positions.add(i);
      } catch (RuntimeException e) {
        results[i] = PartitionResult.of(e);
      }
    }
    try {
      runner.state().checks().record(verdicts);
    } catch (RuntimeException e) {
      // Verdicts that cannot be stored: nothing of the batch publishes, as alone.
      passed.forEach(verified -> runner.engine().discard(verified.staged()));
      for (int position : positions) {
        results[position] = PartitionResult.of(e);
      }
      return Arrays.asList(results);
    }
    List<PartitionResult> outputs = runner.atomic() ? holdBack(passed) : publish(passed);
    for (int i = 0; i < positions.size(); i++) {
      results[positions.get(i)] = outputs.get(i);
    }
    return Arrays.asList(results);
  }

  private PartitionResult runAlone(TaskAttempt attempt) {
    try {
      return PartitionResult.of(runner.run(attempt));
    } catch (RuntimeException e) {
      return PartitionResult.of(e);
    }
  }

  private List<StagedPartition> stage(List<TaskAttempt> attempts) {
    TaskAttempt first = attempts.get(0);
    List<String> overlays = new ArrayList<>();
    try {
      TemplateContext context = runner.context(first, overlays);
      TaskInput input =
          runner.sqlInput(first, context, attempts.get(attempts.size() - 1).partition());
      List<StageRequest> requests =
          attempts.stream().map(attempt -> runner.stageRequest(attempt, input)).toList();
      return runner.engine().stageBatch(requests, first.cancellation());
    } finally {
      // The batch query has run: the staged rows no longer read the overlays.
      runner.dropOverlays(overlays);
    }
  }

  private List<PartitionResult> holdBack(List<TaskRunner.Verified> passed) {
    return passed.stream().map(verified -> PartitionResult.of(runner.holdBack(verified))).toList();
  }

  /**
   * One transaction for the whole batch. Should it fail (a duplicate merge key in one partition,
   * say), each partition publishes alone, so only the partition at fault fails.
   */
  private List<PartitionResult> publish(List<TaskRunner.Verified> passed) {
    if (passed.isEmpty()) {
      return List.of();
    }
    List<PublishResult> published;
    try {
      published =
          runner
              .engine()
              .publishAll(
                  passed.stream().map(TaskRunner.Verified::staged).toList(),
                  passed.stream().map(TaskRunner.Verified::publish).toList());
    } catch (RuntimeException e) {
      if (passed.size() == 1 || passed.get(0).attempt().cancellation().isCancelled()) {
        passed.forEach(verified -> runner.engine().discard(verified.staged()));
        return passed.stream().map(verified -> PartitionResult.of(e)).toList();
      }
      return passed.stream().map(this::publishAlone).toList();
    }
    return runner.published(passed, published).stream().map(PartitionResult::of).toList();
  }

  private PartitionResult publishAlone(TaskRunner.Verified verified) {
    PublishResult result;
    try {
      result = runner.engine().publish(verified.staged(), verified.publish());
    } catch (RuntimeException e) {
      runner.engine().discard(verified.staged());
      return PartitionResult.of(e);
    }
    return PartitionResult.of(runner.published(verified, result));
  }
}
