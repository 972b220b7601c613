package io.partita.web.page;

/**
 * The partition grid: drawn by grid.js from {@code /api/partitions?format=grid}, with a backfill
 * form.
 */
final class GridPage {
  private GridPage() {}

  static String render(Layout layout) {
    String body =
        """
        <h1>Partitions</h1>
        <form id="backfill-form" class="backfill" autocomplete="off">
          <strong>Backfill</strong>
          <label>partitions <input name="partitions" required placeholder="2024-12-01..2024-12-07"></label>
          <label>assets <input name="assets" placeholder="all, or features+"></label>
          <label>max parallel <input name="max_parallel" type="number" min="1" max="64"></label>
          <label>reason <input name="reason" placeholder="why"></label>
          <button type="submit" id="start-backfill">Start</button>
          <span id="backfill-result" role="status"></span>
        </form>
        <div class="toolbar">
          <span>Zoom:</span>
          <button type="button" data-zoom="partition">partition</button>
          <button type="button" data-zoom="day">day</button>
          <button type="button" data-zoom="week">week</button>
          <button type="button" data-zoom="month">month</button>
          <span class="legend">
            <i class="s-succeeded"></i>succeeded <i class="s-failed"></i>failed
            <i class="s-failed_checks"></i>failed checks <i class="s-running"></i>running
            <i class="s-queued"></i>queued <i class="s-missing"></i>missing <i class="s-stale"></i>stale
            <i class="s-empty"></i>empty (0 rows)
          </span>
          <span id="grid-summary"></span>
        </div>
        <div id="grid" class="grid" data-src="/api/partitions?format=grid" aria-busy="true">Loading…</div>
        <div id="tooltip" class="tooltip" hidden></div>
        """;
    return layout.page("Partitions", "Partitions", body, "grid.js");
  }
}
