package io.partita.bench;

import io.partita.exec.BackfillRequest;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import java.nio.file.Path;

/**
 * The process that {@code resume} kills: {@code ResumeChild PROJECT RANGE MAX_PARALLEL} creates a
 * backfill, prints {@code run <id>} on the first line of stdout, then executes it.
 */
public final class ResumeChild {
  private ResumeChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    try (ProjectContext project = ProjectContext.open(dir)) {
      RunManager runs = project.runs();
      BackfillRequest request =
          BackfillRequest.of(args[1]).withMaxParallel(Integer.parseInt(args[2]));
      RunRecord run = runs.create(runs.plan(request), request);
      System.out.println("run " + run.id());
      System.out.flush();
      runs.execute(run.id(), RunListener.NONE);
    }
  }
}
