package io.partita.state.jdbc;

import io.partita.model.DefinitionFiles;
import io.partita.state.Snapshot;
import io.partita.state.SnapshotStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** Definition snapshots in the {@code snapshots} table, files as a JSON object path -> text. */
final class JdbcSnapshotStore implements SnapshotStore {
  private final JdbcDatabase database;

  JdbcSnapshotStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public void save(Snapshot snapshot) {
    // A hash names its contents, so a stored snapshot with the same hash is the same snapshot:
    // the first writer wins and later saves are no-ops.
    database.write(
        "save snapshot " + snapshot.hash(),
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO snapshots (hash, files, git_commit, created_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING")) {
            insert.setString(1, snapshot.hash());
            insert.setString(2, JsonCodec.writeFiles(snapshot.files().files()));
            Columns.setString(insert, 3, snapshot.gitCommit());
            Timestamps.set(insert, 4, snapshot.createdAt());
            return insert.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Snapshot> find(String hash) {
    return database.read(
        "find snapshot " + hash,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT hash, files, git_commit, created_at FROM snapshots WHERE hash = ?")) {
            select.setString(1, hash);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Snapshot(
                      row.getString("hash"),
                      new DefinitionFiles(JsonCodec.readFiles(row.getString("files"), hash)),
                      Columns.getString(row, "git_commit"),
                      Timestamps.get(row, "created_at")));
            }
          }
        });
  }
}
