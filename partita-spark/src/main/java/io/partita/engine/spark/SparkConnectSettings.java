package io.partita.engine.spark;

import io.partita.PartitaException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spark.connect: sc://host:15002}: Partita runs its SQL on a Spark Connect server instead of
 * a driver in its own process, so no Spark runs on the Partita machine. The server has its own
 * master, so {@code master:} and {@code connect:} exclude each other.
 */
final class SparkConnectSettings {
  static final String SCHEME = "sc";

  private SparkConnectSettings() {}

  /** The {@code connect} entry of a {@code spark:} block, checked; empty when not set. */
  static Optional<String> connect(Map<?, ?> spark) {
    Object value = spark.get("connect");
    if (value == null) {
      return Optional.empty();
    }
    String url = String.valueOf(value).strip();
    if (spark.get("master") != null) {
      throw PartitaException.user(
          "%s: spark.master and spark.connect are both set: a Spark Connect server brings its own"
              + " master; remove master: (or connect: to run Spark in this process)",
          SparkSettings.FILE);
    }
    requireUrl(url);
    return Optional.of(url);
  }

  /**
   * Refuses to open a warehouse configured for Spark Connect: the engine reads Iceberg metadata
   * (branches, snapshot summaries) through the Java API of a driver in this process, which a
   * Connect client does not have. Running a local driver instead would silently ignore {@code
   * connect:}.
   */
  static void requireInProcessDriver(SparkSettings settings) {
    settings
        .connect()
        .ifPresent(
            url -> {
              throw PartitaException.user(
                  "%s: spark.connect %s: the Spark engine cannot run on Spark Connect yet (it"
                      + " needs Iceberg's Java API in the driver); nothing was run. Remove"
                      + " connect: and set master: (spark://..., yarn, k8s://...) to run the"
                      + " driver in this process, see README \"Cluster modes\"",
                  SparkSettings.FILE, url);
            });
  }

  private static void requireUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw badUrl(url, e.getReason());
    }
    if (!SCHEME.equals(uri.getScheme())) {
      throw badUrl(url, "it does not start with sc://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw badUrl(url, "it names no host");
    }
  }

  private static PartitaException badUrl(String url, String why) {
    return PartitaException.user(
        "%s: spark.connect '%s' is not a Spark Connect URL (%s): write connect: sc://host:15002",
        SparkSettings.FILE, url, why);
  }
}
