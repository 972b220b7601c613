package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.RunStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Late data without double counting: events of one day land in two batches; rebuilding the day
 * after the late batch gives exactly what one build over all events gives.
 */
class LateDataTest {
  static final String ASSETS =
      """
      readings:
        sql: models/readings.sql
      entity_totals:
        sql: models/entity_totals.sql
        write_mode: %s
        unique_key: [entity_id, event_date]
      """;

  /** Jan 2: entities 1 and 2, then a late batch for entities 1 and 3 (a key not seen before). */
  static final String ON_TIME = WapProject.day(1, 4, 1) + WapProject.day(2, 4, 1);

  static final String LATE =
      WapProject.row(2100, 1, 2, "5.5", 1)
          + WapProject.row(2101, 1, 2, "6.5", 1)
          + WapProject.row(2102, 3, 2, "7.5", 1);

  @TempDir Path dir;

  @ParameterizedTest(name = "write_mode {0}")
  @ValueSource(strings = {"merge", "overwrite"})
  void rebuildingADayAfterItsLateBatchCountsEveryEventOnce(String writeMode) {
    String rebuilt;
    try (WapProject incremental =
        WapProject.create(dir.resolve("incremental"), ASSETS.formatted(writeMode))) {
      incremental.readings(ON_TIME);
      assertThat(incremental.backfill("2025-01-01..2025-01-02").status())
          .isEqualTo(RunStatus.SUCCEEDED);
      incremental.readings(ON_TIME, LATE);
      assertThat(incremental.backfill("2025-01-02").status()).isEqualTo(RunStatus.SUCCEEDED);
      rebuilt = incremental.table("entity_totals").toString();
      assertThat(incremental.count("select count(*) from entity_totals"))
          .as("one row per (entity_id, event_date)")
          .isEqualTo(
              incremental.count(
                  "select count(distinct (entity_id, event_date)) from entity_totals"))
          .isEqualTo(5);
      assertThat(
              incremental.query(
                  "select entity_id, readings, total from entity_totals"
                      + " where event_date = date '2025-01-02' order by 1"))
          .containsExactly(
              java.util.List.of(1, 4L, 10.0 + 12.0 + 5.5 + 6.5),
              java.util.List.of(2, 2L, 11.0 + 13.0),
              java.util.List.of(3, 1L, 7.5));
    }
    try (WapProject fromScratch =
        WapProject.create(dir.resolve("scratch"), ASSETS.formatted(writeMode))) {
      fromScratch.readings(ON_TIME, LATE);
      fromScratch.backfill("2025-01-01..2025-01-02");
      assertThat(rebuilt).isEqualTo(fromScratch.table("entity_totals").toString());
    }
  }
}
