package io.partita.drill;

import io.partita.PartitaException;
import io.partita.engine.Engine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Late rows land in the landing file after their day was built; re-running the last 3 days (what a
 * schedule's {@code lookback: 3} does) must pick them up, in raw data and in the rolling features
 * that read that day, with no double counting. Needs the demo project's layout.
 */
final class LateDataDrill implements Drill {
  private static final String HEADER = "event_id,entity_id,event_date,amount,ingested_at";
  private static final int LATE_ROWS = 4;

  @Override
  public boolean run(DrillRun drill) throws Exception {
    Path events = drill.dir().resolve("data/events.csv");
    if (!Files.isRegularFile(events) || !Files.readAllLines(events).get(0).equals(HEADER)) {
      throw PartitaException.user(
          "The late-data drill needs the demo layout (data/events.csv with %s); run it without"
              + " --project",
          HEADER);
    }
    String build = "2024-12-01..2024-12-10";
    try (ProjectContext workspace = drill.openProject()) {
      RunManager runs = workspace.runs();
      run(runs, BackfillRequest.of(build));
      drill.setup("backfill %s: all partitions built", build);
      Engine engine = workspace.engine();
      long rawBefore = count(engine, "raw_events where event_date = date '2024-12-05'");
      long[] featuresBefore = features(engine);
      long maxId = DrillEvidence.scalar(engine, "select max(event_id) from raw_events");
      StringBuilder late = new StringBuilder();
      for (int i = 1; i <= LATE_ROWS; i++) {
        late.append(maxId + 1_000_000 + i).append(",1,2024-12-05,10.0,2024-12-09 08:00:00\n");
      }
      Files.writeString(events, late, StandardOpenOption.APPEND);
      double injected = drill.elapsed();
      drill.injected(
          "%d late events for 2024-12-05 (entity 1) appended to data/events.csv, arriving"
              + " 2024-12-09",
          LATE_ROWS);
      RunResult lookback = run(runs, BackfillRequest.of("2024-12-05..2024-12-07"));
      drill.partita(
          "re-run of the last 3 built days (a lookback of 3: 2024-12-05..2024-12-07, every asset):"
              + " %s, %d tasks",
          lookback.status().lowerName(), lookback.tasks().size());
      drill.timing(
          "recover (late rows landed to every affected partition rebuilt)",
          drill.elapsed() - injected);
      long rawAfter = count(engine, "raw_events where event_date = date '2024-12-05'");
      long[] featuresAfter = features(engine);
      long inFile =
          count(
              engine,
              "read_csv('"
                  + events
                  + "', header = true) where event_date between date '2024-12-01'"
                  + " and date '2024-12-10'");
      long inWarehouse = count(engine, "raw_events");
      drill.evidence(
          "raw_events 2024-12-05: %d rows before, %d after (+%d late)",
          rawBefore, rawAfter, LATE_ROWS);
      drill.evidence(
          "raw_events: %d rows in the warehouse = %d in the file for 2024-12-01..10",
          inWarehouse, inFile);
      drill.evidence(
          "features entity 1 events_3d on 12-05, 12-06, 12-07, 12-08: before %s, after %s",
          java.util.Arrays.toString(featuresBefore), java.util.Arrays.toString(featuresAfter));
      boolean ok = DrillEvidence.report(drill, workspace, Optional.empty());
      for (int day = 0; day < 3; day++) {
        ok &= featuresAfter[day] == featuresBefore[day] + LATE_ROWS;
      }
      return ok
          && lookback.status() == RunStatus.SUCCEEDED
          && rawAfter == rawBefore + LATE_ROWS
          && inWarehouse == inFile
          && featuresAfter[3] == featuresBefore[3];
    }
  }

  private static RunResult run(RunManager runs, BackfillRequest request) {
    RunRecord run = runs.create(runs.plan(request), request);
    return runs.execute(run.id(), RunListener.NONE);
  }

  private static long count(Engine engine, String from) {
    return DrillEvidence.scalar(engine, "select count(*) from " + from);
  }

  /** events_3d of entity 1 on 2024-12-05..08: the late rows count on the first three. */
  private static long[] features(Engine engine) {
    long[] values = new long[4];
    for (int day = 0; day < 4; day++) {
      values[day] =
          DrillEvidence.scalar(
              engine,
              "select events_3d from features where entity_id = 1 and date = date '2024-12-0"
                  + (5 + day)
                  + "'");
    }
    return values;
  }
}
