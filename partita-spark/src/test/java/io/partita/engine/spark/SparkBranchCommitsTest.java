package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Branch commits on one Iceberg table from two catalog clients at once, as two workers make them:
 * each client has its own view of the table's metadata pointer (in a real PostgreSQL JDBC catalog),
 * so their commits race. Iceberg's API alone, no Spark.
 */
class SparkBranchCommitsTest {
  private static final TableIdentifier TABLE = TableIdentifier.of("features", "events__v1");

  @TempDir Path warehouse;
  private String uri;

  @BeforeEach
  void createTable() {
    uri = TestPostgres.freshDatabase();
    JdbcCatalog catalog = catalog();
    catalog.createNamespace(Namespace.of("features"));
    Table table =
        catalog.createTable(
            TABLE, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
    table.newAppend().commit();
  }

  @Test
  void twoClientsCreatingAndRemovingBranchesOfOneTableLoseNoChange() throws Exception {
    int perClient = 12;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (String client : List.of("a", "b")) {
        clients.add(
            pool.submit(
                () -> {
                  Table table = catalog().loadTable(TABLE);
                  BranchCommits commits = BranchCommits.standard();
                  start.await();
                  for (int i = 0; i < perClient; i++) {
                    String branch = "audit_" + client + "_" + i;
                    commits.commit(
                        table,
                        "create " + branch,
                        (fresh, refs) ->
                            refs.createBranch(branch, fresh.currentSnapshot().snapshotId()));
                    if (i % 2 == 1) {
                      String previous = "audit_" + client + "_" + (i - 1);
                      commits.commit(
                          table,
                          "remove " + previous,
                          (fresh, refs) -> refs.removeBranchIfPresent(previous));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> client : clients) {
        client.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    Table table = catalog().loadTable(TABLE);
    List<String> expected = new ArrayList<>(List.of("main"));
    for (String client : List.of("a", "b")) {
      for (int i = 1; i < perClient; i += 2) {
        expected.add("audit_" + client + "_" + i);
      }
    }
    assertThat(table.refs().keySet()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aChangeThatLosesTheRaceIsDecidedAgainOnTheRefreshedTable() {
    Table mine = catalog().loadTable(TABLE);
    Table theirs = catalog().loadTable(TABLE);
    AtomicInteger attempts = new AtomicInteger();
    AtomicLong slept = new AtomicLong();
    BranchCommits commits = new BranchCommits(slept::addAndGet, backoff -> backoff);

    int seen =
        commits.commit(
            mine,
            "create audit_mine",
            (fresh, refs) -> {
              refs.createBranch("audit_mine", fresh.currentSnapshot().snapshotId());
              if (attempts.incrementAndGet() == 1) {
                // Another worker commits between our reading the refs and our commit.
                theirs.manageSnapshots().createBranch("audit_theirs", snapshot(theirs)).commit();
              }
              return fresh.refs().size();
            });

    assertThat(attempts).hasValue(2);
    assertThat(seen).as("refs seen by the attempt that committed").isEqualTo(2);
    assertThat(slept).hasValue(20);
    assertThat(catalog().loadTable(TABLE).refs().keySet())
        .containsExactlyInAnyOrder("main", "audit_theirs", "audit_mine");
  }

  @Test
  void aChangeThatLosesEveryRaceFailsNamingTheTableAndTheAttempts() {
    Table mine = catalog().loadTable(TABLE);
    Table theirs = catalog().loadTable(TABLE);
    AtomicInteger attempts = new AtomicInteger();
    BranchCommits commits = new BranchCommits(millis -> {}, backoff -> backoff);

    assertThatThrownBy(
            () ->
                commits.commit(
                    mine,
                    "create audit_mine",
                    (fresh, refs) -> {
                      refs.createBranch("audit_mine", fresh.currentSnapshot().snapshotId());
                      int attempt = attempts.incrementAndGet();
                      theirs
                          .manageSnapshots()
                          .createBranch("audit_theirs_" + attempt, snapshot(theirs))
                          .commit();
                      return attempt;
                    }))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("Cannot create audit_mine on table")
        .hasMessageContaining("events__v1")
        .hasMessageContaining("lost the race to other commits 12 times");
    assertThat(attempts).hasValue(BranchCommits.ATTEMPTS);
    assertThat(catalog().loadTable(TABLE).refs()).doesNotContainKey("audit_mine");
  }

  @Test
  void aChangeThatChangesNothingCommitsNothing() {
    Table table = catalog().loadTable(TABLE);
    String before = metadataLocation(table);

    commitsWithoutSleeping()
        .commit(table, "remove a gone branch", (fresh, refs) -> refs.removeBranchIfPresent("gone"));

    assertThat(metadataLocation(catalog().loadTable(TABLE))).isEqualTo(before);
  }

  private static BranchCommits commitsWithoutSleeping() {
    return new BranchCommits(millis -> {}, backoff -> backoff);
  }

  private static long snapshot(Table table) {
    table.refresh();
    return table.currentSnapshot().snapshotId();
  }

  private static String metadataLocation(Table table) {
    return ((org.apache.iceberg.HasTableOperations) table)
        .operations()
        .current()
        .metadataFileLocation();
  }

  /** A new catalog client: its own connections and its own cached table metadata. */
  private JdbcCatalog catalog() {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(
        "lake", Map.of("uri", uri, "warehouse", warehouse.toString(), "jdbc.schema-version", "V1"));
    return catalog;
  }
}
