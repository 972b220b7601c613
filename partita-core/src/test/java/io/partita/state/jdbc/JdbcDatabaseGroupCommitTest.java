package io.partita.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit of {@link JdbcDatabase#write} on a real SQLite file. */
class JdbcDatabaseGroupCommitTest {
  @TempDir Path dir;
  private JdbcDatabase database;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void open() throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA synchronous = FULL");
      statement.execute("CREATE TABLE t (name TEXT NOT NULL)");
    }
    database = new JdbcDatabase(connection, new PlainSqlite(), dir.toString());
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    database.close();
  }

  @Test
  void writesQueuedBehindACommitShareOneTransaction() throws Exception {
    long before = database.commits();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = threads.submit(() -> insert("first", holding, release));
    holding.await(10, TimeUnit.SECONDS);
    List<Future<?>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "queued" + i;
      queued.add(threads.submit(() -> insert(name, null, null)));
    }
    awaitQueued(5);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> write : queued) {
      write.get(10, TimeUnit.SECONDS);
    }

    assertThat(database.commits() - before).isEqualTo(2);
    assertThat(names())
        .containsExactlyInAnyOrder("first", "queued0", "queued1", "queued2", "queued3", "queued4");
  }

  @Test
  void aFailingWriteInAGroupFailsOnlyItsCallerAndLeavesNoRows() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = threads.submit(() -> insert("first", holding, release));
    holding.await(10, TimeUnit.SECONDS);
    Future<?> failing =
        threads.submit(
            () ->
                database.write(
                    "insert and fail",
                    connection -> {
                      insertRow(connection, "rolled back");
                      throw new IllegalArgumentException("the work refused its own row");
                    }));
    awaitQueued(1);
    Future<?> good = threads.submit(() -> insert("kept", null, null));
    awaitQueued(2);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    good.get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the work refused its own row");
    assertThat(names()).containsExactlyInAnyOrder("first", "kept");
  }

  @Test
  void aFailingStatementInAGroupNamesWhatFailedAndTheOthersCommit() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = threads.submit(() -> insert("first", holding, release));
    holding.await(10, TimeUnit.SECONDS);
    Future<?> failing =
        threads.submit(
            () ->
                database.write(
                    "insert a null name",
                    connection -> {
                      insertRow(connection, null);
                      return null;
                    }));
    awaitQueued(1);
    Future<?> good = threads.submit(() -> insert("kept", null, null));
    awaitQueued(2);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    good.get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("Could not insert a null name in " + dir)
        .hasMessageContaining("NOT NULL");
    assertThat(names()).containsExactlyInAnyOrder("first", "kept");
  }

  @Test
  void aWriteFromInsideAWorkJoinsItsTransaction() {
    database.write(
        "outer",
        connection -> {
          insertRow(connection, "outer");
          database.write(
              "inner",
              inner -> {
                insertRow(inner, "inner");
                return null;
              });
          return null;
        });

    assertThat(names()).containsExactlyInAnyOrder("outer", "inner");
  }

  private Void insert(String name, CountDownLatch holding, CountDownLatch release) {
    return database.write(
        "insert " + name,
        connection -> {
          insertRow(connection, name);
          if (holding != null) {
            holding.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return null;
        });
  }

  private static void insertRow(Connection connection, String name) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
      insert.setString(1, name);
      insert.executeUpdate();
    }
  }

  private void awaitQueued(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (database.queuedWrites() < count && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(database.queuedWrites()).isEqualTo(count);
  }

  private List<String> names() {
    return database.read(
        "list names",
        connection -> {
          List<String> names = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery("SELECT name FROM t")) {
            while (rows.next()) {
              names.add(rows.getString(1));
            }
          }
          return names;
        });
  }

  /** SQLite with hand-started transactions, as the real dialect does. */
  private static final class PlainSqlite implements SqlDialect {
    @Override
    public void configure(Connection connection) {}

    @Override
    public void beginWrite(Connection connection) throws SQLException {
      run(connection, "BEGIN IMMEDIATE");
    }

    @Override
    public void commit(Connection connection) throws SQLException {
      run(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
      run(connection, "ROLLBACK");
    }

    @Override
    public boolean isBusy(SQLException e) {
      return (e.getErrorCode() & 0xff) == 5;
    }

    @Override
    public String leaseRequestTableDdl() {
      return "";
    }

    @Override
    public List<Migration> migrations() {
      return List.of();
    }

    private static void run(Connection connection, String sql) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }
}
