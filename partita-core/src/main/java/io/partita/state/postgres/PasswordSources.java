package io.partita.state.postgres;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the password of a PostgreSQL state store comes from, first match wins: {@code
 * PARTITA_STATE_PASSWORD}, {@code PGPASSWORD}, then the password file ({@code PGPASSFILE}, else
 * {@code ~/.pgpass}) in libpq's format {@code host:port:database:user:password}, where {@code *}
 * matches anything and {@code \:} and {@code \\} escape. No password at all is fine for servers
 * that trust the connection (peer, trust, certificates).
 *
 * @param environment the process environment (a map in tests)
 * @param home the user's home directory
 */
public record PasswordSources(Map<String, String> environment, Path home) {
  public PasswordSources {
    environment = Map.copyOf(environment);
    requireNonNull(home, "home is null");
  }

  /** This process's environment and home directory. */
  public static PasswordSources system() {
    return new PasswordSources(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The password for {@code url}, empty when no source has one. */
  public Optional<String> find(PostgresUrl url) {
    for (String variable : List.of("PARTITA_STATE_PASSWORD", "PGPASSWORD")) {
      String value = environment.get(variable);
      if (value != null && !value.isEmpty()) {
        return Optional.of(value);
      }
    }
    Path file =
        Optional.ofNullable(environment.get("PGPASSFILE"))
            .map(Path::of)
            .orElse(home.resolve(".pgpass"));
    return fromFile(file, url);
  }

  private static Optional<String> fromFile(Path file, PostgresUrl url) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the password file " + file, e);
    }
    List<String> wanted =
        List.of(url.host(), Integer.toString(url.port()), url.database(), url.user());
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = fields(line);
      if (fields.size() == 5 && matches(fields, wanted)) {
        return Optional.of(fields.get(4));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(List<String> fields, List<String> wanted) {
    for (int i = 0; i < wanted.size(); i++) {
      if (!fields.get(i).equals("*") && !fields.get(i).equals(wanted.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Splits at unescaped {@code :}; the fifth field (the password) keeps any further colons. */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        field.append(line.charAt(++i));
      } else if (c == ':' && fields.size() < 4) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
