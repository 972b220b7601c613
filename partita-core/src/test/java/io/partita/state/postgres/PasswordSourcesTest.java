package io.partita.state.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSourcesTest {
  private static final PostgresUrl URL = new PostgresUrl("partita", "db", 5432, "ops", "public");

  @TempDir Path home;

  @Test
  void partitaStatePasswordWinsOverPgpasswordWhichWinsOverThePasswordFile() throws IOException {
    Files.writeString(home.resolve(".pgpass"), "db:5432:ops:partita:from-file\n");

    assertThat(
            new PasswordSources(
                    Map.of("PARTITA_STATE_PASSWORD", "partita-env", "PGPASSWORD", "pg-env"), home)
                .find(URL))
        .contains("partita-env");
    assertThat(new PasswordSources(Map.of("PGPASSWORD", "pg-env"), home).find(URL))
        .contains("pg-env");
    assertThat(new PasswordSources(Map.of(), home).find(URL)).contains("from-file");
  }

  @Test
  void thePasswordFileMatchesFieldsWithWildcardsAndEscapesFirstMatchWins() throws IOException {
    Files.writeString(
        home.resolve(".pgpass"),
        String.join(
            "\n",
            "# comment",
            "db:5432:other:partita:wrong-database",
            "db:*:ops:someone:wrong-user",
            "*:*:ops:partita:p\\:a\\\\ss:word",
            "*:*:*:*:fallback",
            ""));

    assertThat(new PasswordSources(Map.of(), home).find(URL)).contains("p:a\\ss:word");
    assertThat(
            new PasswordSources(Map.of(), home)
                .find(new PostgresUrl("x", "elsewhere", 1, "y", "public")))
        .contains("fallback");
  }

  @Test
  void pgpassfileNamesAnotherFileAndNoSourceMeansNoPassword() throws IOException {
    Path file = home.resolve("custom");
    Files.writeString(file, "db:5432:ops:partita:custom\n");

    assertThat(new PasswordSources(Map.of("PGPASSFILE", file.toString()), home).find(URL))
        .contains("custom");
    assertThat(new PasswordSources(Map.of(), home).find(URL)).isEmpty();
  }
}
