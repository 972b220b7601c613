package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.check.AcceptedValuesCheck;
import io.partita.check.Check;
import io.partita.check.DriftCheck;
import io.partita.check.DriftMetric;
import io.partita.check.NotNullCheck;
import io.partita.check.ReadTestCheck;
import io.partita.check.RowCountCheck;
import io.partita.check.Severity;
import io.partita.check.SqlCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code checks:} section of an asset; the checks start on line 19 of partita.yaml. */
class CheckConfigTest {
  private static final String TIME_COLUMN = "    time_column: date\n";

  @TempDir Path dir;

  private ProjectFiles withChecks(String... items) {
    StringBuilder block = new StringBuilder(TIME_COLUMN + "    checks:\n");
    for (String item : items) {
      block.append("      - ").append(item).append('\n');
    }
    return ProjectFiles.threeAssets(dir).config(TIME_COLUMN, block.toString());
  }

  private String loadFails() {
    Throwable thrown = catchThrowable(() -> PipelineLoader.load(dir));
    assertThat(thrown).isInstanceOf(PartitaException.class);
    PartitaException error = (PartitaException) thrown;
    assertThat(error.category()).isEqualTo(ErrorCategory.USER);
    assertThat(error.getMessage()).doesNotContain("\n");
    return error.getMessage();
  }

  @Test
  void validChecksBlockLoadsInOrder() {
    withChecks(
            "row_count: {min: 1, ratio_vs_trailing: [0.5, 2.0]}",
            "not_null: {columns: [entity_id], max_rate: 0.0}",
            "null_spike: {columns: [amount_7d], max_increase_pp: 5}",
            "unique: {columns: [entity_id, date]}",
            "accepted_values: {column: status, values: [open, closed], severity: warn}",
            "range: {column: amount, min: 0}",
            "drift: {column: amount_7d, metric: wasserstein, trailing: 14}",
            "schema: {allow_schema_change: true}",
            "reconcile: {with: staging_events, expr: count(distinct entity_id), tolerance_pct: 1}",
            "sql: \"select count(*) = 0 from {{ this }} where amount < 0\"",
            "sql: {query: \"select true from {{ this }} limit 1\", name: has_rows}",
            "read_test: tests/read_features.sql")
        .write("tests/read_features.sql", "select * from {{ this }} limit 5\n");

    Pipeline pipeline = PipelineLoader.load(dir);

    List<Check> checks = pipeline.asset("features").checks();
    assertThat(checks)
        .extracting(Check::name)
        .containsExactly(
            "row_count",
            "not_null(entity_id)",
            "null_spike(amount_7d)",
            "unique(entity_id,date)",
            "accepted_values(status)",
            "range(amount)",
            "drift_wasserstein(amount_7d)",
            "schema",
            "reconcile(staging_events)",
            "sql",
            "has_rows",
            "read_test(tests/read_features.sql)");
    assertThat(checks.get(0)).isInstanceOf(RowCountCheck.class);
    assertThat(((NotNullCheck) checks.get(1)).maxRate()).isZero();
    assertThat(checks.get(4).severity()).isEqualTo(Severity.WARN);
    assertThat(((AcceptedValuesCheck) checks.get(4)).values()).containsExactly("open", "closed");
    DriftCheck drift = (DriftCheck) checks.get(6);
    assertThat(drift.metric()).isEqualTo(DriftMetric.WASSERSTEIN);
    assertThat(drift.trailing()).isEqualTo(14);
    assertThat(drift.fail()).isEqualTo(0.1);
    assertThat(drift.columns()).containsExactly("amount_7d");
    assertThat(((SqlCheck) checks.get(9)).query()).contains("{{ this }}");
    assertThat(((ReadTestCheck) checks.get(11)).query())
        .isEqualTo("select * from {{ this }} limit 5");
    assertThat(pipeline.files().files()).containsKey("tests/read_features.sql");
    assertThat(pipeline.asset("raw_events").checks()).isEmpty();
  }

  @Test
  void unknownCheckTypeSuggestsTheClosest() {
    withChecks("not_nul: {columns: [entity_id]}");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:9: asset 'features': unknown check type 'not_nul' (did you mean"
                + " 'not_null'?); check types: row_count, not_null, null_spike, unique,"
                + " accepted_values, range, drift, schema, reconcile, sql, read_test");
  }

  @Test
  void unknownOptionSuggestsTheClosest() {
    withChecks("not_null: {columns: [entity_id], max_rat: 0.1}");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:42: unknown key 'max_rat' in check not_null (did you mean"
                + " 'max_rate'?); allowed keys: columns, max_rate, severity, name");
  }

  @Test
  void negativeThresholdIsRejected() {
    withChecks("row_count: {min: -1}");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:26: asset 'features', check row_count: 'min' must not be negative,"
                + " got -1.0");
  }

  @Test
  void warnAboveFailIsRejected() {
    withChecks("drift: {column: amount, warn: 0.3}");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:39: asset 'features', check drift: 'warn' 0.3 > 'fail' 0.2 (the"
                + " default for psi): make warn at most fail");
  }

  @Test
  void maxRateAboveOneIsRejected() {
    withChecks("not_null: {columns: [entity_id], max_rate: 1.5}");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:52: asset 'features', check not_null: 'max_rate' must be between 0"
                + " and 1, got 1.5");
  }

  @Test
  void reversedRatioIsRejected() {
    withChecks("row_count: {ratio_vs_trailing: [2.0, 0.5]}");

    assertThat(loadFails())
        .startsWith("partita.yaml:19:40: asset 'features', check row_count: 'ratio_vs_trailing'")
        .endsWith("is reversed: write [0.5, 2.0]");
  }

  @Test
  void missingReadTestFileIsRejected() {
    withChecks("read_test: tests/missing.sql");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:20: asset 'features', check read_test: file tests/missing.sql not"
                + " found (looked in "
                + dir.toAbsolutePath().normalize().resolve("tests/missing.sql")
                + ")");
  }

  @Test
  void missingRequiredOptionNamesTheCheck() {
    withChecks("unique: {}");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:9: asset 'features', check unique: unique needs 'columns', e.g."
                + " columns: [a, b]");
  }

  @Test
  void reconcileWithUnknownAssetSuggestsTheClosest() {
    withChecks("reconcile: {with: staging_event, expr: count(*)}");

    assertThat(loadFails())
        .startsWith(
            "partita.yaml:19:27: asset 'features', check reconcile: with: refers to unknown asset"
                + " 'staging_event' (did you mean 'staging_events'?)");
  }

  @Test
  void duplicateCheckNamesAreRejected() {
    withChecks(
        "not_null: {columns: [entity_id]}", "not_null: {columns: [entity_id], max_rate: 0.1}");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:20:9: asset 'features' has two checks named 'not_null(entity_id)' (the"
                + " other at line 19): give one of them name: ...");
  }

  @Test
  void checkItemMustBeOneTypeMapping() {
    withChecks("not_null");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:9: asset 'features': each check is one TYPE: {options} entry, e.g. -"
                + " not_null: {columns: [id]}");
  }

  @Test
  void unknownSeverityIsRejected() {
    withChecks("unique: {columns: [entity_id], severity: fatal}");

    assertThat(loadFails())
        .isEqualTo(
            "partita.yaml:19:50: asset 'features', check unique: 'severity' must be error or warn,"
                + " got 'fatal'");
  }
}
