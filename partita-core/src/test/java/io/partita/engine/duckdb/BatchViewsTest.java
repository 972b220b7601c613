package io.partita.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
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

  /**
   * Consecutive partitions are tagged by arithmetic on the time; every row, at either edge of its
   * window, gets the position the window join gives it, for every grain, on DATE and TIMESTAMP.
   */
  @Test
  void arithmeticTagsEveryRowAsTheWindowJoinDoes() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "create table b as select t, CAST(t AS DATE) as d from range(TIMESTAMP '2024-12-28',"
              + " TIMESTAMP '2025-04-03', INTERVAL 37 MINUTE) r(t)");
      for (Grain grain : Grain.values()) {
        String column = grain == Grain.HOUR ? "t" : "d";
        List<PartitionKey> partitions = new ArrayList<>();
        LocalDateTime start =
            grain
                .truncate(LocalDateTime.of(2025, 1, 1, 0, 0))
                .plusHours(grain == Grain.HOUR ? 5 : 0);
        int count = grain == Grain.HOUR ? 30 : 3;
        for (int i = 0; i < count; i++) {
          partitions.add(PartitionKey.containing(grain, grain.plus(start, i)));
        }
        assertThat(BatchViews.consecutive(partitions)).as(grain.toString()).isTrue();
        TableName batch = new TableName("main", "b");
        String arithmetic = BatchViews.byArithmetic(batch, column, partitions, "p");
        assertThat(BatchViews.tagged(batch, column, partitions, "p"))
            .as(grain.toString())
            .contains(grain == Grain.HOUR ? "asof join" : "date_diff");
        List<String> expected = tags(statement, BatchViews.byJoin(batch, column, partitions, "p"));
        assertThat(expected).as(grain.toString()).hasSizeGreaterThan(count);
        assertThat(tags(statement, arithmetic)).as(grain.toString()).isEqualTo(expected);
      }
    }
  }

  @Test
  void partitionsWithAGapAreTaggedByTheWindowJoin() {
    List<PartitionKey> gap = List.of(day(1), day(2), day(4));
    assertThat(BatchViews.consecutive(gap)).isFalse();
    assertThat(BatchViews.tagged(new TableName("main", "b"), "d", gap, "p")).contains("asof join");
  }

  private static List<String> tags(Statement statement, String tagged) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ResultSet result =
        statement.executeQuery("select p, t from (" + tagged + ") order by t")) {
      while (result.next()) {
        rows.add(result.getInt(1) + "@" + result.getString(2));
      }
    }
    return rows;
  }
}
