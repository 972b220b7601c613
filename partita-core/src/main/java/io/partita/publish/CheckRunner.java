package io.partita.publish;

import io.partita.check.Check;
import io.partita.check.CheckContext;
import io.partita.check.CheckResult;
import io.partita.check.Outcome;
import io.partita.check.ScannedCheck;
import io.partita.check.Severity;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.engine.Engine;
import io.partita.engine.QueryResult;
import io.partita.engine.StagedPartition;
import io.partita.model.PartitionKey;
import io.partita.state.CheckRecord;
import io.partita.state.CheckStore;
import io.partita.state.CheckSubject;
import io.partita.state.CheckVerdict;
import io.partita.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The audit step of write-audit-publish: runs an asset's checks on a staged partition, records
 * every verdict, and on a failed error-severity check quarantines the rows and refuses to publish.
 */
final class CheckRunner {
  private static final int SAMPLE_ROWS = 5;

  private final Pipeline pipeline;
  private final Engine engine;
  private final StateStore state;
  private final SqlTemplates templates;
  private final Clock clock;

  /** The scan of each asset's checks, kept for the run (it remembers its values over no rows). */
  private final Map<List<Check>, CheckScan> scans = new java.util.concurrent.ConcurrentHashMap<>();

  CheckRunner(
      Pipeline pipeline, Engine engine, StateStore state, SqlTemplates templates, Clock clock) {
    this.pipeline = pipeline;
    this.engine = engine;
    this.state = state;
    this.templates = templates;
    this.clock = clock;
  }

  /**
   * Returns the metrics to store once the partition is published (always {@code row_count}). The
   * verdicts go to {@code verdicts}, to be recorded before anything is published ({@link
   * CheckStore#record}, at once or together with those of the other partitions of a batch).
   *
   * @throws ChecksFailedException when a check of severity error failed; the staged rows are then
   *     in quarantine and the staging relation is gone
   */
  Map<String, Double> verify(
      TaskAttempt attempt,
      String version,
      StagedPartition staged,
      BiFunction<String, PartitionKey, Optional<String>> stagedInRun,
      Map<Check, List<Object>> measured,
      Consumer<List<CheckRecord>> verdicts) {
    AssetDefinition asset = attempt.asset();
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("row_count", (double) staged.rows());
    if (asset.checks().isEmpty()) {
      return metrics;
    }
    EngineCheckContext context = context(attempt, staged, stagedInRun);
    List<CheckResult> results = new ArrayList<>();
    List<Severity> severities = new ArrayList<>();
    for (Check check : asset.checks()) {
      CheckResult result =
          measured.containsKey(check)
              ? judge((ScannedCheck) check, context, measured.get(check))
              : evaluate(check, context);
      if (result.outcome() == Outcome.FAILED && check.severity() == Severity.WARN) {
        result =
            new CheckResult(
                result.check(),
                Outcome.WARNED,
                result.metric(),
                result.threshold(),
                result.message(),
                result.metrics(),
                result.failingRowsSql());
      }
      results.add(result);
      severities.add(check.severity());
      metrics.putAll(result.metrics());
    }
    List<CheckResult> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
    List<Optional<String>> samples = new ArrayList<>();
    for (CheckResult result : results) {
      samples.add(result.outcome() == Outcome.PASSED ? Optional.empty() : sample(result));
    }
    Optional<String> quarantine =
        failed.isEmpty() ? Optional.empty() : Optional.of(engine.quarantine(staged));
    Instant now = clock.instant();
    List<CheckRecord> records = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      CheckResult result = results.get(i);
      records.add(
          new CheckRecord(
              new CheckSubject(
                  attempt.runId(),
                  asset.name(),
                  version,
                  attempt.partition().key(),
                  attempt.attempt()),
              new CheckVerdict(
                  result.check(),
                  severities.get(i).lowerName(),
                  result.outcome().lowerName(),
                  result.metric(),
                  result.threshold(),
                  result.message()),
              result.outcome() == Outcome.FAILED ? quarantine : Optional.empty(),
              samples.get(i),
              now));
    }
    verdicts.accept(records);
    if (!failed.isEmpty()) {
      String reasons = failed.stream().map(CheckResult::message).collect(Collectors.joining("; "));
      throw new ChecksFailedException(
          String.format(
              "asset '%s' partition %s failed %d check(s), not published: %s. The rows are kept in %s;"
                  + " see `partita checks show %s %s`",
              asset.name(),
              attempt.partition().key(),
              failed.size(),
              reasons,
              quarantine.get(),
              asset.name(),
              attempt.partition().key()),
          quarantine.get());
    }
    return metrics;
  }

  /**
   * Measures the scanned checks of consecutive staged partitions of one asset together ({@link
   * CheckScan}): the values to pass to {@link #verify}, one map per partition, in order. Checks
   * left out (not scanned, or their scan failed) run partition by partition in {@link #verify}.
   */
  List<Map<Check, List<Object>>> measure(
      List<TaskAttempt> attempts,
      List<StagedPartition> staged,
      BiFunction<String, PartitionKey, Optional<String>> stagedInRun) {
    List<Check> checks = attempts.get(0).asset().checks();
    if (checks.isEmpty()) {
      return staged.stream().map(partition -> Map.<Check, List<Object>>of()).toList();
    }
    CheckScan scan = scans.computeIfAbsent(checks, c -> CheckScan.of(c, engine.dialect()));
    return scan.measure(
        engine,
        staged.stream().map(StagedPartition::stagingRelation).toList(),
        () -> engine.stagedRows(staged, CheckScan.PARTITION));
  }

  private EngineCheckContext context(
      TaskAttempt attempt,
      StagedPartition staged,
      BiFunction<String, PartitionKey, Optional<String>> stagedInRun) {
    return new EngineCheckContext(
        new WapServices(pipeline, engine, templates, state, clock),
        attempt.asset(),
        attempt.partition(),
        staged.stagingRelation(),
        attempt.runId(),
        stagedInRun);
  }

  /** A few offending rows as text, read while the staged relation still exists. */
  private Optional<String> sample(CheckResult result) {
    if (result.failingRowsSql().isEmpty()) {
      return Optional.empty();
    }
    try {
      QueryResult rows =
          engine.query(
              "SELECT * FROM (" + result.failingRowsSql().get() + ") LIMIT " + SAMPLE_ROWS,
              SAMPLE_ROWS);
      StringBuilder text = new StringBuilder(String.join(" | ", rows.columns()));
      for (List<Object> row : rows.rows()) {
        text.append('\n')
            .append(row.stream().map(String::valueOf).collect(Collectors.joining(" | ")));
      }
      return Optional.of(text.toString());
    } catch (RuntimeException e) {
      return Optional.of("(sample unavailable: " + e.getMessage() + ")");
    }
  }

  /** The verdict from measured values; like {@link #evaluate}, a judge that throws has FAILED. */
  private static CheckResult judge(ScannedCheck check, CheckContext context, List<Object> values) {
    try {
      return check.judge(context, values);
    } catch (RuntimeException e) {
      return couldNotRun(check, e);
    }
  }

  /** The check's verdict; a check that throws has FAILED (it could not run), whatever severity. */
  static CheckResult evaluate(Check check, CheckContext context) {
    try {
      return check.evaluate(context);
    } catch (RuntimeException e) {
      return couldNotRun(check, e);
    }
  }

  private static CheckResult couldNotRun(Check check, RuntimeException e) {
    return new CheckResult(
        check.name(),
        Outcome.FAILED,
        Optional.empty(),
        "runs without error",
        check.name() + " could not run: " + e.getMessage(),
        Map.of(),
        Optional.empty());
  }
}
