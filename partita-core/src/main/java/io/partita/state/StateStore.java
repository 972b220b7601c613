package io.partita.state;

/**
 * Where Partita keeps what it knows: runs, tasks, the latest state of each partition, definition
 * snapshots, partition leases and the audit log. The default is a SQLite file; a PostgreSQL store
 * implements the same contract. Several processes may use one store at once; every method is
 * atomic.
 */
public interface StateStore extends AutoCloseable {
  RunStore runs();

  TaskStore tasks();

  PartitionStore partitions();

  SnapshotStore snapshots();

  LeaseStore leases();

  CheckStore checks();

  VersionStore versions();

  ScheduleStore schedule();

  LateArrivalStore lateArrivals();

  /** The append-only audit log of task attempts. */
  AuditStore audit();

  /** Servers that own the warehouse ({@code partita serve}). */
  ServerStore servers();

  /** Runs handed by CLI processes to a server. */
  HandoffStore handoffs();

  /** Worker processes and the tasks they claim (see {@code partita worker}). */
  WorkerStore workers();

  /** Leader leases: which of several {@code partita serve} processes ticks the schedule. */
  LeaderStore leaders();

  /** Who this store is and which warehouse it describes. */
  IdentityStore identity();

  /**
   * A value that differs after any change committed to the store, by this process or another one;
   * equal values mean nothing changed in between, so what was read may be reused. Empty when the
   * store cannot tell: then nothing read may be reused.
   */
  default java.util.Optional<String> changeStamp() {
    return java.util.Optional.empty();
  }

  /**
   * Runs {@code work} so that every change it makes through this store commits in one transaction:
   * all of them or none (a crash in between leaves none). {@code work} must only use this store,
   * since it may run again when the store is busy.
   */
  void together(String what, Runnable work);

  @Override
  void close();
}
