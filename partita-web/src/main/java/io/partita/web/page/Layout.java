package io.partita.web.page;

import io.partita.web.extension.DashboardExtension;
import io.partita.web.extension.PageShell;
import java.util.List;

/** The page shell: header, navigation, token field, stylesheet and scripts. */
public final class Layout implements PageShell {
  private final String project;
  private final List<DashboardExtension.NavLink> links;

  Layout(String project, List<DashboardExtension.NavLink> extensionLinks) {
    this.project = project;
    this.links = List.copyOf(extensionLinks);
  }

  /** {@code body} must already be escaped HTML; {@code scripts} are names under /static. */
  @Override
  public String page(String title, String active, String body, String... scripts) {
    StringBuilder html = new StringBuilder(body.length() + 2048);
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(Html.escape(title))
        .append(" · ")
        .append(Html.escape(project))
        .append(" · Partita</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body>")
        .append("<header><a class=\"brand\" href=\"/\">Partita</a><span class=\"project\">")
        .append(Html.escape(project))
        .append("</span><nav>");
    nav(html, "Partitions", "/", active);
    nav(html, "Runs", "/runs", active);
    nav(html, "Checks", "/checks", active);
    nav(html, "Workers", "/workers", active);
    for (DashboardExtension.NavLink link : links) {
      nav(html, link.label(), link.path(), active);
    }
    html.append(
            "</nav><label class=\"token\">API token <input id=\"token\" type=\"password\" autocomplete=\"off\"")
        .append(" placeholder=\"for start/pause/cancel\"></label></header><main>")
        .append(body)
        .append("</main><script src=\"/static/app.js\"></script>");
    for (String script : scripts) {
      html.append("<script src=\"/static/").append(Html.escape(script)).append("\"></script>");
    }
    return html.append("</body></html>").toString();
  }

  public String error(int status, String message) {
    return page(
        "Error " + status,
        "",
        "<h1>Error "
            + status
            + "</h1><p class=\"error-message\">"
            + Html.escape(message)
            + "</p><p><a href=\"/\">Back to the grid</a></p>");
  }

  private static void nav(StringBuilder html, String label, String path, String active) {
    html.append("<a href=\"")
        .append(Html.escape(path))
        .append('"')
        .append(label.equals(active) ? " class=\"active\"" : "")
        .append('>')
        .append(Html.escape(label))
        .append("</a>");
  }
}
