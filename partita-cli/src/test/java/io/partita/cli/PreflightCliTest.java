package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Check configuration that can only be verified against the model's result is refused before any
 * write.
 */
class PreflightCliTest {
  static final String RAW = "    arrival_column: ingested_at\n";

  @TempDir Path temp;

  @Test
  void aCheckOnAColumnTheModelDoesNotReturnIsRefusedBeforeAnythingIsWritten() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        RAW,
        RAW + "    checks:\n      - not_null: {columns: [customer_id]}\n");

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02");

    result.assertExit(2);
    assertThat(result.stderr())
        .contains("partita.yaml:")
        .contains(
            "asset 'raw_events': check not_null(customer_id) reads column(s) customer_id, which"
                + " models/raw_events.sql does not return (it returns event_id, entity_id, event_date, amount, ingested_at)")
        .doesNotContain("\tat ");
    assertThat(Projects.runIds(project)).isEmpty();
    assertThat(Projects.statuses(project)).isEmpty();
  }

  @Test
  void aRefusedBackfillOnAFreshProjectCreatesNothingOnDisk() {
    Path project = Projects.init(temp.resolve("fresh"));
    Projects.edit(
        project.resolve("partita.yaml"),
        RAW,
        RAW + "    checks:\n      - not_null: {columns: [customer_id]}\n");

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-01..2024-12-02");

    result.assertExit(2);
    assertThat(result.errorLines()).singleElement().asString().contains("customer_id");
    // Verified against a scratch warehouse: no state file, no warehouse, no .partita/ at all.
    assertThat(project.resolve(".partita")).doesNotExist();
  }

  @Test
  void anSqlCheckThatDoesNotReturnOneBooleanIsRefusedBeforeAnythingIsWritten() {
    Path project = Projects.init(temp.resolve("p"));
    Projects.edit(
        project.resolve("partita.yaml"),
        RAW,
        RAW + "    checks:\n      - sql: \"select amount from {{ this }}\"\n");

    Cli.Result result = Cli.in(project, "backfill", "--partitions", "2024-12-01");

    result.assertExit(2);
    assertThat(result.stderr())
        .contains(
            "asset 'raw_events': sql check 'sql' must return exactly one row with one boolean column, got 0 rows of 1 columns")
        .contains("Nothing was written");
    assertThat(Projects.runIds(project)).isEmpty();
  }
}
