package io.partita.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.Cancellation;
import io.partita.engine.PublishRequest;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions larger than one DuckDB row group (122,880 rows). DuckDB 2.0.0 hides the rows of a
 * large INSERT into a table created by CREATE TABLE AS ... LIMIT 0 in the same transaction until a
 * checkpoint; the publisher creates tables outside the publish transaction to stay clear of it.
 */
class LargePartitionPublishTest {
  private static final int ROWS = 300_000;

  @TempDir Path dir;

  @Test
  void partitionsLargerThanARowGroupAreReadableRightAfterPublish() {
    try (DuckDbEngine engine = DuckDbEngine.open(dir.resolve("w.duckdb"), dir)) {
      PartitionKey first = Grain.DAY.parseKey("2024-01-01");
      for (int day = 0; day < 3; day++) {
        PartitionKey partition = first.plus(day);
        String start = Grain.DAY.sqlLiteral(partition.start());
        StagedPartition staged =
            engine.stage(
                new StageRequest(
                    "run-1",
                    1,
                    "big",
                    "big",
                    partition,
                    new StageModel(
                        new TaskInput.Sql(
                            "select " + start + " as d, i from range(" + ROWS + ") t(i)"),
                        "d",
                        "models/big.sql")),
                new Cancellation());
        engine.publish(staged, new PublishRequest(WriteMode.OVERWRITE, List.of()));

        assertThat(engine.query("select count(*) from big where d = " + start, 1).rows())
            .containsExactly(List.of((long) ROWS));
      }
      assertThat(engine.query("select count(*), count(distinct d), count(d) from big", 1).rows())
          .containsExactly(List.of(3L * ROWS, 3L, 3L * ROWS));
      assertThat(engine.query("select count(*) from _partita_backup.big", 1).rows())
          .containsExactly(List.of(0L));
    }
  }

  @Test
  void anAtomicPublishOfLargePartitionsIntoNewTablesIsReadable() {
    try (DuckDbEngine engine = DuckDbEngine.open(dir.resolve("w.duckdb"), dir)) {
      PartitionKey partition = Grain.DAY.parseKey("2024-01-01");
      String start = Grain.DAY.sqlLiteral(partition.start());
      StagedPartition a =
          engine.stage(
              new StageRequest(
                  "run-1",
                  1,
                  "a",
                  "a",
                  partition,
                  new StageModel(
                      new TaskInput.Sql(
                          "select " + start + " as d, i from range(" + ROWS + ") t(i)"),
                      "d",
                      "a.sql")),
              new Cancellation());
      StagedPartition b =
          engine.stage(
              new StageRequest(
                  "run-1",
                  1,
                  "b",
                  "b",
                  partition,
                  new StageModel(
                      new TaskInput.Sql(
                          "select " + start + " as d, i * 2 as j from range(" + ROWS + ") t(i)"),
                      "d",
                      "b.sql")),
              new Cancellation());
      PublishRequest overwrite = new PublishRequest(WriteMode.OVERWRITE, List.of());

      engine.publishAll(List.of(a, b), List.of(overwrite, overwrite));

      assertThat(
              engine
                  .query(
                      "select (select count(*) from a where d = "
                          + start
                          + "), (select max(j) from b)",
                      1)
                  .rows())
          .containsExactly(List.of((long) ROWS, 2L * (ROWS - 1)));
    }
  }
}
