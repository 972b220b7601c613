package io.partita.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rest of the {@link StateStore} contract: versions, audit log, check verdicts and metrics,
 * late arrivals, schedule and identity. Subclassed per backend next to {@link
 * StateStoreContractTest}, so that every shared JDBC statement runs on every database.
 */
public abstract class StateStoreHistoryContractTest {
  private static final Instant T0 = Instant.parse("2025-03-01T00:00:00.123Z");

  private StateStore store;

  /** Opens the store under test on fresh, empty storage. */
  protected abstract StateStore openStore();

  @BeforeEach
  void openTheStore() {
    store = openStore();
  }

  @AfterEach
  void closeTheStore() {
    store.close();
  }

  @Test
  void versionsListInNumericOrderAndSwappingLiveExchangesPartitionStates() {
    for (String version : List.of("v1", "v10", "v2")) {
      store
          .versions()
          .register(
              new VersionStore.AssetVersion(
                  "features", version, Optional.of("hash"), Optional.of("r1"), T0));
    }
    store
        .versions()
        .register(
            new VersionStore.AssetVersion(
                "features", "v2", Optional.empty(), Optional.empty(), T0));
    store.partitions().put(partition("2025-03-01", "r1"));
    store.versions().putPartition("v2", partition("2025-03-02", "r2"));

    store.versions().swapLive("features", "v1", "v2", event("promote", "v1", "v2"));
    store.versions().drop("features", "v10", event("drop", "v2", "v10"));

    assertThat(store.versions().list("features"))
        .extracting(VersionStore.AssetVersion::version)
        .containsExactly("v1", "v2");
    assertThat(store.partitions().list("features"))
        .extracting(PartitionState::partition)
        .containsExactly("2025-03-02");
    assertThat(store.versions().partitions("features", "v1"))
        .extracting(PartitionState::partition)
        .containsExactly("2025-03-01");
    assertThat(store.versions().events("features"))
        .extracting(VersionStore.VersionEvent::action)
        .containsExactly("promote", "drop");
  }

  @Test
  void togetherCommitsEveryChangeOfItsWorkOrNone() {
    store.together(
        "store a partition and its audit row",
        () -> {
          store.partitions().put(partition("2025-03-01", "r1"));
          store.audit().append(audit(AuditEvent.END, "r1", "2025-03-01", List.of()));
        });
    RuntimeException failure = new IllegalStateException("the work failed after two writes");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                store.together(
                    "store another partition and its audit row",
                    () -> {
                      store.partitions().put(partition("2025-03-02", "r2"));
                      store.audit().append(audit(AuditEvent.END, "r2", "2025-03-02", List.of()));
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(store.partitions().list("features"))
        .extracting(PartitionState::partition)
        .containsExactly("2025-03-01");
    assertThat(store.audit().list(AuditQuery.ofRun("r1"))).hasSize(1);
    assertThat(store.audit().list(AuditQuery.ofRun("r2")))
        .as("rolled back with the rest")
        .isEmpty();
  }

  @Test
  void theAuditLogListsTheNewestRowsOldestFirstAndFindsTheReadersOfAPartition() {
    long first = store.audit().append(audit(AuditEvent.START, "r1", "2025-03-01", List.of()));
    AuditInput input =
        new AuditInput("raw", "v1", "2025-03-01", Optional.of("r0"), Optional.of(5L));
    long second = store.audit().append(audit(AuditEvent.END, "r1", "2025-03-01", List.of(input)));
    long third = store.audit().append(audit(AuditEvent.END, "r2", "2025-03-02", List.of()));

    assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();
    assertThat(
            store
                .audit()
                .list(
                    new AuditQuery(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 2)))
        .extracting(AuditRecord::id)
        .containsExactly(second, third);
    assertThat(store.audit().list(AuditQuery.ofRun("r1")))
        .extracting(AuditRecord::event)
        .containsExactly(AuditEvent.START, AuditEvent.END);
    AuditRecord reader = store.audit().readersOf("raw", "2025-03-01").get(0);
    assertThat(reader.id()).isEqualTo(second);
    assertThat(reader.inputs()).containsExactly(input);
  }

  @Test
  void anAuditRowNamesTheWorkerThatExecutedTheAttemptAndNoneForTheRunsOwnProcess() {
    AuditRecord byProcess = audit(AuditEvent.START, "r1", "2025-03-01", List.of());
    AuditRun run = byProcess.run();
    AuditRecord byWorker =
        new AuditRecord(
            0,
            AuditEvent.START,
            new AuditRun(
                "r2",
                run.origin(),
                run.partitaVersion(),
                run.engineVersion(),
                Optional.of("etl-1")),
            byProcess.task(),
            byProcess.outcome(),
            byProcess.times());
    store.audit().append(byProcess);
    store.audit().append(byWorker);

    assertThat(store.audit().list(AuditQuery.ofRun("r1")))
        .singleElement()
        .extracting(AuditRecord::worker)
        .isEqualTo(Optional.empty());
    assertThat(store.audit().list(AuditQuery.ofRun("r2")))
        .singleElement()
        .extracting(AuditRecord::worker)
        .isEqualTo(Optional.of("etl-1"));
  }

  @Test
  void checkVerdictsListByRangeAndRunAndMetricsTrailNewestFirst() {
    store
        .checks()
        .record(
            List.of(
                verdict("2025-03-01", "r1", Optional.of(0.5)),
                verdict("2025-03-02", "r1", Optional.empty()),
                verdict("2025-03-03", "r2", Optional.of(1.5))));
    for (String day : List.of("2025-03-01", "2025-03-02", "2025-03-03")) {
      store.checks().putMetrics("features", day, "r1", Map.of("rows", (double) day.charAt(9)), T0);
    }

    assertThat(store.checks().list("features", "2025-03-02", "2025-03-03"))
        .extracting(CheckRecord::partition)
        .containsExactly("2025-03-02", "2025-03-03");
    assertThat(store.checks().forRun("r1"))
        .extracting(CheckRecord::metric)
        .containsExactly(Optional.of(0.5), Optional.empty());
    assertThat(store.checks().trailing("features", "rows", "2025-03-03", 5))
        .containsExactly((double) '2', (double) '1');
  }

  @Test
  void metricsOfSeveralPartitionsAreStoredTogetherReplacingEachPartitionsOldOnes() {
    store
        .checks()
        .putMetrics("features", "2025-03-01", "r1", Map.of("rows", 1.0, "nulls", 9.0), T0);

    store
        .checks()
        .putMetrics(
            List.of(
                new PartitionMetrics("features", "2025-03-01", "r2", Map.of("rows", 10.0), T0),
                new PartitionMetrics("features", "2025-03-02", "r2", Map.of("rows", 20.0), T0),
                new PartitionMetrics("features", "2025-03-03", "r2", Map.of(), T0)));

    assertThat(store.checks().trailing("features", "rows", "2025-03-04", 5))
        .containsExactly(20.0, 10.0);
    // The batch replaced all metrics of 2025-03-01, not only those it names.
    assertThat(store.checks().trailing("features", "nulls", "2025-03-04", 5)).isEmpty();
  }

  @Test
  void metricsOfPartitionsAreThoseTheirLastPublishStored() {
    store
        .checks()
        .putMetrics("features", "2025-03-01", "r1", Map.of("rows", 1.0, "nulls", 9.0), T0);
    store.checks().putMetrics("features", "2025-03-02", "r1", Map.of("rows", 2.0), T0);
    store.checks().putMetrics("features", "2025-03-01", "r2", Map.of("rows", 10.0), T0);

    assertThat(
            store
                .checks()
                .metrics(
                    "features",
                    List.of("2025-03-01", "2025-03-02", "2025-03-03"),
                    List.of("rows", "nulls")))
        .isEqualTo(Map.of("2025-03-01", Map.of("rows", 10.0), "2025-03-02", Map.of("rows", 2.0)));
    assertThat(store.checks().metrics("features", List.of("2025-03-02"), List.of("nulls")))
        .isEmpty();
    assertThat(store.checks().metrics("other", List.of("2025-03-01"), List.of("rows"))).isEmpty();
  }

  @Test
  void lateArrivalsKeepTheirHistoryAndLatestTakesTheNewestRecordPerPartition() {
    store.lateArrivals().record(late("2025-03-01", "r1", 1, T0));
    store.lateArrivals().record(late("2025-03-01", "r2", 3, T0.plusSeconds(60)));
    store.lateArrivals().record(late("2025-03-02", "r2", 2, T0.plusSeconds(60)));

    assertThat(store.lateArrivals().latest("features", 10))
        .extracting(LateArrivalRecord::partition, r -> r.rows().late())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2025-03-01", 3L),
            org.assertj.core.groups.Tuple.tuple("2025-03-02", 2L));
    assertThat(store.lateArrivals().history("features", "2025-03-01"))
        .extracting(LateArrivalRecord::runId)
        .containsExactly("r1", "r2");
  }

  @Test
  void scheduleMarksAndThePauseSwitchAreUpserted() {
    store.schedule().markScheduled(List.of("raw", "features"), "2025-03-01", "r1", T0);
    store.schedule().markScheduled(List.of("features"), "2025-03-02", "r2", T0);
    store.schedule().setPaused(true, T0);

    assertThat(store.schedule().lastScheduled())
        .containsExactlyInAnyOrderEntriesOf(Map.of("raw", "2025-03-01", "features", "2025-03-02"));
    assertThat(store.schedule().isPaused()).isTrue();
    store.schedule().setPaused(false, T0);
    assertThat(store.schedule().isPaused()).isFalse();
  }

  @Test
  void forgettingALostWarehouseMarksEveryPartitionMissingAndPairsTheNewOne() {
    String stateId = store.identity().stateId();
    store.identity().pairWarehouse("w1");
    store.partitions().put(partition("2025-03-01", "r1"));

    assertThat(store.identity().succeededPartitions()).isEqualTo(1);
    assertThat(store.identity().forgetWarehouse("w2", T0)).isEqualTo(1);
    assertThat(store.identity().warehouseId()).contains("w2");
    assertThat(store.identity().stateId()).isEqualTo(stateId);
    assertThat(store.partitions().list("features"))
        .extracting(PartitionState::status)
        .containsExactly(PartitionStatus.MISSING);
  }

  private static PartitionState partition(String day, String runId) {
    return new PartitionState(
        "features", day, PartitionStatus.SUCCEEDED, Optional.of(10L), runId, Optional.empty(), T0);
  }

  private static VersionStore.VersionEvent event(String action, String from, String to) {
    return new VersionStore.VersionEvent(
        "features",
        action,
        Optional.of(from),
        to,
        new Attribution("tester", Optional.empty()),
        Optional.empty(),
        T0);
  }

  private static AuditRecord audit(
      AuditEvent event, String runId, String partition, List<AuditInput> inputs) {
    LocalDateTime start = LocalDateTime.parse(partition + "T00:00");
    return new AuditRecord(
        0,
        event,
        new AuditRun(
            runId,
            new RunOrigin(RunKind.BACKFILL, "hash", Optional.empty(), "tester", Optional.empty()),
            "0.1.0",
            "duckdb 1.0"),
        new AuditTask("features", "v1", partition, 1, start, start.plusDays(1), "overwrite"),
        new AuditOutcome(
            event == AuditEvent.START ? "running" : "succeeded",
            inputs,
            Optional.of(5L),
            Optional.of(3L),
            List.of(),
            Optional.empty()),
        new AuditTimes(T0, Optional.of(T0.plusSeconds(1)), T0));
  }

  private static CheckRecord verdict(String partition, String runId, Optional<Double> metric) {
    return new CheckRecord(
        new CheckSubject(runId, "features", "v1", partition, 1),
        new CheckVerdict("not_null", "error", "pass", metric, "0", "ok"),
        Optional.empty(),
        Optional.empty(),
        T0);
  }

  private static LateArrivalRecord late(String partition, String runId, long late, Instant at) {
    return new LateArrivalRecord(
        "features",
        partition,
        runId,
        new LateRows(10, late, late, 0),
        new Lateness(Optional.of(1.0), Optional.empty(), Optional.empty(), Optional.of(2.0)),
        List.of(0.0, 1.0),
        at);
  }
}
