package io.partita.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.partita.config.GitCommit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs benchmarks by name and writes one JSON report per invocation ({@code
 * bench-results/<timestamp>.json}) holding the machine, the git commit and every result, so figures
 * can be compared across commits.
 */
public final class Benchmarks {
  public static final List<Benchmark> ALL =
      List.of(
          new OverheadBenchmark(),
          new PlannerBenchmark(),
          new ChecksBenchmark(),
          new TpchBenchmark(),
          new ResumeBenchmark(),
          new GridBenchmark(),
          new WorkersBenchmark());

  /**
   * Benchmarks that run only when named: {@code spark} needs partita-spark and Spark on the class
   * path, which only {@code ./partita bench spark} adds.
   */
  public static final List<Benchmark> ON_REQUEST = List.of(new SparkBenchmark());

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Benchmarks() {}

  public static List<String> names() {
    return java.util.stream.Stream.concat(ALL.stream(), ON_REQUEST.stream())
        .map(Benchmark::name)
        .toList();
  }

  /** What a set of runs produced and where the JSON went. */
  public record Report(Map<String, Object> json, Path file) {}

  /**
   * Runs the named benchmarks (all of {@link #ALL} when {@code names} is empty), in the order of
   * {@link #ALL} then {@link #ON_REQUEST}.
   *
   * @throws IllegalArgumentException naming an unknown benchmark and the known ones
   */
  public static Report run(List<String> names, BenchOptions options, PrintStream out, Clock clock)
      throws Exception {
    for (String name : names) {
      if (!names().contains(name)) {
        throw new IllegalArgumentException(
            "Unknown benchmark '" + name + "': choose from " + String.join(", ", names()));
      }
    }
    Machine machine = Machine.current();
    Instant started = clock.instant();
    out.printf("machine: %s%n", machine);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Benchmark benchmark :
        java.util.stream.Stream.concat(ALL.stream(), ON_REQUEST.stream()).toList()) {
      boolean byDefault = ALL.contains(benchmark);
      if (names.isEmpty() ? byDefault : names.contains(benchmark.name())) {
        BenchResult result;
        try {
          result = benchmark.run(options, out);
        } finally {
          BenchProject.deleteAll();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", result.name());
        entry.put("parameters", result.parameters());
        entry.put("figures", result.figures());
        results.add(entry);
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("started_at", started.toString());
    json.put("git_commit", GitCommit.detect(Path.of("").toAbsolutePath()).orElse(null));
    json.put("machine", machine.toMap());
    json.put("results", results);
    Path file = options.outputDir().resolve(FILE_TIME.format(started) + ".json");
    write(file, json);
    out.printf("results written to %s%n", file);
    return new Report(json, file);
  }

  public static String toJson(Map<String, Object> json) throws IOException {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
  }

  private static void write(Path file, Map<String, Object> json) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, toJson(json) + "\n");
  }
}
