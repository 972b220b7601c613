package io.partita.state.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void parsesUserHostPortDatabaseAndSchema() {
    PostgresUrl url =
        PostgresUrl.parse("postgresql://partita@db.internal:6543/ops?schema=state", Map.of());

    assertThat(url).isEqualTo(new PostgresUrl("partita", "db.internal", 6543, "ops", "state"));
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/ops");
    assertThat(url.display()).isEqualTo("postgresql://partita@db.internal:6543/ops?schema=state");
  }

  @Test
  void thePostgresSchemeDefaultPortSchemaAndUserFromPguser() {
    PostgresUrl url = PostgresUrl.parse("postgres://db/ops", Map.of("PGUSER", "alice"));

    assertThat(url).isEqualTo(new PostgresUrl("alice", "db", 5432, "ops", "public"));
  }

  @Test
  void aPasswordIsRefusedWithoutEchoingItAndNamesWhereItBelongs() {
    for (String written :
        new String[] {
          "postgresql://partita:s3cret@db:5432/ops",
          "postgresql://partita:s3/c@r:et@db/ops?schema=x",
          "postgres://db/ops?password=s3cret"
        }) {
      assertThatThrownBy(() -> PostgresUrl.parse(written, Map.of()))
          .as(written)
          .isInstanceOf(PartitaException.class)
          .hasMessageContaining("contains a password")
          .hasMessageContaining("PARTITA_STATE_PASSWORD or PGPASSWORD")
          .hasMessageContaining("~/.pgpass")
          .hasMessageNotContaining("s3")
          .extracting(e -> ((PartitaException) e).category())
          .isEqualTo(ErrorCategory.USER);
    }
  }

  @Test
  void malformedUrlsSayWhatIsMissingAndTheForm() {
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://db", Map.of()))
        .hasMessageContaining("is not a valid PostgreSQL URL (no database name after the host)")
        .hasMessageContaining("postgresql://USER@HOST:PORT/DATABASE?schema=SCHEMA");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql:///ops", Map.of()))
        .hasMessageContaining("(no host)");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://db/ops?sslmode=off", Map.of()))
        .hasMessageContaining("unknown parameter 'sslmode=off' (only schema= is supported)");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://db/ops?schema=Bad-Name", Map.of()))
        .hasMessageContaining("names the schema 'Bad-Name'")
        .hasMessageContaining("e.g. ?schema=partita");
  }
}
