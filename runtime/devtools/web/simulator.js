/* fanxing simulator: hosts the web client (client.js) in a device frame and adds the
 * host chrome (status bar, capsule, tab bar colors), host dialogs (consent, cashier,
 * modals, action sheets, toasts) and the developer panels.
 *
 * One WebSocket to the preview server (/ws) carries everything (see runtime/devtools/driver.py):
 * view-protocol messages go to the client; the rest is ours. window.FXSIM is the API
 * tests and the desktop shell use (send, sync, state).
 */
(function () {
  "use strict";

  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var VIEW_TYPES = { patch: 1, page: 1, app: 1 };
  var params = new URLSearchParams(location.search);
  if (params.get("shot") === "1") document.body.classList.add("sim-shot");

  var SIM = window.FXSIM = {
    state: {}, data: null, storage: {}, asks: {}, synced: {}, generation: 0,
    console: [], apiCalls: [], foreground: true, connected: false, compileErrors: null
  };

  // ---- connection ------------------------------------------------------------------

  // Opened by simulator.html's first script, with what arrived before this one ran.
  var boot = window.FXSIM_BOOT, ws = boot.ws;
  var outbox = [];
  var viewHandler = null;

  function send(msg) {
    if (msg.v === undefined) msg.v = 1;
    if (ws.readyState === 1) ws.send(JSON.stringify(msg)); else outbox.push(msg);
  }
  SIM.send = send;
  // Panels in their own files (network.js, inspector.js) hear messages by type
  // ("network", "patch"…) or simulator event ("sim:tree", "sim:reset"…).
  var listeners = {};
  SIM.on = function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); };
  function notify(type, msg) { (listeners[type] || []).forEach(function (fn) { fn(msg); }); }
  SIM.command = function (action, fields) { send(Object.assign({ type: "sim", action: action }, fields || {})); };

  var syncSeq = 0, syncWaiters = {};
  /** Resolves once the server has processed everything sent before and is idle. */
  SIM.sync = function () {
    var token = "s" + (++syncSeq);
    return new Promise(function (resolve) { syncWaiters[token] = resolve; SIM.command("sync", { token: token }); });
  };

  function opened() { SIM.connected = true; outbox.splice(0).forEach(function (m) { ws.send(JSON.stringify(m)); }); }
  function closed() { SIM.connected = false; status("disconnected from the preview server", "error"); }
  function message(e) {
    FX.unpack(e.data).forEach(function (msg) {
      try { receive(msg); } catch (err) { console.error("simulator:", err); status(String(err), "error"); }
    });
  }
  ws.onopen = opened;
  ws.onclose = closed;
  // The panels' scripts (network.js, inspector.js) run after this one: what came early
  // waits for them, so they hear every message.
  function takeOver() {
    boot.early.splice(0).forEach(message);
    ws.onmessage = message;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", takeOver);
  else takeOver();

  if (ws.readyState === 1) opened();
  else if (ws.readyState === 3) closed();
  var transport = {
    send: function (msg) { send(msg); },
    listen: function (fn) { viewHandler = fn; }
  };

  function startClient() {
    var mount = $("#fx-app");
    while (mount.firstChild) mount.removeChild(mount.firstChild);
    mount.className = "fx-app";
    FX.start(transport, mount);
  }
  startClient();

  function receive(msg) {
    var t = msg.type;
    notify(t === "sim" ? "sim:" + msg.event : t, msg);
    if (VIEW_TYPES[t]) {
      if (t === "app") onApp(msg);
      if (t === "page" && (msg.action === "create" || msg.action === "window")) onWindow(msg.window || {});
      if (t === "page" && msg.action === "show") pageShown(msg.pageId);
      if (t === "page" && msg.action === "create") pages[msg.pageId] = msg.window || {};
      if (viewHandler) viewHandler(msg);
      return;
    }
    switch (t) {
      case "sim": return onSim(msg);
      case "console": return logLine(msg.level, (msg.args || []).map(fmtArg).join(" "), msg.source);
      case "error": return logError(msg);
      case "evalResult": return logLine(msg.ok ? "result" : "error", "← " + fmtArg(msg.value), "eval");
      case "apiCall": return addApiCall(msg);
      case "ui":  // toasts here; tab bar and pull-down refresh in the page client
        if (viewHandler) viewHandler(msg);
        return onUi(msg);
      case "ask": return showAsk(msg);
      case "askDone": return closeAsk(msg.askId);
      case "compileError": return showCompileError(msg.diagnostics || []);
      case "compiled": return hideCompileError();
      default: return;
    }
  }

  // ---- app, window, chrome ---------------------------------------------------------

  var pages = {};  // pageId → window (for the chrome colors)

  function onApp(msg) {
    if ("css" in msg) $("#sim-app-css").textContent = msg.css || "";
    if (msg.device) sizeDevice(msg.device);
    if (msg.theme) applyTheme(msg.theme);
  }

  function sizeDevice(dev) {
    var frame = $("#sim-frame");
    frame.style.width = dev.screen_width + "px";
    frame.style.height = dev.screen_height + "px";
    frame.style.setProperty("--sim-status-h", (dev.status_bar_height || 20) + "px");
    // on the device, not the root: a root variable restyles the whole simulator page
    frame.style.setProperty("--fx-navbar-height", (dev.title_bar_height || 44) + "px");
    fitDevice();
  }

  // The scale is read from the layout: measured in the next frame, the layout the page's
  // first patch needs anyway, not forced while the first messages arrive.
  var fitPending = false;
  function fitDevice() {
    if (fitPending) return;
    fitPending = true;
    requestAnimationFrame(function () { fitPending = false; fitNow(); });
  }

  function fitNow() {
    var frame = $("#sim-frame"), stage = $("#sim-stage");
    if (document.body.classList.contains("sim-shot")) { frame.style.transform = ""; return; }
    var h = frame.offsetHeight + 20, w = frame.offsetWidth + 20;
    var s = Math.min(1, (stage.clientHeight - 12) / h, (stage.clientWidth - 12) / w);
    frame.style.transform = s < 1 ? "scale(" + s.toFixed(3) + ")" : "";
  }
  window.addEventListener("resize", fitDevice);

  function applyTheme(theme) {
    var frame = $("#sim-frame"), nav = theme.navigationBar || {}, tab = theme.tabBar || {};
    frame.style.setProperty("--sim-nav-bg", nav.backgroundColor || "#f7f7f7");
    frame.style.setProperty("--sim-nav-fg", nav.frontColor || "#000");
    frame.style.setProperty("--sim-accent", theme.brandColor || tab.selectedColor || "#07c160");
  }

  function onWindow(win) {
    var frame = $("#sim-frame");
    if (win.navigationBarBackgroundColor) frame.style.setProperty("--sim-status-bg", win.navigationBarBackgroundColor);
    if (win.navigationBarTextStyle) {
      var white = win.navigationBarTextStyle === "white";
      frame.style.setProperty("--sim-status-fg", white ? "#fff" : "#000");
      frame.classList.toggle("sim-nav-white", white);
    }
    if (win.navigationStyle === "custom") frame.style.setProperty("--sim-status-bg", "transparent");
  }

  function pageShown(pageId) {
    var frame = $("#sim-frame");
    frame.style.removeProperty("--sim-status-bg");
    frame.style.removeProperty("--sim-status-fg");
    frame.classList.remove("sim-nav-white");
    onWindow(pages[pageId] || {});
  }

  // ---- simulator messages -------------------------------------------------------------

  // Panel renders (the AppData panel of a large page costs more than the page itself) wait
  // until the device has painted what came with them; each runs once for many messages.
  var laterFns = [], laterTimer = null;
  function later(fn) {
    if (laterFns.indexOf(fn) < 0) laterFns.push(fn);
    if (laterTimer !== null) return;
    laterTimer = setTimeout(runLater, 100);  // no frames in a background tab
    requestAnimationFrame(function () { setTimeout(runLater, 0); });
  }
  function runLater() {
    clearTimeout(laterTimer);
    laterTimer = null;
    laterFns.splice(0).forEach(function (fn) { fn(); });
  }

  function onSim(msg) {
    switch (msg.event) {
      case "state": return onState(msg);
      case "reset":
        SIM.generation = msg.generation;
        pages = {};
        $("#sim-app-css").textContent = "";
        $("#sim-overlays").textContent = "";
        SIM.asks = {};
        startClient();
        return;
      case "data": SIM.data = msg; return later(renderData);
      case "storage": SIM.storage = msg.items || {}; return later(renderStorage);
      case "cloud": SIM.cloud = msg; return later(renderCloud);
      case "cloudResult": return onCloudResult(msg);
      case "synced": {
        runLater();  // a sync answers once the panels show what the server sent before it
        var fn = syncWaiters[msg.token];
        delete syncWaiters[msg.token];
        if (fn) fn(msg);
        return;
      }
      case "notice": return status(msg.text, msg.level);
      case "foreground":
        SIM.foreground = msg.visible;
        $("#sim-frame").classList.toggle("sim-background", !msg.visible);
        return;
      default: return;
    }
  }

  function fillSelect(sel, values, current, labels) {
    sel.textContent = "";
    values.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = labels ? labels(v) : v;
      if (v === current) o.selected = true;
      sel.appendChild(o);
    });
  }

  function onState(st) {
    SIM.state = st;
    SIM.mocks = st.mocks || {};
    var frame = $("#sim-frame");
    frame.classList.toggle("sim-alipay", st.dialect === "alipay");
    frame.classList.toggle("sim-wechat", st.dialect === "wechat");
    $(".sim-hostname").textContent = st.hostName || "";
    if (st.deviceInfo) sizeDevice(st.deviceInfo);
    if (st.theme) applyTheme(st.theme);
    document.title = "fanxing · " + (st.appId || "") + " · " + (st.profile || "");
    later(renderToolbar);
    later(renderMocks);
  }

  function renderToolbar() {
    var st = SIM.state;
    fillSelect($("#sim-device"), st.devices || [], st.device);
    fillSelect($("#sim-profile"), st.profiles || [], st.profile);
    var launch = st.launch || {};
    fillSelect($("#sim-page"), [""].concat(st.pages || []), launch.page || "",
               function (v) { return v || "(home) " + (st.home || ""); });
    var q = launch.query || {};
    $("#sim-query").value = Object.keys(q).map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(q[k]); }).join("&");
  }

  var statusTimer = null;
  function status(text, level) {
    var el = $("#sim-status");
    el.textContent = text || "";
    el.className = "sim-status " + (level || "");
    el.title = text || "";
    clearTimeout(statusTimer);
    if (level !== "error") statusTimer = setTimeout(function () { el.textContent = ""; }, 6000);
  }
  SIM.status = status;

  // ---- toolbar -----------------------------------------------------------------------

  $("#sim-device").addEventListener("change", function (e) { SIM.command("relaunch", { device: e.target.value, keepPage: true }); });
  $("#sim-profile").addEventListener("change", function (e) { SIM.command("relaunch", { profile: e.target.value, keepPage: true }); });
  $("#sim-launch").addEventListener("click", function () {
    SIM.command("relaunch", { page: $("#sim-page").value, query: $("#sim-query").value });
  });
  $("#sim-reload").addEventListener("click", function () { SIM.command("reload", { keepPage: true }); });
  $("#sim-back").addEventListener("click", function () { SIM.command("back"); });
  $("#sim-home").addEventListener("click", function () { SIM.command("home", { hidden: SIM.foreground }); });

  // ---- panels: tabs --------------------------------------------------------------------

  $("#sim-tabs").addEventListener("click", function (e) {
    var b = e.target.closest("button[data-panel]");
    if (!b) return;
    showPanel(b.getAttribute("data-panel"));
  });
  function showPanel(name) {
    document.querySelectorAll("#sim-tabs button").forEach(function (x) { x.classList.toggle("on", x.getAttribute("data-panel") === name); });
    document.querySelectorAll(".sim-panel").forEach(function (p) { p.classList.toggle("on", p.id === "panel-" + name); });
  }
  SIM.showPanel = showPanel;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  SIM.el = el;

  function json(v, indent) { try { return JSON.stringify(v, null, indent); } catch (e) { return String(v); } }
  SIM.json = json;

  function parseJson(text) {
    var s = String(text).trim();
    if (s === "") return { ok: false };
    try { return { ok: true, value: JSON.parse(s) }; } catch (e) { return { ok: true, value: s }; }  // bare text = string
  }

  function editor(key, value, onApply, onDelete) {
    var box = el("div", "sim-kv"), head = el("div", "sim-kv-key"), ta = el("textarea");
    head.appendChild(el("span", "", key));
    if (onDelete) {
      var del = el("button", "", "Delete");
      del.type = "button";
      del.addEventListener("click", onDelete);
      head.appendChild(del);
    }
    ta.value = json(value, 1);
    ta.rows = Math.min(8, ta.value.split("\n").length);
    ta.setAttribute("data-key", key);
    function apply() {
      if (ta.value === ta.__fxOrig) return;
      var r = parseJson(ta.value);
      if (!r.ok) { ta.classList.add("sim-bad"); return; }
      ta.classList.remove("sim-bad");
      onApply(r.value);
    }
    ta.__fxOrig = ta.value;
    ta.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); apply(); }
    });
    ta.addEventListener("change", apply);
    box.appendChild(head);
    if (ta.value.length <= BIG_VALUE) { box.appendChild(ta); return box; }
    // A large value (a long list) shows its start; the browser lays out a textarea's whole
    // text, which took longer than the page it belongs to.
    var peek = el("button", "sim-kv-peek", ta.value.slice(0, 200).replace(/\s+/g, " ") + " … (" +
                  Math.round(ta.value.length / 1024) + " KB: click to edit)");
    peek.type = "button";
    peek.setAttribute("data-key", key);
    peek.addEventListener("click", function () { box.replaceChild(ta, peek); ta.focus(); });
    box.appendChild(peek);
    return box;
  }
  var BIG_VALUE = 8000;  // characters of a panel value shown in full

  function panelBusy(panel) {
    var a = document.activeElement;
    return a && panel.contains(a) && (a.tagName === "TEXTAREA" || a.tagName === "INPUT");
  }

  // ---- AppData -----------------------------------------------------------------------

  var pendingData = false;
  function renderData() {
    var panel = $("#sim-data-keys");
    if (panelBusy(panel)) { pendingData = true; return; }
    pendingData = false;
    var d = SIM.data || {};
    $("#sim-data-route").textContent = d.route ? d.route + "  (" + d.pageId + ", stack " + (d.stack || []).length + ")" : "no page";
    panel.textContent = "";
    var data = d.data || {};
    Object.keys(data).forEach(function (k) {
      panel.appendChild(editor(k, data[k], function (v) {
        SIM.command("setData", { pageId: d.pageId, path: k.replace(/([.\[\]\\])/g, "\\$1"), value: v });
      }));
    });
  }
  $("#sim-data-keys").addEventListener("focusout", function () { setTimeout(function () { if (pendingData) renderData(); }, 0); });
  $("#sim-data-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target, r = parseJson(f.value.value);
    if (!f.path.value || !r.ok) return;
    SIM.command("setData", { path: f.path.value, value: r.value });
    f.value.value = "";
  });

  // ---- Storage -----------------------------------------------------------------------

  var pendingStorage = false;
  function renderStorage() {
    var panel = $("#sim-storage-items");
    if (panelBusy(panel)) { pendingStorage = true; return; }
    pendingStorage = false;
    var items = SIM.storage || {}, keys = Object.keys(items).sort();
    $("#sim-storage-count").textContent = keys.length + " key(s)";
    panel.textContent = "";
    keys.forEach(function (k) {
      var value;
      try { value = JSON.parse(items[k]); } catch (e) { value = items[k]; }
      panel.appendChild(editor(k, value, function (v) { SIM.command("storageSet", { key: k, value: v }); },
                               function () { SIM.command("storageRemove", { key: k }); }));
    });
  }
  $("#sim-storage-items").addEventListener("focusout", function () { setTimeout(function () { if (pendingStorage) renderStorage(); }, 0); });
  $("#sim-storage-clear").addEventListener("click", function () { SIM.command("storageClear"); });
  $("#sim-storage-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target, r = parseJson(f.value.value);
    if (!f.key.value || !r.ok) return;
    SIM.command("storageSet", { key: f.key.value, value: r.value });
    f.key.value = ""; f.value.value = "";
  });

  // ---- Cloud -------------------------------------------------------------------------

  var cloudQuery = null;  // the last query, re-run when the cloud changes
  function fillNames(sel, names) {
    var cur = sel.value;
    fillSelect(sel, names, names.indexOf(cur) >= 0 ? cur : names[0]);
  }
  function renderCloud() {
    var c = SIM.cloud;
    if (!c) return;
    $("#sim-cloud-summary").textContent = c.collections.length + " collection(s), " +
      c.invocations.length + " invocation(s), " + c.files.length + " file(s)";
    fillNames($("#sim-cloud-collections"), c.collections.map(function (x) { return x.name; }));
    fillNames($("#sim-cloud-functions"), c.functions);
    var inv = $("#sim-cloud-invocations");
    inv.textContent = "";
    c.invocations.forEach(function (i) {
      var row = el("div", "sim-api-row " + (i.ok ? "ok" : "fail"));
      var head = el("div", "sim-api-head"); row.appendChild(head);
      head.appendChild(el("span", "sim-api-name", i.function + (i.cold ? " (cold)" : "")));
      head.appendChild(el("span", "", i.durationMs + " ms"));
      head.appendChild(el("span", "", i.ok ? json(i.value) : i.kind + ": " + i.error));
      var detail = el("pre", "sim-api-detail", "event " + json(i.event, 1) + "\n" +
        i.logs.map(function (l) { return "[" + l.level + "] " + l.text; }).join("\n"));
      row.appendChild(detail);
      row.addEventListener("click", function () { row.classList.toggle("open"); });
      inv.appendChild(row);
    });
    var files = $("#sim-cloud-files");
    files.textContent = "";
    c.files.forEach(function (f) { files.appendChild(el("div", "", f.fileID + "  " + f.size + " B")); });
    if (cloudQuery && !panelBusy($("#sim-cloud-docs"))) SIM.command("cloudQuery", cloudQuery);
  }
  function onCloudResult(msg) {
    if (!msg.ok) return status("cloud: " + msg.error, "error");
    if (msg.action === "cloudQuery") {
      var panel = $("#sim-cloud-docs");
      if (panelBusy(panel)) return;
      panel.textContent = "";
      msg.docs.forEach(function (d) {
        panel.appendChild(editor(d._id, d, function (v) {
          SIM.command("cloudDocSet", { collection: msg.collection, id: d._id, doc: v });
        }, function () { SIM.command("cloudDocRemove", { collection: msg.collection, id: d._id }); }));
      });
      if (!msg.docs.length) panel.appendChild(el("div", "sim-empty", "no documents match"));
    } else if (msg.action === "cloudInvoke") {
      status("function answered in " + msg.durationMs + " ms: " + json(msg.result));
    }
  }
  $("#sim-cloud-query").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target;
    cloudQuery = { collection: f.collection.value, where: f.where.value };
    SIM.command("cloudQuery", cloudQuery);
  });
  $("#sim-cloud-invoke").addEventListener("submit", function (e) {
    e.preventDefault();
    SIM.command("cloudInvoke", { name: e.target.name.value, data: e.target.data.value });
  });

  // ---- Console -----------------------------------------------------------------------

  function fmtArg(a) { return typeof a === "string" ? a : json(a); }

  var errorCount = 0;
  function logLine(level, text, source) {
    SIM.console.push({ level: level, text: text, source: source || "" });
    var line = el("div", "sim-line " + (level || "log"));
    line.appendChild(el("span", "sim-msg", text));
    if (source) line.appendChild(el("span", "sim-src", source));
    var box = $("#sim-console");
    var stick = box.parentNode.scrollTop + box.parentNode.clientHeight >= box.parentNode.scrollHeight - 4;
    box.appendChild(line);
    if (box.childNodes.length > 1000) box.removeChild(box.firstChild);
    if (stick) box.parentNode.scrollTop = box.parentNode.scrollHeight;
    if (level === "error") { errorCount++; $("#sim-console-count").textContent = String(errorCount); }
  }

  function logError(msg) {
    var where = msg.where || {}, text = msg.message || "error";
    // the first frame in an app file (fanxing's own code is "fanxing:framework.js", never
    // matched: a frame names its file right after "(" or a space), as file:line:col
    var m = /(?:^|[\s(])([\w\-./@~$]+\.(?:js|ts|sjs|wxs)):(\d+)(?::(\d+))?/m.exec(msg.stack || "");
    var src = m ? m[1] + ":" + m[2] + ":" + (m[3] || "1") : (where.path || where.handler || "");
    if (msg.stack && msg.stack.indexOf(text) < 0) text += "\n" + msg.stack;
    else if (msg.stack) text = msg.stack;
    logLine("error", text, src);
  }

  $("#sim-console-clear").addEventListener("click", function () {
    $("#sim-console").textContent = ""; errorCount = 0; $("#sim-console-count").textContent = "";
  });
  $("#sim-eval-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var code = e.target.code.value;
    if (!code) return;
    logLine("log", "→ " + code, "eval");
    SIM.command("eval", { code: code });
    e.target.code.value = "";
  });

  // ---- API calls ---------------------------------------------------------------------

  function addApiCall(msg) {
    SIM.apiCalls.push(msg);
    var row = el("div", "sim-api-row " + (msg.ok ? "ok" : "fail"));
    var head = el("div", "sim-api-head");
    var name = el("span", "sim-api-name", msg.name);
    if (msg.mocked) name.insertBefore(el("b", "sim-net-mock", "mock"), name.firstChild);
    head.appendChild(name);
    head.appendChild(el("span", "sim-api-ok", msg.ok ? "ok" : "fail"));
    head.appendChild(el("span", "sim-api-ms", (msg.ms || 0).toFixed(1) + " ms"));
    row.appendChild(head);
    row.appendChild(el("pre", "sim-api-args", "args " + json(msg.args, 1)));
    row.appendChild(el("pre", "sim-api-result", (msg.ok ? "result " : "error ") + json(msg.result, 1)));
    row.addEventListener("click", function () { row.classList.toggle("open"); });
    var box = $("#sim-api");
    box.appendChild(row);
    if (box.childNodes.length > 1000) box.removeChild(box.firstChild);
    $("#sim-api-count").textContent = String(SIM.apiCalls.length);
  }
  $("#sim-api-clear").addEventListener("click", function () {
    $("#sim-api").textContent = ""; SIM.apiCalls = []; $("#sim-api-count").textContent = "";
  });

  // ---- Mocks -------------------------------------------------------------------------

  function mocks(changes) { SIM.command("mocks", { changes: changes }); }

  function renderMocks() {
    var m = SIM.mocks;
    fillSelect($("#sim-mock-cashier"), ["ask"].concat(m.payCodes || []), m.cashier, function (v) {
      return { ask: "ask me (cashier)", "9000": "9000 paid", "8000": "8000 processing", "4000": "4000 failed",
               "6001": "6001 cancelled", "6002": "6002 network error", "6004": "6004 unknown" }[v] || v;
    });
    $("#sim-mock-consent").value = m.consent || "ask";
    fillSelect($("#sim-mock-network"), m.networkTypes || [], m.network_type);
    $("#sim-mock-domains").checked = !!m.domain_check;
    var loc = m.location || {}, f = $("#sim-mock-location");
    if (!panelBusy(f)) {
      f.latitude.value = loc.latitude !== undefined ? loc.latitude : "";
      f.longitude.value = loc.longitude !== undefined ? loc.longitude : "";
      f.city.value = loc.city || "";
    }
    renderApiMocks(m);
    var rules = $("#sim-mock-rules");
    rules.textContent = "";
    (m.rules || []).forEach(function (r, i) {
      var row = el("div", "sim-rule");
      row.appendChild(el("span", "", (r.method || "*") + " " + r.url + " → " +
        (r.error ? r.error : (r.status || 200) + " " + (r.json !== undefined ? json(r.json) : (r.body || "")))));
      var del = el("button", "", "Remove");
      del.addEventListener("click", function () {
        mocks({ rules: m.rules.filter(function (_, j) { return j !== i; }) });
      });
      row.appendChild(del);
      rules.appendChild(row);
    });
  }

  function renderApiMocks(m) {
    var box = $("#sim-mock-apis");
    box.textContent = "";
    (m.apis || []).forEach(function (a, i) {
      var row = el("div", "sim-rule");
      row.appendChild(el("span", "", a.name + " → " + (a.fail !== undefined ? "fail: " + a.fail : json(a.result))));
      var del = el("button", "", "Remove");
      del.addEventListener("click", function () {
        mocks({ apis: m.apis.filter(function (_, j) { return j !== i; }) });
      });
      row.appendChild(del);
      box.appendChild(row);
    });
  }

  $("#sim-mock-api-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target, api = { name: f.name.value.trim() };
    if (!api.name) return;
    if (f.fail.value) api.fail = f.fail.value;
    else api.result = parseJson(f.result.value || "{}").value;
    mocks({ apis: ((SIM.mocks || {}).apis || []).concat([api]) });
    f.reset();
  });

  $("#sim-mock-location").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target, loc = { latitude: f.latitude.value, longitude: f.longitude.value };
    if (f.city.value) loc.city = f.city.value;
    mocks({ location: loc });
  });
  $("#sim-mock-location-reset").addEventListener("click", function () { mocks({ location: null }); });
  $("#sim-mock-cashier").addEventListener("change", function (e) { mocks({ cashier: e.target.value }); });
  $("#sim-mock-consent").addEventListener("change", function (e) { mocks({ consent: e.target.value }); });
  $("#sim-mock-consent-reset").addEventListener("click", function () { SIM.command("resetConsent"); });
  $("#sim-mock-network").addEventListener("change", function (e) { mocks({ network_type: e.target.value }); });
  $("#sim-mock-domains").addEventListener("change", function (e) { mocks({ domain_check: e.target.checked }); });
  $("#sim-mock-rule-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target, rule = { url: f.url.value.trim() };
    if (!rule.url) return;
    if (f.method.value) rule.method = f.method.value;
    if (f.status.value) rule.status = f.status.value;
    if (f.error.value) rule.error = f.error.value;
    if (f.body.value) {
      try { rule.json = JSON.parse(f.body.value); } catch (err) { rule.body = f.body.value; }
    }
    mocks({ rules: ((SIM.mocks || {}).rules || []).concat([rule]) });
    f.reset();
  });

  // ---- host UI: toasts and loading ----------------------------------------------------

  var toastTimer = null;
  function onUi(msg) {
    var p = msg.payload || {}, layer = $("#sim-overlays");
    var old = $(".sim-toast", layer);
    switch (msg.kind) {
      case "showToast":
      case "showLoading": {
        if (old) old.remove();
        clearTimeout(toastTimer);
        var t = el("div", "sim-toast");
        t.setAttribute("data-kind", msg.kind);
        var icon = msg.kind === "showLoading" ? "◌" : { success: "✓", error: "✕", fail: "✕", exception: "!", loading: "◌" }[p.icon];
        if (icon) t.appendChild(el("span", "sim-toast-icon", icon));
        t.appendChild(el("span", "sim-toast-text", p.title || p.content || ""));
        layer.appendChild(t);
        if (msg.kind === "showToast") toastTimer = setTimeout(function () { t.remove(); }, p.duration || 1500);
        return;
      }
      case "hideToast":
      case "hideLoading":
        if (old && old.getAttribute("data-kind") === (msg.kind === "hideToast" ? "showToast" : "showLoading")) old.remove();
        return;
      default:
        return;  // navigation bar and tab bar changes arrive as page/app messages
    }
  }

  // ---- host dialogs (Host.ask) --------------------------------------------------------

  function answer(askId, value) {
    send({ type: "answer", askId: askId, value: value });
    closeAsk(askId);
  }
  SIM.answer = answer;

  function closeAsk(askId) {
    var d = SIM.asks[askId];
    delete SIM.asks[askId];
    if (d && d.node) d.node.remove();
  }

  function button(text, cls, fn, value) {
    var b = el("button", cls || "", text);
    b.type = "button";
    if (value !== undefined) b.setAttribute("data-answer", String(value));
    b.addEventListener("click", fn);
    return b;
  }

  function modal(askId, title, content, extra, buttons) {
    var mask = el("div", "sim-mask"), box = el("div", "sim-modal");
    if (title) box.appendChild(el("div", "sim-modal-title", title));
    if (content) box.appendChild(el("div", "sim-modal-content", content));
    (extra || []).forEach(function (n) { box.appendChild(n); });
    var row = el("div", "sim-buttons");
    buttons.forEach(function (b) { row.appendChild(b); });
    box.appendChild(row);
    mask.appendChild(box);
    return mask;
  }

  function sheet(title, body, items) {
    var mask = el("div", "sim-mask sim-bottom"), box = el("div", "sim-sheet");
    if (title) box.appendChild(el("div", "sim-sheet-title", title));
    if (body) box.appendChild(body);
    items.forEach(function (n) { box.appendChild(n); });
    mask.appendChild(box);
    return mask;
  }

  function input(name, placeholder, value) {
    var i = el("input");
    i.name = name; i.placeholder = placeholder || ""; i.value = value || "";
    return i;
  }

  var SCOPE_TEXT = { location: "your location", userInfo: "your profile (nickname, avatar)",
                     phoneNumber: "your phone number", album: "to save to your album", camera: "your camera" };

  function askView(msg) {
    var id = msg.askId, p = msg.payload || {}, st = SIM.state, k = msg.kind;
    var ok = function (v) { return function () { answer(id, v); }; };
    switch (k) {
      case "consent": {
        var body = el("div", "sim-sheet-body");
        body.appendChild(el("div", "sim-consent-app", (st.appId || p.appId || "This mini-program")));
        body.appendChild(el("div", "sim-consent-what", "wants " + (SCOPE_TEXT[p.scope] || p.title || p.scope)));
        if (p.title && SCOPE_TEXT[p.scope]) body.appendChild(el("div", "sim-modal-content", p.title));
        body.appendChild(el("div", "sim-consent-api", p.api || ""));
        var deny = button("Deny", "", ok("deny"), "deny"), allow = button("Allow", "sim-primary", ok("allow"), "allow");
        if (st.dialect === "wechat") return modal(id, (st.hostName || "") + " authorization", null, [body], [deny, allow]);
        var row = el("div", "sim-buttons");
        row.appendChild(deny); row.appendChild(allow);
        return sheet((st.hostName || "Host") + " · authorization", body, [row]);
      }
      case "cashier": {
        var cb = el("div", "sim-sheet-body");
        cb.appendChild(el("div", "sim-cashier-subject", p.subject || "Order " + (p.tradeNO || "")));
        cb.appendChild(el("div", "sim-cashier-amount", "¥ " + (p.amount !== undefined && p.amount !== null ? p.amount : "—")));
        cb.appendChild(el("div", "sim-consent-api", "trade " + (p.tradeNO || "") + " · " + (p.api || "")));
        cb.appendChild(button("Pay now", "sim-cashier-pay", ok("9000"), "9000"));
        var more = el("div", "sim-cashier-more", "other outcome: ");
        ["8000", "4000", "6002", "6004"].forEach(function (c) { more.appendChild(button(c, "", ok(c), c)); });
        cb.appendChild(more);
        return sheet((st.hostName || "Host") + " cashier", cb, [button("Cancel", "sim-sheet-item sim-cancel", ok("6001"), "6001")]);
      }
      case "alert":
        return modal(id, p.title, p.content, [], [button(p.buttonText || "OK", "sim-primary", ok("ok"), "ok")]);
      case "confirm":
        return modal(id, p.title, p.content, [], [
          button(p.cancelText || "Cancel", "", ok("cancel"), "cancel"),
          button(p.confirmText || "OK", "sim-primary", ok("ok"), "ok")]);
      case "prompt": {
        var field = input("text", p.placeholder);
        return modal(id, p.title, p.content, [field], [
          button(p.cancelText || "Cancel", "", ok("cancel"), "cancel"),
          button(p.confirmText || "OK", "sim-primary", function () { answer(id, { ok: true, text: field.value }); }, "ok")]);
      }
      case "actionSheet":
        return sheet(p.title, null, (p.items || []).map(function (item, i) {
          return button(String(item), "sim-sheet-item", ok(i), i);
        }).concat([button(p.cancelText || "Cancel", "sim-sheet-item sim-cancel", ok("cancel"), "cancel")]));
      case "datePicker": {
        // the browser's own date/time control stands in for the host's wheel picker
        var types = { "HH:mm": "time", "yyyy-MM-dd HH:mm": "datetime-local", "yyyy-MM": "month", "yyyy": "number" };
        var dp = input("date", p.format, String(p.currentDate || "").replace(" ", "T"));
        dp.type = types[p.format] || "date";
        if (p.startDate) dp.min = String(p.startDate).replace(" ", "T");
        if (p.endDate) dp.max = String(p.endDate).replace(" ", "T");
        return modal(id, "Choose date", p.format, [dp], [
          button("Cancel", "", ok("cancel"), "cancel"),
          button("OK", "sim-primary", function () { answer(id, dp.value.replace("T", " ")); }, "ok")]);
      }
      case "optionsSelect": {
        var cols = [p.optionsOne || [], p.optionsTwo || []].filter(function (c) { return c.length; });
        var selects = cols.map(function (opts, c) {
          var sel = el("select", "sim-select");
          sel.name = c ? "two" : "one";
          opts.forEach(function (o, i) { var op = el("option", "", String(o)); op.value = String(i); sel.appendChild(op); });
          sel.value = String((c ? p.selectedTwoIndex : p.selectedOneIndex) || 0);
          return sel;
        });
        return modal(id, p.title, null, selects, [
          button(p.negativeString || "Cancel", "", ok("cancel"), "cancel"),
          button(p.positiveString || "OK", "sim-primary", function () {
            answer(id, selects.map(function (s2) { return parseInt(s2.value, 10); }));
          }, "ok")]);
      }
      case "multiLevelSelect": {
        // one level at a time: tapping an entry opens its subList, a leaf answers the path
        var path = [], body2 = el("div", "sim-sheet-body"), crumbs = el("div", "sim-modal-content");
        var levelBox = el("div");
        body2.appendChild(crumbs); body2.appendChild(levelBox);
        var showLevel = function (level) {
          levelBox.innerHTML = "";
          crumbs.textContent = path.map(function (x) { return x.name; }).join(" / ");
          level.forEach(function (item, i) {
            levelBox.appendChild(button(String(item.name), "sim-sheet-item", function () {
              path.push({ i: i, name: item.name });
              if (item.subList && item.subList.length) showLevel(item.subList);
              else answer(id, path.map(function (x) { return x.i; }));
            }, i));
          });
        };
        showLevel(p.list || []);
        return sheet(p.title, body2, [button("Cancel", "sim-sheet-item sim-cancel", ok("cancel"), "cancel")]);
      }
      case "chooseCity": {
        var cityBody = el("div", "sim-sheet-body");
        if ((p.hotCities || []).length) {
          var hot = el("div", "sim-city-hot", "热门 ");
          p.hotCities.forEach(function (c) { hot.appendChild(button(c.city, "", ok(c.adCode), c.adCode)); });
          cityBody.appendChild(hot);
        }
        return sheet("Choose city", cityBody, (p.cities || []).map(function (c) {
          return button(c.city, "sim-sheet-item", ok(c.adCode), c.adCode);
        }).concat([button("Cancel", "sim-sheet-item sim-cancel", ok("cancel"), "cancel")]));
      }
      case "phoneCall":
        return sheet(null, null, [button("Call " + (p.number || ""), "sim-sheet-item", ok("ok"), "ok"),
                                  button("Cancel", "sim-sheet-item sim-cancel", ok("cancel"), "cancel")]);
      case "scanCode": {
        var code = input("code", "text the camera would read");
        return modal(id, "Scan code", "Type what the code contains (" + (json(p.scanType) || "any") + ")", [code], [
          button("Cancel", "", ok("cancel"), "cancel"),
          button("Scan", "sim-primary", function () { answer(id, code.value); }, "ok")]);
      }
      case "chooseLocation": {
        var fields = [input("name", "place name", "西湖"), input("address", "address", "浙江省杭州市西湖区"),
                      input("latitude", "latitude", p.latitude || "30.2741"), input("longitude", "longitude", p.longitude || "120.1551")];
        return modal(id, "Choose location", null, fields, [
          button("Cancel", "", ok("cancel"), "cancel"),
          button("Choose", "sim-primary", function () {
            answer(id, { name: fields[0].value, address: fields[1].value,
                         latitude: parseFloat(fields[2].value), longitude: parseFloat(fields[3].value) });
          }, "ok")]);
      }
      case "openSetting": {
        var auth = p.authSetting || {}, boxes = Object.keys(auth).map(function (s) {
          var l = el("label", "sim-row"), c = el("input");
          c.type = "checkbox"; c.checked = !!auth[s]; c.name = s;
          l.appendChild(c); l.appendChild(el("span", "", s));
          return l;
        });
        if (!boxes.length) boxes = [el("div", "sim-modal-content", "No permissions asked yet.")];
        return modal(id, "Settings", null, boxes, [button("Done", "sim-primary", function () {
          var out = {};
          boxes.forEach(function (l) { var c = l.querySelector("input"); if (c) out[c.name] = c.checked; });
          answer(id, out);
        }, "ok")]);
      }
      default: {
        var raw = input("value", "answer (JSON)");
        return modal(id, k, json(p, 1), [raw], [button("Answer", "sim-primary", function () {
          var r = parseJson(raw.value); answer(id, r.ok ? r.value : null);
        }, "ok")]);
      }
    }
  }

  function showAsk(msg) {
    if (SIM.asks[msg.askId]) return;
    var node = askView(msg);
    node.setAttribute("data-ask", msg.kind);
    node.setAttribute("data-ask-id", msg.askId);
    SIM.asks[msg.askId] = { msg: msg, node: node };
    $("#sim-overlays").appendChild(node);
  }

  // ---- compile errors ----------------------------------------------------------------

  function showCompileError(diags) {
    SIM.compileErrors = diags;
    hideCompileError(true);
    var box = el("div", "sim-compile-error");
    box.appendChild(el("h3", "", "Compile error — fix it and save; the app comes back"));
    diags.forEach(function (d) {
      var item = el("div", "sim-diag");
      item.appendChild(el("div", "sim-diag-where", d.path + ":" + d.line + ":" + d.col));
      item.appendChild(el("div", "sim-diag-msg", d.message));
      if (d.source) {
        var caret = new Array(Math.max(0, (d.col || 1) - 1) + 1).join(" ") + "^";
        item.appendChild(el("pre", "", d.line + " | " + d.source + "\n" + new Array(String(d.line).length + 1).join(" ") + " | " + caret));
      }
      box.appendChild(item);
    });
    $("#sim-screen").appendChild(box);
    status(diags.length + " compile error(s): " + (diags[0] ? diags[0].text : ""), "error");
  }

  function hideCompileError(keepState) {
    var old = $(".sim-compile-error");
    if (old) old.remove();
    if (!keepState) { SIM.compileErrors = null; status("compiled", "info"); }
  }
})();
