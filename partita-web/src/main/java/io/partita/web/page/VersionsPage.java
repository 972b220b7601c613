package io.partita.web.page;

import io.partita.json.JsonOutput;
import io.partita.publish.VersionManager;
import io.partita.state.VersionStore;
import java.util.List;

/**
 * The versions page: per asset its versions (live, filled, missing, failing checks),
 * promote/rollback forms, history.
 */
final class VersionsPage {
  private VersionsPage() {}

  static String body(List<VersionsExtension.AssetVersions> assets) {
    StringBuilder body = new StringBuilder("<h1>Versions</h1>");
    body.append(
            "<p class=\"muted\">Build a version beside the live one with <code>partita backfill --target ASSET_v2</code>;")
        .append(
            " promote compares it with the live version on canary partitions before switching readers.</p>");
    for (VersionsExtension.AssetVersions asset : assets) {
      if (asset.versions().isEmpty()) {
        continue;
      }
      asset(body, asset);
    }
    if (assets.stream().allMatch(a -> a.versions().isEmpty())) {
      body.append("<p class=\"muted\">No asset has been published yet.</p>");
    }
    return body.toString();
  }

  private static void asset(StringBuilder body, VersionsExtension.AssetVersions asset) {
    String name = Html.escape(asset.asset());
    body.append("<section class=\"asset-versions\" data-asset=\"")
        .append(name)
        .append("\"><h2>")
        .append(name)
        .append("</h2>")
        .append(
            "<table class=\"versions\"><thead><tr><th>version</th><th>live</th><th>filled</th><th>missing</th>")
        .append(
            "<th>failing checks</th><th>snapshot</th><th>created by run</th></tr></thead><tbody>");
    for (VersionManager.VersionInfo info : asset.versions()) {
      body.append("<tr")
          .append(info.live() ? " class=\"live-row\"" : "")
          .append("><td>")
          .append(Html.escape(info.version()))
          .append("</td><td>")
          .append(info.live() ? Html.badge("live") : "")
          .append("</td><td>")
          .append(info.filled())
          .append("</td><td>")
          .append(info.missing())
          .append("</td><td>")
          .append(info.failingChecks())
          .append("</td><td><code>")
          .append(
              Html.escape(
                  info.snapshot().map(s -> s.substring(0, Math.min(12, s.length()))).orElse("–")))
          .append("</code></td><td>")
          .append(info.createdByRun().map(Html::runLink).orElse("–"))
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
    body.append(
            "<form class=\"versions-form promote\" autocomplete=\"off\"><strong>Promote</strong>")
        .append("<label>to <input name=\"to\" required placeholder=\"v2\"></label>")
        .append(
            "<label>canary partitions <input name=\"canary_partitions\" type=\"number\" min=\"1\" value=\"3\"></label>")
        .append(
            "<label>max drift <input name=\"max_drift\" type=\"number\" min=\"0\" step=\"any\" value=\"0.2\"></label>")
        .append(
            "<label><input name=\"allow_incomplete\" type=\"checkbox\"> allow incomplete</label>")
        .append(
            "<label>reason <input name=\"reason\"></label><button type=\"submit\">Promote</button></form>")
        .append(
            "<form class=\"versions-form rollback\" autocomplete=\"off\"><strong>Roll back</strong>")
        .append("<label>to <input name=\"to\" placeholder=\"previous\"></label>")
        .append(
            "<label>reason <input name=\"reason\"></label><button type=\"submit\">Roll back</button></form>")
        .append("<pre class=\"versions-result\" role=\"status\" hidden></pre>");
    history(body, asset.history());
    body.append("</section>");
  }

  private static void history(StringBuilder body, List<VersionStore.VersionEvent> history) {
    if (history.isEmpty()) {
      body.append("<p class=\"muted\">No promote, rollback or drop yet.</p>");
      return;
    }
    body.append(
            "<h3>Switch history</h3><table class=\"history\"><thead><tr><th>at</th><th>action</th><th>from</th><th>to</th>")
        .append("<th>actor</th><th>reason</th><th>details</th></tr></thead><tbody>");
    for (int i = history.size() - 1; i >= 0; i--) {
      VersionStore.VersionEvent event = history.get(i);
      body.append("<tr><td>")
          .append(Html.escape(JsonOutput.time(event.at())))
          .append("</td><td>")
          .append(Html.escape(event.action()))
          .append("</td><td>")
          .append(Html.escape(event.fromVersion().orElse("–")))
          .append("</td><td>")
          .append(Html.escape(event.toVersion()))
          .append("</td><td>")
          .append(Html.escape(event.actor()))
          .append("</td><td>")
          .append(Html.escape(event.reason().orElse("")))
          .append("</td><td>")
          .append(Html.escape(event.details().orElse("")))
          .append("</td></tr>");
    }
    body.append("</tbody></table>");
  }
}
