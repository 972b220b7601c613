// Shared by every page: the API token (kept in sessionStorage, never in a cookie) and fetch helpers.
(function () {
  "use strict";
  var match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("partita.token", decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  var input = document.getElementById("token");
  if (input) {
    input.value = sessionStorage.getItem("partita.token") || "";
    input.addEventListener("change", function () { sessionStorage.setItem("partita.token", input.value.trim()); });
  }
  function getJson(url) {
    var headers = {};
    var token = sessionStorage.getItem("partita.token");
    if (token) { headers.Authorization = "Bearer " + token; }
    return fetch(url, { headers: headers, cache: "no-store" }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error || response.statusText); }
        return body;
      });
    });
  }
  function post(url, body) {
    var token = sessionStorage.getItem("partita.token") || "";
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) { throw new Error(json.error || response.statusText); }
        return json;
      });
    });
  }
  /** Shows a message; textContent, so server messages are never parsed as HTML. */
  function say(element, text, isError) {
    if (!element) { return; }
    element.textContent = text;
    element.className = isError ? "error-message" : "";
  }
  window.Partita = { getJson: getJson, post: post, say: say };
})();
