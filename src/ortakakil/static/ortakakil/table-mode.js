// Table mode: never lose an idea when the venue's Wi-Fi drops.
// Each idea gets a client key; unsent ideas wait in localStorage and are resent every few
// seconds. The server ignores an idea whose client key it already has, so resending is safe.
(function () {
  "use strict";
  var form = document.getElementById("capture");
  if (!form || !window.fetch) return;
  var queueKey = form.dataset.queueKey;
  var status = document.getElementById("queue-status");
  function load() { try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; } }
  function save(queue) { localStorage.setItem(queueKey, JSON.stringify(queue)); }
  function show(queue) { status.textContent = queue.length ? queue.length + " ⏳" : ""; }
  function newKey() { return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random(); }
  function send(item) {
    var body = new URLSearchParams(item);
    return fetch(form.action || window.location.href, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": item.csrfmiddlewaretoken }
    }).then(function (response) {
      if (response.status >= 500) throw new Error("server");
      return response.text().then(function (html) {
        var list = document.getElementById("table-ideas");
        if (list) {
          list.outerHTML = html;
          // The new list's links (correct, merge, withdraw) are htmx links too.
          var fresh = document.getElementById("table-ideas");
          if (fresh && window.htmx) window.htmx.process(fresh);
        }
        return response.ok;
      });
    });
  }
  function flush() {
    var queue = load();
    show(queue);
    if (!queue.length) return;
    send(queue[0]).then(function () {
      var rest = load().slice(1); save(rest); show(rest); if (rest.length) flush();
    }).catch(function () { show(load()); });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = Object.fromEntries(new FormData(form).entries());
    if (!data.text || !data.text.trim()) return;
    data.client_key = newKey();
    var queue = load(); queue.push(data); save(queue);
    form.querySelector("textarea").value = "";
    form.querySelector("textarea").focus();
    flush();
  }, true);
  form.querySelector("textarea").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  setInterval(flush, 5000);
  window.addEventListener("online", flush);
  flush();
})();
