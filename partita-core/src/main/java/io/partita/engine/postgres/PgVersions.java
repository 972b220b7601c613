package io.partita.engine.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Optional;

/**
 * The published name of an asset as a view on the table of its live version. Which table that is
 * comes from the catalog's dependencies ({@code pg_depend}), not from parsing the view's text.
 */
final class PgVersions {
  private PgVersions() {}

  /** The table the view {@code published} reads, if it is a view on one table. */
  static Optional<String> liveTable(Connection connection, PgName published) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT DISTINCT c.relname FROM pg_rewrite r"
                + " JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
                + " JOIN pg_class c ON c.oid = d.refobjid"
                + " WHERE r.ev_class = to_regclass(?) AND d.refobjid <> r.ev_class"
                + " AND c.relkind IN ('r', 'p')")) {
      statement.setString(1, published.sql());
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
      }
    }
  }

  /** Whether the published view of {@code target}'s asset shows {@code target}. */
  static boolean isLive(Connection connection, PgName target) throws SQLException {
    Optional<PgName> published = PgLayout.publishedNameOf(target);
    return published.isPresent()
        && liveTable(connection, published.get()).filter(target.name()::equals).isPresent();
  }

  /** Creates the published view on {@code target} when the asset has none yet. */
  static void createViewIfMissing(Connection connection, PgName target) throws SQLException {
    Optional<PgName> published = PgLayout.publishedNameOf(target);
    if (published.isPresent() && !PgColumns.exists(connection, published.get())) {
      PgColumns.execute(
          connection, "CREATE VIEW " + published.get().sql() + " AS SELECT * FROM " + target.sql());
    }
  }

  /**
   * Points the published view at {@code target}, in the caller's transaction: in place when the
   * columns allow it (views of the user that read it stay valid), else dropped and created anew.
   */
  static void pointView(Connection connection, PgName published, PgName target)
      throws SQLException {
    String select = " AS SELECT * FROM " + target.sql();
    Savepoint savepoint = connection.setSavepoint();
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE OR REPLACE VIEW " + published.sql() + select);
      connection.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      // Columns removed, renamed or retyped: CREATE OR REPLACE VIEW refuses that.
      connection.rollback(savepoint);
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP VIEW IF EXISTS " + published.sql());
        statement.execute("CREATE VIEW " + published.sql() + select);
      }
    }
  }
}
