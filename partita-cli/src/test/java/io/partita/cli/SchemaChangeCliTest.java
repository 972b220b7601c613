package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code on_schema_change} through the CLI: models gain columns without dropping tables. */
class SchemaChangeCliTest {
  static final String STAGING_SQL = "round(amount, 2) as amount, ingested_at";
  static final String STAGING_ASSET = "    sql: models/staging_events.sql     # depends on raw_events through ref()\n";

  @TempDir Path temp;

  @Test
  void onSchemaChangeFailRefusesAtPlanTime() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    Projects.edit(project.resolve("models/staging_events.sql"), STAGING_SQL, STAGING_SQL + ", 1 as flag");
    Projects.edit(project.resolve("partita.yaml"), STAGING_ASSET, STAGING_ASSET + "    on_schema_change: fail\n");
    String before = Projects.warehouseFingerprint(project);

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-02");

    result.assertExit(2);
    assertThat(result.stderr())
        .startsWith("error: partita.yaml:20:3: asset 'staging_events': the schema changed and on_schema_change is"
            + " fail: table staging_events__v1 has columns [event_id, entity_id, event_date, amount, ingested_at]"
            + " but models/staging_events.sql returns [event_id, entity_id, event_date, amount, ingested_at, flag]"
            + " (new: [flag INTEGER]). Nothing was written. Set on_schema_change: append_new_columns")
        .doesNotContain("\tat ");
    assertThat(Projects.runIds(project)).hasSize(1);
    assertThat(Projects.warehouseFingerprint(project)).isEqualTo(before);
  }

  @Test
  void addedColumnIsAppendedByDefaultThroughABackfill() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    Projects.edit(project.resolve("models/staging_events.sql"), STAGING_SQL, STAGING_SQL + ", 1 as flag");

    Cli.in(project, "backfill", "--partitions", "2024-12-02").assertExit(0);

    assertThat(Projects.scalar(project, "select count(flag) from staging_events where event_date = '2024-12-01'").asLong())
        .isZero();
    assertThat(Projects.scalar(project, "select count(*) = count(flag) from staging_events where event_date = '2024-12-02'")
        .asBoolean()).isTrue();
  }

  @Test
  void typeChangeFailsNamingColumnAndTypesAtPlanTime() {
    Path project = Projects.init(temp.resolve("p"));
    Cli.in(project, "backfill", "--partitions", "2024-12-01").assertExit(0);
    Projects.edit(project.resolve("models/staging_events.sql"), "round(amount, 2) as amount", "amount::varchar as amount");

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-02");

    result.assertExit(2);
    assertThat(result.stderr())
        .startsWith("error: partita.yaml:20:3: asset 'staging_events': column amount changed type from DOUBLE to"
            + " VARCHAR (table staging_events__v1); a publish never converts published rows. Nothing was written."
            + " CAST the column back to its old type in models/staging_events.sql, or publish the new schema as a"
            + " new version (backfill --target staging_events_vN)");
  }
}
