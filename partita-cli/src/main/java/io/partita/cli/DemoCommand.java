package io.partita.cli;

import io.partita.PartitaException;
import io.partita.engine.QueryResult;
import io.partita.exec.BackfillRequest;
import io.partita.exec.PlannedRun;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A self-contained tour on generated data: backfill December 2024, show the grid, re-run three days and prove the result identical.",
      "With --engine spark: the same on Spark + Iceberg, compared with DuckDB partition by"
          + " partition.",
      "With --workers N: a throw-away PostgreSQL, N worker processes sharing a backfill, one of"
          + " them killed mid-run, and proof that every partition was published exactly once."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String RERUN = "2024-12-10..2024-12-12";

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where to create the demo project (default: a new temp folder).")
  Path dir;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "Run the workers demo instead: an embedded PostgreSQL, N `partita worker` processes"
              + " (1.."
              + WorkersDemo.MAX_WORKERS
              + ") and a shared backfill; one worker is killed mid-run.")
  Integer workers;

  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      defaultValue = "duckdb",
      description =
          "duckdb (default), or spark: the pipeline on local Spark + Iceberg, then compared"
              + " partition by partition with the same pipeline on DuckDB.")
  String engine;

  @Override
  public Integer call() throws IOException, SQLException, InterruptedException {
    if (!engine.equals("duckdb") && !engine.equals("spark")) {
      throw PartitaException.user("--engine '%s' is not known: use duckdb or spark", engine);
    }
    if (workers != null) {
      if (workers < 1 || workers > WorkersDemo.MAX_WORKERS) {
        throw PartitaException.user(
            "--workers must be between 1 and %d, got %d", WorkersDemo.MAX_WORKERS, workers);
      }
      if (dir != null) {
        throw PartitaException.user(
            "--dir cannot be used with --workers: the workers demo runs on a throw-away PostgreSQL"
                + " and deletes its folder at the end; drop --dir (or drop --workers for the"
                + " embedded tour in DIR)");
      }
      if (engine.equals("spark")) {
        throw PartitaException.user(
            "--workers cannot be used with --engine spark: the workers demo runs on PostgreSQL;"
                + " drop one of the two options");
      }
      return new WorkersDemo(workers).run();
    }
    if (engine.equals("spark")) {
      SparkDemo.requireSparkEngine();
    }
    Path project =
        dir != null ? dir.toAbsolutePath().normalize() : Files.createTempDirectory("partita-demo-");
    if (engine.equals("spark")) {
      return SparkDemo.run(project);
    }
    Instant started = Instant.now();
    ProjectTemplate.write(project, "demo");
    System.out.println("== Partita demo ==");
    System.out.printf(
        "Project: %s%n  raw_events -> staging_events -> features (3-day rolling window, merge on entity_id+date)%n",
        project);
    System.out.println(
        "  Sample events for Dec 2024 - Jan 2025; about 3% of them arrive 2-3 days late.");
    try (ProjectContext workspace = ProjectContext.open(project)) {
      RunManager runs = workspace.runs();

      System.out.println();
      System.out.println(
          "1. Backfill December 2024, 3 tasks at a time:  partita backfill --partitions 2024-12-01..2024-12-31 --max-parallel 3");
      int exit =
          backfill(
              workspace, runs, BackfillRequest.of("2024-12-01..2024-12-31").withMaxParallel(3));
      if (exit != 0) {
        throw PartitaException.internal("The demo backfill failed; see the errors above", null);
      }

      System.out.println();
      System.out.println("2. The partition grid:  partita status");
      Main.execute("status", "--project", project.toString());

      System.out.println();
      System.out.printf(
          "3. Re-run %s of every asset and compare a fingerprint of each partition:%n", RERUN);
      List<String> before = fingerprints(workspace);
      backfill(workspace, runs, BackfillRequest.of(RERUN).withMaxParallel(3));
      List<String> after = fingerprints(workspace);
      for (int i = 0; i < before.size(); i++) {
        System.out.printf(
            "   %s  %s%n",
            before.get(i),
            before.get(i).equals(after.get(i))
                ? "identical after re-run"
                : "CHANGED: " + after.get(i));
      }
      if (!before.equals(after)) {
        throw PartitaException.internal(
            "A re-run changed the data: that is a bug, please report it", null);
      }
    }
    System.out.println();
    System.out.printf(
        "Done in %.1f s. Try next (the project stays in %s):%n",
        (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0, project);
    String p = " --project " + project;
    System.out.println("  partita plan --partitions 2025-01-01..2025-01-07" + p);
    System.out.println(
        "  partita backfill --partitions 2025-01-01..2025-01-31 --max-parallel 2" + p);
    System.out.println(
        "  partita query \"select * from features where date = '2024-12-31' order by entity_id\""
            + p);
    System.out.println("  partita runs" + p + "   and   partita run show ID" + p);
    System.out.println(
        "  partita backfill --partitions 2024-12-05 --assets staging_events+"
            + p
            + "   (one day, downstream included)");
    return 0;
  }

  static int backfill(ProjectContext workspace, RunManager runs, BackfillRequest request) {
    PlannedRun planned = runs.plan(request);
    RunRecord run = runs.create(planned, request);
    System.out.printf("   run %s: %s%n", run.id(), Words.count(planned.plan().size(), "task"));
    Instant started = Instant.now();
    RunResult result = runs.execute(run.id(), ProgressReporter.forTerminal(false));
    RunSummary.print(System.out, runs.find(run.id()), result, started);
    return result.exitCode();
  }

  /** An md5 over the ordered rows of each asset's partition in the re-run range. */
  private static List<String> fingerprints(ProjectContext workspace) {
    List<String> result = new ArrayList<>();
    String[][] assets = {
      {"staging_events", "event_date", "event_id"},
      {"features", "date", "entity_id"}
    };
    for (String day : List.of("2024-12-10", "2024-12-11", "2024-12-12")) {
      for (String[] asset : assets) {
        QueryResult rows =
            workspace
                .engine()
                .query(
                    "select md5(coalesce(string_agg(t::varchar, '|' order by "
                        + asset[2]
                        + "), '')), count(*) from "
                        + asset[0]
                        + " t where "
                        + asset[1]
                        + " = date '"
                        + day
                        + "'",
                    1);
        result.add(
            String.format(
                "%-15s %s  %3s rows  md5 %s",
                asset[0],
                day,
                rows.rows().get(0).get(1),
                String.valueOf(rows.rows().get(0).get(0)).substring(0, 12)));
      }
    }
    return result;
  }
}
