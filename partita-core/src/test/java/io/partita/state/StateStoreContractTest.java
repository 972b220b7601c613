package io.partita.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.model.DefinitionFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link StateStore} backend meets. A backend's test subclasses this and says
 * how to open a store and a second, independent store on the same data (as another process would).
 */
public abstract class StateStoreContractTest {
  protected static final Instant T0 = Instant.parse("2025-03-01T00:00:00.123Z");
  private static final Duration STALE = Duration.ofSeconds(30);

  protected StateStore store;

  /** Opens the store under test on fresh, empty storage. */
  protected abstract StateStore openStore();

  /** Opens another store with its own connection on the storage of {@link #openStore()}. */
  protected abstract StateStore openSecondStore();

  @BeforeEach
  void openTheStore() {
    store = openStore();
  }

  @AfterEach
  void closeTheStore() {
    store.close();
  }

  // ---- servers and handoffs

  @Test
  void liveServersAreThoseWithARecentHeartbeatAndUnregisterRemovesThem() {
    store.servers().register(new ServerStore.Server("host:1", 1, "host", T0, T0));
    store
        .servers()
        .register(
            new ServerStore.Server("host:2", 2, "host", T0.plusSeconds(1), T0.plusSeconds(1)));

    assertThat(store.servers().heartbeat("host:2", T0.plusSeconds(60))).isTrue();
    assertThat(store.servers().heartbeat("host:3", T0.plusSeconds(60))).isFalse();

    assertThat(store.servers().live(T0.plusSeconds(30)))
        .extracting(ServerStore.Server::owner)
        .containsExactly("host:2");
    assertThat(store.servers().live(T0))
        .extracting(ServerStore.Server::owner)
        .containsExactly("host:1", "host:2");
    store.servers().unregister("host:2");
    assertThat(store.servers().live(T0.plusSeconds(30))).isEmpty();
  }

  @Test
  void aHandoffIsTakenByOneServerOnlyAndCannotBeWithdrawnOnceTaken() {
    store.runs().create(aRun("r1", RunStatus.QUEUED, T0));
    store.runs().create(aRun("r2", RunStatus.QUEUED, T0));
    assertThat(store.handoffs().request("r2", "cli:2", T0.plusSeconds(1))).isTrue();
    assertThat(store.handoffs().request("r1", "cli:1", T0)).isTrue();
    assertThat(store.handoffs().pending())
        .extracting(HandoffStore.Handoff::runId)
        .containsExactly("r1", "r2");

    assertThat(store.handoffs().take("r1", "server:1", T0.plusSeconds(2))).isTrue();
    assertThat(store.handoffs().take("r1", "server:2", T0.plusSeconds(2))).isFalse();
    assertThat(store.handoffs().withdraw("r1")).isFalse();
    assertThat(store.handoffs().request("r1", "cli:3", T0.plusSeconds(3)))
        .as("executing now")
        .isFalse();
    assertThat(store.handoffs().withdraw("r2")).isTrue();

    assertThat(store.handoffs().pending()).isEmpty();
    assertThat(store.handoffs().find("r2")).isEmpty();
    HandoffStore.Handoff taken = store.handoffs().find("r1").orElseThrow();
    assertThat(taken.takenBy()).contains("server:1");
    assertThat(taken.isFinished()).isFalse();
  }

  @Test
  void aFinishedHandoffKeepsItsErrorUntilTheRunIsHandedOverAgain() {
    store.runs().create(aRun("r1", RunStatus.QUEUED, T0));
    store.handoffs().request("r1", "cli:1", T0);
    store.handoffs().take("r1", "server:1", T0);

    store
        .handoffs()
        .finish("r1", T0.plusSeconds(5), Optional.of("CONFLICT"), Optional.of("lease held by r0"));

    HandoffStore.Handoff finished = store.handoffs().find("r1").orElseThrow();
    assertThat(finished.finishedAt()).contains(T0.plusSeconds(5));
    assertThat(finished.errorCategory()).contains("CONFLICT");
    assertThat(finished.error()).contains("lease held by r0");
    assertThat(store.handoffs().request("r1", "cli:2", T0.plusSeconds(6))).isTrue();
    HandoffStore.Handoff again = store.handoffs().find("r1").orElseThrow();
    assertThat(again.isPending()).isTrue();
    assertThat(again.requestedBy()).isEqualTo("cli:2");
    assertThat(again.error()).isEmpty();
    store.runs().delete("r1");
    assertThat(store.handoffs().find("r1")).isEmpty();
  }

  // ---- runs

  @Test
  void runsRoundTripAndListNewestFirst() {
    RunOptions options =
        new RunOptions(
            "features+",
            "2025-03-01..2025-03-07",
            3,
            Optional.of("merge"),
            Optional.of(2),
            "desc",
            "missing");
    RunRecord first =
        new RunRecord(
            "r1",
            RunKind.BACKFILL,
            RunStatus.QUEUED,
            options,
            "abc123",
            Optional.of("deadbeef"),
            "alice",
            Optional.of("fix late rows"),
            T0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ControlRequest.NONE);
    store.runs().create(first);
    store.runs().create(aRun("r2", RunStatus.QUEUED, T0.plusSeconds(1)));
    store.runs().create(aRun("r3", RunStatus.QUEUED, T0.plusSeconds(2)));

    assertThat(store.runs().find("r1")).contains(first);
    assertThat(store.runs().find("nope")).isEmpty();
    assertThat(store.runs().list(10)).extracting(RunRecord::id).containsExactly("r3", "r2", "r1");
    assertThat(store.runs().list(2)).extracting(RunRecord::id).containsExactly("r3", "r2");
  }

  @Test
  void optionalOptionsAndInstantsRoundTripAtMillisecondPrecision() {
    Instant precise = Instant.parse("2025-03-01T05:06:07.891234567Z");
    RunRecord run =
        new RunRecord(
            "r1",
            RunKind.SCHEDULED,
            RunStatus.RUNNING,
            new RunOptions("", "2025-03-01", 1, Optional.empty(), Optional.empty(), "asc", "all"),
            "h",
            Optional.empty(),
            "cron",
            Optional.empty(),
            precise,
            Optional.of(precise.plusMillis(1)),
            Optional.of("host:1"),
            Optional.of(precise.plusMillis(2)),
            ControlRequest.PAUSE);
    store.runs().create(run);

    RunRecord found = store.runs().find("r1").orElseThrow();
    assertThat(found.createdAt()).isEqualTo(Instant.parse("2025-03-01T05:06:07.891Z"));
    assertThat(found.finishedAt()).contains(Instant.parse("2025-03-01T05:06:07.892Z"));
    assertThat(found.options()).isEqualTo(run.options());
    assertThat(found.owner()).contains("host:1");
    assertThat(found.control()).isEqualTo(ControlRequest.PAUSE);
  }

  @Test
  void withStatusListsOldestFirst() {
    store.runs().create(aRun("late", RunStatus.PAUSED, T0.plusSeconds(5)));
    store.runs().create(aRun("early", RunStatus.QUEUED, T0));
    store.runs().create(aRun("done", RunStatus.SUCCEEDED, T0.plusSeconds(1)));

    assertThat(store.runs().withStatus(List.of(RunStatus.QUEUED, RunStatus.PAUSED)))
        .extracting(RunRecord::id)
        .containsExactly("early", "late");
    assertThat(store.runs().withStatus(List.of())).isEmpty();
  }

  @Test
  void creatingARunTwiceFailsAsInternalError() {
    store.runs().create(aRun("r1", RunStatus.QUEUED, T0));

    assertThatThrownBy(() -> store.runs().create(aRun("r1", RunStatus.QUEUED, T0)))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining("Could not create run r1")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.INTERNAL);
  }

  @Test
  void transitionIsCompareAndSwap() {
    store.runs().create(aRun("r1", RunStatus.QUEUED, T0));

    assertThat(store.runs().transition("r1", RunStatus.QUEUED, RunStatus.RUNNING, T0)).isTrue();
    // A second process that still believes the run is queued loses.
    assertThat(store.runs().transition("r1", RunStatus.QUEUED, RunStatus.CANCELLED, T0)).isFalse();
    assertThat(store.runs().find("r1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(store.runs().transition("missing", RunStatus.QUEUED, RunStatus.RUNNING, T0))
        .isFalse();
  }

  @Test
  void illegalTransitionThrowsAndChangesNothing() {
    store.runs().create(aRun("r1", RunStatus.SUCCEEDED, T0));

    assertThatThrownBy(
            () -> store.runs().transition("r1", RunStatus.SUCCEEDED, RunStatus.RUNNING, T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A run cannot go from succeeded to running");
    assertThat(store.runs().find("r1").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void terminalTransitionSetsFinishedAtAndResumeClearsIt() {
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));

    store.runs().transition("r1", RunStatus.RUNNING, RunStatus.FAILED, T0.plusSeconds(60));
    assertThat(store.runs().find("r1").orElseThrow().finishedAt()).contains(T0.plusSeconds(60));

    store.runs().transition("r1", RunStatus.FAILED, RunStatus.RUNNING, T0.plusSeconds(90));
    assertThat(store.runs().find("r1").orElseThrow().finishedAt()).isEmpty();
  }

  @Test
  void claimTakesOverAStaleOwnerAndRefusesALiveOne() {
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));
    Instant now = T0.plusSeconds(100);

    assertThat(store.runs().claim("r1", "host-a:1", now, now.minus(STALE))).isTrue();
    assertThat(store.runs().claim("r1", "host-a:1", now, now.minus(STALE))).isTrue();
    // host-a beat 10 s ago: alive.
    Instant soon = now.plusSeconds(10);
    assertThat(store.runs().claim("r1", "host-b:2", soon, soon.minus(STALE))).isFalse();
    // 60 s without a heartbeat: dead, host-b takes over.
    Instant later = now.plusSeconds(60);
    assertThat(store.runs().claim("r1", "host-b:2", later, later.minus(STALE))).isTrue();

    RunRecord run = store.runs().find("r1").orElseThrow();
    assertThat(run.owner()).contains("host-b:2");
    assertThat(run.heartbeatAt()).contains(later);
  }

  @Test
  void heartbeatOnlyByTheOwnerAndReleaseClearsTheOwner() {
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));
    store.runs().claim("r1", "host-a:1", T0, T0.minus(STALE));

    assertThat(store.runs().heartbeat("r1", "host-a:1", T0.plusSeconds(5))).isTrue();
    assertThat(store.runs().heartbeat("r1", "host-b:2", T0.plusSeconds(6))).isFalse();
    assertThat(store.runs().find("r1").orElseThrow().heartbeatAt()).contains(T0.plusSeconds(5));

    store.runs().release("r1", "host-b:2");
    assertThat(store.runs().find("r1").orElseThrow().owner()).contains("host-a:1");
    store.runs().release("r1", "host-a:1");
    assertThat(store.runs().find("r1").orElseThrow().owner()).isEmpty();
    assertThat(store.runs().heartbeat("r1", "host-a:1", T0.plusSeconds(7))).isFalse();
    assertThat(store.runs().claim("r1", "host-b:2", T0.plusSeconds(8), T0)).isTrue();
  }

  @Test
  void requestControlIsClearedByTheNextTransition() {
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));

    store.runs().requestControl("r1", ControlRequest.PAUSE);
    assertThat(store.runs().find("r1").orElseThrow().control()).isEqualTo(ControlRequest.PAUSE);

    store.runs().transition("r1", RunStatus.RUNNING, RunStatus.PAUSED, T0.plusSeconds(1));
    RunRecord paused = store.runs().find("r1").orElseThrow();
    assertThat(paused.control()).isEqualTo(ControlRequest.NONE);
    assertThat(paused.finishedAt()).isEmpty();
  }

  @Test
  void requestControlOfAnUnknownRunIsAUserError() {
    assertThatThrownBy(() -> store.runs().requestControl("nope", ControlRequest.CANCEL))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining("No run with id nope")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
  }

  // ---- tasks and partitions

  @Test
  void tasksListInCreationOrderAndUpdateInPlace() {
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));
    store
        .tasks()
        .createAll(
            List.of(
                TaskRecord.queued("r1", "raw", "2025-03-02"),
                TaskRecord.queued("r1", "raw", "2025-03-01"),
                TaskRecord.queued("r1", "features", "2025-03-01")));

    TaskRecord done =
        new TaskRecord(
            "r1",
            "raw",
            "2025-03-01",
            TaskStatus.SUCCEEDED,
            2,
            Optional.of(T0),
            Optional.of(T0.plusMillis(1500)),
            Optional.of(42L),
            Optional.empty());
    store.tasks().update(done);
    TaskRecord failed =
        new TaskRecord(
            "r1",
            "features",
            "2025-03-01",
            TaskStatus.FAILED,
            3,
            Optional.of(T0),
            Optional.of(T0.plusSeconds(3)),
            Optional.empty(),
            Optional.of("Binder Error in models/features.sql"));
    store.tasks().update(failed);

    assertThat(store.tasks().list("r1"))
        .containsExactly(TaskRecord.queued("r1", "raw", "2025-03-02"), done, failed);
    assertThat(store.tasks().list("other")).isEmpty();
  }

  @Test
  void latestStatusesTakeEachPartitionsTaskFromTheNewestRun() {
    store.runs().create(aRun("r1", RunStatus.FAILED, T0));
    store.runs().create(aRun("r2", RunStatus.SUCCEEDED, T0.plusSeconds(1)));
    store
        .tasks()
        .createAll(
            List.of(
                TaskRecord.queued("r1", "raw", "2025-03-01")
                    .withStatus(TaskStatus.FAILED, Optional.of("boom")),
                TaskRecord.queued("r1", "raw", "2025-03-02")
                    .withStatus(TaskStatus.UPSTREAM_FAILED, Optional.empty()),
                TaskRecord.queued("r1", "features", "2025-03-01")
                    .withStatus(TaskStatus.CANCELLED, Optional.empty())));
    store
        .tasks()
        .createAll(
            List.of(
                TaskRecord.queued("r2", "raw", "2025-03-01")
                    .withStatus(TaskStatus.SUCCEEDED, Optional.empty())));

    assertThat(store.tasks().latestStatuses("raw"))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "2025-03-01", TaskStatus.SUCCEEDED, "2025-03-02", TaskStatus.UPSTREAM_FAILED));
    assertThat(store.tasks().latestStatuses("features"))
        .containsExactly(java.util.Map.entry("2025-03-01", TaskStatus.CANCELLED));
    assertThat(store.tasks().latestStatuses("other")).isEmpty();
  }

  @Test
  void updatingATaskThatWasNotCreatedAppendsIt() {
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));
    store.tasks().createAll(List.of(TaskRecord.queued("r1", "raw", "2025-03-01")));

    store.tasks().update(TaskRecord.queued("r1", "raw", "2025-03-02"));

    assertThat(store.tasks().list("r1"))
        .extracting(TaskRecord::partition)
        .containsExactly("2025-03-01", "2025-03-02");
  }

  @Test
  void createAllStoresOneHundredThousandTasksInOneBatch() {
    store.runs().create(aRun("big", RunStatus.QUEUED, T0));
    List<TaskRecord> tasks = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      tasks.add(TaskRecord.queued("big", "asset" + (i % 4), String.format("p%06d", i)));
    }

    long start = System.nanoTime();
    store.tasks().createAll(tasks);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // One batched transaction; a commit per task (synchronous=FULL) would take many minutes.
    assertThat(took).isLessThan(Duration.ofSeconds(60));
    List<TaskRecord> listed = store.tasks().list("big");
    assertThat(listed).hasSize(100_000);
    assertThat(listed.get(99_999).partition()).isEqualTo("p099999");
  }

  @Test
  void updateWithPartitionWritesBoth() {
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));
    store.tasks().createAll(List.of(TaskRecord.queued("r1", "raw", "2025-03-01")));
    TaskRecord done =
        new TaskRecord(
            "r1",
            "raw",
            "2025-03-01",
            TaskStatus.SUCCEEDED,
            1,
            Optional.of(T0),
            Optional.of(T0.plusSeconds(1)),
            Optional.of(10L),
            Optional.empty());

    store.tasks().update(done, aPartition("raw", "2025-03-01", PartitionStatus.SUCCEEDED, "r1"));

    assertThat(store.tasks().list("r1")).containsExactly(done);
    assertThat(store.partitions().list("raw"))
        .containsExactly(aPartition("raw", "2025-03-01", PartitionStatus.SUCCEEDED, "r1"));
  }

  @Test
  void updateWithPartitionIsAtomic() {
    // The task belongs to a run that does not exist, so storing it fails; the partition state
    // written in the same transaction must not stay behind.
    TaskRecord orphan = TaskRecord.queued("no-such-run", "raw", "2025-03-01");

    assertThatThrownBy(
            () ->
                store
                    .tasks()
                    .update(
                        orphan,
                        aPartition("raw", "2025-03-01", PartitionStatus.RUNNING, "no-such-run")))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining("update task raw 2025-03-01 of run no-such-run");
    assertThat(store.partitions().list("raw")).isEmpty();
  }

  @Test
  void partitionsListByInclusiveRangeAndPutReplaces() {
    for (String day : List.of("2025-03-03", "2025-03-01", "2025-03-02", "2025-03-04")) {
      store.partitions().put(aPartition("raw", day, PartitionStatus.SUCCEEDED, "r1"));
    }
    store.partitions().put(aPartition("other", "2025-03-02", PartitionStatus.FAILED, "r1"));
    PartitionState replaced =
        new PartitionState(
            "raw",
            "2025-03-02",
            PartitionStatus.FAILED,
            Optional.empty(),
            "r2",
            Optional.empty(),
            T0.plusSeconds(9));
    store.partitions().put(replaced);

    assertThat(store.partitions().list("raw"))
        .extracting(PartitionState::partition)
        .containsExactly("2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04");
    assertThat(store.partitions().list("raw", "2025-03-02", "2025-03-03"))
        .containsExactly(
            replaced, aPartition("raw", "2025-03-03", PartitionStatus.SUCCEEDED, "r1"));
    assertThat(store.partitions().list("missing")).isEmpty();
  }

  // ---- snapshots

  @Test
  void snapshotSaveIsIdempotentAndFindRoundTripsFiles() {
    DefinitionFiles files =
        new DefinitionFiles(Map.of("partita.yaml", "name: x\n", "models/a.sql", "select 'é;'\n"));
    Snapshot snapshot = new Snapshot(files.hash(), files, Optional.of("cafe"), T0);

    store.snapshots().save(snapshot);
    store.snapshots().save(new Snapshot(files.hash(), files, Optional.empty(), T0.plusSeconds(1)));

    assertThat(store.snapshots().find(files.hash())).contains(snapshot);
    assertThat(store.snapshots().find("unknown")).isEmpty();
  }

  // ---- leases

  @Test
  void leaseConflictNamesTheLiveRun() {
    Instant now = T0.plusSeconds(100);
    store.runs().create(aRun("queued", RunStatus.QUEUED, T0));
    store.runs().create(aRun("paused", RunStatus.PAUSED, T0));
    store.runs().create(aRun("running", RunStatus.RUNNING, T0));
    store.runs().claim("running", "host:1", now.minusSeconds(5), T0);
    store.runs().create(aRun("new", RunStatus.QUEUED, T0.plusSeconds(1)));
    assertThat(store.leases().acquire("queued", keys("a"), now.minus(STALE))).isEmpty();
    assertThat(store.leases().acquire("paused", keys("b"), now.minus(STALE))).isEmpty();
    assertThat(store.leases().acquire("running", keys("c"), now.minus(STALE))).isEmpty();

    assertThat(store.leases().acquire("new", keys("x", "a"), now.minus(STALE))).contains("queued");
    assertThat(store.leases().acquire("new", keys("b"), now.minus(STALE))).contains("paused");
    assertThat(store.leases().acquire("new", keys("c", "y"), now.minus(STALE))).contains("running");
  }

  @Test
  void acquireIsAllOrNothing() {
    Instant staleBefore = T0;
    store.runs().create(aRun("holder", RunStatus.QUEUED, T0));
    store.runs().create(aRun("loser", RunStatus.QUEUED, T0));
    store.runs().create(aRun("third", RunStatus.QUEUED, T0));
    store.leases().acquire("holder", keys("a"), staleBefore);

    assertThat(store.leases().acquire("loser", keys("b", "a"), staleBefore)).contains("holder");

    // "loser" took nothing, so "b" is free for a third run.
    assertThat(store.leases().acquire("third", keys("b"), staleBefore)).isEmpty();
  }

  @Test
  void leasesOfFinishedOrStaleRunsAreTakenOver() {
    Instant now = T0.plusSeconds(1000);
    store.runs().create(aRun("finished", RunStatus.RUNNING, T0));
    store.runs().create(aRun("stale", RunStatus.RUNNING, T0));
    store.runs().create(aRun("never-beat", RunStatus.RUNNING, T0));
    store.runs().create(aRun("new", RunStatus.QUEUED, T0));
    store.runs().create(aRun("next", RunStatus.QUEUED, T0));
    store.leases().acquire("finished", keys("a"), T0);
    store.leases().acquire("stale", keys("b"), T0);
    store.leases().acquire("never-beat", keys("c"), T0);
    store.runs().transition("finished", RunStatus.RUNNING, RunStatus.SUCCEEDED, T0);
    store.runs().claim("stale", "host:1", now.minusSeconds(31), T0);

    assertThat(store.leases().acquire("new", keys("a", "b", "c"), now.minus(STALE))).isEmpty();
    // The keys now belong to "new", which is queued and therefore live.
    assertThat(store.leases().acquire("next", keys("c"), now.minus(STALE))).contains("new");
  }

  @Test
  void releaseFreesTheLeasesAndReacquiringOwnKeysSucceeds() {
    store.runs().create(aRun("r1", RunStatus.QUEUED, T0));
    store.runs().create(aRun("r2", RunStatus.QUEUED, T0));
    store.leases().acquire("r1", keys("a", "b"), T0);
    assertThat(store.leases().acquire("r1", keys("a", "b", "b"), T0)).isEmpty();

    store.leases().release("r1");

    assertThat(store.leases().acquire("r2", keys("a", "b"), T0)).isEmpty();
    assertThat(store.leases().acquire("r1", keys("a"), T0)).contains("r2");
  }

  @Test
  void oneHundredThousandLeasesAtOnce() {
    store.runs().create(aRun("r1", RunStatus.QUEUED, T0));
    store.runs().create(aRun("r2", RunStatus.QUEUED, T0));
    List<LeaseKey> many = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      many.add(new LeaseKey("asset" + (i % 4), "", String.format("p%06d", i)));
    }

    assertThat(store.leases().acquire("r1", many, T0)).isEmpty();
    assertThat(store.leases().acquire("r2", List.of(many.get(99_999)), T0)).contains("r1");
    store.leases().release("r1");
    assertThat(store.leases().acquire("r2", many, T0)).isEmpty();
  }

  @Test
  void leasesAreKeyedByVersion() {
    store.runs().create(aRun("v1", RunStatus.QUEUED, T0));
    store.runs().create(aRun("v2", RunStatus.QUEUED, T0));
    store.leases().acquire("v1", List.of(new LeaseKey("features", "v1", "2025-03-01")), T0);

    assertThat(
            store.leases().acquire("v2", List.of(new LeaseKey("features", "v2", "2025-03-01")), T0))
        .isEmpty();
  }

  // ---- claims

  @Test
  void claimNextTakesQueuedTasksInCreationOrderAndCountsTheAttempt() {
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));
    store
        .tasks()
        .createAll(
            List.of(
                TaskRecord.queued("r1", "raw", "2025-03-02"),
                TaskRecord.queued("r1", "raw", "2025-03-01"),
                TaskRecord.queued("r1", "raw", "2025-03-03")));
    TaskRecord done =
        store.tasks().list("r1").get(0).withStatus(TaskStatus.SUCCEEDED, Optional.empty());
    store.tasks().update(done);

    TaskRecord first = store.tasks().claimNext("r1", T0.plusSeconds(1)).orElseThrow();
    TaskRecord second = store.tasks().claimNext("r1", T0.plusSeconds(2)).orElseThrow();

    assertThat(first.partition()).as("the succeeded first task is skipped").isEqualTo("2025-03-01");
    assertThat(first.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.startedAt()).contains(T0.plusSeconds(1));
    assertThat(second.partition()).isEqualTo("2025-03-03");
    assertThat(store.tasks().claimNext("r1", T0.plusSeconds(3))).isEmpty();
    assertThat(store.tasks().claimNext("no-such-run", T0)).isEmpty();
    assertThat(store.tasks().list("r1"))
        .extracting(TaskRecord::status)
        .containsExactly(TaskStatus.SUCCEEDED, TaskStatus.RUNNING, TaskStatus.RUNNING);
  }

  @Test
  void fourThreadsOfTwoStoresClaimEveryTaskExactlyOnce() throws Exception {
    int tasks = 200;
    store.runs().create(aRun("r1", RunStatus.RUNNING, T0));
    List<TaskRecord> records = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      records.add(TaskRecord.queued("r1", "asset", String.format("p%04d", i)));
    }
    store.tasks().createAll(records);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (StateStore second = openSecondStore()) {
      List<Future<List<String>>> claimers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        StateStore mine = t % 2 == 0 ? store : second;
        claimers.add(
            pool.submit(
                () -> {
                  List<String> claimed = new ArrayList<>();
                  for (Optional<TaskRecord> task = mine.tasks().claimNext("r1", T0);
                      task.isPresent();
                      task = mine.tasks().claimNext("r1", T0)) {
                    claimed.add(task.get().partition());
                  }
                  return claimed;
                }));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> claimer : claimers) {
        all.addAll(claimer.get());
      }
      assertThat(all).hasSize(tasks).doesNotHaveDuplicates();
      assertThat(store.tasks().list("r1"))
          .allSatisfy(
              task -> {
                assertThat(task.status()).isEqualTo(TaskStatus.RUNNING);
                assertThat(task.attempts()).isEqualTo(1);
              });
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- several connections

  @Test
  void aSecondStoreReadsWhileFourThreadsWrite() throws Exception {
    int threads = 4;
    int runsPerThread = 10;
    int tasksPerRun = 20;
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try (StateStore reader = openSecondStore()) {
      Future<?> readerDone =
          pool.submit(
              () -> {
                while (writing.get()) {
                  for (RunRecord run : reader.runs().list(100)) {
                    assertThat(reader.tasks().list(run.id()).size())
                        .isLessThanOrEqualTo(tasksPerRun);
                  }
                  reader.partitions().list("asset");
                  reads.incrementAndGet();
                }
                return null;
              });
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < runsPerThread; r++) {
                    writeARun("t" + thread + "-r" + r, tasksPerRun);
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
      writing.set(false);
      readerDone.get();

      assertThat(reads.get()).isPositive();
      assertThat(reader.runs().list(1000)).hasSize(threads * runsPerThread);
      assertThat(reader.runs().withStatus(List.of(RunStatus.SUCCEEDED)))
          .hasSize(threads * runsPerThread);
      for (RunRecord run : reader.runs().list(1000)) {
        assertThat(reader.tasks().list(run.id()))
            .hasSize(tasksPerRun)
            .allMatch(task -> task.status() == TaskStatus.SUCCEEDED);
      }
      assertThat(reader.partitions().list("asset")).hasSize(threads * runsPerThread * tasksPerRun);
    } finally {
      pool.shutdownNow();
    }
  }

  private void writeARun(String runId, int tasks) {
    store.runs().create(aRun(runId, RunStatus.QUEUED, T0));
    List<TaskRecord> records = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      records.add(TaskRecord.queued(runId, "asset", runId + "-" + i));
    }
    store.tasks().createAll(records);
    store.runs().transition(runId, RunStatus.QUEUED, RunStatus.RUNNING, T0);
    store.leases().acquire(runId, List.of(new LeaseKey("asset", "", runId)), T0);
    for (TaskRecord task : records) {
      TaskRecord done =
          new TaskRecord(
              runId,
              task.asset(),
              task.partition(),
              TaskStatus.SUCCEEDED,
              1,
              Optional.of(T0),
              Optional.of(T0),
              Optional.of(1L),
              Optional.empty());
      store
          .tasks()
          .update(
              done, aPartition(task.asset(), task.partition(), PartitionStatus.SUCCEEDED, runId));
    }
    store.runs().transition(runId, RunStatus.RUNNING, RunStatus.SUCCEEDED, T0);
    store.leases().release(runId);
  }

  // ---- builders

  protected static RunRecord aRun(String id, RunStatus status, Instant createdAt) {
    return new RunRecord(
        id,
        RunKind.BACKFILL,
        status,
        new RunOptions(
            "", "2025-03-01..2025-03-07", 2, Optional.empty(), Optional.empty(), "asc", "all"),
        "snapshot-hash",
        Optional.empty(),
        "tester",
        Optional.empty(),
        createdAt,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ControlRequest.NONE);
  }

  protected static PartitionState aPartition(
      String asset, String partition, PartitionStatus status, String runId) {
    return new PartitionState(
        asset, partition, status, Optional.of(10L), runId, Optional.of("snapshot-hash"), T0);
  }

  private static List<LeaseKey> keys(String... partitions) {
    List<LeaseKey> keys = new ArrayList<>();
    for (String partition : partitions) {
      keys.add(new LeaseKey("features", "", partition));
    }
    return keys;
  }
}
