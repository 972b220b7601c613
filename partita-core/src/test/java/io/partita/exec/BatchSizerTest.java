package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.backend.Backends;
import io.partita.config.BatchSize;
import io.partita.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code batch_size: auto} sizes the next batch from what the run's batches measured. */
class BatchSizerTest {
  @TempDir Path dir;

  @Test
  void autoAimsAtAboutOneAndAHalfSecondsPerBatch() throws Exception {
    try (StateStore state = Backends.stateStore("sqlite:state.db").open(dir)) {
      BatchSizer sizer = new BatchSizer(state, 4, 0);

      assertThat(sizer.next("a", BatchSize.AUTO, 10_000)).isEqualTo(BatchSizer.FIRST_GUESS);
      sizer.observe("a", 8, Duration.ofMillis(240), 8 * 2_400);

      assertThat(sizer.next("a", BatchSize.AUTO, 10_000)).isEqualTo(50);
      assertThat(sizer.next("a", BatchSize.of(7), 10_000)).isEqualTo(7);
    }
  }

  @Test
  void smallPartitionsAreBatchedUntilABatchHoldsTheRowsTheWarehouseWritesWell() throws Exception {
    try (StateStore state = Backends.stateStore("sqlite:state.db").open(dir)) {
      BatchSizer sizer = new BatchSizer(state, 4, 245_760);
      sizer.observe("lineitem", 8, Duration.ofMillis(240), 8 * 2_400);
      sizer.observe("revenue", 8, Duration.ofMillis(240), 8 * 2);

      // 1.5 s / 30 ms = 50 partitions by time; 245,760 / 2,400 = 103 by rows.
      assertThat(sizer.next("lineitem", BatchSize.AUTO, 10_000)).isEqualTo(103);
      // Tiny rows: stretched at most 4 times beyond the time target, and never past the share
      // of one of the 4 parallel slots.
      assertThat(sizer.next("revenue", BatchSize.AUTO, 10_000)).isEqualTo(200);
      assertThat(sizer.next("revenue", BatchSize.AUTO, 400)).isEqualTo(100);
    }
  }
}
