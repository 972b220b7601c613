package io.partita.state.jdbc;

import static java.util.Objects.requireNonNull;

import io.partita.state.CheckStore;
import io.partita.state.LateArrivalStore;
import io.partita.state.LeaseStore;
import io.partita.state.PartitionStore;
import io.partita.state.RunStore;
import io.partita.state.ScheduleStore;
import io.partita.state.SnapshotStore;
import io.partita.state.StateStore;
import io.partita.state.TaskStore;

/**
 * The {@link StateStore} over any JDBC database; what differs per database is in its {@link
 * SqlDialect}. Thread-safe: all stores share one {@link JdbcDatabase}, which hands each piece of
 * work a connection of its own (SQLite: the one connection, under a lock; PostgreSQL: from a pool).
 * The schema must already be migrated (see {@link Migrator}). A backend's store (e.g. {@code
 * SqliteStateStore}) extends it with how it opens its database.
 */
public class JdbcStateStore implements StateStore {
  private final JdbcDatabase database;
  private final RunStore runs;
  private final TaskStore tasks;
  private final PartitionStore partitions;
  private final SnapshotStore snapshots;
  private final LeaseStore leases;
  private final CheckStore checks;
  private final io.partita.state.VersionStore versions;

  private final ScheduleStore schedule;
  private final LateArrivalStore lateArrivals;
  private final io.partita.state.AuditStore audit;
  private final io.partita.state.ServerStore servers;
  private final io.partita.state.HandoffStore handoffs;
  private final io.partita.state.IdentityStore identity;
  private final io.partita.state.WorkerStore workers;
  private final io.partita.state.LeaderStore leaders;

  public JdbcStateStore(JdbcDatabase database) {
    this.database = requireNonNull(database, "database is null");
    this.runs = new JdbcRunStore(database);
    this.tasks = new JdbcTaskStore(database);
    this.partitions = new JdbcPartitionStore(database);
    this.snapshots = new JdbcSnapshotStore(database);
    this.leases = new JdbcLeaseStore(database);
    this.checks = new JdbcCheckStore(database);
    this.versions = new JdbcVersionStore(database);

    this.schedule = new JdbcScheduleStore(database);
    this.lateArrivals = new JdbcLateArrivalStore(database);
    this.audit = new JdbcAuditStore(database);
    this.servers = new JdbcServerStore(database);
    this.handoffs = new JdbcHandoffStore(database);
    this.identity = new JdbcIdentityStore(database);
    this.workers = new JdbcWorkerStore(database);
    this.leaders = new JdbcLeaderStore(database);
  }

  public JdbcDatabase database() {
    return database;
  }

  @Override
  public RunStore runs() {
    return runs;
  }

  @Override
  public TaskStore tasks() {
    return tasks;
  }

  @Override
  public PartitionStore partitions() {
    return partitions;
  }

  @Override
  public SnapshotStore snapshots() {
    return snapshots;
  }

  @Override
  public LeaseStore leases() {
    return leases;
  }

  @Override
  public CheckStore checks() {
    return checks;
  }

  @Override
  public io.partita.state.VersionStore versions() {
    return versions;
  }

  @Override
  public ScheduleStore schedule() {
    return schedule;
  }

  @Override
  public LateArrivalStore lateArrivals() {
    return lateArrivals;
  }

  @Override
  public io.partita.state.AuditStore audit() {
    return audit;
  }

  @Override
  public io.partita.state.ServerStore servers() {
    return servers;
  }

  @Override
  public io.partita.state.HandoffStore handoffs() {
    return handoffs;
  }

  @Override
  public io.partita.state.WorkerStore workers() {
    return workers;
  }

  @Override
  public io.partita.state.LeaderStore leaders() {
    return leaders;
  }

  @Override
  public io.partita.state.IdentityStore identity() {
    return identity;
  }

  @Override
  public java.util.Optional<String> changeStamp() {
    return database.changeStamp();
  }

  @Override
  public void together(String what, Runnable work) {
    database.together(
        what,
        () -> {
          work.run();
          return null;
        });
  }

  @Override
  public void close() {
    database.close();
  }
}
