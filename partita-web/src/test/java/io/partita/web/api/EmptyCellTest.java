package io.partita.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.PartitionStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The grid shows a succeeded partition with 0 rows as empty, not as plain succeeded. */
class EmptyCellTest {
  private static PartitionGrid.Cell cell(PartitionStatus status, Optional<Long> rows) {
    return new PartitionGrid.Cell("2024-12-01", status, rows, Optional.of("run"), Optional.empty());
  }

  @Test
  void emptyPartitionIsShownDistinctlyInTheGrid() {
    assertThat(ApiRoutes.code(cell(PartitionStatus.SUCCEEDED, Optional.of(0L)))).isEqualTo('e');
    assertThat(cell(PartitionStatus.SUCCEEDED, Optional.of(0L)).empty()).isTrue();
    assertThat(ApiRoutes.code(cell(PartitionStatus.SUCCEEDED, Optional.of(5L)))).isEqualTo('s');
    assertThat(cell(PartitionStatus.FAILED, Optional.of(0L)).empty()).isFalse();
    assertThat(ApiRoutes.code(cell(PartitionStatus.MISSING, Optional.empty()))).isEqualTo('m');
  }
}
