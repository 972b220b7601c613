package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLoaderErrorsTest {
  @TempDir Path dir;

  private PartitaException loadFails() {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> PipelineLoader.load(dir));
    assertThat(thrown).isInstanceOf(PartitaException.class);
    PartitaException error = (PartitaException) thrown;
    assertThat(error.category()).isEqualTo(ErrorCategory.USER);
    assertThat(error.getMessage()).doesNotContain("\n");
    return error;
  }

  @Test
  void missingConfigFileSaysWhereItLooked() {
    assertThatThrownBy(() -> PipelineLoader.load(dir))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "No partita.yaml in "
                + dir.toAbsolutePath().normalize()
                + ": create one with 'partita init', or pass --project DIR");
  }

  @Test
  void malformedYamlNamesLineAndColumn() {
    ProjectFiles.threeAssets(dir)
        .config("    sql: models/staging_events.sql", "    sql: [models/staging");

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:11:11: malformed YAML: expected ',' or ']'")
        .contains("malformed YAML")
        .contains("fix the syntax");
  }

  @Test
  void unknownTopLevelKeySuggestsTheClosest() {
    ProjectFiles.threeAssets(dir).config("pools:", "pool:");

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:4:1: unknown key 'pool' in partita.yaml (did you mean 'pools'?)")
        .contains("allowed keys: name, warehouse");
  }

  @Test
  void unknownAssetKeySuggestsTheClosest() {
    ProjectFiles.threeAssets(dir).config("    arrival_column:", "    arival_column:");

    assertThat(loadFails().getMessage())
        .startsWith(
            "partita.yaml:8:5: unknown key 'arival_column' in asset 'raw_events' (did you mean"
                + " 'arrival_column'?)");
  }

  @Test
  void wrongTypeIsAnError() {
    ProjectFiles.threeAssets(dir).config("retries: 1", "retries: many");

    assertThat(loadFails().getMessage())
        .isEqualTo("partita.yaml:3:37: 'retries' must be a whole number, got 'many'");
  }

  @Test
  void negativeDurationIsAnError() {
    ProjectFiles.threeAssets(dir).config("retry_backoff: 10s", "retry_backoff: -10s");

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:3:")
        .contains("'retry_backoff': durations cannot be negative '-10s'")
        .endsWith("like 2d, 6h, 30m or 45s");
  }

  @Test
  void missingSqlFileNamesTheAssetAndTheAbsolutePath() {
    ProjectFiles.threeAssets(dir).config("models/features.sql", "models/feature.sql");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:12:10: asset 'features': SQL file models/feature.sql not found (looked in"
                + " "
                + dir.toAbsolutePath().normalize().resolve("models/feature.sql")
                + ")");
  }

  @Test
  void refToUnknownAssetNamesTheSqlFileLineAndSuggestion() {
    ProjectFiles.threeAssets(dir)
        .write("models/staging_events.sql", "select *\nfrom {{ ref('raw_event') }}\n");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "models/staging_events.sql:2:9: ref('raw_event') refers to unknown asset 'raw_event'"
                + " (did you mean 'raw_events'?); assets in partita.yaml: raw_events,"
                + " staging_events, features");
  }

  @Test
  void dependsOnUnknownAssetNamesTheYamlLine() {
    ProjectFiles.threeAssets(dir).config("{asset: staging_events,", "{asset: staging,");

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:13:26: depends_on refers to unknown asset 'staging'");
  }

  @Test
  void cyclePrintsThePathAndTheEdgesToFix() {
    ProjectFiles.threeAssets(dir)
        .write("models/raw_events.sql", "select * from {{ ref('features') }}");

    assertThat(loadFails().getMessage())
        .startsWith("Dependency cycle: raw_events -> staging_events -> features -> raw_events (fix")
        .contains(
            "staging_events reads raw_events via ref('raw_events') in models/staging_events.sql")
        .contains("features reads staging_events via depends_on at partita.yaml:13:18")
        .contains("raw_events reads features via ref('features') in models/raw_events.sql");
  }

  @Test
  void selfRefIsACycle() {
    ProjectFiles.threeAssets(dir)
        .write("models/raw_events.sql", "select * from {{ ref('raw_events') }}");

    assertThat(loadFails().getMessage())
        .startsWith("Dependency cycle: raw_events -> raw_events (fix depends_on or ref() in:");
  }

  @Test
  void mergeWithoutUniqueKeyIsRejected() {
    ProjectFiles.threeAssets(dir).config("    unique_key: [entity_id, date]\n", "");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:11:3: asset 'features' uses write_mode merge but has no unique_key:"
                + " add unique_key: [entity_id, date]");
  }

  @Test
  void appendWriteModeGetsTheIdempotenceExplanation() {
    ProjectFiles.threeAssets(dir).config("write_mode: merge", "write_mode: append");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:14:17: Write mode 'append' is not supported because re-running it"
                + " duplicates rows: use overwrite or merge");
  }

  @Test
  void undefinedPoolIsRejected() {
    ProjectFiles.threeAssets(dir).config("pool: warehouse", "pool: warehose");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:16:11: asset 'features': pool 'warehose' is not defined (did you mean"
                + " 'warehouse'?): add it under pools:, e.g. pools: {warehose: 4}");
  }

  @Test
  void missingNameIsRejected() {
    ProjectFiles.threeAssets(dir).config("name: ml_features\n", "");

    assertThat(loadFails().getMessage())
        .isEqualTo("partita.yaml:1:1: missing required key 'name': add name: my_pipeline");
  }

  @Test
  void missingTimeColumnNamesTheAssetAndTheFix() {
    ProjectFiles.threeAssets(dir).config(", time_column: event_date}", "}");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:6:3: asset 'raw_events' has no time column: add time_column: <column"
                + " holding the partition time> to the asset, or time_column: to defaults:");
  }

  @Test
  void unknownGrainIsRejected() {
    ProjectFiles.threeAssets(dir).config("grain: day", "grain: daily");

    assertThat(loadFails().getMessage())
        .isEqualTo("partita.yaml:2:21: Unknown grain 'daily': use hour, day, week or month");
  }

  @Test
  void startNotAlignedToTheGrainIsRejected() {
    ProjectFiles.threeAssets(dir)
        .config("grain: day, start: 2024-12-01", "grain: month, start: 2024-12-01");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:2:35: Partition key '2024-12-01' is a day key but the asset is"
                + " partitioned by month: write it like '2025-03'");
  }

  @Test
  void missingStartIsRejected() {
    ProjectFiles.threeAssets(dir).config(", start: 2024-12-01", "");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:2:13: partitions has no start: add start: 2025-03-01 (the first"
                + " partition)");
  }

  @Test
  void invalidAssetNameIsRejected() {
    ProjectFiles.threeAssets(dir).config("  raw_events:", "  raw-events:");

    assertThat(loadFails().getMessage())
        .startsWith("partita.yaml:6:3: asset name 'raw-events' is not valid")
        .endsWith("(e.g. raw_events)");
  }

  @Test
  void assetWithBothSqlAndCommandIsRejected() {
    ProjectFiles.threeAssets(dir)
        .config("    arrival_column: ingested_at", "    command: [python3, x.py]");

    assertThat(loadFails().getMessage())
        .isEqualTo(
            "partita.yaml:6:3: asset 'raw_events' has both sql: and command:; give it exactly one"
                + " of them");
  }

  @Test
  void reversedWindowIsRejected() {
    ProjectFiles.threeAssets(dir).config("window: [-2, 0]", "window: [0, -2]");

    assertThat(loadFails().getMessage())
        .isEqualTo("partita.yaml:13:50: window [0, -2] is reversed: write [-2, 0]");
  }

  @Test
  void zeroConcurrencyIsRejected() {
    ProjectFiles.threeAssets(dir).config("concurrency: 3", "concurrency: 0");

    assertThat(loadFails().getMessage())
        .isEqualTo("partita.yaml:3:25: 'concurrency' must be at least 1, got 0");
  }

  @Test
  void duplicateKeyIsRejected() {
    ProjectFiles.threeAssets(dir)
        .config("    pool: warehouse\n", "    pool: warehouse\n    pool: warehouse\n");

    assertThat(loadFails().getMessage())
        .isEqualTo("partita.yaml:17:5: duplicate key 'pool' in asset 'features': keep only one");
  }
}
