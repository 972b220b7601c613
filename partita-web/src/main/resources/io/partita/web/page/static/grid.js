// The partition grid: one row per asset, one column per partition (or per day/week/month when
// zoomed out), drawn as one SVG from /api/partitions?format=grid and redrawn when states change.
(function () {
  "use strict";
  var host = document.getElementById("grid");
  var tooltip = document.getElementById("tooltip");
  var summary = document.getElementById("grid-summary");
  var NAMES = { s: "succeeded", f: "failed", c: "failed_checks", r: "running", q: "queued", m: "missing", t: "stale", e: "empty", i: "interrupted" };
  var COLORS = { s: "#2e9d4f", f: "#d33c3c", c: "#e8871e", r: "#2f7fd8", q: "#9ec5f0", m: "#e4e6ea", t: "#8e6cc4", e: "#a8dcb5", i: "#b07a2a" };
  // A zoomed-out cell shows its most urgent partition: failures first, then work in flight.
  var RANK = { f: 0, c: 1, i: 2, r: 3, q: 4, m: 5, t: 6, e: 7, s: 8 };
  var ROW = 18, GAP = 1, HEADER = 16;
  var data = null, lastText = null, zoom = null;

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function isoWeek(dayKey) {
    var d = new Date(Date.UTC(+dayKey.slice(0, 4), +dayKey.slice(5, 7) - 1, +dayKey.slice(8, 10)));
    var weekday = (d.getUTCDay() + 6) % 7;
    d.setUTCDate(d.getUTCDate() - weekday + 3);
    var year = d.getUTCFullYear();
    var firstThursday = new Date(Date.UTC(year, 0, 4));
    var week = 1 + Math.round(((d - firstThursday) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
    return year + "-W" + (week < 10 ? "0" : "") + week;
  }

  function bucketOf(key) {
    if (zoom === "partition" || !/^\d{4}-\d{2}/.test(key)) { return key; }
    if (/^\d{4}-W\d{2}$/.test(key)) { return zoom === "month" ? key.slice(0, 4) : key; }
    if (zoom === "day") { return key.slice(0, 10); }
    if (zoom === "week") { return key.length >= 10 ? isoWeek(key.slice(0, 10)) : key; }
    return key.slice(0, 7);
  }

  function defaultZoom(columns) {
    if (columns <= 400) { return "partition"; }
    return columns <= 2800 ? "week" : "month";
  }

  function buckets() {
    var list = [], index = {};
    data.columns.forEach(function (key, column) {
      var bucket = bucketOf(key);
      if (!(bucket in index)) { index[bucket] = list.length; list.push({ label: bucket, columns: [] }); }
      list[index[bucket]].columns.push(column);
    });
    return list;
  }

  function render() {
    var columns = buckets();
    var width = host.clientWidth - 160;
    var cell = Math.max(3, Math.min(18, Math.floor(width / Math.max(columns.length, 1)) - GAP));
    var step = cell + GAP;
    var svgWidth = columns.length * step, svgHeight = HEADER + data.assets.length * ROW;
    var parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="', svgWidth, '" height="', svgHeight, '">'];
    var labelEvery = Math.max(1, Math.ceil(70 / step));
    for (var c = 0; c < columns.length; c += labelEvery) {
      parts.push('<text x="', c * step, '" y="11" font-size="10" fill="#6b7280">', esc(columns[c].label), "</text>");
    }
    var counts = { s: 0, e: 0, f: 0, c: 0, r: 0, q: 0, i: 0, m: 0, t: 0 };
    data.assets.forEach(function (asset, row) {
      var states = asset.states;
      for (var i = 0; i < states.length; i++) { counts[states[i]]++; }
      var y = HEADER + row * ROW;
      columns.forEach(function (bucket, column) {
        var worst = "s", worstColumn = bucket.columns[0];
        bucket.columns.forEach(function (col) {
          var state = states[col];
          if (RANK[state] < RANK[worst]) { worst = state; worstColumn = col; }
        });
        var partition = data.columns[worstColumn];
        parts.push('<rect x="', column * step, '" y="', y, '" width="', cell, '" height="', ROW - 3, '" fill="', COLORS[worst],
          '" data-asset="', esc(asset.name), '" data-partition="', esc(partition), '" data-state="', NAMES[worst],
          '" data-bucket="', esc(bucket.label), '" data-size="', bucket.columns.length, '"/>');
      });
    });
    parts.push("</svg>");
    var names = data.assets.map(function (asset) {
      return '<div style="height:' + ROW + 'px">' + esc(asset.name) + "</div>";
    }).join("");
    host.innerHTML = '<div class="names"><div style="height:' + HEADER + 'px"></div>' + names + '</div><div class="cells">' + parts.join("") + "</div>";
    host.setAttribute("aria-busy", "false");
    host.dataset.zoom = zoom;
    host.dataset.columns = String(columns.length);
    // Counts are of cells (asset x partition), so that they add up: cells = partitions x assets.
    var cellCount = data.columns.length * data.assets.length;
    var text = data.columns.length + " partitions × " + data.assets.length + " assets = " + cellCount + " cells";
    Object.keys(counts).forEach(function (code) { if (counts[code]) { text += " · " + counts[code] + " " + NAMES[code].replace("_", " "); } });
    summary.textContent = text;
    if (!window.partitaGridRenderedAt) { window.partitaGridRenderedAt = performance.now(); }
  }

  function load() {
    return Partita.getJson(host.dataset.src).then(function (json) {
      var text = JSON.stringify(json.assets) + json.columns.length;
      if (text !== lastText) {
        lastText = text;
        data = json;
        if (!zoom) { zoom = defaultZoom(json.columns.length); }
        if (json.columns.length === 0) {
          host.textContent = "Nothing materialized yet: start a backfill above or with `partita backfill`.";
          host.setAttribute("aria-busy", "false");
          if (!window.partitaGridRenderedAt) { window.partitaGridRenderedAt = performance.now(); }
        } else {
          render();
        }
      }
      return json;
    }).catch(function (error) { host.textContent = error.message; host.setAttribute("aria-busy", "false"); });
  }

  function poll() {
    load().then(function (json) {
      setTimeout(poll, json && json.executing > 0 ? 1000 : 3000);
    }, function () { setTimeout(poll, 5000); });
  }

  host.addEventListener("click", function (event) {
    var rect = event.target.closest("rect");
    if (rect) {
      location.href = "/partitions/" + encodeURIComponent(rect.dataset.asset) + "/" + encodeURIComponent(rect.dataset.partition);
    }
  });
  host.addEventListener("mousemove", function (event) {
    var rect = event.target.closest("rect");
    if (!rect) { tooltip.hidden = true; return; }
    var size = +rect.dataset.size;
    tooltip.textContent = rect.dataset.asset + " " + (size > 1 ? rect.dataset.bucket + " (" + size + " partitions, worst: " + rect.dataset.partition + ")" : rect.dataset.partition) + " — " + rect.dataset.state.replace("_", " ");
    tooltip.style.left = event.clientX + 12 + "px";
    tooltip.style.top = event.clientY + 12 + "px";
    tooltip.hidden = false;
  });
  host.addEventListener("mouseleave", function () { tooltip.hidden = true; });
  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () { zoom = button.dataset.zoom; if (data && data.columns.length) { render(); } });
  });
  window.addEventListener("resize", function () { if (data && data.columns.length) { render(); } });

  var form = document.getElementById("backfill-form");
  var result = document.getElementById("backfill-result");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = {};
    ["partitions", "assets", "reason"].forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) { body[name] = value; }
    });
    if (form.elements.max_parallel.value) { body.max_parallel = parseInt(form.elements.max_parallel.value, 10); }
    Partita.say(result, "Starting…", false);
    Partita.post("/api/runs", body).then(function (run) {
      if (!run.id) { Partita.say(result, run.message, false); return; }
      result.textContent = "";
      var link = document.createElement("a");
      link.href = "/runs/" + encodeURIComponent(run.id);
      link.id = "started-run";
      link.textContent = "Run " + run.id + " started (" + run.tasks + " tasks)";
      result.appendChild(link);
      load();
    }).catch(function (error) { Partita.say(result, error.message, true); });
  });

  poll();
})();
