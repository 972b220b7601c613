package io.partita.engine;

import static java.util.Objects.requireNonNull;

/**
 * What computes a partition's rows, and how they are checked against it.
 *
 * @param input the rendered SELECT, or the file a command wrote
 * @param timeColumn the column whose value must lie in {@code [partition.start, partition.end)}
 * @param definedIn the model or command file, named in error messages
 */
public record StageModel(TaskInput input, String timeColumn, String definedIn) {
  public StageModel {
    requireNonNull(input, "input is null");
    requireNonNull(timeColumn, "timeColumn is null");
    requireNonNull(definedIn, "definedIn is null");
  }
}
