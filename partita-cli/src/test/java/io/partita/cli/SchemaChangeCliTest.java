package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code on_schema_change} through the CLI: models gain columns without dropping tables. */
class SchemaChangeCliTest {
  static final String STAGING_SQL = "round(amount, 2) as amount, ingested_at";
  static final String STAGING_ASSET =
      "    sql: models/staging_events.sql     # depends on raw_events through ref()\n";

  @TempDir Path temp;

  @Test
  void onSchemaChangeFailRefusesAtPlanTime() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    Projects.edit(
        project.resolve("models/staging_events.sql"), STAGING_SQL, STAGING_SQL + ", 1 as flag");
    Projects.edit(
        project.resolve("partita.yaml"),
        STAGING_ASSET,
        STAGING_ASSET + "    on_schema_change: fail\n");
    String before = Projects.warehouseFingerprint(project);

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-02");

    result.assertExit(2);
    assertThat(result.stderr())
        .startsWith(
            "error: partita.yaml:20:3: asset 'staging_events': the schema changed and on_schema_change is"
                + " fail: table staging_events__v1 has columns [event_id, entity_id, event_date, amount, ingested_at]"
                + " but models/staging_events.sql returns [event_id, entity_id, event_date, amount, ingested_at, flag]"
                + " (new: [flag INTEGER]). Nothing was written. Set on_schema_change: append_new_columns")
        .doesNotContain("\tat ");
    assertThat(Projects.runIds(project)).hasSize(1);
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(before);
  }

  @Test
  void planRefusesTheSchemaChangeBackfillWouldRefuse() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    Cli.in(project, "plan", "--partitions", "2024-12-02").assertExit(0);
    Projects.edit(
        project.resolve("models/staging_events.sql"), STAGING_SQL, STAGING_SQL + ", 1 as flag");
    Projects.edit(
        project.resolve("partita.yaml"),
        STAGING_ASSET,
        STAGING_ASSET + "    on_schema_change: fail\n");
    String before = Projects.warehouseFingerprint(project);

    Cli.Result result = Cli.in(project, "plan", "--partitions", "2024-12-02");

    result.assertExit(2);
    assertThat(result.stderr())
        .startsWith(
            "error: partita.yaml:20:3: asset 'staging_events': the schema changed and on_schema_change is"
                + " fail: table staging_events__v1 has columns")
        .contains("(new: [flag INTEGER])")
        .doesNotContain("\tat ");
    assertThat(Projects.runIds(project)).hasSize(1);
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(before);
  }

  @Test
  void addedColumnIsAppendedByDefaultThroughABackfill() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    Projects.edit(
        project.resolve("models/staging_events.sql"), STAGING_SQL, STAGING_SQL + ", 1 as flag");

    Cli.in(project, "backfill", "--partitions", "2024-12-02").assertExit(0);

    assertThat(
            Projects.scalar(
                    project,
                    "select count(flag) from staging_events where event_date = '2024-12-01'")
                .asLong())
        .isZero();
    assertThat(
            Projects.scalar(
                    project,
                    "select count(*) = count(flag) from staging_events where event_date = '2024-12-02'")
                .asBoolean())
        .isTrue();
  }

  @Test
  void typeChangeFailsNamingColumnAndTypesAtPlanTime() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    Projects.edit(
        project.resolve("models/staging_events.sql"),
        "round(amount, 2) as amount",
        "amount::varchar as amount");

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-02");

    result.assertExit(2);
    assertThat(result.stderr())
        .startsWith(
            "error: partita.yaml:20:3: asset 'staging_events': column amount changed type from DOUBLE to"
                + " VARCHAR (table staging_events__v1); a publish never converts published rows. Nothing was written."
                + " CAST the column back to its old type in models/staging_events.sql, or publish the new schema as a"
                + " new version (backfill --target staging_events_vN)");
  }

  @Test
  void promoteWithNewColumnComparesSharedColumnsAndReportsTheDifference() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-03").assertExit(0);
    Projects.edit(
        project.resolve("models/features.sql"),
        "count(*) as events_3d",
        "count(*)::integer as events_3d");
    Projects.edit(
        project.resolve("models/features.sql"),
        "round(sum(amount), 2) as amount_3d",
        "round(max(amount), 2) as amount_max");
    Cli.in(
            project,
            "backfill",
            "--partitions",
            "2024-12-01..2024-12-03",
            "--assets",
            "features",
            "--target",
            "features_v2")
        .assertExit(0);

    Projects.write(project.resolve("never.sql"), "select false");
    Cli.Result refused =
        Cli.in(project, "promote", "features", "--to", "v2", "--canary-sql", "never.sql", "--json");
    Cli.Result promoted =
        Cli.in(project, "promote", "features", "--to", "v2", "--max-drift", "100");

    refused.assertExit(1);
    JsonNode comparison = refused.json().get("comparison");
    assertThat(comparison.at("/canaries/0/psi").fieldNames())
        .toIterable()
        .containsExactly("entity_id", "events_3d");
    assertThat(comparison.at("/columns/added/0").toString())
        .isEqualTo("{\"name\":\"amount_max\",\"type\":\"DOUBLE\"}");
    assertThat(comparison.at("/columns/removed/0").toString())
        .isEqualTo("{\"name\":\"amount_3d\",\"type\":\"DOUBLE\"}");
    assertThat(comparison.at("/columns/retyped/0").toString())
        .isEqualTo(
            "{\"name\":\"events_3d\",\"live_type\":\"BIGINT\",\"candidate_type\":\"INTEGER\"}");
    promoted.assertExit(0);
    assertThat(promoted.stdout())
        .contains(
            "columns: added in v2: amount_max DOUBLE; removed in v2: amount_3d DOUBLE;"
                + " retyped: events_3d BIGINT -> INTEGER (the canary compares the columns both versions have)")
        .contains("Promoted features: v1 -> v2");
    assertThat(Projects.scalar(project, "select count(amount_max) from features").asLong())
        .isEqualTo(60);
  }
}
