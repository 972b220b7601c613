package io.partita.engine.spark;

import io.partita.PartitaException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a REST catalog's {@code GET <uri>/v1/config} before Spark does, so that a wrong or
 * unreachable {@code spark.catalog.uri} is a clear message naming it instead of a Spark stack.
 */
final class RestCatalogProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private RestCatalogProbe() {}

  /**
   * @throws PartitaException a user error naming the uri, when no REST catalog answers there
   */
  static void check(SparkSettings.CatalogSettings catalog) {
    if (!catalog.type().equals("rest")) {
      return;
    }
    String uri = catalog.uri().orElse("");
    String why;
    try {
      URI config = URI.create(uri.replaceAll("/+$", "") + "/v1/config");
      HttpResponse<Void> response =
          HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              .build()
              .send(
                  HttpRequest.newBuilder(config).timeout(TIMEOUT).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return;
      }
      why = "GET " + config + " answered HTTP " + response.statusCode();
    } catch (IllegalArgumentException e) {
      why = "it is not an http(s) URL: " + e.getMessage();
    } catch (IOException e) {
      why =
          "cannot connect: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "interrupted";
    }
    throw PartitaException.user(
        "%s: spark.catalog.uri '%s' does not answer as an Iceberg REST catalog (%s): check that"
            + " the catalog is running and reachable from here, and that uri is its base address"
            + " (the one before /v1/config, e.g. http://catalog:8181)",
        SparkSettings.FILE, uri, why);
  }
}
