package io.partita.state.jdbc;

import io.partita.state.LeaderStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Leader leases in the {@code leader_leases} table. */
final class JdbcLeaderStore implements LeaderStore {
  /**
   * Takes the lease when it is free, expired or already ours. The WHERE of the upsert makes it a
   * compare-and-swap: when another holder's lease is unexpired, no row changes.
   */
  private static final String ACQUIRE =
      "INSERT INTO leader_leases (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
          + " acquired_at = CASE WHEN leader_leases.holder = excluded.holder"
          + " THEN leader_leases.acquired_at ELSE excluded.acquired_at END,"
          + " expires_at = excluded.expires_at"
          + " WHERE leader_leases.holder = excluded.holder OR leader_leases.expires_at < ?";

  private final JdbcDatabase database;

  JdbcLeaderStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public boolean acquire(String name, String holder, Instant now, Instant expiresAt) {
    int rows =
        database.write(
            "take the " + name + " leader lease for " + holder,
            connection -> {
              try (PreparedStatement upsert = connection.prepareStatement(ACQUIRE)) {
                upsert.setString(1, name);
                upsert.setString(2, holder);
                Timestamps.set(upsert, 3, now);
                Timestamps.set(upsert, 4, expiresAt);
                Timestamps.set(upsert, 5, now);
                return upsert.executeUpdate();
              }
            });
    return rows > 0;
  }

  @Override
  public void release(String name, String holder) {
    database.write(
        "give up the " + name + " leader lease of " + holder,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM leader_leases WHERE name = ? AND holder = ?")) {
            delete.setString(1, name);
            delete.setString(2, holder);
            return delete.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Leader> find(String name) {
    return database.read(
        "read the " + name + " leader lease",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT holder, acquired_at, expires_at FROM leader_leases WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Leader(
                      name,
                      row.getString("holder"),
                      Timestamps.get(row, "acquired_at"),
                      Timestamps.get(row, "expires_at")));
            }
          }
        });
  }
}
