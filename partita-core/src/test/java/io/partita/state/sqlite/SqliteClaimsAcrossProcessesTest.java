package io.partita.state.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.state.WorkerRecord;
import io.partita.state.WorkerState;
import io.partita.state.WorkerStoreContractTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker processes claim the tasks of one run from one SQLite file; one is killed with
 * SIGKILL partway. The survivors declare it dead and return its claim: every task succeeds, none is
 * finished twice, and the limits held at every moment, measured from the children's own logs.
 */
class SqliteClaimsAcrossProcessesTest {
  @TempDir Path dir;

  @Test
  void killedWorkersClaimIsReturnedAndLimitsHoldAcrossProcesses() throws Exception {
    Path db = dir.resolve(".partita/state.db");
    WorkerState killedState;
    List<TaskClaim> leftClaims;
    try (StateStore state = SqliteStateStore.open(db)) {
      state.runs().create(WorkerStoreContractTest.runningRun("r1", Instant.now()));
      List<TaskRecord> tasks = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        tasks.add(TaskRecord.queued("r1", "a", String.format("p%02d", i)));
        tasks.add(TaskRecord.queued("r1", "b", String.format("p%02d", i)));
      }
      state.tasks().createAll(tasks);

      List<Process> children = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        children.add(start(db, "w" + i));
      }
      int killAfter = 10 + new Random().nextInt(30);
      while (succeeded(state) < killAfter && children.get(1).isAlive()) {
        Thread.sleep(5);
      }
      children.get(1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      for (Process child : List.of(children.get(0), children.get(2))) {
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("worker finished").isTrue();
        assertThat(child.exitValue()).isZero();
      }

      assertThat(state.tasks().list("r1")).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
      killedState =
          state.workers().list().stream()
              .filter(w -> w.name().equals("w2"))
              .map(WorkerRecord::state)
              .findFirst()
              .orElseThrow();
      leftClaims = state.workers().claims();
      // What any live worker does once w2 has been silent for worker_timeout: the survivors exit
      // as soon as every task succeeded, which can be before that.
      Instant now = Instant.now();
      state.workers().declareDead(now, now);
      state.workers().orphanedClaims().forEach(state.workers()::release);
      assertThat(state.workers().claims()).isEmpty();
    }
    // At most the killed worker's own claim can be left: killed after recording its task, before
    // releasing the claim.
    assertThat(leftClaims).hasSizeLessThanOrEqualTo(1).allMatch(c -> c.worker().equals("w2"));
    List<String[]> lines = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      for (String line : Files.readAllLines(dir.resolve("w" + i + ".log"))) {
        lines.add(line.split(" "));
      }
    }
    Map<String, Integer> done = new HashMap<>();
    lines.stream()
        .filter(l -> l[0].equals("done"))
        .forEach(l -> done.merge(l[1] + " " + l[2], 1, Integer::sum));
    assertThat(done).allSatisfy((task, times) -> assertThat(times).isEqualTo(1));
    List<String> killedLog = Files.readAllLines(dir.resolve("w2.log"));
    String[] last =
        killedLog.isEmpty() ? new String[0] : killedLog.get(killedLog.size() - 1).split(" ");
    if (last.length > 0 && last[0].equals("start") && done.containsKey(last[1] + " " + last[2])) {
      // Killed mid-task and the task ran again elsewhere: only the survivors declaring w2 dead
      // and requeueing its claim can have done that.
      assertThat(killedState).isEqualTo(WorkerState.DEAD);
      assertThat(done).hasSize(80);
    } else if (last.length > 0 && last[0].equals("start")) {
      // Killed after recording that task succeeded but before logging it: nobody ran it again.
      assertThat(done).hasSize(79).doesNotContainKey(last[1] + " " + last[2]);
    } else {
      assertThat(done).hasSize(80);
    }
    List<long[]> intervals = intervals(lines);
    assertThat(maxOverlap(intervals, asset -> asset == 'a')).isBetween(1, 2);
    assertThat(maxOverlap(intervals, asset -> true)).isBetween(2, 3);
  }

  private Process start(Path db, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            ClaimingChild.class.getName(),
            db.toString(),
            "r1",
            name,
            dir.resolve(name + ".log").toString())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  private static long succeeded(StateStore state) {
    return state.tasks().list("r1").stream()
        .filter(t -> t.status() == TaskStatus.SUCCEEDED)
        .count();
  }

  /** Executions with both ends logged, as {start, end, asset}; the killed one's last has none. */
  private static List<long[]> intervals(List<String[]> lines) {
    Map<String, Long> started = new HashMap<>();
    List<long[]> intervals = new ArrayList<>();
    for (String[] line : lines) {
      String task = line[1] + " " + line[2];
      if (line[0].equals("start")) {
        started.put(task, Long.parseLong(line[3]));
      } else {
        intervals.add(new long[] {started.get(task), Long.parseLong(line[3]), line[1].charAt(0)});
      }
    }
    return intervals;
  }

  private static int maxOverlap(List<long[]> intervals, java.util.function.IntPredicate asset) {
    List<long[]> events = new ArrayList<>();
    for (long[] interval : intervals) {
      if (asset.test((int) interval[2])) {
        events.add(new long[] {interval[0], 1});
        events.add(new long[] {interval[1], -1});
      }
    }
    events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    int current = 0;
    int max = 0;
    for (long[] event : events) {
      current += (int) event[1];
      max = Math.max(max, current);
    }
    return max;
  }
}
