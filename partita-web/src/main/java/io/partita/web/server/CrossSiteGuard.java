package io.partita.web.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses requests a page of another site made through the user's browser: {@code Sec-Fetch-Site:
 * cross-site}, or an {@code Origin} whose host:port is not the one the request was sent to (its
 * {@code Host} header). A browser sets both and a page cannot forge them; clients such as curl send
 * neither and pass. Loopback binds have no token on reads, so without this any site could read the
 * dashboard's JSON (or make the server work) from a visitor's browser.
 */
final class CrossSiteGuard {
  private CrossSiteGuard() {}

  /** Why the request is refused, or empty when it may go on. */
  static Optional<String> refusal(String secFetchSite, String origin, String host) {
    if (secFetchSite != null && secFetchSite.strip().equalsIgnoreCase("cross-site")) {
      return Optional.of(
          "Cross-site requests are refused (Sec-Fetch-Site: cross-site); open the dashboard itself");
    }
    if (origin != null && !sameAuthority(origin.strip(), host)) {
      return Optional.of(
          "Requests from another origin are refused (Origin is not http://"
              + host
              + "); open the dashboard itself");
    }
    return Optional.empty();
  }

  private static boolean sameAuthority(String origin, String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
        return false; // "null" (sandboxed frames, file: pages) and anything that is not a web
        // origin
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      return authority(uri.getHost(), port)
          .equals(authority(host, scheme.equals("https") ? 443 : 80));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** {@code host[:port]} as lower-case {@code host:port}, with the default port filled in. */
  private static String authority(String hostAndPort, int defaultPort) {
    String text = hostAndPort.toLowerCase(Locale.ROOT);
    int bracket = text.lastIndexOf(']');
    int colon = text.lastIndexOf(':');
    if (colon > bracket && (bracket >= 0 || text.indexOf(':') == colon)) {
      return text;
    }
    return text + ":" + defaultPort;
  }
}
