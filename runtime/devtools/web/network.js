/* fanxing simulator: the Network panel. Every request / uploadFile / downloadFile and
 * socket of the app arrives as {type: "network", entry} (bridge/network_log.py), again each
 * time it progresses; a row per entry (method, URL, status, type, time, a "mock" badge
 * when a mock rule answered), and the details of the selected one: general, headers and
 * bodies both ways, socket frames. */
(function () {
  "use strict";

  var SIM = window.FXSIM, el = SIM.el, json = SIM.json;
  var $ = function (sel) { return document.querySelector(sel); };
  var entries = SIM.network = [];  // in arrival order; an entry is replaced as it changes
  var byId = {}, rows = {}, selected = null;

  SIM.on("network", function (msg) { upsert(msg.entry); });
  SIM.on("sim:reset", function () { clear(false); });

  function upsert(e) {
    var old = byId[e.id];
    byId[e.id] = e;
    if (old) entries[entries.indexOf(old)] = e; else entries.push(e);
    var row = rows[e.id];
    if (!row) {
      row = rows[e.id] = el("div", "sim-net-row");
      row.setAttribute("data-id", e.id);
      row.addEventListener("click", function () { select(e.id); });
      $("#sim-net-rows").appendChild(row);
    }
    fillRow(row, e);
    $("#sim-network-count").textContent = String(entries.length);
    if (selected === e.id) detail(e);
  }

  function shortUrl(url) {
    var m = /^[a-z]+:\/\/([^/]+)(\/[^?#]*)?/i.exec(url);
    if (!m) return url;
    var path = m[2] || "/", name = path.split("/").filter(Boolean).pop() || m[1];
    return name + (url.indexOf("?") >= 0 ? "?" + url.split("?")[1] : "");
  }

  function status(e) {
    if (e.state === "pending") return "…";
    if (e.kind === "socket") return e.state === "open" ? "101 open" : (e.error ? "failed" : "closed");
    return e.error ? "failed" : String(e.status);
  }

  function fillRow(row, e) {
    row.textContent = "";
    row.className = "sim-net-row" + (e.error || e.status >= 400 ? " fail" : "") +
      (e.state === "pending" ? " pending" : "") + (selected === e.id ? " on" : "");
    row.appendChild(el("span", "sim-net-method", e.method));
    var url = el("span", "sim-net-url", shortUrl(e.url));
    url.title = e.url;
    if (e.mock) {
      var badge = el("b", "sim-net-mock", "mock");
      badge.title = "answered by the mock rule " + e.mock;
      url.insertBefore(badge, url.firstChild);
    }
    row.appendChild(url);
    row.appendChild(el("span", "sim-net-status", status(e)));
    row.appendChild(el("span", "sim-net-kind", e.kind));
    row.appendChild(el("span", "sim-net-time", e.ms === null ? "" : e.ms.toFixed(1) + " ms"));
    var f = $("#sim-net-filter").value.trim().toLowerCase();
    row.style.display = !f || e.url.toLowerCase().indexOf(f) >= 0 ? "" : "none";
  }

  function section(title, body) {
    var box = el("div", "sim-net-section");
    box.appendChild(el("div", "sim-net-title", title));
    box.appendChild(body);
    return box;
  }

  function table(obj) {
    var t = el("div", "sim-net-kv"), keys = Object.keys(obj || {});
    if (!keys.length) t.appendChild(el("div", "sim-net-none", "(none)"));
    keys.forEach(function (k) {
      var r = el("div", "sim-net-kvrow");
      r.appendChild(el("span", "sim-net-k", k));
      r.appendChild(el("span", "sim-net-v", obj[k]));
      t.appendChild(r);
    });
    return t;
  }

  function body(text) {
    var s = text || "";
    try { if (/^\s*[\[{]/.test(s)) s = json(JSON.parse(s), 2); } catch (err) { /* not JSON: as is */ }
    return el("pre", "sim-net-body", s || "(empty)");
  }

  function detail(e) {
    var box = $("#sim-net-detail");
    box.textContent = "";
    box.setAttribute("data-id", e.id);
    var general = {
      "URL": e.url, "method": e.method, "type": e.kind, "status": status(e),
      "started": new Date(e.started).toISOString().replace("T", " ").replace("Z", ""),
      "time": e.ms === null ? "pending" : e.ms.toFixed(1) + " ms",
      "answered by": e.mock ? "mock rule " + e.mock : "the network"
    };
    if (e.error) general.error = e.error;
    box.appendChild(section("General", table(general)));
    box.appendChild(section("Request headers", table(e.requestHeaders)));
    if (e.kind !== "socket") box.appendChild(section("Request body", body(e.requestBody)));
    box.appendChild(section("Response headers", table(e.responseHeaders)));
    if (e.kind === "socket") {
      var frames = el("div", "sim-net-frames");
      if (!e.messages.length) frames.appendChild(el("div", "sim-net-none", "(no frames)"));
      e.messages.forEach(function (m) {
        var f = el("div", "sim-net-frame " + m.dir);
        f.appendChild(el("span", "sim-net-dir", m.dir === "send" ? "↑" : "↓"));
        f.appendChild(el("span", "", m.data));
        frames.appendChild(f);
      });
      box.appendChild(section("Frames", frames));
      if (e.responseBody) box.appendChild(section("Close", body(e.responseBody)));
    } else {
      box.appendChild(section("Response body", body(e.responseBody)));
    }
  }

  function select(id) {
    selected = id;
    Object.keys(rows).forEach(function (k) { rows[k].classList.toggle("on", String(k) === String(id)); });
    if (byId[id]) detail(byId[id]);
  }
  SIM.selectRequest = select;

  function clear(tellServer) {
    entries.length = 0;
    byId = {}; rows = {}; selected = null;
    $("#sim-net-rows").textContent = "";
    $("#sim-net-detail").textContent = "";
    $("#sim-network-count").textContent = "";
    if (tellServer) SIM.command("networkClear");
  }

  $("#sim-net-clear").addEventListener("click", function () { clear(true); });
  $("#sim-net-filter").addEventListener("input", function () {
    entries.forEach(function (e) { fillRow(rows[e.id], e); });
  });
})();
