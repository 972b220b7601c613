package io.partita.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.partita.cli.PartitionFingerprints.Fingerprint;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --engine}: refused before anything is written when the engine is unknown or not on
 * the class path (the Spark run itself is SparkDemoTest, in partita-spark), and the fingerprint
 * comparison that ends it.
 */
class DemoEngineTest {
  @TempDir Path temp;

  @Test
  void sparkWithoutPartitaSparkIsRefusedAndWritesNothing() {
    Path dir = temp.resolve("demo");

    Cli.Result result = Cli.run("demo", "--engine", "spark", "--dir", dir.toString()).assertExit(2);

    assertThat(result.errorLines())
        .containsExactly(
            "error: demo --engine spark needs the partita-spark module, which is not on the class"
                + " path: run ./partita demo --engine spark, which adds it (and builds it on first"
                + " use)");
    assertThat(dir).doesNotExist();
  }

  @Test
  void anUnknownEngineIsRefusedAndWritesNothing() {
    Path dir = temp.resolve("demo");

    Cli.Result result =
        Cli.run("demo", "--engine", "oracle", "--dir", dir.toString()).assertExit(2);

    assertThat(result.errorLines())
        .containsExactly("error: --engine 'oracle' is not known: use duckdb or spark");
    assertThat(dir).doesNotExist();
  }

  @Test
  void valuesOfTheSameRowNormaliseToOneTextWhateverTheDriverType() {
    assertThat(PartitionFingerprints.normalise(java.sql.Date.valueOf("2024-12-01")))
        .isEqualTo(PartitionFingerprints.normalise(LocalDate.of(2024, 12, 1)));
    assertThat(PartitionFingerprints.normalise(java.sql.Timestamp.valueOf("2024-12-01 05:23:00")))
        .isEqualTo(PartitionFingerprints.normalise(LocalDateTime.of(2024, 12, 1, 5, 23)));
    assertThat(PartitionFingerprints.normalise(7)).isEqualTo(PartitionFingerprints.normalise(7L));
    assertThat(PartitionFingerprints.normalise(new BigDecimal("63.470")))
        .isEqualTo(PartitionFingerprints.normalise(new BigDecimal("63.47")));
    assertThat(PartitionFingerprints.normalise(null)).isEqualTo("NULL");
  }

  @Test
  void theComparisonExitsOneNamingEveryPartitionThatDiffers() {
    List<Fingerprint> spark =
        List.of(
            new Fingerprint("features", "2024-12-01", 20, "00000000000000aa"),
            new Fingerprint("features", "2024-12-02", 20, "00000000000000bb"));
    List<Fingerprint> duckdb =
        List.of(
            new Fingerprint("features", "2024-12-01", 20, "00000000000000aa"),
            new Fingerprint("features", "2024-12-02", 19, "00000000000000cc"));

    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    int exitCode;
    try (java.io.PrintStream out = new java.io.PrintStream(printed, true, UTF_8)) {
      System.setOut(out);
      exitCode = SparkDemo.compare(spark, duckdb);
    } finally {
      System.setOut(original);
    }

    assertThat(exitCode).isEqualTo(1);
    assertThat(printed.toString(UTF_8))
        .contains("features  2024-12-02  20 00000000000000bb  19 00000000000000cc  DIFFERENT")
        .contains("1 of 2 partitions differ between Spark and DuckDB: features 2024-12-02")
        .doesNotContain("identical");
  }
}
