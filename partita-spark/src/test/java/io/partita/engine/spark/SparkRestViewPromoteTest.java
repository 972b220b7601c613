package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.view.View;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a REST catalog the published name is an Iceberg view {@code lake.<namespace>.<asset>} over the
 * live version: a plain Spark reader (a session of its own, no Partita) sees promote and {@code
 * rollback ASSET} switch it.
 */
class SparkRestViewPromoteTest {
  @TempDir Path project;
  private RestCatalogServer server;

  @BeforeEach
  void startCatalog() throws Exception {
    server = RestCatalogServer.start(Files.createDirectories(project.resolve("catalog")));
    SparkProject.create(project);
    SparkProject.write(
        project.resolve("partita.yaml"), SparkRestAtomicPublishTest.restConfig(server.uri()));
  }

  @AfterEach
  void stopCatalog() {
    server.close();
  }

  @Test
  void promoteAndRollbackSwitchTheCatalogViewThatReadersQuery() {
    assertThat(
            SparkProject.cli(project, "backfill", "--partitions", "2025-03-01..2025-03-02")
                .exitCode())
        .isEqualTo(0);
    assertThat(view().sqlFor("spark").sql()).contains("features__v1");
    assertThat(readerTags()).containsExactly("none");

    SparkProject.write(
        project.resolve("models/features.sql"),
        SparkProject.FEATURES.replace("count(*) as events", "count(*) as events, 'v2' as tag"));
    SparkProject.Result rebuild =
        SparkProject.cli(
            project,
            "backfill",
            "--partitions",
            "2025-03-01..2025-03-02",
            "--target",
            "features_v2");
    assertThat(rebuild.exitCode()).as("%s", rebuild).isEqualTo(0);
    assertThat(readerTags()).as("v2 is not live before the promote").containsExactly("none");

    SparkProject.Result promote = SparkProject.cli(project, "promote", "features", "--to", "v2");

    assertThat(promote.exitCode()).as("%s", promote).isEqualTo(0);
    assertThat(view().sqlFor("spark").sql()).contains("features__v2");
    assertThat(readerTags()).containsExactly("v2");
    SparkProject.Result versions = SparkProject.cli(project, "versions", "features");
    assertThat(versions.stdout()).contains("v1", "v2");

    SparkProject.Result rollback = SparkProject.cli(project, "rollback", "features", "--force");

    assertThat(rollback.exitCode()).as("%s", rollback).isEqualTo(0);
    assertThat(view().sqlFor("spark").sql()).contains("features__v1");
    assertThat(readerTags()).containsExactly("none");
  }

  private View view() {
    return server.backend().loadView(TableIdentifier.of(Namespace.of("demo"), "features"));
  }

  /** What a Spark reader outside Partita sees at lake.demo.features: the tag column, or none. */
  private List<String> readerTags() {
    SparkSession reader = SparkSession.active().newSession();
    SparkSessions.catalogConf(SparkSettings.load(project))
        .forEach((key, value) -> reader.conf().set(key, value));
    var rows = reader.table("lake.demo.features");
    if (!List.of(rows.columns()).contains("tag")) {
      return List.of("none");
    }
    return rows.select("tag").distinct().collectAsList().stream()
        .map(row -> row.getString(0))
        .toList();
  }
}
