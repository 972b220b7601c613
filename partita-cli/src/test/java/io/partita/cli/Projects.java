package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real projects on disk for CLI tests, made with {@code partita init} and edited like a user would.
 */
final class Projects {
  static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
  static final List<String> ASSETS = List.of("raw_events", "staging_events", "features");

  private Projects() {}

  /**
   * {@code partita init DIR}: raw_events -> staging_events -> features over data for
   * 2024-12..2025-01.
   */
  static Path init(Path dir) {
    Cli.run("init", dir.toString()).assertExit(0);
    return dir;
  }

  /**
   * A project whose raw_events is a command asset that sleeps {@code seconds} before copying one
   * day of events.csv: slow enough to be caught mid-run by another process.
   */
  static Path slow(Path dir, double seconds) {
    init(dir);
    write(
        dir.resolve("scripts/slow_raw.py"),
        """
        import csv, os, time
        time.sleep(%s)
        day = os.environ["PARTITA_PARTITION"]
        with open("data/events.csv", newline="") as source, \\
            open(os.environ["PARTITA_OUTPUT"], "w", newline="") as target:
            rows = csv.reader(source)
            out = csv.writer(target)
            out.writerow(next(rows))
            for row in rows:
                if row[2] == day:
                    out.writerow(row)
        """
            .formatted(seconds));
    edit(
        dir.resolve("partita.yaml"),
        "    sql: models/raw_events.sql\n",
        "    command: [python3, scripts/slow_raw.py]\n    output: csv\n");
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

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces one exact piece of a file, failing if it is not there (so edits cannot silently miss).
   */
  static void edit(Path file, String from, String to) {
    String text = read(file);
    assertThat(text).as("%s should contain %s", file, from).contains(from);
    write(file, text.replace(from, to));
  }

  static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run ids, newest first, from {@code runs --json}. */
  static List<String> runIds(Path project) {
    List<String> ids = new ArrayList<>();
    Cli.json(project, "runs").get("runs").forEach(run -> ids.add(run.get("id").asText()));
    return ids;
  }

  /** Row count and an order-independent hash of every table of the template, via {@code query}. */
  static String warehouseFingerprint(Path project) {
    JsonNode result =
        Cli.json(
            project,
            "query",
            """
        select (select count(*) from raw_events), (select sum(hash(r)) from raw_events r),
               (select count(*) from staging_events), (select sum(hash(s)) from staging_events s),
               (select count(*) from features), (select sum(hash(f)) from features f)""");
    return result.get("rows").toString();
  }

  /** The single value of a one-row, one-column query. */
  static JsonNode scalar(Path project, String sql) {
    return Cli.json(project, "query", sql).get("rows").get(0).get(0);
  }

  /**
   * Status of every partition of every asset: "asset partition" -> status, from {@code status
   * --json}.
   */
  static java.util.Map<String, String> statuses(Path project) {
    java.util.Map<String, String> result = new java.util.TreeMap<>();
    for (JsonNode asset : Cli.json(project, "status").get("assets")) {
      for (JsonNode partition : asset.get("partitions")) {
        result.put(
            asset.get("name").asText() + " " + partition.get("partition").asText(),
            partition.get("status").asText());
      }
    }
    return result;
  }
}
