package io.partita.backend;

import static java.util.Objects.requireNonNull;

/**
 * A backend setting of partita.yaml as written, e.g. {@code warehouse:
 * duckdb:.partita/warehouse.duckdb}: the key names the setting in error messages, the scheme picks
 * the provider.
 *
 * @param key the partita.yaml key ({@code warehouse} or {@code state})
 * @param url the value, e.g. {@code sqlite:.partita/state.db} or {@code postgresql://host/db}
 * @param scheme the provider's scheme this URL starts with, e.g. {@code sqlite:}
 */
public record BackendUrl(String key, String url, String scheme) {
  public BackendUrl {
    requireNonNull(key, "key is null");
    requireNonNull(url, "url is null");
    requireNonNull(scheme, "scheme is null");
    if (!url.startsWith(scheme)) {
      throw new IllegalArgumentException("URL " + url + " does not start with " + scheme);
    }
  }

  /** What follows the scheme: a path for file backends, a host and database for servers. */
  public String rest() {
    return url.substring(scheme.length());
  }
}
