package io.partita.web.page;

import io.partita.json.JsonOutput;
import java.time.Instant;
import java.util.Optional;

/** HTML escaping for everything that reaches a page: names, keys, messages, SQL errors. */
public final class Html {
  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A path segment for a link, percent-encoded (and then safe in an attribute). */
  public static String segment(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  static String time(Optional<Instant> instant) {
    return instant.map(JsonOutput::time).orElse("–");
  }

  static String badge(String state) {
    return "<span class=\"badge s-"
        + escape(state)
        + "\">"
        + escape(state.replace('_', ' '))
        + "</span>";
  }

  static String runLink(String runId) {
    return "<a href=\"/runs/" + segment(runId) + "\">" + escape(runId) + "</a>";
  }
}
