package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.QueryResult;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session opened before another process promotes a version (a `partita worker` that keeps running
 * while someone types `partita promote`) reads the promoted version through the asset's published
 * name, without a restart.
 */
class SparkSessionViewTest {
  @TempDir Path project;

  @Test
  void aSessionOpenBeforeAPromoteReadsThePromotedVersion() {
    SparkProject.create(project);
    assertThat(
            SparkProject.cli(project, "backfill", "--partitions", "2025-03-01..2025-03-02")
                .exitCode())
        .isEqualTo(0);
    try (SparkEngine worker = SparkEngine.open(SparkSettings.load(project), Clock.systemUTC())) {
      assertThat(columns(worker)).doesNotContain("tag");

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
      assertThat(columns(worker)).as("v2 is not live yet").doesNotContain("tag");
      SparkProject.Result promote = SparkProject.cli(project, "promote", "features", "--to", "v2");
      assertThat(promote.exitCode()).as("%s", promote).isEqualTo(0);

      assertThat(columns(worker)).contains("tag");
      QueryResult tags =
          worker.query("select distinct tag from " + worker.relation("features"), 10);
      assertThat(tags.rows()).containsExactly(java.util.List.of("v2"));
    }
  }

  private static java.util.List<String> columns(SparkEngine worker) {
    return worker.query("select * from " + worker.relation("features"), 1).columns();
  }
}
