package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.PublishedPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --publish atomic} across two assets on a REST catalog: one {@code POST
 * /v1/transactions/commit} publishes both tables, through the CLI.
 */
class SparkRestAtomicPublishTest {
  @TempDir Path project;
  private RestCatalogServer server;

  @BeforeEach
  void startCatalog() throws Exception {
    server = RestCatalogServer.start(Files.createDirectories(project.resolve("catalog")));
    SparkProject.create(project);
    SparkProject.write(project.resolve("partita.yaml"), restConfig(server.uri()));
  }

  @AfterEach
  void stopCatalog() {
    server.close();
  }

  /** The demo project's partita.yaml with a REST catalog at {@code uri}. */
  static String restConfig(String uri) {
    return SparkProject.CONFIG.replace(
        "catalog: {name: lake, type: hadoop, warehouse: .partita/lake}",
        "catalog: {name: lake, type: rest, uri: '" + uri + "', warehouse: .partita/lake}");
  }

  @Test
  void atomicPublishCommitsBothTablesInOneTransaction() {
    SparkProject.Result run =
        SparkProject.cli(
            project,
            "backfill",
            "--partitions",
            "2025-03-01..2025-03-02",
            "--publish",
            "atomic",
            "--json");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(0);
    assertThat(server.transactionCommits()).isEqualTo(1);
    List<String> published = publishedBy(runId(run));
    assertThat(published)
        .containsExactlyInAnyOrder(
            "events 2025-03-01", "events 2025-03-02", "features 2025-03-01", "features 2025-03-02");
    assertThat(featureRows()).isEqualTo(6);
  }

  @Test
  void aLostCommitAnswerIsSettledFromTheTablesWithoutPublishingTwice() {
    server.loseNextCommitAnswer();

    SparkProject.Result run =
        SparkProject.cli(
            project,
            "backfill",
            "--partitions",
            "2025-03-01..2025-03-02",
            "--publish",
            "atomic",
            "--json");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(0);
    assertThat(server.transactionCommits()).isEqualTo(1);
    // Every partition once in the publish log (the snapshot summaries on main), not twice.
    assertThat(publishedBy(runId(run)))
        .containsExactlyInAnyOrder(
            "events 2025-03-01", "events 2025-03-02", "features 2025-03-01", "features 2025-03-02");
    assertThat(featureRows()).isEqualTo(6);
  }

  @Test
  void aFailureBeforeTheCommitLeavesBothMainsUntouched() {
    // Negative totals fail features' range check after both assets staged: no commit is made.
    SparkProject.write(
        project.resolve("models/events.sql"), SparkProject.EVENTS.replace("FACTOR", "-1"));

    SparkProject.Result run =
        SparkProject.cli(
            project,
            "backfill",
            "--partitions",
            "2025-03-01..2025-03-02",
            "--publish",
            "atomic",
            "--json");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(server.transactionCommits()).isZero();
    assertThat(publishedBy(runId(run))).isEmpty();
    try (SparkEngine engine = open()) {
      for (String table : List.of("events__v1", "features__v1")) {
        assertThat(engine.tables().load(table).orElseThrow().currentSnapshot().summary())
            .as(table + "'s main holds only the empty first snapshot")
            .doesNotContainKey(PublishLogEntry.RUN_ID);
      }
    }
  }

  @Test
  void anUnreachableOrWrongCatalogUriExitsWith2NamingIt() {
    String closed = "http://127.0.0.1:1";
    String wrong = server.uri() + "/not-the-catalog";
    for (String uri : List.of(closed, wrong)) {
      SparkProject.write(project.resolve("partita.yaml"), restConfig(uri));

      SparkProject.Result run = SparkProject.cli(project, "backfill", "--partitions", "2025-03-01");

      assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
      assertThat(run.errorLines()).as("%s", run).hasSize(1);
      assertThat(run.errorLines().get(0))
          .contains(
              "spark.catalog.uri '" + uri + "' does not answer as an Iceberg REST catalog",
              "check that the catalog is running");
    }
    assertThat(server.transactionCommits()).isZero();
  }

  private static String runId(SparkProject.Result run) {
    return run.stdout().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
  }

  private List<String> publishedBy(String runId) {
    try (SparkEngine engine = open()) {
      return engine.published(runId).stream()
          .map((PublishedPartition p) -> p.asset() + " " + p.partition())
          .toList();
    }
  }

  private long featureRows() {
    try (SparkEngine engine = open()) {
      return (Long)
          engine
              .query("SELECT count(*) FROM " + engine.relation("features"), 1)
              .rows()
              .get(0)
              .get(0);
    }
  }

  private SparkEngine open() {
    return SparkEngine.open(SparkSettings.load(project), Clock.systemUTC());
  }
}
