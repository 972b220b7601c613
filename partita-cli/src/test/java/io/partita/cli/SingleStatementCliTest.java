package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model is exactly one query and {@code partita query} runs exactly one read: any other statement
 * is refused before anything runs, so it cannot touch another asset's table or a file.
 */
class SingleStatementCliTest {
  static final String STAGING = "models/staging_events.sql";

  @TempDir static Path temp;
  static Path built;

  @BeforeAll
  static void projectWithData() {
    built = Projects.init(temp.resolve("built"));
    Cli.in(built, "backfill", "--partitions", "2024-12-01..2024-12-02").assertExit(0);
  }

  static Path copy(String name) {
    Path project = temp.resolve(name);
    Projects.copy(built, project);
    return project;
  }

  /** The demo's staging model followed by {@code tail}: its last query line is line 5. */
  static void appendToStaging(Path project, String tail) {
    Path model = project.resolve(STAGING);
    Projects.write(model, Projects.read(model).strip() + tail);
  }

  @Test
  void multiStatementModelIsRefusedAtPlanningAndDropsNothing() {
    Path project = copy("multi");
    appendToStaging(project, ";\ndrop table if exists main.raw_events__v1;\nselect 1\n");
    String warehouse = Projects.warehouseFingerprint(project);
    List<String> runs = Projects.runIds(project);

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-03");

    result.assertExit(2);
    assertThat(result.errorLines())
        .as("%s", result)
        .containsExactly(
            "error: models/staging_events.sql:6: the model of asset 'staging_events' is 3"
                + " statements (SELECT, DROP, SELECT); a model is exactly one query"
                + " (SELECT/WITH/VALUES/FROM): move other statements out of it. Nothing was"
                + " written");
    assertThat(Projects.scalar(project, "select count(*) from main.raw_events__v1").asLong())
        .isPositive();
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(warehouse);
    assertThat(Projects.runIds(project)).isEqualTo(runs);
  }

  @Test
  void planRefusesAModelThatIsNotAQuery() {
    Path project = copy("drop-only");
    Projects.write(
        project.resolve(STAGING), "-- cleanup\ndrop table if exists main.raw_events__v1\n");

    Cli.Result result = Cli.in(project, "plan", "--partitions", "2024-12-03");

    result.assertExit(2);
    assertThat(result.errorLines()).hasSize(1);
    assertThat(result.errorLines().get(0))
        .contains(
            "models/staging_events.sql:2: the model of asset 'staging_events' is a DROP"
                + " statement;");
    assertThat(Projects.scalar(project, "select count(*) from main.raw_events__v1").asLong())
        .isPositive();
  }

  /**
   * Planning checks the rendering of the first partition; a later partition's rendering is checked
   * again before it runs, so the task fails and none of its statements run.
   */
  @Test
  void aStatementThatOnlyALaterPartitionRendersFailsThatTaskAndRunsNothing() {
    Path project = copy("later");
    appendToStaging(
        project,
        "\n"
            + "{% if partition == '2024-12-04' %};\n"
            + "drop table if exists main.raw_events__v1{% endif %}\n");

    Cli.Result result =
        Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-03..2024-12-04",
            "--assets",
            "+staging_events",
            "--retries",
            "0");

    result.assertExit(1);
    assertThat(result.stdout() + result.stderr())
        .contains(
            "asset 'staging_events' partition 2024-12-04 (models/staging_events.sql): the model"
                + " rendered for this partition is 2 statements (SELECT, DROP)");
    assertThat(Projects.scalar(project, "select count(*) from main.raw_events__v1").asLong())
        .isPositive();
  }

  @Test
  void aTrailingSemicolonIsFine() {
    Path project = copy("semicolon");
    appendToStaging(project, ";\n");

    Cli.in(project, "backfill", "--partitions", "2024-12-03").assertExit(0);
  }

  @Test
  void queryRefusesCopyTo() throws Exception {
    Path project = copy("copy");
    Path config = project.resolve("partita.yaml");
    byte[] before = Files.readAllBytes(config);

    Cli.Result result =
        Cli.in(project, "query", "copy (select 'x' as name) to '" + config + "' (format csv)");

    result.assertExit(2);
    assertThat(result.errorLines())
        .containsExactly(
            "error: Query refused: the SQL is a COPY statement; only one read-only query (SELECT,"
                + " WITH, VALUES, FROM, DESCRIBE, SHOW or SUMMARIZE) may run here, and nothing is"
                + " written");
    assertThat(Files.readAllBytes(config)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "export database 'OUT'                          | an EXPORT statement",
        "attach 'OUT' as other                          | an ATTACH statement",
        "set threads = 1                                | a SET statement",
        "pragma version                                 | a PRAGMA statement",
        "install httpfs                                 | an INSTALL statement",
        "load httpfs                                    | a LOAD statement",
        "delete from raw_events__v1                     | a DELETE statement",
        "create table t as select 1                     | a CREATE statement",
        "select 1; drop table raw_events__v1            | 2 statements (SELECT, DROP)"
      })
  void queryRefusesEveryStatementThatIsNotOneRead(String sql, String what) {
    Path project = copy("query-" + what.replaceAll("[^A-Za-z0-9]+", "_"));
    Path out = project.resolve("out");
    String warehouse = Projects.warehouseFingerprint(project);

    Cli.Result result = Cli.in(project, "query", sql.replace("OUT", out.toString()));

    result.assertExit(2);
    assertThat(result.errorLines()).hasSize(1);
    assertThat(result.errorLines().get(0))
        .startsWith("error: Query refused: the SQL is " + what + ";");
    assertThat(out).doesNotExist();
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(warehouse);
  }

  @Test
  void queryStillReadsTablesFilesAndTheCatalog() {
    assertThat(Projects.scalar(built, "from raw_events select count(*);").asLong()).isPositive();
    assertThat(Projects.scalar(built, "select count(*) from read_csv('data/events.csv')").asLong())
        .isPositive();
    Cli.in(built, "query", "describe raw_events").assertExit(0);
    Cli.in(built, "query", "show tables").assertExit(0);
  }
}
