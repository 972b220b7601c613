package io.partita.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {
  @Test
  void freshDatabasesAreRealPostgresAndIsolated() throws Exception {
    String first = TestPostgres.freshDatabase();
    String second = TestPostgres.freshDatabase();
    assertThat(first).isNotEqualTo(second);
    try (Connection connection = DriverManager.getConnection(first);
        Statement statement = connection.createStatement()) {
      statement.execute("create table t(x int)");
      try (ResultSet version = statement.executeQuery("show server_version_num")) {
        version.next();
        assertThat(version.getInt(1)).isGreaterThanOrEqualTo(170000);
      }
    }
    try (Connection connection = DriverManager.getConnection(second);
        Statement statement = connection.createStatement();
        ResultSet tables =
            statement.executeQuery("select count(*) from pg_tables where tablename = 't'")) {
      tables.next();
      assertThat(tables.getInt(1)).isZero();
    }
  }
}
