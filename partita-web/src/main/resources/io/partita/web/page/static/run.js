// One run: live counts, throughput and ETA, a Gantt timeline of its tasks (one lane per task
// running at once, so the concurrency limit shows as the number of lanes) and pause/resume/cancel.
(function () {
  "use strict";
  var root = document.getElementById("run");
  var COLORS = { succeeded: "#2e9d4f", failed: "#d33c3c", upstream_failed: "#d33c3c", failed_checks: "#e8871e",
    running: "#2f7fd8", retrying: "#2f7fd8", staged: "#2f7fd8", queued: "#9ec5f0", cancelled: "#c4c8cf", skipped: "#e4e6ea" };
  var TERMINAL = { succeeded: 1, failed: 1, cancelled: 1 };

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function duration(seconds) {
    if (seconds == null) { return "–"; }
    if (seconds < 60) { return seconds + " s"; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + " min " + (seconds % 60) + " s"; }
    return Math.floor(seconds / 3600) + " h " + Math.floor((seconds % 3600) / 60) + " min";
  }

  function counts(run) {
    var p = run.progress;
    var items = [["done", p.done + " / " + p.total], ["running", p.running], ["queued", p.queued], ["failed", p.failed],
      ["cancelled", p.cancelled], ["throughput", p.tasks_per_minute == null ? "–" : p.tasks_per_minute + " tasks/min"],
      ["ETA", TERMINAL[run.status] ? "finished" : run.status === "running" ? duration(p.eta_seconds) : "– (" + run.status + ")"]];
    var allowed = { running: "pause cancel", queued: "pause cancel", paused: "resume cancel",
      interrupted: "resume cancel", failed: "resume" }[run.status] || "";
    document.querySelectorAll("[data-action]").forEach(function (button) {
      button.hidden = allowed.split(" ").indexOf(button.dataset.action) < 0;
    });
    if (run.server_error) { items.push(["server", run.server_error]); }
    document.getElementById("counts").innerHTML = items.map(function (item) {
      return "<dt>" + esc(item[0]) + '</dt><dd id="count-' + esc(item[0].toLowerCase()) + '">' + esc(item[1]) + "</dd>";
    }).join("");
    var bar = document.querySelector("#progress .bar");
    bar.style.width = (p.total ? Math.round(100 * (p.done + p.failed + p.cancelled) / p.total) : 0) + "%";
    document.getElementById("run-status").innerHTML = '<span class="badge s-' + esc(run.status) + '">' + esc(run.status) + "</span>";
  }

  function gantt(run) {
    var now = Date.now();
    var tasks = run.tasks.filter(function (t) { return t.started_at; }).map(function (t) {
      return { task: t, start: Date.parse(t.started_at), end: t.finished_at ? Date.parse(t.finished_at) : now };
    }).sort(function (a, b) { return a.start - b.start; });
    var box = document.getElementById("gantt");
    if (!tasks.length) { box.textContent = "No task has started yet."; return; }
    var lanes = [];
    tasks.forEach(function (bar) {
      var lane = lanes.findIndex(function (end) { return end <= bar.start; });
      if (lane < 0) { lane = lanes.length; lanes.push(0); }
      lanes[lane] = bar.end;
      bar.lane = lane;
    });
    var t0 = tasks[0].start, t1 = Math.max.apply(null, tasks.map(function (b) { return b.end; }));
    var width = Math.max(box.clientWidth - 20, 400), lane = 16;
    var scale = (width - 10) / Math.max(t1 - t0, 1);
    var parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="', width, '" height="', lanes.length * lane + 22, '">'];
    tasks.forEach(function (bar) {
      var x = 5 + (bar.start - t0) * scale, w = Math.max(2, (bar.end - bar.start) * scale);
      parts.push('<rect x="', x.toFixed(1), '" y="', bar.lane * lane + 2, '" width="', w.toFixed(1), '" height="', lane - 4,
        '" fill="', COLORS[bar.task.status] || "#999", '" data-status="', esc(bar.task.status), '"><title>',
        esc(bar.task.asset + " " + bar.task.partition + " — " + bar.task.status + ", " + ((bar.end - bar.start) / 1000).toFixed(2) + " s"),
        "</title></rect>");
    });
    parts.push('<text x="5" y="', lanes.length * lane + 16, '" font-size="11" fill="#6b7280">', esc(lanes.length + " lanes (tasks at once; max parallel " + run.max_parallel + ") over " + ((t1 - t0) / 1000).toFixed(1) + " s"), "</text></svg>");
    box.innerHTML = parts.join("");
  }

  function table(run) {
    document.querySelector("#tasks tbody").innerHTML = run.tasks.map(function (t) {
      return "<tr><td>" + esc(t.asset) + '</td><td><a href="/partitions/' + encodeURIComponent(t.asset) + "/" + encodeURIComponent(t.partition) + '">'
        + esc(t.partition) + '</a></td><td><span class="badge s-' + esc(t.status) + '">' + esc(t.status) + "</span></td><td>" + esc(t.attempts)
        + "</td><td>" + esc(t.started_at || "–") + "</td><td>" + esc(t.finished_at || "–") + "</td><td>" + esc(t.rows_written == null ? "–" : t.rows_written)
        + '</td><td class="error-message">' + esc(t.error || "") + "</td></tr>";
    }).join("");
  }

  function load() {
    return Partita.getJson(root.dataset.src).then(function (run) {
      counts(run);
      gantt(run);
      table(run);
      root.dataset.status = run.status;
      return run;
    });
  }

  function poll() {
    load().then(function (run) {
      setTimeout(poll, TERMINAL[run.status] && !run.executing_here ? 5000 : 1000);
    }, function () { setTimeout(poll, 3000); });
  }

  var result = document.getElementById("control-result");
  document.querySelectorAll("[data-action]").forEach(function (button) {
    button.addEventListener("click", function () {
      Partita.post(root.dataset.src + "/" + button.dataset.action).then(function (answer) {
        Partita.say(result, answer.action + ": run is " + answer.status + (answer.control !== "none" ? " (" + answer.control + " requested)" : ""), false);
        load();
      }).catch(function (error) { Partita.say(result, error.message, true); });
    });
  });
  poll();
})();
