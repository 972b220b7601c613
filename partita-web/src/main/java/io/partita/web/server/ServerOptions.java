package io.partita.web.server;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where and how the dashboard listens.
 *
 * @param host the address to bind; loopback unless the operator says otherwise
 * @param port 0 picks a free port (tests)
 * @param token the bearer token every mutating request must carry
 * @param tokenGenerated true when no {@code PARTITA_TOKEN} was given and {@link #resolve} made one
 *     (the CLI prints it)
 */
public record ServerOptions(
    Path projectDir, String host, int port, String token, boolean tokenGenerated) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8765;

  public ServerOptions {
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(host, "host is null");
    requireNonNull(token, "token is null");
    if (port < 0 || port > 65535) {
      throw PartitaException.user("--port must be 0..65535, got %d", port);
    }
    if (token.length() < 16) {
      throw PartitaException.user("PARTITA_TOKEN must be at least 16 characters long");
    }
  }

  /**
   * Options for {@code partita ui}: uses {@code environmentToken} when present, otherwise generates
   * a random token. Refuses a non-loopback address without an explicit token, because a token that
   * is only printed on the server's terminal is easy to lose and the pages would be open to the
   * network.
   */
  public static ServerOptions resolve(
      Path projectDir,
      String host,
      int port,
      Optional<String> environmentToken,
      SecureRandom random) {
    boolean loopback = isLoopback(host);
    Optional<String> given = environmentToken.filter(t -> !t.isBlank());
    if (!loopback && given.isEmpty()) {
      throw PartitaException.user(
          "Refusing to listen on %s without a token: set PARTITA_TOKEN (16+ random characters) or use --host 127.0.0.1",
          host);
    }
    if (given.isPresent()) {
      return new ServerOptions(projectDir, host, port, given.get(), false);
    }
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new ServerOptions(projectDir, host, port, token, true);
  }

  /** True when {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
  public static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw PartitaException.user(
          "Unknown --host '%s': give an IP address or a resolvable name", host);
    }
  }

  public boolean loopback() {
    return isLoopback(host);
  }
}
