// The versions page: promote and roll back through the API; the answer is shown as text.
(function () {
  "use strict";
  document.querySelectorAll("section.asset-versions").forEach(function (section) {
    var asset = section.dataset.asset;
    var result = section.querySelector(".versions-result");
    function show(text, isError) { result.hidden = false; Partita.say(result, text, isError); }
    function done(json) {
      show((json.switched ? "Switched " : "Refused: stays on ") + (json.switched ? json.from + " -> " + json.to : json.from)
        + "\n" + JSON.stringify(json.comparison || {}, null, 2), !json.switched);
      if (json.switched) { setTimeout(function () { location.reload(); }, 1500); }
    }
    function send(path, body) {
      var token = sessionStorage.getItem("partita.token") || "";
      return fetch("/api/assets/" + encodeURIComponent(asset) + "/" + path, {
        method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + token }, body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (json) {
          if (response.status === 409 && json.comparison) { return json; }
          if (!response.ok) { throw new Error(json.error || response.statusText); }
          return json;
        });
      });
    }
    section.querySelector("form.promote").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      var body = { to: form.to.value.trim(), allow_incomplete: form.allow_incomplete.checked };
      if (form.canary_partitions.value) { body.canary_partitions = parseInt(form.canary_partitions.value, 10); }
      if (form.max_drift.value) { body.max_drift = parseFloat(form.max_drift.value); }
      if (form.reason.value.trim()) { body.reason = form.reason.value.trim(); }
      send("promote", body).then(done).catch(function (error) { show(error.message, true); });
    });
    section.querySelector("form.rollback").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      var body = {};
      if (form.to.value.trim()) { body.to = form.to.value.trim(); }
      if (form.reason.value.trim()) { body.reason = form.reason.value.trim(); }
      send("rollback", body).then(done).catch(function (error) { show(error.message, true); });
    });
  });
})();
