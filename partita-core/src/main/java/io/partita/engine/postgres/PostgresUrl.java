package io.partita.engine.postgres;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import io.partita.backend.BackendUrl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code warehouse: postgresql://user@host:5432/db?schema=public} setting, split into what the
 * JDBC driver needs. It never holds a password: {@link #parse} refuses one in the URL.
 *
 * @param parameters further {@code ?key=value} settings passed to the driver (e.g. sslmode)
 */
record PostgresUrl(
    Optional<String> user,
    String host,
    int port,
    String database,
    String schema,
    Map<String, String> parameters) {
  static final int DEFAULT_PORT = 5432;
  private static final Pattern URL =
      Pattern.compile("(?:([^@/]*)@)?([^:/?]+|\\[[^\\]]+\\])(?::(\\d+))?/([^?/]+)(?:\\?(.*))?");

  PostgresUrl {
    requireNonNull(user, "user is null");
    requireNonNull(host, "host is null");
    requireNonNull(database, "database is null");
    requireNonNull(schema, "schema is null");
    parameters = Map.copyOf(parameters);
  }

  /**
   * @throws PartitaException USER naming the setting when the URL holds a password or is not of the
   *     form {@code postgresql://user@host:port/database?schema=name}
   */
  static PostgresUrl parse(BackendUrl url) {
    String rest = url.rest();
    int slash = rest.indexOf('/');
    int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
    if (at >= 0 && rest.substring(0, at).contains(":")) {
      String user = rest.substring(0, rest.indexOf(':'));
      throw PartitaException.user(
          "partita.yaml: %s '%s%s:***@...' holds a password; never write it in partita.yaml:"
              + " remove it from the URL and set PARTITA_%s_PASSWORD or PGPASSWORD, or add it to"
              + " ~/.pgpass",
          url.key(), url.scheme(), user, url.key().toUpperCase(Locale.ROOT));
    }
    Matcher matcher = URL.matcher(rest);
    if (!matcher.matches()) {
      throw PartitaException.user(
          "partita.yaml: %s '%s' is not a PostgreSQL URL: write it as"
              + " %sUSER@HOST:5432/DATABASE?schema=SCHEMA",
          url.key(), url.url(), url.scheme());
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (matcher.group(5) != null && !matcher.group(5).isEmpty()) {
      for (String pair : matcher.group(5).split("&")) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
          throw PartitaException.user(
              "partita.yaml: %s '%s': the parameter '%s' is not of the form key=value",
              url.key(), url.url(), pair);
        }
        parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
      }
    }
    if (parameters.containsKey("password")) {
      throw PartitaException.user(
          "partita.yaml: %s '%s' holds a password parameter; never write it in partita.yaml:"
              + " remove it and set PARTITA_%s_PASSWORD or PGPASSWORD, or add it to ~/.pgpass",
          url.key(),
          url.url().substring(0, url.url().indexOf('?')) + "?...",
          url.key().toUpperCase(Locale.ROOT));
    }
    String schema = parameters.remove("schema");
    String user = matcher.group(1);
    return new PostgresUrl(
        Optional.ofNullable(user).filter(name -> !name.isEmpty()).map(PostgresUrl::decode),
        matcher.group(2),
        matcher.group(3) == null ? DEFAULT_PORT : Integer.parseInt(matcher.group(3)),
        decode(matcher.group(4)),
        schema == null || schema.isEmpty() ? PgLayout.DEFAULT_SCHEMA : schema,
        parameters);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** {@code jdbc:postgresql://host:port/database?...}, without user or password. */
  String jdbcUrl() {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://" + host + ":" + port + "/" + database);
    String separator = "?";
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      url.append(separator)
          .append(parameter.getKey())
          .append('=')
          .append(java.net.URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
      separator = "&";
    }
    return url.toString();
  }

  /** {@code postgresql://user@host:port/database?schema=name}: what messages show. */
  String display() {
    return "postgresql://"
        + user.map(name -> name + "@").orElse("")
        + host
        + ":"
        + port
        + "/"
        + database
        + "?schema="
        + schema;
  }

  /** The OpenLineage namespace of the server. */
  String lineageNamespace() {
    return "postgres://" + host + ":" + port;
  }
}
