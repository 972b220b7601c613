package io.partita.bench;

import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kills (SIGKILL) a backfill running in a child JVM once half its tasks succeeded, then resumes it
 * here: time until the resumed run starts tasks again, time to finish, and tasks redone (aim: none
 * apart from those in flight at the kill).
 */
final class ResumeBenchmark implements Benchmark {
  private static final int MAX_PARALLEL = 2;

  @Override
  public String name() {
    return "resume";
  }

  @Override
  public String description() {
    return "SIGKILL a 2-asset backfill (child JVM) at 50%, then resume: time to resume, tasks"
        + " redone";
  }

  @Override
  public BenchResult run(BenchOptions options, PrintStream out) throws Exception {
    int partitions = options.resumePartitions();
    BenchProject project =
        BenchProject.create(
            "resume",
            Map.of(
                "partita.yaml",
                    """
                    name: resume_bench
                    partitions: {grain: day, start: 2020-01-01}
                    defaults: {time_column: d, retries: 0}
                    assets:
                      work:
                        sql: models/work.sql
                      summary:
                        sql: models/summary.sql
                    """,
                // A few milliseconds of real work per task, so the kill lands mid-run.
                "models/work.sql",
                    "select {{ start }} as d, i % 100 as k, sum(i) as v from range(300000) t(i)"
                        + " group by k\n",
                "models/summary.sql",
                    "select d, count(*) as keys, sum(v) as v from {{ ref('work') }}"
                        + " where d >= {{ start }} and d < {{ end }} group by d\n"));
    String range =
        LocalDate.of(2020, 1, 1) + ".." + LocalDate.of(2020, 1, 1).plusDays(partitions - 1);
    int total = 2 * partitions;
    Path dir = project.dir();
    Path stdout = dir.resolve("child.out");
    Process child = start(dir, range, stdout);
    String runId;
    Map<String, TaskRecord> atKill = new HashMap<>();
    long killMillis;
    try (ProjectContext observer = ProjectContext.open(dir)) {
      StateStore store = observer.state();
      runId = awaitRunId(child, stdout);
      while (true) {
        if (!child.isAlive()) {
          throw new IllegalStateException(
              "the child finished before 50%: " + Files.readString(stdout));
        }
        long succeeded =
            store.tasks().list(runId).stream()
                .filter(t -> t.status() == TaskStatus.SUCCEEDED)
                .count();
        if (succeeded * 2 >= total) {
          break;
        }
        Thread.sleep(5);
      }
      long killStart = System.nanoTime();
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
      killMillis = BenchProject.millisSince(killStart);
      for (TaskRecord task : store.tasks().list(runId)) {
        atKill.put(task.asset() + " " + task.partition(), task);
      }
    }
    long doneAtKill =
        atKill.values().stream().filter(t -> t.status() == TaskStatus.SUCCEEDED).count();
    long inFlight =
        atKill.values().stream()
            .filter(t -> t.status() == TaskStatus.RUNNING || t.status() == TaskStatus.RETRYING)
            .count();

    long resumeStart = System.nanoTime();
    AtomicLong startedAt = new AtomicLong();
    RunResult result;
    try (ProjectContext resumer = ProjectContext.open(dir)) {
      RunManager runs = resumer.runs();
      result =
          runs.execute(
              runId,
              new RunListener() {
                @Override
                public void runStarted(RunRecord run, int totalTasks, int alreadyDone) {
                  startedAt.set(System.nanoTime());
                }
              });
    }
    long resumeTotal = BenchProject.millisSince(resumeStart);
    long toRestart = (startedAt.get() - resumeStart) / 1_000_000;
    if (result.exitCode() != 0) {
      throw new IllegalStateException("the resumed run failed: " + result.status());
    }
    int redoneDone = 0;
    int rerunInFlight = 0;
    int recovered = 0;
    int ranOnResume = 0;
    for (TaskRecord task : result.tasks()) {
      TaskRecord before = atKill.get(task.asset() + " " + task.partition());
      boolean ranAgain = task.attempts() > before.attempts();
      if (ranAgain) {
        ranOnResume++;
      }
      if (before.status() == TaskStatus.SUCCEEDED && ranAgain) {
        redoneDone++;
      }
      if (before.status() == TaskStatus.RUNNING || before.status() == TaskStatus.RETRYING) {
        if (ranAgain) {
          rerunInFlight++;
        } else if (task.error().orElse("").startsWith("recovered")) {
          recovered++;
        }
      }
    }
    out.printf(
        "resume: %,d tasks (%d partitions x 2 assets, max parallel %d); SIGKILL after %,d"
            + " succeeded, %d in flight%n",
        total, partitions, MAX_PARALLEL, doneAtKill, inFlight);
    out.printf(
        "  resume started tasks again after %,d ms and finished in %,d ms; tasks redone: %d"
            + " succeeded + %d in flight (%d in-flight publishes recovered without re-running); %d"
            + " tasks ran on resume%n",
        toRestart, resumeTotal, redoneDone, rerunInFlight, recovered, ranOnResume);
    return BenchResult.named(name())
        .parameter("tasks", total)
        .parameter("partitions", partitions)
        .parameter("max_parallel", MAX_PARALLEL)
        .figure("succeeded_at_kill", doneAtKill)
        .figure("in_flight_at_kill", inFlight)
        .figure("kill_ms", killMillis)
        .figure("resume_to_first_task_ms", toRestart)
        .figure("resume_total_ms", resumeTotal)
        .figure("redone_succeeded_tasks", redoneDone)
        .figure("redone_in_flight_tasks", rerunInFlight)
        .figure("recovered_in_flight_tasks", recovered)
        .figure("tasks_run_on_resume", ranOnResume);
  }

  private static Process start(Path dir, String range, Path stdout) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    // The child loads DuckDB's native library from where this JVM does (the launcher's cache).
    command.add("-Djava.library.path=" + System.getProperty("java.library.path", ""));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ResumeChild.class.getName());
    command.add(dir.toString());
    command.add(range);
    command.add(String.valueOf(MAX_PARALLEL));
    return new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(dir.resolve("child.err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  private static String awaitRunId(Process child, Path stdout) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(stdout) ? Files.readString(stdout) : "";
      if (text.startsWith("run ") && text.contains("\n")) {
        return text.substring(4, text.indexOf('\n')).strip();
      }
      if (!child.isAlive()) {
        throw new IllegalStateException(
            "the child exited early: "
                + text
                + Files.readString(stdout.resolveSibling("child.err")));
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the child printed no run id within 60 s");
  }
}
