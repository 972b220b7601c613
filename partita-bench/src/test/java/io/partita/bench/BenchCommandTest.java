package io.partita.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code partita bench} as the launcher runs it ({@link BenchMain}: the CLI plus the bench
 * command): usage, and bad input as exit 2 with one {@code error:} line.
 */
class BenchCommandTest {
  record Result(int exitCode, String stdout, String stderr) {
    List<String> errorLines() {
      return stderr.lines().filter(line -> line.startsWith("error:")).toList();
    }
  }

  private static synchronized Result run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      int exitCode = BenchMain.execute(args);
      return new Result(
          exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  @Test
  void benchHelpPrintsItsUsageUnderThePartitaCommand() {
    Result result = run("bench", "--help");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.stdout())
        .startsWith("Usage: partita bench")
        .contains("--scale", "--days", "--out", "--json", "-h, --help");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void benchHelpListsTheSparkBenchmarkAsRunOnlyWhenNamed() {
    Result result = run("bench", "--help");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.stdout().replaceAll("\\s+", " "))
        .contains("workers; spark (Spark + Iceberg vs a bare Spark loop) only when named")
        .contains("Benchmarks to run (default: all but spark)")
        .contains("spark: N daily partitions (default 0: 200)");
  }

  @Test
  void benchSparkWithoutSparkOnTheClassPathIsExit2SayingHowToRunIt(@TempDir Path out) {
    Result result = run("bench", "spark", "--out", out.toString());

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines())
        .containsExactly(
            "error: bench spark needs partita-spark and Spark on the class path: run it as"
                + " ./partita bench spark (the launcher adds them, as for warehouse: spark"
                + " projects)");
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void theOtherCommandsStillWorkNextToBench() {
    Result result = run("--help");

    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(result.stdout()).startsWith("Usage: partita").contains("bench", "backfill", "drill");
  }

  @Test
  void anUnknownBenchmarkIsExit2ListingTheKnownOnes() {
    Result result = run("bench", "tcph");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines())
        .containsExactly(
            "error: Unknown benchmark 'tcph': choose from overhead, planner, checks, tpch, resume, grid,"
                + " workers, spark");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void aNonPositiveScaleIsExit2NamingTheOption() {
    Result result = run("bench", "tpch", "--scale", "0");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines()).containsExactly("error: --scale must be positive, got 0.0");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void aNegativeDayCountIsExit2NamingTheOption() {
    Result result = run("bench", "tpch", "--days", "-1");

    assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
    assertThat(result.errorLines())
        .containsExactly("error: --days must be 0 (all) or positive, got -1");
    assertThat(result.stdout()).isEmpty();
  }
}
