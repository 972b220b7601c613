package io.partita.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.backend.BackendUrl;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void aUrlNamesUserHostPortDatabaseAndSchema() {
    PostgresUrl url =
        PostgresUrl.parse(
            warehouse(
                "postgresql://features@db.internal:6543/analytics?schema=marts&sslmode=require"));

    assertThat(url.user()).contains("features");
    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.internal:6543/analytics?sslmode=require");
    assertThat(url.schema()).isEqualTo("marts");
    assertThat(url.display())
        .isEqualTo("postgresql://features@db.internal:6543/analytics?schema=marts");
  }

  @Test
  void portAndSchemaHaveDefaults() {
    PostgresUrl url =
        PostgresUrl.parse(new BackendUrl("warehouse", "postgres://db/features", "postgres://"));

    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.schema()).isEqualTo("public");
    assertThat(url.user()).isEmpty();
  }

  @Test
  void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(
            () -> PostgresUrl.parse(warehouse("postgresql://features:s3cret@db.internal/features")))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "partita.yaml: warehouse 'postgresql://features:***@...' holds a password; never write"
                + " it in partita.yaml: remove it from the URL and set PARTITA_WAREHOUSE_PASSWORD or"
                + " PGPASSWORD, or add it to ~/.pgpass")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
    assertThatThrownBy(
            () -> PostgresUrl.parse(warehouse("postgresql://features@db/features?password=s3cret")))
        .hasMessageContaining("holds a password parameter")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void thePasswordComesFromPartitaWarehousePasswordThenPgpassword() {
    BackendUrl url = warehouse("postgresql://features@db.internal/features");
    Map<String, String> both = Map.of("PARTITA_WAREHOUSE_PASSWORD", "mine", "PGPASSWORD", "libpq");

    assertThat(new PostgresEngineProvider(both::get).target(url, null).password())
        .isEqualTo("mine");
    assertThat(
            new PostgresEngineProvider(Map.of("PGPASSWORD", "libpq")::get)
                .target(url, null)
                .password())
        .isEqualTo("libpq");
    // Neither: the driver reads ~/.pgpass (or PGPASSFILE) itself.
    assertThat(
            new PostgresEngineProvider(Map.<String, String>of()::get).target(url, null).password())
        .isNull();
  }

  @Test
  void theLocationNamesTheServerAndNeverAPassword() {
    Path location =
        new PostgresEngineProvider(Map.of("PGPASSWORD", "s3cret")::get)
            .location(warehouse("postgresql://features@db.internal/features"), Path.of("."));

    assertThat(location.toString())
        .contains("features@db.internal:5432/features")
        .doesNotContain("s3cret");
  }

  private static BackendUrl warehouse(String url) {
    return new BackendUrl(
        "warehouse", url, url.startsWith("postgres://") ? "postgres://" : "postgresql://");
  }
}
