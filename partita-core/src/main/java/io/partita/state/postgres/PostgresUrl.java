package io.partita.state.postgres;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code state:} URL of PostgreSQL as users write it: {@code
 * postgresql://USER@HOST[:PORT]/DATABASE[?schema=SCHEMA]} (or {@code postgres://…}). A password is
 * refused: it belongs in the environment or {@code ~/.pgpass}, never in partita.yaml.
 *
 * @param user the login role; libpq's default ({@code PGUSER}, else the OS user) when omitted
 * @param host the server's host name or address
 * @param port 5432 unless given
 * @param database the database name
 * @param schema where the tables live, {@code public} unless given; created if absent
 */
public record PostgresUrl(String user, String host, int port, String database, String schema) {
  static final int DEFAULT_PORT = 5432;
  static final String DEFAULT_SCHEMA = "public";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String FORM = "postgresql://USER@HOST:PORT/DATABASE?schema=SCHEMA";

  public PostgresUrl {
    requireNonNull(user, "user is null");
    requireNonNull(host, "host is null");
    requireNonNull(database, "database is null");
    requireNonNull(schema, "schema is null");
  }

  /**
   * Parses a {@code state:} URL.
   *
   * @param environment where a missing user is looked up ({@code PGUSER})
   * @throws PartitaException USER naming the URL (with any password masked) and the fix, when it
   *     holds a password, is malformed, or names an invalid schema
   */
  public static PostgresUrl parse(String url, java.util.Map<String, String> environment) {
    String shown = redact(url);
    if (!shown.equals(url)) {
      throw PartitaException.user(
          "partita.yaml: state '%s' contains a password: remove it from the URL and set"
              + " PARTITA_STATE_PASSWORD or PGPASSWORD, or add a line HOST:PORT:DATABASE:USER:PASSWORD"
              + " to ~/.pgpass",
          shown);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw malformed(url, e.getReason());
    }
    if (uri.getHost() == null) {
      throw malformed(url, "no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!path.matches("/[^/]+")) {
      throw malformed(url, "no database name after the host");
    }
    String schema = DEFAULT_SCHEMA;
    if (uri.getRawQuery() != null) {
      for (String parameter : uri.getRawQuery().split("&")) {
        if (parameter.startsWith("schema=")) {
          schema = decode(parameter.substring("schema=".length()));
        } else if (parameter.startsWith("password=")) {
          throw PartitaException.user(
              "partita.yaml: state '%s' contains a password: remove it from the URL and set"
                  + " PARTITA_STATE_PASSWORD or PGPASSWORD, or add a line"
                  + " HOST:PORT:DATABASE:USER:PASSWORD to ~/.pgpass",
              url.substring(0, url.indexOf('?')) + "?password=***");
        } else {
          throw malformed(url, "unknown parameter '" + parameter + "' (only schema= is supported)");
        }
      }
    }
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw PartitaException.user(
          "partita.yaml: state '%s' names the schema '%s': use lower-case letters, digits and _"
              + " (at most 63, not starting with a digit), e.g. ?schema=partita",
          url, schema);
    }
    String user =
        Optional.ofNullable(uri.getRawUserInfo())
            .map(PostgresUrl::decode)
            .or(() -> Optional.ofNullable(environment.get("PGUSER")))
            .orElse(System.getProperty("user.name"));
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    return new PostgresUrl(user, uri.getHost(), port, decode(path.substring(1)), schema);
  }

  /** The URL with any password replaced by {@code ***}, safe to print. */
  static String redact(String url) {
    // Up to the last '@': a password may itself hold '/', '@' or ':'.
    int start = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (start < 0 || at < start) {
      return url;
    }
    int colon = url.indexOf(':', start + 3);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon) + ":***" + url.substring(at);
  }

  /** The JDBC URL of the database; user and password travel as properties. */
  public String jdbcUrl() {
    String address = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://"
        + address
        + ":"
        + port
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  /** How messages name the store: {@code postgresql://USER@HOST:PORT/DATABASE?schema=SCHEMA}. */
  public String display() {
    return "postgresql://" + user + "@" + server() + "?schema=" + schema;
  }

  /** {@code HOST:PORT/DATABASE}, for messages about reaching the server. */
  public String server() {
    return host + ":" + port + "/" + database;
  }

  private static PartitaException malformed(String url, String why) {
    return PartitaException.user(
        "partita.yaml: state '%s' is not a valid PostgreSQL URL (%s): write %s", url, why, FORM);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
