// The partition page: "Re-run this partition" starts a backfill of just this cell.
(function () {
  "use strict";
  var button = document.querySelector("button.rerun");
  var result = document.getElementById("rerun-result");
  if (!button) { return; }
  button.addEventListener("click", function () {
    Partita.post("/api/runs", { partitions: button.dataset.partitions, assets: button.dataset.assets, reason: "re-run from the dashboard" })
      .then(function (run) {
        if (run.id) { location.href = "/runs/" + encodeURIComponent(run.id); } else { Partita.say(result, run.message, false); }
      })
      .catch(function (error) { Partita.say(result, error.message, true); });
  });
})();
