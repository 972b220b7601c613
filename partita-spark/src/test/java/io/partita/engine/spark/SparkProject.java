package io.partita.engine.spark;

import io.partita.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A two-asset Spark SQL project ({@code events -> features}, merge on the key, one check) and the
 * CLI run in this JVM against it, so that its SparkContext is the test's shared one.
 */
final class SparkProject {
  static final String CONFIG =
      """
      name: spark_demo
      warehouse: spark
      spark:
        master: local[2]
        catalog: {name: lake, type: hadoop, warehouse: .partita/lake}
        namespace: demo
        conf: {spark.sql.codegen.wholeStage: false, spark.sql.adaptive.enabled: false}
      partitions: {grain: day, start: 2025-03-01, timezone: UTC}
      defaults: {concurrency: 1, retries: 0, time_column: event_date}
      assets:
        events:
          sql: models/events.sql
        features:
          sql: models/features.sql
          write_mode: merge
          unique_key: [entity_id, event_date]
          checks:
            - range: {column: total, min: 0}
      """;
  static final String EVENTS =
      """
      select id % 3 as entity_id, {{ start }} as event_date, id * FACTOR as amount
      from (select explode(sequence(1, 6)) as id)
      """;
  static final String FEATURES =
      """
      select entity_id, event_date, sum(amount) as total, count(*) as events
      from {{ ref('events') }}
      where event_date >= {{ start }} and event_date < {{ end }}
      group by entity_id, event_date
      """;

  private SparkProject() {}

  static Path create(Path dir) {
    write(dir.resolve("partita.yaml"), CONFIG);
    write(dir.resolve("models/events.sql"), EVENTS.replace("FACTOR", "1"));
    write(dir.resolve("models/features.sql"), FEATURES);
    return dir;
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Result(int exitCode, String stdout, String stderr) {
    List<String> errorLines() {
      return stderr.lines().filter(line -> line.startsWith("error:")).toList();
    }
  }

  /** Runs the CLI in this JVM with {@code --project dir}. One call at a time (System.out). */
  static Result cli(Path dir, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--project");
    all.add(dir.toString());
    return run(all.toArray(String[]::new));
  }

  /** Runs the CLI in this JVM with exactly {@code args}. One call at a time (System.out). */
  static synchronized Result run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      exitCode = Main.execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new Result(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
