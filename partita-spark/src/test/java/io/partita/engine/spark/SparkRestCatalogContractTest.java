package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.Engine;
import io.partita.engine.EngineContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine contract on local Spark with an Iceberg REST catalog ({@code type: rest}): every table
 * and commit goes over HTTP to {@link RestCatalogServer}, which keeps the catalog in SQLite.
 */
class SparkRestCatalogContractTest extends EngineContractTest {
  /** One catalog server per project: a reopened engine (the contract's "crash") finds it. */
  private static final Map<Path, RestCatalogServer> SERVERS = new ConcurrentHashMap<>();

  @AfterAll
  static void stopServers() {
    SERVERS.values().forEach(RestCatalogServer::close);
    SERVERS.clear();
  }

  @Override
  protected Engine open(Path project) {
    RestCatalogServer server = SERVERS.computeIfAbsent(project, RestCatalogServer::start);
    return SparkEngine.open(restSettings(project, server.uri()), Clock.systemUTC());
  }

  /** Local Spark with a REST catalog at {@code uri}. */
  static SparkSettings restSettings(Path project, String uri) {
    SparkSettings local = LocalSpark.settings(project);
    return new SparkSettings(
        local.master(),
        new SparkSettings.CatalogSettings(
            "lake", "rest", project.resolve(".partita/lake").toString(), Optional.of(uri)),
        local.namespace(),
        local.conf());
  }

  @Test
  void theEngineTalksToTheCatalogOverHttp(@TempDir Path project) throws Exception {
    Path catalogDir = Files.createDirectories(project.resolve("catalog"));
    try (RestCatalogServer server = RestCatalogServer.start(catalogDir);
        SparkEngine engine =
            SparkEngine.open(restSettings(project, server.uri()), Clock.systemUTC())) {
      engine
          .tables()
          .session()
          .sql("CREATE TABLE " + engine.tables().qualified("kept__v1") + " (x INT) USING iceberg");

      assertThat(engine.tables().iceberg()).isInstanceOf(RESTCatalog.class);
      Namespace namespace = Namespace.of(engine.settings().namespace());
      assertThat(server.backend().listTables(namespace))
          .contains(TableIdentifier.of(namespace, "kept__v1"));
      assertThat(server.backend().loadTable(TableIdentifier.of(namespace, "kept__v1")).location())
          .startsWith(catalogDir.resolve("warehouse").toString());
    }
  }
}
