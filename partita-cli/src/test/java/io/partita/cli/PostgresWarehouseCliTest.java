package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pipeline, its models rewritten in PostgreSQL SQL, on a {@code warehouse:
 * postgresql://...} with the default SQLite state, through the real CLI: backfill, query, versions,
 * promote and rollback.
 */
class PostgresWarehouseCliTest {
  @TempDir Path temp;

  @Test
  void backfillQueryRebuildPromoteAndRollBackOnAPostgresWarehouse() {
    Path project = pgDemo(CliPostgres.freshWarehouseUrl());

    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-05", "--max-parallel", "3")
        .assertExit(0);

    assertThat(Projects.scalar(project, "select count(*) from features").asLong()).isEqualTo(50);
    JsonNode day =
        Cli.json(
            project,
            "query",
            "select events_3d, amount_3d::text from features"
                + " where date = '2024-12-03' and entity_id = 1");
    // Entity 1 has 2 events a day (g = 1, 11); amounts g * 1.25 + day of month, over 3 days.
    assertThat(day.at("/rows/0/0").asLong()).isEqualTo(6);
    assertThat(day.at("/rows/0/1").asText()).isEqualTo("57.00");

    Projects.edit(
        project.resolve("models/features.sql"),
        "round(sum(amount), 2) as amount_3d",
        "round(sum(amount) * 2, 2) as amount_3d");
    Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01..2024-12-05",
            "--assets",
            "features",
            "--target",
            "features_v2")
        .assertExit(0);
    JsonNode versions = Cli.json(project, "versions", "features");
    assertThat(versions.get("versions")).hasSize(2);
    assertThat(versions.at("/versions/0/live").asBoolean()).isTrue();
    assertThat(versions.at("/versions/1/partitions_filled").asInt()).isEqualTo(5);

    Cli.in(project, "promote", "features", "--to", "v2", "--max-drift", "1000").assertExit(0);
    assertThat(amountOfEntity1(project)).isEqualTo("114.00");

    Cli.in(project, "rollback", "features").assertExit(0);
    assertThat(amountOfEntity1(project)).isEqualTo("57.00");
    assertThat(Cli.json(project, "versions", "features").get("history"))
        .extracting(entry -> entry.get("action").asText())
        .containsExactly("promote", "rollback");

    // A rerun of one day, then rolled back: the day is back to the rows the first run wrote.
    Projects.edit(
        project.resolve("models/staging_events.sql"),
        "round(amount, 2) as amount",
        "round(amount, 2) + 100 as amount");
    String rerun =
        Cli.json(project, "backfill", "--partitions", "2024-12-03", "--assets", "staging_events")
            .get("id")
            .asText();
    assertThat(
            Projects.scalar(
                    project,
                    "select min(amount) from staging_events where event_date = '2024-12-03'")
                .asDouble())
        .isGreaterThan(100);
    Cli.in(project, "rollback", "--run", rerun, "--force").assertExit(0);
    assertThat(
            Projects.scalar(
                    project,
                    "select max(amount) from staging_events where event_date = '2024-12-03'")
                .asDouble())
        .isLessThan(100);
  }

  private static String amountOfEntity1(Path project) {
    return Projects.scalar(
            project,
            "select amount_3d::text from features where date = '2024-12-03' and entity_id = 1")
        .asText();
  }

  /** The PostgreSQL demo project of the test resources, in a temp dir, on {@code warehouseUrl}. */
  private Path pgDemo(String warehouseUrl) {
    Path project = temp.resolve("pg-demo");
    Projects.copy(Path.of("src/test/resources/projects/pg-demo"), project);
    Projects.edit(
        project.resolve("partita.yaml"), "warehouse: WAREHOUSE", "warehouse: " + warehouseUrl);
    return project;
  }
}
