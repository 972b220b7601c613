package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code partita demo --engine spark}: the demo pipeline on Spark + Iceberg, then on DuckDB, and
 * every partition's fingerprint equal on both.
 */
class SparkDemoTest {
  @TempDir Path temp;

  @Test
  void theDemoOnSparkHoldsTheSameRowsAsOnDuckDb() {
    Path dir = temp.resolve("demo");

    SparkProject.Result result =
        SparkProject.run("demo", "--engine", "spark", "--dir", dir.toString());

    assertThat(result.exitCode()).as("%s", result).isEqualTo(0);
    assertThat(result.stdout())
        .contains("Backfill 2024-12-01..2024-12-12 on Spark")
        .contains("every partition's fingerprint is the same after the re-run")
        .contains("The same pipeline on DuckDB (duckdb-twin/)")
        .containsPattern("features +2024-12-12 +\\d+ [0-9a-f]{16} +\\d+ [0-9a-f]{16} +same")
        .doesNotContain("DIFFERENT")
        .endsWith(
            "identical: all 36 partitions of 3 assets hold the same rows on Spark and DuckDB\n");
    assertThat(dir.resolve(".partita/lake/demo/features__v1")).isDirectory();
    assertThat(dir.resolve("duckdb-twin/.partita/warehouse.duckdb")).isRegularFile();
  }
}
