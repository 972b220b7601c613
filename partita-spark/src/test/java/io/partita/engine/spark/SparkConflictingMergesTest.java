package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

/** Which MERGE failures are re-run (another worker's commit won) and which are not. */
class SparkConflictingMergesTest {
  private final List<Long> sleeps = new ArrayList<>();
  private final ConflictingMerges merges = new ConflictingMerges(sleeps::add);

  @Test
  void aMergeRejectedByIcebergsConflictValidationRunsAgainUntilItCommits() throws Exception {
    AtomicInteger runs = new AtomicInteger();

    long matched =
        merges.run(
            () -> {
              if (runs.incrementAndGet() < 3) {
                throw new IllegalStateException(
                    "Job aborted",
                    new ValidationException(
                        "Found conflicting files that can contain records matching true: [f.parquet]"));
              }
              return 42L;
            });

    assertThat(matched).isEqualTo(42L);
    assertThat(runs).hasValue(3);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void aMergeThatLosesEveryTimeGivesUpWithIcebergsError() {
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                merges.run(
                    () -> {
                      runs.incrementAndGet();
                      throw new CommitFailedException("Metadata location has changed");
                    }))
        .isInstanceOf(CommitFailedException.class)
        .hasMessage("Metadata location has changed");
    assertThat(runs).hasValue(ConflictingMerges.ATTEMPTS);
  }

  @Test
  void aMergeWhoseCommitStateIsUnknownOrInvalidIsNotRunAgain() {
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                merges.run(
                    () -> {
                      runs.incrementAndGet();
                      throw new CommitStateUnknownException(new RuntimeException("timeout"));
                    }))
        .isInstanceOf(CommitStateUnknownException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(
            () ->
                merges.run(
                    () -> {
                      runs.incrementAndGet();
                      throw new ValidationException("Cannot find field 'total' in struct");
                    }))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Cannot find field 'total'");
    assertThat(runs).as("each ran once").hasValue(2);
    assertThat(sleeps).isEmpty();
  }
}
