package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark: block as partita-spark reads it; no SparkSession is started here. */
class SparkSettingsTest {
  @TempDir Path project;

  private SparkSettings load(String block) {
    SparkProject.write(project.resolve("partita.yaml"), "name: p\nwarehouse: spark\n" + block);
    return SparkSettings.load(project);
  }

  @Test
  void relativeWarehousePathsResolveAgainstTheProject() {
    SparkSettings settings =
        load(
            """
            spark:
              master: spark://cluster:7077
              catalog: {name: lake, type: hadoop, warehouse: data/lake}
              namespace: features
              conf: {spark.executor.memory: 4g}
            """);

    assertThat(settings.master()).isEqualTo("spark://cluster:7077");
    assertThat(settings.catalog())
        .isEqualTo(
            new SparkSettings.CatalogSettings(
                "lake",
                "hadoop",
                project.toAbsolutePath().resolve("data/lake").toString(),
                Optional.empty()));
    assertThat(settings.namespace()).isEqualTo("features");
    assertThat(settings.conf()).isEqualTo(Map.of("spark.executor.memory", "4g"));
  }

  @Test
  void withoutABlockTheDefaultsAreLocalSparkAndAHadoopCatalogInDotPartita() {
    SparkSettings settings = load("");

    assertThat(settings.master()).isEqualTo("local[2]");
    assertThat(settings.catalog().warehouse())
        .isEqualTo(project.toAbsolutePath().resolve(".partita/lake").toString());
    assertThat(settings.catalog().commitsSeveralTablesAtomically()).isFalse();
  }

  @Test
  void aUrlWarehouseIsKeptAsWritten() {
    SparkSettings settings =
        load("spark:\n  catalog: {type: hadoop, warehouse: 's3a://bucket/lake'}\n");

    assertThat(settings.catalog().warehouse()).isEqualTo("s3a://bucket/lake");
    assertThat(SparkSessions.catalogConf(settings))
        .containsEntry("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.lake.type", "hadoop")
        .containsEntry("spark.sql.catalog.lake.warehouse", "s3a://bucket/lake");
  }

  @Test
  void aJdbcCatalogNeedsItsUri() {
    assertThatThrownBy(() -> load("spark:\n  catalog: {type: jdbc}\n"))
        .isInstanceOf(PartitaException.class)
        .hasMessage("partita.yaml: spark.catalog.type jdbc needs uri: add uri: under spark.catalog")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
  }

  @Test
  void anUnknownCatalogTypeIsRefused() {
    assertThatThrownBy(() -> load("spark:\n  catalog: {type: glue}\n"))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "partita.yaml: spark.catalog.type 'glue' is not supported: use hadoop, jdbc or rest");
  }

  @Test
  void connectNamesASparkConnectServerInsteadOfAMaster() {
    SparkSettings settings =
        load("spark:\n  connect: sc://spark-gateway:15002\n  namespace: features\n");

    assertThat(settings.connect()).contains("sc://spark-gateway:15002");
    assertThat(settings.namespace()).isEqualTo("features");
    assertThat(load("").connect()).isEmpty();
  }

  @Test
  void connectAndMasterTogetherExitTwoNamingTheFile() {
    SparkProject.create(project);
    SparkProject.write(
        project.resolve("partita.yaml"),
        SparkProject.CONFIG.replace(
            "  master: local[2]\n", "  master: local[2]\n  connect: sc://localhost:15002\n"));

    SparkProject.Result result =
        SparkProject.cli(project, "backfill", "--partitions", "2025-03-01");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines()).as("%s", result).hasSize(1);
    assertThat(result.errorLines().get(0))
        .contains(
            "partita.yaml: spark.master and spark.connect are both set",
            "remove master: (or connect:");
    assertThat(project.resolve(".partita/lake")).doesNotExist();
  }

  @Test
  void aConnectUrlThatIsNotScExitsTwoNamingTheUrl() {
    SparkProject.create(project);
    SparkProject.write(
        project.resolve("partita.yaml"),
        SparkProject.CONFIG.replace("  master: local[2]\n", "  connect: http://localhost:15002\n"));

    SparkProject.Result result =
        SparkProject.cli(project, "backfill", "--partitions", "2025-03-01");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines()).as("%s", result).hasSize(1);
    assertThat(result.errorLines().get(0))
        .contains(
            "partita.yaml: spark.connect 'http://localhost:15002' is not a Spark Connect URL"
                + " (it does not start with sc://): write connect: sc://host:15002");
    assertThat(project.resolve(".partita/lake")).doesNotExist();
  }

  @Test
  void aConnectUrlWithoutHostIsRefused() {
    assertThatThrownBy(() -> load("spark:\n  connect: 'sc:///;token=x'\n"))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "partita.yaml: spark.connect 'sc:///;token=x' is not a Spark Connect URL (it names no"
                + " host): write connect: sc://host:15002");
  }

  @Test
  void aConnectWarehouseIsRefusedRatherThanRunLocallyExitTwo() {
    SparkProject.create(project);
    SparkProject.write(
        project.resolve("partita.yaml"),
        SparkProject.CONFIG.replace("  master: local[2]\n", "  connect: sc://localhost:15002\n"));

    SparkProject.Result result =
        SparkProject.cli(project, "backfill", "--partitions", "2025-03-01");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines()).as("%s", result).hasSize(1);
    assertThat(result.errorLines().get(0))
        .contains(
            "partita.yaml: spark.connect sc://localhost:15002: the Spark engine cannot run on"
                + " Spark Connect yet",
            "nothing was run",
            "Remove connect: and set master:");
    assertThat(project.resolve(".partita/lake/demo")).doesNotExist();
  }
}
