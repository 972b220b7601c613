package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.model.DefinitionFiles;
import io.partita.model.Grain;
import io.partita.model.OutputFormat;
import io.partita.model.PartitionMapping;
import io.partita.model.WriteMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLoaderTest {
  @TempDir Path dir;

  @Test
  void loadsThreeAssetPipelineWithDefaultsAndDependencyReasons() {
    ProjectFiles.threeAssets(dir);

    Pipeline pipeline = PipelineLoader.load(dir);

    assertThat(pipeline.name()).isEqualTo("ml_features");
    assertThat(pipeline.warehouse()).isEqualTo("duckdb:.partita/warehouse.duckdb");
    assertThat(pipeline.state()).isEqualTo("sqlite:.partita/state.db");
    assertThat(pipeline.partitions().grain()).isEqualTo(Grain.DAY);
    assertThat(pipeline.partitions().start().key()).isEqualTo("2024-12-01");
    assertThat(pipeline.partitions().end()).isEmpty();
    assertThat(pipeline.partitions().timezone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(pipeline.defaults().concurrency()).isEqualTo(3);
    assertThat(pipeline.pools()).containsEntry("warehouse", 4);
    assertThat(pipeline.schedule()).isEmpty();
    assertThat(pipeline.assetNames()).containsExactly("raw_events", "staging_events", "features");

    AssetDefinition raw = pipeline.asset("raw_events");
    assertThat(raw.kind()).isEqualTo(AssetKind.SQL);
    assertThat(raw.sqlFile()).contains("models/raw_events.sql");
    assertThat(raw.sql()).contains("select * from read_csv('data/events.csv')\n");
    assertThat(raw.timeColumn()).isEqualTo("event_date");
    assertThat(raw.arrivalColumn()).contains("ingested_at");
    assertThat(raw.dependencies()).isEmpty();
    assertThat(raw.writeMode()).isEqualTo(WriteMode.OVERWRITE);
    assertThat(raw.retries()).isEqualTo(1);
    assertThat(raw.retryBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(raw.timeout()).isEqualTo(Duration.ofHours(2));
    assertThat(raw.concurrency()).isZero();
    assertThat(raw.location().toString()).isEqualTo("partita.yaml:6:3");

    assertThat(pipeline.asset("staging_events").dependencies())
        .containsExactly(
            new Dependency(
                "raw_events",
                new PartitionMapping.Identity(),
                "ref('raw_events') in models/staging_events.sql"));

    AssetDefinition features = pipeline.asset("features");
    // depends_on wins over the ref() to the same upstream: it carries the window.
    assertThat(features.dependencies())
        .containsExactly(
            new Dependency(
                "staging_events",
                new PartitionMapping.Window(-2, 0),
                "depends_on at partita.yaml:13:18"));
    assertThat(features.writeMode()).isEqualTo(WriteMode.MERGE);
    assertThat(features.uniqueKey()).containsExactly("entity_id", "date");
    assertThat(features.pool()).contains("warehouse");
    assertThat(features.timeColumn()).isEqualTo("date");
    assertThat(pipeline.directDownstream("staging_events")).containsExactly("features");
  }

  @Test
  void ordersAssetsTopologicallyKeepingDeclarationOrderAmongReadyAssets() {
    new ProjectFiles(dir)
        .write(
            "partita.yaml",
            """
            name: order
            partitions: {start: 2025-01-01}
            defaults: {time_column: day}
            assets:
              report: {sql: models/report.sql}
              orders: {sql: models/orders.sql}
              customers: {sql: models/customers.sql}
              joined: {sql: models/joined.sql}
              history: {sql: models/history.sql, depends_on_past: true}
            """)
        .write("models/report.sql", "select * from {{ ref('joined') }}")
        .write("models/orders.sql", "select 1")
        .write("models/customers.sql", "select 1")
        .write("models/joined.sql", "select * from {{ ref('orders') }}, {{ ref('customers') }}")
        .write("models/history.sql", "select 1");

    Pipeline pipeline = PipelineLoader.load(dir);

    assertThat(pipeline.assetNames())
        .containsExactly("orders", "customers", "joined", "report", "history");
    assertThat(pipeline.asset("history").dependencies())
        .containsExactly(
            new Dependency(
                "history", new PartitionMapping.Self(), "depends_on_past at partita.yaml:9:38"));
  }

  @Test
  void parsesScheduleCommandAssetsAndMappings() {
    new ProjectFiles(dir)
        .write(
            "partita.yaml",
            """
            name: scheduled
            warehouse: duckdb:data/wh.duckdb
            partitions: {grain: hour, start: 2025-03-01T00, end: 2025-03-31T23, timezone: Europe/Berlin}
            schedule:
              cron: "0 * * * *"
              catchup: true
              max_catchup: 24
              watermark_delay: 2h30m
              lookback: 3
            assets:
              events:
                sql: models/events.sql
                time_column: ts
              daily:
                grain: day
                sql: models/daily.sql
                time_column: day
                depends_on: [{asset: events, mapping: all}]
                concurrency: 1
                retries: 0
              train_set:
                command: [python3, scripts/train_set.py, --start, "{{ start }}"]
                depends_on: [daily]
                output: parquet
                time_column: day
                grain: day
            """)
        .write("models/events.sql", "select 1")
        .write("models/daily.sql", "select 1")
        .write("scripts/train_set.py", "print('hi')\n");

    Pipeline pipeline = PipelineLoader.load(dir);

    assertThat(pipeline.warehouse()).isEqualTo("duckdb:data/wh.duckdb");
    assertThat(pipeline.partitions().end()).map(Object::toString).contains("2025-03-31T23");
    assertThat(pipeline.partitions().timezone().getId()).isEqualTo("Europe/Berlin");
    assertThat(pipeline.schedule())
        .contains(new ScheduleSpec("0 * * * *", true, 24, Duration.ofMinutes(150), 3));
    AssetDefinition daily = pipeline.asset("daily");
    assertThat(daily.grain()).isEqualTo(Grain.DAY);
    assertThat(daily.dependencies().get(0).mapping()).isEqualTo(new PartitionMapping.All());
    assertThat(daily.concurrency()).isEqualTo(1);
    assertThat(daily.retries()).isZero();
    AssetDefinition train = pipeline.asset("train_set");
    assertThat(train.kind()).isEqualTo(AssetKind.COMMAND);
    assertThat(train.command())
        .containsExactly("python3", "scripts/train_set.py", "--start", "{{ start }}");
    assertThat(train.output()).isEqualTo(OutputFormat.PARQUET);
    assertThat(train.definedIn()).isEqualTo("partita.yaml");
    assertThat(pipeline.files().files())
        .containsOnlyKeys(
            "partita.yaml", "models/events.sql", "models/daily.sql", "scripts/train_set.py")
        .containsEntry("scripts/train_set.py", "print('hi')\n");
  }

  @Test
  void definitionFilesHoldConfigAndEveryModel() {
    ProjectFiles.threeAssets(dir);

    DefinitionFiles files = PipelineLoader.load(dir).files();

    assertThat(files.files())
        .containsOnlyKeys(
            "partita.yaml",
            "models/raw_events.sql",
            "models/staging_events.sql",
            "models/features.sql")
        .containsEntry("partita.yaml", ProjectFiles.THREE_ASSETS);
  }

  @Test
  void loadingFromSnapshotIgnoresLaterEditsToTheWorkingTree() {
    ProjectFiles project = ProjectFiles.threeAssets(dir);
    DefinitionFiles snapshot = PipelineLoader.load(dir).files();

    project
        .write("models/features.sql", "select 'edited' from {{ ref('raw_events') }}")
        .config("name: ml_features", "name: renamed");
    Pipeline pinned = PipelineLoader.load(dir, snapshot);

    assertThat(pinned.name()).isEqualTo("ml_features");
    assertThat(pinned.asset("features").sql())
        .contains("select entity_id, date from {{ ref(\"staging_events\") }}\n");
    assertThat(pinned.files().hash()).isEqualTo(snapshot.hash());
    assertThat(pinned.projectDir()).isEqualTo(dir);
    assertThat(PipelineLoader.load(dir).name()).isEqualTo("renamed");
  }

  @Test
  void snapshotLoadReadsNoDefinitionFileFromDisk() {
    DefinitionFiles snapshot = PipelineLoader.load(ProjectFiles.threeAssets(dir).dir()).files();
    Path empty = dir.resolve("elsewhere");

    Pipeline pinned = PipelineLoader.load(empty, snapshot);

    assertThat(pinned.assetNames()).containsExactly("raw_events", "staging_events", "features");
    assertThat(pinned.resolve(".partita/state.db")).isEqualTo(empty.resolve(".partita/state.db"));
  }

  @Test
  void hashChangesWhenASqlFileChanges() {
    ProjectFiles project = ProjectFiles.threeAssets(dir);
    String before = PipelineLoader.load(dir).files().hash();
    String again = PipelineLoader.load(dir).files().hash();

    project.write("models/raw_events.sql", "select * from read_csv('data/events_v2.csv')\n");
    String after = PipelineLoader.load(dir).files().hash();

    assertThat(again).isEqualTo(before);
    assertThat(after).isNotEqualTo(before).hasSize(64);
  }

  @Test
  void unusedFilesInTheProjectDoNotChangeTheHash() {
    ProjectFiles project = ProjectFiles.threeAssets(dir);
    String before = PipelineLoader.load(dir).files().hash();

    project.write("models/scratch.sql", "select 42").write("README.md", "notes");

    assertThat(PipelineLoader.load(dir).files().hash()).isEqualTo(before);
    assertThat(List.copyOf(PipelineLoader.load(dir).files().files().keySet()))
        .doesNotContain("models/scratch.sql", "README.md");
  }
}
