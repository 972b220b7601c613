package io.partita.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.json.JsonOutput;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where the process holding a project's warehouse takes commands from other shells: {@code
 * .partita/holder.json}, readable by its owner only (mode 0600), since it carries the token.
 *
 * @param url the holder's loopback endpoint, e.g. {@code http://127.0.0.1:40123}
 * @param token the per-process secret a request carries as {@code Authorization: Bearer}
 * @param owner {@code host:pid:start} of the holder, as runs name their owner
 * @param pid the holder's process id
 * @param host the holder's host name: the endpoint listens on that host's loopback only
 */
record HolderAdvert(URI url, String token, String owner, long pid, String host) {
  static final String FILE = ".partita/holder.json";

  HolderAdvert {
    requireNonNull(url, "url is null");
    requireNonNull(token, "token is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(host, "host is null");
  }

  static Path file(Path projectDir) {
    return projectDir.resolve(FILE);
  }

  /** The advert in {@code projectDir}, if there is a readable one. */
  static Optional<HolderAdvert> read(Path projectDir) {
    try {
      JsonNode node = JsonOutput.MAPPER.readTree(Files.readString(file(projectDir)));
      return Optional.of(
          new HolderAdvert(
              URI.create(node.path("url").asText()),
              node.path("token").asText(),
              node.path("owner").asText(),
              node.path("pid").asLong(),
              node.path("host").asText()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // Half-written or foreign: run the command here, as without one.
    }
  }

  /** Writes the advert (mode 0600 from the start, then moved into place atomically). */
  void write(Path projectDir) {
    Path target = file(projectDir);
    try {
      Files.createDirectories(target.getParent());
      Path temporary =
          Files.createTempFile(
              target.getParent(),
              "holder-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      ObjectNode node = JsonOutput.object();
      node.put("url", url.toString());
      node.put("token", token);
      node.put("owner", owner);
      node.put("pid", pid);
      node.put("host", host);
      Files.writeString(temporary, JsonOutput.writeIndented(node) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw PartitaException.internal("Cannot write " + target, e);
    }
  }

  /** Removes the advert if it is still this one (a later holder may have replaced it). */
  void remove(Path projectDir) {
    if (read(projectDir).map(current -> current.owner().equals(owner)).orElse(false)) {
      try {
        Files.deleteIfExists(file(projectDir));
      } catch (IOException e) {
        // A stale advert is harmless: its pid is dead and its port refuses connections.
      }
    }
  }
}
