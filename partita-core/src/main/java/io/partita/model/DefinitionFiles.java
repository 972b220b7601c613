package io.partita.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The frozen text of a pipeline definition: {@code partita.yaml} and every SQL model and command
 * script it names, by project-relative path. A run executes these contents, never the working tree,
 * so edits made while a backfill runs do not mix into it.
 */
public record DefinitionFiles(Map<String, String> files) {
  public static final String CONFIG_FILE = "partita.yaml";

  public DefinitionFiles {
    files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** SHA-256 over the sorted paths and contents, hex encoded. */
  public String hash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> entry : files.entrySet()) {
        digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(entry.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first 12 hex digits of the hash, for display. */
  public String shortHash() {
    return hash().substring(0, 12);
  }
}
