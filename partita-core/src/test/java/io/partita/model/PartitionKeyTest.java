package io.partita.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class PartitionKeyTest {
  @Test
  void dayKeysHaveHalfOpenWindowsAndDateLiterals() {
    PartitionKey day = Grain.DAY.parseKey("2025-03-01");
    assertThat(day.start()).isEqualTo(LocalDateTime.of(2025, 3, 1, 0, 0));
    assertThat(day.end()).isEqualTo(LocalDateTime.of(2025, 3, 2, 0, 0));
    assertThat(Grain.DAY.sqlLiteral(day.start())).isEqualTo("DATE '2025-03-01'");
    assertThat(day.plus(-1).key()).isEqualTo("2025-02-28");
  }

  @Test
  void hourKeysRenderAsTimestamps() {
    PartitionKey hour = Grain.HOUR.parseKey("2025-03-01T05");
    assertThat(hour.end()).isEqualTo(LocalDateTime.of(2025, 3, 1, 6, 0));
    assertThat(Grain.HOUR.sqlLiteral(hour.start())).isEqualTo("TIMESTAMP '2025-03-01 05:00:00'");
    assertThat(hour.plus(19).key()).isEqualTo("2025-03-02T00");
  }

  @Test
  void weekKeysAreIsoWeeksStartingMonday() {
    PartitionKey week = Grain.WEEK.parseKey("2025-W09");
    assertThat(week.start()).isEqualTo(LocalDateTime.of(2025, 2, 24, 0, 0));
    assertThat(week.key()).isEqualTo("2025-W09");
    assertThat(Grain.WEEK.parseKey("2021-W01").start().toLocalDate().toString())
        .isEqualTo("2021-01-04");
    assertThat(week.plus(1).key()).isEqualTo("2025-W10");
  }

  @Test
  void monthKeysStepByCalendarMonth() {
    PartitionKey month = Grain.MONTH.parseKey("2025-01");
    assertThat(month.end()).isEqualTo(LocalDateTime.of(2025, 2, 1, 0, 0));
    assertThat(month.plus(13).key()).isEqualTo("2026-02");
  }

  @Test
  void keyOfAnotherGrainIsAUserErrorThatShowsTheRightForm() {
    assertThatThrownBy(() -> Grain.DAY.parseKey("2025-03-01T05"))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Partition key '2025-03-01T05' is an hour key but the asset is partitioned by day: write it like '2025-03-01'")
        .satisfies(
            e -> assertThat(((PartitaException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThatThrownBy(() -> Grain.MONTH.parseKey("2025-03-01"))
        .hasMessageContaining("is a day key but the asset is partitioned by month");
  }

  @Test
  void malformedAndImpossibleKeysAreRejected() {
    assertThatThrownBy(() -> Grain.DAY.parseKey("yesterday"))
        .hasMessage("Malformed partition key 'yesterday': a day key looks like '2025-03-01'");
    assertThatThrownBy(() -> Grain.DAY.parseKey("2025-02-30"))
        .hasMessageContaining("Invalid partition key '2025-02-30'");
    assertThatThrownBy(() -> Grain.WEEK.parseKey("2025-W54"))
        .hasMessageContaining("week 54 does not exist in 2025");
  }

  @Test
  void rangesAreInclusiveAndRefuseReversedEnds() {
    PartitionSet set = PartitionSet.parse("2025-03-01..2025-03-07", Grain.DAY);
    assertThat(set.keys()).hasSize(7);
    assertThat(set.keys().get(6).key()).isEqualTo("2025-03-07");
    assertThat(set.spec()).isEqualTo("2025-03-01..2025-03-07");
    assertThatThrownBy(() -> PartitionSet.parse("2025-03-07..2025-03-01", Grain.DAY))
        .hasMessage(
            "Invalid partition range 2025-03-07..2025-03-01: the end is before the start; write it as 2025-03-01..2025-03-07");
    assertThatThrownBy(() -> PartitionSet.parse("2025-03-01..", Grain.DAY))
        .hasMessageContaining("Malformed partition range '2025-03-01..'");
  }

  @Test
  void listsAreSortedAndDeduplicated() {
    PartitionSet set = PartitionSet.parse("2025-03-05,2025-03-01,2025-03-05", Grain.DAY);
    assertThat(set.keys())
        .extracting(PartitionKey::key)
        .containsExactly("2025-03-01", "2025-03-05");
    assertThat(set.spec()).isEqualTo("2025-03-01,2025-03-05");
    assertThatThrownBy(() -> PartitionSet.parse("2025-03-01,,2025-03-02", Grain.DAY))
        .hasMessageContaining("an element is empty");
  }

  @Test
  void appendIsRefusedBecauseItIsNotIdempotent() {
    assertThat(WriteMode.parse("MERGE")).isEqualTo(WriteMode.MERGE);
    assertThatThrownBy(() -> WriteMode.parse("append"))
        .hasMessageContaining("re-running it duplicates rows");
  }

  @Test
  void lastSupportedPartitionOfEachGrainEndsByTheLastStorableDate() {
    assertThat(Grain.HOUR.parseKey("9999-12-31T22").end())
        .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 0));
    assertThat(Grain.DAY.parseKey("9999-12-30").end())
        .isEqualTo(LocalDateTime.of(9999, 12, 31, 0, 0));
    assertThat(Grain.WEEK.parseKey("9999-W51").end())
        .isEqualTo(LocalDateTime.of(9999, 12, 27, 0, 0));
    assertThat(Grain.MONTH.parseKey("9999-11").end())
        .isEqualTo(LocalDateTime.of(9999, 12, 1, 0, 0));
  }

  @Test
  void partitionEndingAfterYear9999IsAUserError() {
    assertThatThrownBy(() -> Grain.DAY.parseKey("9999-12-31"))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Partition key '9999-12-31' is past the last supported day partition 9999-12-30: a partition"
                + " must end by 9999-12-31, the last date the warehouse can store")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
    assertThatThrownBy(() -> Grain.HOUR.parseKey("9999-12-31T23"))
        .hasMessageContaining("partition 9999-12-31T22");
    assertThatThrownBy(() -> Grain.WEEK.parseKey("9999-W52"))
        .hasMessageContaining("partition 9999-W51");
    assertThatThrownBy(() -> Grain.MONTH.parseKey("9999-12"))
        .hasMessageContaining("partition 9999-11");
  }
}
