package io.partita.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code lineage:} section: where OpenLineage events go.
 *
 * @param path the JSONL file of the {@code file} transport, relative to the project
 * @param url the endpoint of the {@code http} transport (e.g. Marquez at http://localhost:5000)
 * @param apiKey sent as a bearer token by the {@code http} transport
 */
public record LineageSettings(
    Transport transport, String path, Optional<String> url, Optional<String> apiKey) {
  public static final String DEFAULT_PATH = ".partita/lineage/events.jsonl";
  public static final LineageSettings DEFAULT =
      new LineageSettings(Transport.FILE, DEFAULT_PATH, Optional.empty(), Optional.empty());

  public LineageSettings {
    requireNonNull(transport, "transport is null");
    requireNonNull(path, "path is null");
    requireNonNull(url, "url is null");
    requireNonNull(apiKey, "apiKey is null");
    if (transport == Transport.HTTP && url.isEmpty()) {
      throw new IllegalArgumentException("the http lineage transport needs a url");
    }
  }

  /** How events leave the process. */
  public enum Transport {
    FILE,
    HTTP,
    NONE;

    public String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
