package io.partita.state.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.PartitaException;
import io.partita.state.CheckRecord;
import io.partita.state.LeaseKey;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.StateStoreContractTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real SQLite file, plus what only SQLite has: pragmas and migrations. */
class SqliteStateStoreTest extends StateStoreContractTest {
  @TempDir Path directory;

  private Path file() {
    return directory.resolve("nested/.partita/state.db");
  }

  @Override
  protected StateStore openStore() {
    return SqliteStateStore.open(file());
  }

  @Override
  protected StateStore openSecondStore() {
    return SqliteStateStore.open(file());
  }

  @Test
  void opensInWalModeAndCreatesParentDirectories() throws SQLException {
    assertThat(file()).exists();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file())) {
      assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
    }
    assertThat(((SqliteStateStore) store).file()).isEqualTo(file().toAbsolutePath());
  }

  @Test
  void changeStampMovesOnCommitsOfThisStoreAndOfAnotherConnectionOnly() {
    String initial = store.changeStamp().orElseThrow();
    store.partitions().list("features");
    assertThat(store.changeStamp()).contains(initial);

    store
        .partitions()
        .put(
            aPartition("features", "2024-12-01", io.partita.state.PartitionStatus.SUCCEEDED, "r1"));
    String afterOwnCommit = store.changeStamp().orElseThrow();
    assertThat(afterOwnCommit).isNotEqualTo(initial);

    try (StateStore other = openSecondStore()) {
      other
          .partitions()
          .put(aPartition("features", "2024-12-02", io.partita.state.PartitionStatus.FAILED, "r1"));
    }
    assertThat(store.changeStamp()).isPresent().get().isNotEqualTo(afterOwnCommit);
  }

  @Test
  void metricsOfPartitionsWithoutMetricsCommitNothingUnlessOldOnesMustGo() {
    java.time.Instant at = java.time.Instant.parse("2025-03-01T00:00:00Z");
    String initial = store.changeStamp().orElseThrow();

    store
        .checks()
        .putMetrics(
            List.of(
                new io.partita.state.PartitionMetrics(
                    "features", "2025-03-01", "r1", java.util.Map.of(), at),
                new io.partita.state.PartitionMetrics(
                    "features", "2025-03-02", "r1", java.util.Map.of(), at)));
    assertThat(store.changeStamp()).contains(initial);

    store.checks().putMetrics("features", "2025-03-01", "r1", java.util.Map.of("rows", 1.0), at);
    store
        .checks()
        .putMetrics(
            List.of(
                new io.partita.state.PartitionMetrics(
                    "features", "2025-03-01", "r2", java.util.Map.of(), at),
                new io.partita.state.PartitionMetrics(
                    "features", "2025-03-02", "r2", java.util.Map.of(), at)));
    assertThat(store.checks().trailing("features", "rows", "2025-03-03", 5)).isEmpty();
  }

  @Test
  void migrationsAreAppliedOnceAndReopeningKeepsTheData() throws SQLException {
    store.runs().create(aRun("r1", RunStatus.QUEUED, T0));
    store.close();

    store = SqliteStateStore.open(file());
    try (StateStore again = SqliteStateStore.open(file())) {
      assertThat(again.runs().find("r1")).isPresent();
    }

    assertThat(store.runs().find("r1")).isPresent();
    assertThat(schemaVersions()).containsExactlyInAnyOrderElementsOf(knownVersions());
  }

  @Test
  void twoProcessesOpeningAFreshFileAtOnceMigrateItOnce() throws Exception {
    Path fresh = directory.resolve("fresh/state.db");
    int openers = 4;
    CyclicBarrier start = new CyclicBarrier(openers);
    ExecutorService pool = Executors.newFixedThreadPool(openers);
    try {
      List<Future<StateStore>> opened = new ArrayList<>();
      for (int i = 0; i < openers; i++) {
        Callable<StateStore> open =
            () -> {
              start.await();
              return SqliteStateStore.open(fresh);
            };
        opened.add(pool.submit(open));
      }
      for (Future<StateStore> future : opened) {
        try (StateStore opener = future.get()) {
          assertThat(opener.runs().list(1)).isEmpty();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + fresh);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version")) {
      // Each migration exactly once, though four processes raced to apply them.
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(knownVersions().size());
      assertThat(rows.getInt(2)).isEqualTo(knownVersions().size());
    }
  }

  @Test
  void writesWaitForAnotherProcessesWriteLockAndReadsDoNot() throws Exception {
    store.runs().create(aRun("r0", RunStatus.QUEUED, T0));
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = other.createStatement()) {
      // Another process is in the middle of a write transaction.
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("UPDATE runs SET actor = 'other' WHERE id = 'r0'");

      // WAL: readers see the last committed state without waiting.
      assertThat(store.runs().find("r0").orElseThrow().actor()).isEqualTo("tester");

      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<?> write = pool.submit(() -> store.runs().create(aRun("r1", RunStatus.QUEUED, T0)));
        Thread.sleep(300);
        assertThat(write).isNotDone();
        statement.execute("COMMIT");
        write.get();
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(store.runs().find("r1")).isPresent();
    assertThat(store.runs().find("r0").orElseThrow().actor()).isEqualTo("other");
  }

  @Test
  void acquiringLeasesForAnUnknownRunFails() {
    assertThatThrownBy(
            () ->
                store
                    .leases()
                    .acquire("ghost", List.of(new LeaseKey("features", "", "2025-03-01")), T0))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(
            "acquire 1 partition leases for run ghost in " + file().toAbsolutePath());
  }

  @Test
  void verdictsStoredBeforeV10GetTheVersionTheirRunWrote() throws SQLException {
    store.close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      // The database as V9 left it: check_results rebuilt with an id, without a version column.
      statement.execute("DROP INDEX check_results_by_version");
      statement.execute("ALTER TABLE check_results DROP COLUMN version");
      statement.execute("DELETE FROM schema_version WHERE version = 10");
      statement.execute(
          "INSERT INTO asset_versions (asset, version, created_by_run, created_at)"
              + " VALUES ('features', 'v2', 'r2', '2025-01-01T00:00:00.000Z')");
      for (String run : List.of("r1", "r2")) {
        statement.execute(
            "INSERT INTO check_results (run_id, asset, partition, attempt, check_name, severity,"
                + " outcome, threshold, message, created_at) VALUES ('"
                + run
                + "', 'features', '2025-01-01', 1,"
                + " 'row_count', 'error', 'passed', '> 0', 'ok', '2025-01-01T00:00:00.000Z')");
      }
    }

    store = SqliteStateStore.open(file());

    assertThat(store.checks().forRun("r1")).extracting(CheckRecord::version).containsExactly("v1");
    assertThat(store.checks().forRun("r2")).extracting(CheckRecord::version).containsExactly("v2");
    assertThat(schemaVersions()).contains(9, 10);
  }

  @Test
  void aDatabaseFromANewerPartitaIsRefused() throws SQLException {
    store.close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO schema_version (version, description, applied_at)"
              + " VALUES (99, 'future', '2030-01-01T00:00:00.000Z')");
    }

    assertThatThrownBy(() -> store = SqliteStateStore.open(file()))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining(file().toAbsolutePath().toString());
    store = SqliteStateStore.open(directory.resolve("other.db"));
  }

  @Test
  void errorsNameTheDatabaseFile() {
    store.runs().create(aRun("r1", RunStatus.QUEUED, T0));

    assertThatThrownBy(() -> store.runs().create(aRun("r1", RunStatus.QUEUED, T0)))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining("Could not create run r1 in " + file().toAbsolutePath())
        .hasCauseInstanceOf(SQLException.class);
  }

  @Test
  void aClosedStoreSaysSo() {
    store.close();

    assertThatThrownBy(() -> store.runs().list(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  /** Every migration this build knows: other branches add versions, so no fixed list here. */
  private static List<Integer> knownVersions() {
    return new SqliteDialect(true, false)
        .migrations().stream().map(io.partita.state.jdbc.Migration::version).toList();
  }

  private List<Integer> schemaVersions() throws SQLException {
    List<Integer> versions = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version FROM schema_version")) {
      while (rows.next()) {
        versions.add(rows.getInt(1));
      }
    }
    return versions;
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA " + name)) {
      row.next();
      return row.getString(1);
    }
  }

  @Test
  void commitsWithoutFsyncUnlessTheUrlAsksForFullSync() {
    SqliteStateStoreProvider provider = new SqliteStateStoreProvider();
    // PRAGMA synchronous is per connection: read the one the store commits with (1 NORMAL, 2 FULL).
    for (String url :
        List.of(
            "sqlite:a/state.db",
            "sqlite:b/state.db?synchronous=normal",
            "sqlite:c/state.db?synchronous=full")) {
      io.partita.backend.BackendUrl backend =
          new io.partita.backend.BackendUrl("state", url, "sqlite:");
      assertThat(provider.location(backend, directory))
          .isEqualTo(directory.resolve(url.substring(7, 17)));
      try (SqliteStateStore opened = (SqliteStateStore) provider.open(backend, directory)) {
        int synchronous =
            opened
                .database()
                .read(
                    "read the sync mode",
                    connection -> Integer.parseInt(pragma(connection, "synchronous")));
        assertThat(synchronous).as(url).isEqualTo(url.endsWith("full") ? 2 : 1);
      }
    }
  }

  @Test
  void anUnknownSqliteUrlParameterIsAUserErrorNamingTheAcceptedOnes() {
    io.partita.backend.BackendUrl backend =
        new io.partita.backend.BackendUrl("state", "sqlite:.partita/state.db?sync=off", "sqlite:");
    assertThatThrownBy(() -> new SqliteStateStoreProvider().open(backend, directory))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(
            "state 'sqlite:.partita/state.db?sync=off' has the parameter 'sync=off'")
        .hasMessageContaining("e.g. sqlite:.partita/state.db?synchronous=full")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(io.partita.ErrorCategory.USER);
    assertThat(directory.resolve(".partita")).doesNotExist();
  }

  @Test
  void emptyStoreAnswersLikeAFreshFileWithoutCreatingIt() {
    Path fresh = directory.resolve("fresh/.partita/state.db");
    try (SqliteStateStore empty = SqliteStateStore.openEmpty(fresh)) {
      assertThat(empty.runs().list(10)).isEmpty();
      assertThat(empty.partitions().list("features")).isEmpty();
      assertThat(empty.file()).isEqualTo(fresh.toAbsolutePath().normalize());
    }
    assertThat(directory.resolve("fresh")).doesNotExist();
  }

  @Test
  void stateDirectoryThatCannotBeCreatedIsAUserError() {
    assertThatThrownBy(() -> SqliteStateStore.open(Path.of("/proc/partita-test/state.db")))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith(
            "Cannot create the directory /proc/partita-test for the state store")
        .hasMessageEndingWith(
            "point state: in partita.yaml at a writable path, e.g. sqlite:.partita/state.db")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(io.partita.ErrorCategory.USER);
  }
}
