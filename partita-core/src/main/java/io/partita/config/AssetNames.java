package io.partita.config;

import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Which asset names are allowed. Besides being identifiers, names must stay clear of the names
 * Partita gives its own tables: versions are {@code x__v1}, staging, backup and quarantine tables
 * join parts with {@code __}, and Partita's schemas and audit columns start with {@code _partita}.
 * DuckDB compares identifiers case-insensitively, so the checks do too.
 */
final class AssetNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Prefix of Partita's schemas ({@code _partita_backup}, ...) and audit columns. */
  static final String RESERVED_PREFIX = "_partita";

  private AssetNames() {}

  static void check(YamlNodes yaml, Node keyNode, String name) {
    if (!NAME.matcher(name).matches()) {
      throw yaml.error(
          keyNode,
          "asset name '"
              + name
              + "' is not valid: use letters, digits and _ and start with a letter or _ (e.g. "
              + name.replaceAll("[^A-Za-z0-9_]", "_")
              + ")");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.contains("__")) {
      // Partita's own tables use "__": versions are x__v1, backups and staging tables join parts
      // with "__". An asset a__v1 would write into the storage of asset a.
      throw yaml.error(
          keyNode,
          "asset name '"
              + name
              + "' uses the reserved pattern '__' (double underscore; Partita names versions"
              + " x__v1 and its own tables with it): rename it, e.g. "
              + name.replaceAll("_{2,}", "_"));
    }
    if (lower.startsWith(RESERVED_PREFIX)) {
      throw yaml.error(
          keyNode,
          "asset name '"
              + name
              + "' uses the reserved prefix '"
              + RESERVED_PREFIX
              + "' (Partita's own schemas and columns): rename it, e.g. "
              + name.substring(RESERVED_PREFIX.length()).replaceAll("^_+", "")
              + "_data");
    }
  }
}
