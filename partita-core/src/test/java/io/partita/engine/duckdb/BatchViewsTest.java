package io.partita.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchViewsTest {
  private static PartitionKey day(int dayOfMonth) {
    return PartitionKey.containing(Grain.DAY, LocalDate.of(2025, 1, dayOfMonth).atStartOfDay());
  }

  @Test
  void spansJoinAdjacentWindowsAndKeepTheGapOfAPartitionLeftOut() {
    assertThat(BatchViews.spans("t", "d", List.of(day(1), day(2), day(4), day(5))))
        .isEqualTo(
            "(t.\"d\" >= DATE '2025-01-01' AND t.\"d\" < DATE '2025-01-03')"
                + " OR (t.\"d\" >= DATE '2025-01-04' AND t.\"d\" < DATE '2025-01-06')");
    assertThat(BatchViews.spans("", "d", List.of(day(9))))
        .isEqualTo("(\"d\" >= DATE '2025-01-09' AND \"d\" < DATE '2025-01-10')");
  }
}
