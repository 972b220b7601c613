package io.partita.state.jdbc;

import io.partita.state.ServerStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Servers in the {@code servers} table. */
final class JdbcServerStore implements ServerStore {
  private final JdbcDatabase database;

  JdbcServerStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public void register(Server server) {
    database.write(
        "register server " + server.owner(),
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO servers (owner, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)"
                      + " ON CONFLICT (owner) DO UPDATE SET pid = excluded.pid, host = excluded.host,"
                      + " started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at")) {
            upsert.setString(1, server.owner());
            upsert.setLong(2, server.pid());
            upsert.setString(3, server.host());
            Timestamps.set(upsert, 4, server.startedAt());
            Timestamps.set(upsert, 5, server.heartbeatAt());
            return upsert.executeUpdate();
          }
        });
  }

  @Override
  public boolean heartbeat(String owner, Instant now) {
    int rows =
        database.write(
            "record a heartbeat of server " + owner,
            connection -> {
              try (PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE servers SET heartbeat_at = ? WHERE owner = ?")) {
                Timestamps.set(update, 1, now);
                update.setString(2, owner);
                return update.executeUpdate();
              }
            });
    return rows > 0;
  }

  @Override
  public void unregister(String owner) {
    database.write(
        "unregister server " + owner,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM servers WHERE owner = ?")) {
            delete.setString(1, owner);
            return delete.executeUpdate();
          }
        });
  }

  @Override
  public List<Server> live(Instant staleBefore) {
    return database.read(
        "list live servers",
        connection -> {
          List<Server> servers = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT owner, pid, host, started_at, heartbeat_at FROM servers"
                      + " WHERE heartbeat_at >= ? ORDER BY started_at, owner")) {
            select.setString(1, Timestamps.format(staleBefore));
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                servers.add(
                    new Server(
                        row.getString("owner"),
                        row.getLong("pid"),
                        row.getString("host"),
                        Timestamps.get(row, "started_at"),
                        Timestamps.get(row, "heartbeat_at")));
              }
            }
          }
          return servers;
        });
  }
}
