package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose process cannot go on (a full disk) is left interrupted, its partitions free. */
class AbandonedRunTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() {
    project = TestProject.threeLayers(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void runThatStopsOnAFullDiskIsRecordedInterruptedAndResumable() {
    RunRecord run = project.create(TestProject.request("", "2025-01-01..2025-01-03", 1));
    AtomicInteger finished = new AtomicInteger();
    // After the second task, the next state write fails the way SQLite fails on a full disk.
    RunListener diskFills =
        new RunListener() {
          @Override
          public void taskFinished(TaskRecord task) {
            if (finished.incrementAndGet() == 2) {
              SQLException full = sqliteFull();
              throw new PartitaException(
                  ErrorCategory.INTERNAL,
                  "Could not record task " + task.asset() + " in state.db: " + full.getMessage(),
                  full);
            }
          }
        };

    assertThatThrownBy(() -> project.runs().execute(run.id(), diskFills))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("Run " + run.id() + " stopped: the disk is full")
        .hasMessageContaining("database or disk is full")
        .hasMessageContaining("It is recorded as interrupted.")
        .hasMessageContaining("`partita resume " + run.id() + "`");

    RunRecord stopped = project.runs().find(run.id());
    assertThat(stopped.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(stopped.owner()).isEmpty();
    assertThat(project.runs().deadRuns().shownStatus(stopped)).isEqualTo(RunStatus.INTERRUPTED);
    RunRecord overlapping = project.create(TestProject.request("", "2025-01-03", 1));
    assertThat(overlapping.status())
        .as("the interrupted run holds no partitions")
        .isEqualTo(RunStatus.QUEUED);
    project.runs().cancel(overlapping.id());

    RunResult resumed = project.runs().execute(run.id(), RunListener.NONE);

    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(project.tasks(run.id()))
        .hasSize(9)
        .allMatch(task -> task.status() == io.partita.state.TaskStatus.SUCCEEDED);
  }

  /** The error SQLite itself raises when it cannot grow a database file. */
  private static SQLException sqliteFull() {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (x BLOB)");
      statement.execute("PRAGMA max_page_count = " + pageCount(statement));
      statement.execute(
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)"
              + " SELECT randomblob(100000) FROM n");
    } catch (SQLException e) {
      assertThat(e.getMessage()).contains("SQLITE_FULL");
      return e;
    }
    throw new AssertionError("SQLite accepted rows past max_page_count");
  }

  private static long pageCount(Statement statement) throws SQLException {
    try (var row = statement.executeQuery("PRAGMA page_count")) {
      row.next();
      return row.getLong(1);
    }
  }
}
