package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.Engine;
import io.partita.engine.EngineContractTest;
import io.partita.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine contract on local Spark with an Iceberg JDBC catalog ({@code type: jdbc}) in a real
 * PostgreSQL: the catalog's pointers to table metadata live in PostgreSQL, the files in the
 * project's directory.
 */
class SparkJdbcCatalogContractTest extends EngineContractTest {
  /** One database per project: a reopened engine (the contract's "crash") finds its catalog. */
  private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();

  @Override
  protected Engine open(Path project) {
    String uri = DATABASES.computeIfAbsent(project, any -> TestPostgres.freshDatabase());
    return SparkEngine.open(settings(project, uri), Clock.systemUTC());
  }

  private static SparkSettings settings(Path project, String uri) {
    SparkSettings local = LocalSpark.settings(project);
    return new SparkSettings(
        local.master(),
        new SparkSettings.CatalogSettings(
            "lake",
            "jdbc",
            project.resolve(".partita/lake").toString(),
            java.util.Optional.of(uri)),
        local.namespace(),
        local.conf());
  }

  @Test
  void theCatalogKeepsItsTablesInPostgresql(@TempDir Path project) throws Exception {
    String uri = TestPostgres.freshDatabase();
    SparkSettings settings = settings(project, uri);
    try (SparkEngine engine = SparkEngine.open(settings, Clock.systemUTC())) {
      engine
          .tables()
          .session()
          .sql("CREATE TABLE " + engine.tables().qualified("kept__v1") + " (x INT) USING iceberg");
    }

    List<String> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(uri);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT catalog_name, table_namespace, table_name, metadata_location"
                    + " FROM iceberg_tables ORDER BY table_name")) {
      while (rows.next()) {
        tables.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
        assertThat(rows.getString(4)).startsWith(project.resolve(".partita/lake").toString());
      }
    }
    assertThat(tables)
        .containsExactly(
            "lake " + settings.namespace() + " _partita_warehouse",
            "lake " + settings.namespace() + " kept__v1");
  }
}
