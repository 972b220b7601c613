package io.partita.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every benchmark at tiny sizes: the report's shape, never its timings. */
class BenchmarksSmokeTest {
  @TempDir Path temp;

  @Test
  void everyBenchmarkRunsAtTinySizesAndWritesOneJsonReport() throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();

    Benchmarks.Report report =
        Benchmarks.run(
            List.of(),
            BenchOptions.tiny(temp),
            new PrintStream(text, true, StandardCharsets.UTF_8),
            Clock.systemUTC());

    JsonNode json = new ObjectMapper().readTree(report.file().toFile());
    assertThat(report.file().getParent()).isEqualTo(temp);
    assertThat(json.get("machine").get("cores").asInt()).isPositive();
    assertThat(json.get("machine").get("jvm").asText())
        .contains(System.getProperty("java.version"));
    assertThat(json.get("results"))
        .extracting(result -> result.get("name").asText())
        .containsExactly("overhead", "planner", "checks", "tpch", "resume", "grid", "workers");
    JsonNode overhead = json.get("results").get(0);
    assertThat(overhead.get("parameters").get("partitions").asInt()).isEqualTo(20);
    assertThat(overhead.get("figures").get("parallel_4_tasks_per_second").isNumber()).isTrue();
    assertThat(overhead.get("parameters").get("cli_partitions").asInt()).isEqualTo(10);
    assertThat(overhead.get("figures").get("cli_parallel_1_ms").asLong()).isPositive();
    assertThat(overhead.get("figures").get("cli_parallel_4_bare_ms").isNumber()).isTrue();
    assertThat(overhead.get("figures").get("cli_parallel_4_overhead_ms_per_task").isNumber())
        .isTrue();
    JsonNode tpch = json.get("results").get(3);
    assertThat(tpch.get("parameters").get("scale").asDouble()).isEqualTo(0.001);
    assertThat(tpch.get("parameters").get("partitions").asInt()).isEqualTo(10);
    assertThat(tpch.get("figures").fieldNames())
        .toIterable()
        .contains(
            "bare_ms",
            "parallel_4_ratio",
            "parallel_4_auto_ratio",
            "checks_parallel_4_auto_ratio",
            "checks_auto_added_fraction");
    JsonNode resume = json.get("results").get(4);
    assertThat(resume.get("figures").get("redone_succeeded_tasks").asInt()).isZero();
    assertThat(resume.get("figures").get("succeeded_at_kill").asInt()).isGreaterThanOrEqualTo(20);
    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("machine: ")
        .contains("ratio Partita/bare");
  }

  @Test
  void theGridBenchmarkReportsLatencyPercentilesIdleAndWithAQueuedRun() throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();

    Benchmarks.Report report =
        Benchmarks.run(
            List.of("grid"),
            BenchOptions.tiny(temp),
            new PrintStream(text, true, StandardCharsets.UTF_8),
            Clock.systemUTC());

    JsonNode grid = new ObjectMapper().readTree(report.file().toFile()).get("results").get(0);
    assertThat(grid.get("name").asText()).isEqualTo("grid");
    assertThat(grid.get("parameters").get("assets").asInt()).isEqualTo(5);
    assertThat(grid.get("parameters").get("partitions").asInt()).isEqualTo(100);
    assertThat(grid.get("parameters").get("requests").asInt())
        .isEqualTo(grid.get("parameters").get("clients").asInt() * 5);
    for (String phase : List.of("idle", "queued_run")) {
      assertThat(grid.get("figures").get(phase + "_p50_ms").asDouble()).isPositive();
      assertThat(grid.get("figures").get(phase + "_p99_ms").asDouble())
          .isGreaterThanOrEqualTo(grid.get("figures").get(phase + "_p50_ms").asDouble());
    }
    assertThat(text.toString(StandardCharsets.UTF_8)).contains("grid idle: ", "grid queued_run: ");
  }

  @Test
  void theWorkersBenchmarkReportsEachWorkerCountAgainstTheBareLoop() throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();

    Benchmarks.Report report =
        Benchmarks.run(
            List.of("workers"),
            BenchOptions.tiny(temp),
            new PrintStream(text, true, StandardCharsets.UTF_8),
            Clock.systemUTC());

    JsonNode workers = new ObjectMapper().readTree(report.file().toFile()).get("results").get(0);
    assertThat(workers.get("parameters").get("partitions").asInt()).isEqualTo(8);
    for (String model : List.of("noop", "small")) {
      for (int count : new int[] {1, 2, 4}) {
        String key = model + "_" + count;
        assertThat(workers.get("figures").get(key + "_tasks_per_second").asDouble()).isPositive();
        assertThat(workers.get("figures").get(key + "_bare_ms").isNumber()).isTrue();
        assertThat(workers.get("figures").get(key + "_claim_p95_ms").asDouble())
            .isGreaterThanOrEqualTo(workers.get("figures").get(key + "_claim_p50_ms").asDouble());
      }
    }
    assertThat(text.toString(StandardCharsets.UTF_8)).contains("noop  4 worker(s)");
  }

  @Test
  void anUnknownBenchmarkIsNamedWithTheKnownOnes() {
    assertThatThrownBy(
            () ->
                Benchmarks.run(
                    List.of("tcph"), BenchOptions.tiny(temp), System.out, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown benchmark 'tcph': choose from overhead, planner, checks, tpch, resume, grid,"
                + " workers, spark");
  }
}
