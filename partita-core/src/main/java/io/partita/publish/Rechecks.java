package io.partita.publish;

import io.partita.check.Check;
import io.partita.check.CheckResult;
import io.partita.check.Outcome;
import io.partita.check.Severity;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.engine.Engine;
import io.partita.model.PartitionKey;
import io.partita.state.CheckRecord;
import io.partita.state.CheckSubject;
import io.partita.state.CheckVerdict;
import io.partita.state.RunIds;
import io.partita.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code partita checks run}: evaluates the checks of published partitions again, without rewriting
 * them.
 */
public final class Rechecks {
  private final Pipeline pipeline;
  private final Engine engine;
  private final StateStore state;
  private final Clock clock;
  private final SqlTemplates templates = new SqlTemplates();

  public Rechecks(Pipeline pipeline, Engine engine, StateStore state, Clock clock) {
    this.pipeline = pipeline;
    this.engine = engine;
    this.state = state;
    this.clock = clock;
  }

  /**
   * Runs the asset's checks on each partition's published rows; records and returns the verdicts.
   */
  public List<CheckRecord> run(String assetName, List<PartitionKey> partitions) {
    AssetDefinition asset = pipeline.asset(assetName);
    String runId = "recheck-" + RunIds.next(clock.instant());
    // The published name shows the live version: that is the version these verdicts judge.
    String version = engine.liveVersion(assetName).orElse("v1");
    List<CheckRecord> records = new ArrayList<>();
    for (PartitionKey partition : partitions) {
      String published =
          "(SELECT * FROM "
              + engine.relation(assetName)
              + " WHERE "
              + partition.sqlPredicate(asset.timeColumn())
              + ")";
      EngineCheckContext context =
          new EngineCheckContext(
              new WapServices(pipeline, engine, templates, state, clock),
              asset,
              partition,
              published,
              runId,
              (a, p) -> Optional.empty());
      for (Check check : asset.checks()) {
        CheckResult result = CheckRunner.evaluate(check, context);
        Outcome outcome =
            result.outcome() == Outcome.FAILED && check.severity() == Severity.WARN
                ? Outcome.WARNED
                : result.outcome();
        records.add(
            new CheckRecord(
                new CheckSubject(runId, assetName, version, partition.key(), 0),
                new CheckVerdict(
                    result.check(),
                    check.severity().lowerName(),
                    outcome.lowerName(),
                    result.metric(),
                    result.threshold(),
                    result.message()),
                Optional.empty(),
                Optional.empty(),
                clock.instant()));
      }
    }
    state.checks().record(records);
    return records;
  }
}
