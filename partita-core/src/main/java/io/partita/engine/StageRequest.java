package io.partita.engine;

import static java.util.Objects.requireNonNull;

import io.partita.model.PartitionKey;

/**
 * What to compute for one task attempt.
 *
 * @param asset the asset name; also the published relation unless {@code targetRelation} differs
 * @param targetRelation the table that will receive the rows on publish
 * @param model the input, its time column and the file it is defined in
 */
public record StageRequest(
    String runId,
    int attempt,
    String asset,
    String targetRelation,
    PartitionKey partition,
    StageModel model) {
  public StageRequest {
    requireNonNull(runId, "runId is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(targetRelation, "targetRelation is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(model, "model is null");
  }

  /** The column whose value must lie in {@code [partition.start, partition.end)}. */
  public String timeColumn() {
    return model.timeColumn();
  }

  /** The model or command file, named in error messages. */
  public String definedIn() {
    return model.definedIn();
  }

  public TaskInput input() {
    return model.input();
  }
}
