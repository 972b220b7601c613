package io.partita.exec;

import io.partita.engine.EngineException;
import io.partita.publish.ChecksFailedException;
import io.partita.publish.TaskOutput;
import java.util.List;

/**
 * How one attempt of a task ended, as the coordinator sees it. A cancelled run or a pause turns a
 * retryable failure into cancelled or queued; that depends on the run, not on the attempt.
 */
sealed interface TaskOutcome {
  /** Published (or, for an atomic run, staged and held back until the run's end). */
  record Succeeded(TaskOutput output) implements TaskOutcome {
    boolean heldBack() {
      return output.deferred().isPresent();
    }
  }

  /** A check of severity error failed; the staged rows are quarantined. Never retried. */
  record FailedChecks(String error) implements TaskOutcome {}

  /** Anything else went wrong; {@code retryable} is false for failures a retry cannot fix. */
  record Failed(String error, boolean retryable) implements TaskOutcome {}

  /** The outcome of every partition of a batch, in the batch's order. */
  static List<TaskOutcome> of(List<io.partita.publish.PartitionResult> results) {
    return results.stream()
        .map(
            result ->
                result.output().isPresent()
                    ? TaskOutcome.of(result.output().get())
                    : TaskOutcome.of(result.failure().get()))
        .toList();
  }

  static TaskOutcome of(TaskOutput output) {
    return new Succeeded(output);
  }

  static TaskOutcome of(RuntimeException failure) {
    String error = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (failure instanceof ChecksFailedException) {
      return new FailedChecks(error);
    }
    boolean retryable =
        !(failure instanceof EngineException engineFailure) || engineFailure.retryable();
    return new Failed(error, retryable);
  }
}
