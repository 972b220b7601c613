package io.partita.engine.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The transaction-scoped advisory locks ({@code pg_advisory_xact_lock}) that publishes of several
 * workers take before touching a table, released by the commit or rollback (a worker that dies
 * mid-publish never leaves one held).
 *
 * <p>Each asset has one publish lock, keyed by its published name. Overwrites of an existing table
 * hold it shared, together with an exclusive lock on each partition they write: overwrites of
 * different partitions of one table run at once (their windows are disjoint rows), two publishes of
 * one partition (a duplicate after a crash) one after the other, so the second finds the first in
 * the publish log. Anything else holds the asset's lock alone: a merge (two merges of overlapping
 * keys must not both insert a key), a publish that creates or alters the table or its backup, a
 * restore, a promote. Every transaction takes its asset locks in name order and then its partition
 * locks in name order, before touching any table, so no two wait on each other in a cycle; a shared
 * holder that finds it must change a table never upgrades in place, it rolls back and starts again
 * holding the lock alone.
 */
final class PgPublishLocks {
  /** The first key of Partita's publish locks ("Ppub"), apart from other users' advisory locks. */
  static final int PUBLISH_LOCK_SPACE = 0x50707562;

  /** The first key of the locks on single partitions ("Ppar"). */
  private static final int PARTITION_LOCK_SPACE = 0x50706172;

  private PgPublishLocks() {}

  /** Takes the publish lock of every asset written alone, in name order. */
  static void exclusive(Connection connection, Collection<PgName> targets) throws SQLException {
    take(connection, "pg_advisory_xact_lock", PUBLISH_LOCK_SPACE, names(targets));
  }

  /**
   * Takes the publish lock of every asset written shared, then the lock of each partition written
   * alone ({@code partitions}: the target's lock name and the partition key).
   */
  static void shared(
      Connection connection, Collection<PgName> targets, Collection<String> partitions)
      throws SQLException {
    take(connection, "pg_advisory_xact_lock_shared", PUBLISH_LOCK_SPACE, names(targets));
    take(connection, "pg_advisory_xact_lock", PARTITION_LOCK_SPACE, new TreeSet<>(partitions));
  }

  private static TreeSet<String> names(Collection<PgName> targets) {
    TreeSet<String> names = new TreeSet<>();
    targets.forEach(target -> names.add(PgLayout.lockName(target)));
    return names;
  }

  private static void take(Connection connection, String function, int space, TreeSet<String> keys)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT " + function + "(?, hashtext(?))")) {
      for (String key : keys) {
        statement.setInt(1, space);
        statement.setString(2, key);
        statement.executeQuery().close();
      }
    }
  }
}
