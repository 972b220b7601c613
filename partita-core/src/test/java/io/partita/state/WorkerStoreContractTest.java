package io.partita.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.ClaimRequest.Candidate;
import io.partita.state.ClaimRequest.ClaimLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link WorkerStore} and {@link LeaderStore}: claims under limits counted over all
 * workers, dead workers and their orphaned claims, leader leases. A backend's test subclasses this
 * and says how to open a store and a second, independent one on the same data.
 */
public abstract class WorkerStoreContractTest {
  protected static final Instant T0 = Instant.parse("2025-03-01T00:00:00.123Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  protected StateStore store;

  protected abstract StateStore openStore();

  protected abstract StateStore openSecondStore();

  @BeforeEach
  void openTheStore() {
    store = openStore();
  }

  @AfterEach
  void closeTheStore() {
    store.close();
  }

  @Test
  void aLiveWorkersNameIsRefusedUntilItsHeartbeatIsStale() {
    assertThat(store.workers().register(worker("w1", T0), T0.minus(TIMEOUT))).isTrue();
    Instant later = T0.plusSeconds(10);
    assertThat(store.workers().register(worker("w1", later), later.minus(TIMEOUT))).isFalse();
    Instant muchLater = T0.plusSeconds(31);
    assertThat(store.workers().register(worker("w1", muchLater), muchLater.minus(TIMEOUT)))
        .isTrue();
    assertThat(store.workers().list())
        .singleElement()
        .satisfies(w -> assertThat(w.lifetime().startedAt()).isEqualTo(muchLater));
  }

  @Test
  void aReleasedClaimCountsAsDoneByItsWorkerAHandedBackOneDoesNotAndANewLifeStartsAtZero() {
    createRun("r1", 4, "a", 3);
    register("w1");
    TaskClaim done = store.workers().claim(request("r1", "w1", noLimits(4), "a")).orElseThrow();
    TaskClaim handedBack =
        store.workers().claim(request("r1", "w1", noLimits(4), "a")).orElseThrow();

    assertThat(store.workers().release(done)).isTrue();
    assertThat(store.workers().release(done)).as("released once").isFalse();
    assertThat(store.workers().requeue(handedBack, "handed back")).isTrue();

    assertThat(store.workers().list())
        .singleElement()
        .extracting(WorkerRecord::tasksDone)
        .isEqualTo(1L);
    store.workers().stop("w1", T0.plusSeconds(1));
    Instant restart = T0.plusSeconds(2);
    assertThat(store.workers().register(worker("w1", restart), restart.minus(TIMEOUT))).isTrue();
    assertThat(store.workers().list())
        .singleElement()
        .extracting(WorkerRecord::tasksDone)
        .isEqualTo(0L);
  }

  @Test
  void claimsTakeQueuedCandidatesInOrderAndSkipTasksTakenMeanwhile() {
    createRun("r1", 4, "a", 3);
    register("w1", "w2");
    TaskClaim first = store.workers().claim(request("r1", "w1", noLimits(4), "a")).orElseThrow();
    TaskClaim second = store.workers().claim(request("r1", "w2", noLimits(4), "a")).orElseThrow();

    assertThat(first.partition()).isEqualTo("p0");
    assertThat(second.partition()).isEqualTo("p1");
    TaskRecord running = task("r1", "a", "p0");
    assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(running.attempts()).isEqualTo(1);
    assertThat(running.startedAt()).contains(T0);
    assertThat(store.workers().claims())
        .extracting(TaskClaim::worker, TaskClaim::partition)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("w1", "p0"),
            org.assertj.core.groups.Tuple.tuple("w2", "p1"));
  }

  @Test
  void claimsFromAStaleListOfCandidatesTakeTheFirstStillQueuedInTheGivenOrder() {
    createRun("r1", 4, "a", 4);
    register("w1", "w2", "w3", "w4");
    // Every worker looked at the tasks before any of them claimed; the list prefers p2.
    List<Candidate> stale =
        List.of(new Candidate("a", "p2"), new Candidate("a", "p0"), new Candidate("a", "p1"));
    ClaimLimits limits = noLimits(4);

    assertThat(store.workers().claim(new ClaimRequest("r1", "w1", stale, limits, T0)))
        .hasValueSatisfying(c -> assertThat(c.partition()).isEqualTo("p2"));
    assertThat(store.workers().claim(new ClaimRequest("r1", "w2", stale, limits, T0)))
        .hasValueSatisfying(c -> assertThat(c.partition()).isEqualTo("p0"));
    assertThat(store.workers().claim(new ClaimRequest("r1", "w3", stale, limits, T0)))
        .hasValueSatisfying(c -> assertThat(c.partition()).isEqualTo("p1"));
    assertThat(store.workers().claim(new ClaimRequest("r1", "w4", stale, limits, T0))).isEmpty();
    assertThat(task("r1", "a", "p3").status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(store.workers().claims()).hasSize(3);
    // What a worker reads of the task it just claimed: running, its attempt counted.
    assertThat(store.tasks().find("r1", "a", "p2"))
        .hasValueSatisfying(t -> assertThat(t.status()).isEqualTo(TaskStatus.RUNNING))
        .hasValueSatisfying(t -> assertThat(t.attempts()).isEqualTo(1));
    assertThat(store.tasks().find("r1", "a", "p9")).isEmpty();
  }

  @Test
  void finishingAClaimedTaskRecordsItAndItsPartitionAndDropsTheClaimTogether() {
    createRun("r1", 4, "a", 2);
    register("w1");
    TaskClaim claim = store.workers().claim(request("r1", "w1", noLimits(4), "a")).orElseThrow();
    TaskRecord done = task("r1", "a", "p0").wrote(TaskStatus.SUCCEEDED, T0.plusSeconds(2), 7);
    PartitionState published =
        new PartitionState(
            "a", "p0", PartitionStatus.SUCCEEDED, Optional.of(7L), "r1", Optional.empty(), T0);

    assertThat(store.workers().finish(claim, done, published)).isTrue();

    assertThat(store.workers().claims()).isEmpty();
    assertThat(task("r1", "a", "p0").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task("r1", "a", "p0").rowsWritten()).contains(7L);
    assertThat(store.partitions().list("a", "p0", "p0"))
        .singleElement()
        .satisfies(p -> assertThat(p.status()).isEqualTo(PartitionStatus.SUCCEEDED));
    // A second finish finds no claim to drop: it says so and leaves the records as they are.
    assertThat(store.workers().finish(claim, done, published)).isFalse();
    assertThat(task("r1", "a", "p0").status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void maxParallelConcurrencyAndPoolsCountTheClaimsOfAllWorkers() {
    createRun("r1", 4, "a", 5);
    createRun("r2", 4, "b", 5);
    register("w1", "w2");
    ClaimLimits limits =
        new ClaimLimits(3, Map.of("a", 2), Map.of("a", "db", "b", "db"), Map.of("db", 3));

    assertThat(store.workers().claim(request("r1", "w1", limits, "a"))).isPresent();
    assertThat(store.workers().claim(request("r1", "w2", limits, "a"))).isPresent();
    // Asset a is at its concurrency of 2 in run r1, whichever worker asks.
    assertThat(store.workers().claim(request("r1", "w1", limits, "a"))).isEmpty();
    assertThat(store.workers().claim(request("r2", "w2", limits, "b"))).isPresent();
    // Pool db holds 3 claims over both runs: full.
    assertThat(store.workers().claim(request("r2", "w1", limits, "b"))).isEmpty();

    TaskClaim released = store.workers().claims().get(0);
    assertThat(store.workers().release(released)).isTrue();
    assertThat(store.workers().release(released)).isFalse();
    assertThat(store.workers().claim(request("r2", "w1", limits, "b"))).isPresent();
  }

  @Test
  void aWorkerDeclaredDeadCannotHeartbeatOrClaimAndItsClaimsAreOrphaned() {
    createRun("r1", 4, "a", 3);
    register("w1", "w2");
    TaskClaim lost = store.workers().claim(request("r1", "w1", noLimits(4), "a")).orElseThrow();
    store.workers().heartbeat("w2", T0.plusSeconds(40));

    assertThat(store.workers().declareDead(T0.plusSeconds(10), T0.plusSeconds(40)))
        .containsExactly("w1");
    assertThat(store.workers().heartbeat("w1", T0.plusSeconds(41))).isFalse();
    assertThat(store.workers().claim(request("r1", "w1", noLimits(4), "a"))).isEmpty();
    assertThat(store.workers().orphanedClaims()).containsExactly(lost);
    assertThat(store.workers().list())
        .extracting(WorkerRecord::name, WorkerRecord::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("w2", WorkerState.LIVE),
            org.assertj.core.groups.Tuple.tuple("w1", WorkerState.DEAD));
  }

  @Test
  void anOrphanedClaimReturnsToTheQueueOnceEvenWhenTwoWorkersTry() {
    createRun("r1", 4, "a", 1);
    register("w1");
    TaskClaim lost = store.workers().claim(request("r1", "w1", noLimits(4), "a")).orElseThrow();
    store.workers().stop("w1", T0.plusSeconds(1));

    try (StateStore other = openSecondStore()) {
      assertThat(store.workers().requeue(lost, "worker w1 died")).isTrue();
      assertThat(other.workers().requeue(lost, "worker w1 died")).isFalse();
    }
    assertThat(task("r1", "a", "p0").status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(task("r1", "a", "p0").error()).contains("worker w1 died");
    assertThat(store.workers().claims()).isEmpty();
    register("w2");
    assertThat(store.workers().claim(request("r1", "w2", noLimits(4), "a")))
        .hasValueSatisfying(claim -> assertThat(claim.partition()).isEqualTo("p0"));
    assertThat(task("r1", "a", "p0").attempts()).isEqualTo(2);
  }

  /**
   * Four workers, each with its own connection, claim 60 tasks of two assets sharing one pool; the
   * tasks they hold at once, measured from their own start and finish times, never exceed a limit.
   */
  @Test
  void workersOnSeparateConnectionsClaimEveryTaskOnceWithinTheLimits() throws Exception {
    createRun("r1", 4, "a", 30);
    createRun("r1", 4, "b", 30);
    ClaimLimits limits =
        new ClaimLimits(4, Map.of("a", 2), Map.of("a", "db", "b", "db"), Map.of("db", 3));
    List<String> names = List.of("w1", "w2", "w3", "w4");
    names.forEach(this::register);
    List<long[]> intervals = Collections.synchronizedList(new ArrayList<>());
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(names.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String name : names) {
        done.add(
            threads.submit(
                () -> {
                  try (StateStore own = openSecondStore()) {
                    work(own, name, limits, intervals, claimed);
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(claimed).hasSize(60).doesNotHaveDuplicates();
    assertThat(maxOverlap(intervals, i -> true)).isBetween(1, 3);
    assertThat(maxOverlap(intervals, i -> i[2] == 0)).isLessThanOrEqualTo(2);
    assertThat(store.tasks().list("r1")).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
  }

  @Test
  void oneProcessLeadsUntilItsLeaseExpiresOrItGivesItUp() {
    Instant expires = T0.plusSeconds(15);
    assertThat(store.leaders().acquire("scheduler", "host:1", T0, expires)).isTrue();
    try (StateStore other = openSecondStore()) {
      assertThat(other.leaders().acquire("scheduler", "host:2", T0.plusSeconds(5), expires))
          .isFalse();
      assertThat(store.leaders().acquire("scheduler", "host:1", T0.plusSeconds(5), expires))
          .isTrue();
      assertThat(
              other
                  .leaders()
                  .acquire("scheduler", "host:2", T0.plusSeconds(16), T0.plusSeconds(31)))
          .isTrue();
      assertThat(store.leaders().find("scheduler"))
          .hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo("host:2"));
      other.leaders().release("scheduler", "host:2");
    }
    assertThat(store.leaders().find("scheduler")).isEmpty();
    assertThat(store.leaders().acquire("scheduler", "host:1", T0.plusSeconds(17), expires))
        .isTrue();
  }

  /** Claims until nothing is left: hold each task a few milliseconds, record when, finish it. */
  private static void work(
      StateStore own, String name, ClaimLimits limits, List<long[]> intervals, List<String> claimed)
      throws InterruptedException {
    Random random = new Random(name.hashCode());
    while (true) {
      List<TaskRecord> queued =
          own.tasks().list("r1").stream().filter(t -> t.status() == TaskStatus.QUEUED).toList();
      if (queued.isEmpty()) {
        return;
      }
      List<Candidate> candidates =
          queued.stream().map(t -> new Candidate(t.asset(), t.partition())).toList();
      Optional<TaskClaim> claim =
          own.workers().claim(new ClaimRequest("r1", name, candidates, limits, T0));
      if (claim.isEmpty()) {
        Thread.sleep(2);
        continue;
      }
      long start = System.nanoTime();
      Thread.sleep(1 + random.nextInt(5));
      long end = System.nanoTime();
      TaskRecord task =
          own.tasks().list("r1").stream()
              .filter(
                  t ->
                      t.asset().equals(claim.get().asset())
                          && t.partition().equals(claim.get().partition()))
              .findFirst()
              .orElseThrow();
      own.tasks().update(task.wrote(TaskStatus.SUCCEEDED, T0, 1));
      assertThat(own.workers().release(claim.get())).isTrue();
      intervals.add(new long[] {start, end, claim.get().asset().equals("a") ? 0 : 1});
      claimed.add(claim.get().asset() + " " + claim.get().partition());
    }
  }

  private static int maxOverlap(List<long[]> intervals, java.util.function.Predicate<long[]> of) {
    List<long[]> events = new ArrayList<>();
    for (long[] interval : intervals) {
      if (of.test(interval)) {
        events.add(new long[] {interval[0], 1});
        events.add(new long[] {interval[1], -1});
      }
    }
    // Ends before starts at the same instant: touching intervals do not overlap.
    events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    int current = 0;
    int max = 0;
    for (long[] event : events) {
      current += (int) event[1];
      max = Math.max(max, current);
    }
    return max;
  }

  /** A RUNNING run that workers may claim tasks of. */
  public static RunRecord runningRun(String id, Instant createdAt) {
    return StateStoreContractTest.aRun(id, RunStatus.RUNNING, createdAt);
  }

  private void createRun(String runId, int maxParallel, String asset, int partitions) {
    if (store.runs().find(runId).isEmpty()) {
      store.runs().create(StateStoreContractTest.aRun(runId, RunStatus.RUNNING, T0));
    }
    List<TaskRecord> tasks = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      tasks.add(TaskRecord.queued(runId, asset, "p" + i));
    }
    store.tasks().createAll(tasks);
  }

  private void register(String... names) {
    for (String name : names) {
      assertThat(store.workers().register(worker(name, T0), T0.minus(TIMEOUT))).isTrue();
    }
  }

  private static WorkerRecord worker(String name, Instant at) {
    return WorkerRecord.starting(name, "host", 100, 2, at);
  }

  private ClaimRequest request(String runId, String worker, ClaimLimits limits, String asset) {
    List<Candidate> candidates = new ArrayList<>();
    for (TaskRecord task : store.tasks().list(runId)) {
      if (task.asset().equals(asset) && task.status() == TaskStatus.QUEUED) {
        candidates.add(new Candidate(task.asset(), task.partition()));
      }
    }
    return new ClaimRequest(runId, worker, candidates, limits, T0);
  }

  private static ClaimLimits noLimits(int maxParallel) {
    return new ClaimLimits(maxParallel, Map.of(), Map.of(), Map.of());
  }

  private TaskRecord task(String runId, String asset, String partition) {
    Map<String, TaskRecord> byKey = new HashMap<>();
    store.tasks().list(runId).forEach(t -> byKey.put(t.asset() + "/" + t.partition(), t));
    return byKey.get(asset + "/" + partition);
  }
}
