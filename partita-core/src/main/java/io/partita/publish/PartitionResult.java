package io.partita.publish;

import java.util.Optional;

/**
 * How one partition of a batch ended: what it wrote, or the failure it would have thrown run alone
 * ({@link ChecksFailedException} for failed checks).
 */
public record PartitionResult(Optional<TaskOutput> output, Optional<RuntimeException> failure) {
  public PartitionResult {
    if (output.isPresent() == failure.isPresent()) {
      throw new IllegalArgumentException("a partition result is either an output or a failure");
    }
  }

  static PartitionResult of(TaskOutput output) {
    return new PartitionResult(Optional.of(output), Optional.empty());
  }

  static PartitionResult of(RuntimeException failure) {
    return new PartitionResult(Optional.empty(), Optional.of(failure));
  }
}
