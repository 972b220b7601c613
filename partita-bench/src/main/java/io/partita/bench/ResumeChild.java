package io.partita.bench;

import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.engine.duckdb.DuckDbSqlParser;
import io.partita.exec.BackfillRequest;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The process that {@code resume} kills: {@code ResumeChild PROJECT RANGE MAX_PARALLEL} creates a
 * backfill, prints {@code run <id>} on the first line of stdout, then executes it.
 */
public final class ResumeChild {
  private ResumeChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    try (StateStore store = SqliteStateStore.open(dir.resolve(".partita/state.db"));
        DuckDbEngine engine = DuckDbEngine.open(dir.resolve(".partita/warehouse.duckdb"), dir)) {
      RunManager runs =
          new RunManager(dir, store, () -> engine, DuckDbSqlParser.standalone(), Clock.systemUTC(), ExecutionSettings.DEFAULT);
      BackfillRequest request =
          BackfillRequest.of(args[1]).withMaxParallel(Integer.parseInt(args[2]));
      RunRecord run = runs.create(runs.plan(request), request);
      System.out.println("run " + run.id());
      System.out.flush();
      runs.execute(run.id(), RunListener.NONE);
    }
  }
}
