/* fanxing web client: applies view-protocol messages to the DOM and reports events.
 *
 * Protocol: docs/protocol.md (version 1). No framework, no build step. Built-in
 * components live in ./components/*.js and register themselves with
 * FX.components.register(tag, def) after this file is loaded.
 *
 * Safety rules kept here for every component:
 *   - text only ever goes through Text nodes / textContent (never innerHTML);
 *   - attributes named on* are never set; URL attributes pass FX.safeUrl;
 *   - tags that would execute or embed (script, iframe, ...) become fx-<tag> elements.
 */
(function (global) {
  "use strict";

  var FX = global.FX = global.FX || {};
  FX.PROTOCOL_VERSION = 1;

  // ---- helpers --------------------------------------------------------------------

  var UNSAFE_TAGS = {
    script: 1, style: 1, iframe: 1, frame: 1, frameset: 1, object: 1, embed: 1, applet: 1,
    link: 1, meta: 1, base: 1, template: 1, svg: 1, math: 1, html: 1, head: 1, body: 1,
    title: 1, noscript: 1, img: 1, a: 1, video: 1, audio: 1, canvas: 1, select: 1,
    option: 1, source: 1, track: 1, portal: 1, dialog: 1, slot: 0
  };
  var URL_ATTRS = { src: 1, href: 1, poster: 1, action: 1, formaction: 1, "xlink:href": 1,
                    background: 1, url: 1 };
  var BUBBLING = { tap: 1, longpress: 1, longtap: 1, touchstart: 1, touchmove: 1,
                   touchend: 1, touchcancel: 1, transitionend: 1, animationstart: 1,
                   animationiteration: 1, animationend: 1 };
  var SAFE_DATA_URL = /^data:image\/(png|jpe?g|gif|webp|bmp|x-icon|svg\+xml|avif)[;,]/i;

  /** The URL if it is http(s), data:image or relative; null otherwise. */
  FX.safeUrl = function (value) {
    if (value === null || value === undefined) return null;
    var url = String(value).replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
    var m = /^([a-z][a-z0-9+.\-]*):/i.exec(url);
    if (!m) return String(value).trim();
    var scheme = m[1].toLowerCase();
    if (scheme === "http" || scheme === "https") return String(value).trim();
    if (scheme === "data" && SAFE_DATA_URL.test(url)) return url;
    // A cloud file id (<image src="cloud://…">, as WeChat allows): the preview server
    // answers it from the app's local cloud.
    if (scheme === "cloud") return "/__fx_cloud/id?fileID=" + encodeURIComponent(url);
    return null;
  };

  /** A relative URL written in a page resolved from the app root, as the phone resolves it
   * against the page's path (`images/a.png` on `pages/x/x` is `/pages/x/images/a.png`). */
  FX.appUrl = function (url, route) {
    if (!route || !url || /^([a-z][a-z0-9+.\-]*:|\/|#)/i.test(url)) return url;
    var cut = url.search(/[?#]/), rest = cut < 0 ? "" : url.slice(cut);
    var parts = String(route).split("/").slice(0, -1);
    (cut < 0 ? url : url.slice(0, cut)).split("/").forEach(function (seg) {
      if (seg === "..") parts.pop();
      else if (seg !== "." && seg !== "") parts.push(seg);
    });
    return "/" + parts.join("/") + rest;
  };

  /** Inline style with rpx, vw and vh converted to the device variables (as compiled CSS does). */
  FX.cssText = function (style) {
    if (!style) return "";
    return String(style).replace(/(-?\d*\.?\d+)(rpx|vw|vh)\b/g, function (_, n, unit) {
      return unit === "rpx" ? "calc(" + n + " * var(--fx-rpx))"
        : "calc(" + n + " * var(--fx-" + unit + ", 1" + unit + "))";
    });
  };

  FX.elementName = function (tag) {
    tag = String(tag).toLowerCase();
    if (!/^[a-z][a-z0-9\-]*$/.test(tag) || UNSAFE_TAGS[tag]) return "fx-" + tag.replace(/[^a-z0-9\-]/g, "-");
    return tag;
  };

  /** Set a plain attribute on an element with the safety rules above. */
  FX.setPlainAttr = function (el, name, value) {
    if (/^on/i.test(name) || !/^[a-zA-Z_][\w:.\-]*$/.test(name) || name === "style" || name === "class") return;
    if (value === null || value === undefined || value === false) { el.removeAttribute(name); return; }
    if (typeof value === "object") return; // objects stay in el.__fxAttrs for components
    if (value === true) value = "";
    if (URL_ATTRS[name.toLowerCase()]) {
      var safe = FX.safeUrl(value);
      if (safe === null) { el.removeAttribute(name); return; }
      value = safe;
    }
    el.setAttribute(name, String(value));
  };

  FX.truthy = function (v) {
    return !(v === false || v === null || v === undefined || v === "false" || v === 0 || v === "");
  };

  // ---- component registry ------------------------------------------------------------

  var registry = Object.create(null);

  /* A component definition (all members optional except create):
   *   create(ctx) -> Element          make the element for a node (ctx below)
   *   update(el, name, value, ctx)    an attribute was set (value undefined: removed);
   *                                   return true when handled, else it is set as a
   *                                   plain attribute with the safety rules
   *   container(el) -> Element        where child nodes go (default: el)
   *   destroy(el, ctx)                the node is being removed
   * ctx: {tag, nodeId, page, attrs, emit(name, detail), client}; ctx.emit reports a
   * mini-program event (input, change, confirm, submit, scroll, load, error...) for the
   * node when the node (or, for bubbling types, an ancestor) listens for it. */
  FX.components = {
    register: function (tag, def) {
      if (!def || typeof def.create !== "function") throw new Error("FX.components.register(" + tag + "): create(ctx) is required");
      registry[tag] = def;
    },
    get: function (tag) { return registry[tag] || null; },
    tags: function () { return Object.keys(registry); }
  };

  var GENERIC = {
    create: function (ctx) { return document.createElement(FX.elementName(ctx.tag)); }
  };
  var COMPONENT_HOST = {
    create: function (ctx) {
      var name = FX.elementName(ctx.tag);
      return document.createElement(registry[ctx.tag] || /^fx-/.test(name) ? "fx-host-" + name.replace(/^fx-/, "") : name);
    }
  };

  // ---- transports ------------------------------------------------------------------

  // ---- tracing (runtime/view/trace.py: per-hop marks of one event, epoch ms) -------

  /** Epoch milliseconds, the clock of every trace mark. */
  FX.now = function () { return performance.timeOrigin + performance.now(); };
  /** Set to true to send marks with every event; traced patches collect in FX.traces. */
  FX.tracing = false;
  FX.traces = [];
  var MAX_TRACES = 200;

  function traceDone(trace) {
    trace.applied = FX.now();
    FX.traces.push(trace);
    if (FX.traces.length > MAX_TRACES) FX.traces.shift();
    global.requestAnimationFrame(function () { trace.frame = FX.now(); });
  }

  /** The messages of one server frame, in order: a frame carries a message or an array
   * of them (docs/protocol.md); traced ones get their `rx` mark (before the parse). */
  FX.unpack = function (text) {
    var rx = FX.tracing ? FX.now() : 0, data = JSON.parse(text);
    var msgs = Array.isArray(data) ? data : [data];
    if (rx) msgs.forEach(function (m) { if (m.trace) m.trace.rx = rx; });
    return msgs;
  };

  /* A transport is {send(msg), listen(onMessage)}. */
  FX.transports = {
    /** In-page queue (tests, harness): sent messages collect in .sent. */
    queue: function () {
      var t = { sent: [], send: function (msg) { t.sent.push(msg); }, listen: function () {} };
      return t;
    },
    /** WebSocket (browser preview). Messages queue until the socket opens. */
    websocket: function (url) {
      var ws = new WebSocket(url), pending = [], handler = null;
      ws.onopen = function () { pending.splice(0).forEach(function (m) { ws.send(JSON.stringify(m)); }); };
      ws.onmessage = function (e) {
        FX.unpack(e.data).forEach(function (msg) { if (handler) handler(msg); });
      };
      return {
        send: function (msg) { if (ws.readyState === 1) ws.send(JSON.stringify(msg)); else pending.push(msg); },
        listen: function (fn) { handler = fn; }
      };
    },
    /** pywebview: calls window.pywebview.api.post(msg); the host pushes with FX.receive. */
    pywebview: function () {
      return {
        send: function (msg) { global.pywebview.api.post(msg); },
        listen: function () {}
      };
    }
  };

  // ---- the client ------------------------------------------------------------------

  function Client(mountEl, transport) {
    this.mountEl = mountEl;
    this.transport = transport || FX.transports.queue();
    this.pages = Object.create(null);
    this.current = null;
    this.tabBar = null;
    // Events carry [this client's id, a number]; patches say up to which one the server
    // has handled ("after"), so a field typed ahead of it ignores older values.
    this.cid = Math.random().toString(36).slice(2, 10);
    this.eventNumber = 0;
    this.after = null;
    this.stack = document.createElement("div");
    this.stack.className = "fx-stack";
    mountEl.appendChild(this.stack);
    var self = this;
    this.transport.listen(function (msg) { self.receive(msg); });
    this.updateRpx();
    global.addEventListener("resize", function () { self.updateRpx(); });
    this.send({ type: "hello", client: "web", screenWidth: mountEl.clientWidth || global.innerWidth });
  }

  Client.prototype.send = function (msg) {
    msg.v = FX.PROTOCOL_VERSION;
    this.transport.send(msg);
  };

  Client.prototype.updateRpx = function (width) {
    var w = width || this.screenWidth || this.mountEl.clientWidth || global.innerWidth || 375;
    document.documentElement.style.setProperty("--fx-rpx", (w / 750) + "px");
    document.documentElement.style.setProperty("--fx-vw", (w / 100) + "px");
  };

  Client.prototype.receive = function (msg) {
    if (typeof msg === "string") msg = JSON.parse(msg);
    if (msg.trace && msg.trace.rx === undefined) msg.trace.rx = FX.now();
    if (msg.v !== FX.PROTOCOL_VERSION) {
      this.send({ type: "clientError", message: "unsupported protocol version " + msg.v });
      return;
    }
    try {
      if (msg.type === "patch") this.patch(msg);
      else if (msg.type === "page") this.pageAction(msg);
      else if (msg.type === "app") this.appAction(msg);
      else if (msg.type === "ui") this.uiAction(msg);
      else throw new Error("unknown message type " + msg.type);
    } catch (err) {
      this.send({ type: "clientError", pageId: msg.pageId, message: String(err && err.message || err) });
      if (global.console) console.error("fanxing client:", err);
    }
  };

  // ---- pages and chrome ----------------------------------------------------------------

  Client.prototype.page = function (pageId) {
    var page = this.pages[pageId];
    if (!page) throw new Error("no page " + pageId);
    return page;
  };

  Client.prototype.pageAction = function (msg) {
    var action = msg.action;
    if (action === "create") return this.createPage(msg);
    var page = this.page(msg.pageId);
    if (action === "show") this.showPage(page);
    else if (action === "hide") page.frame.style.display = "none";
    else if (action === "destroy") this.destroyPage(page);
    else if (action === "css") page.style.textContent = msg.css || "";
    else if (action === "window") this.applyWindow(page, msg.window || {});
    else if (action === "scrollTo") page.body.parentNode.scrollTop = msg.scrollTop || 0;
    else throw new Error("unknown page action " + action);
  };

  Client.prototype.createPage = function (msg) {
    if (this.pages[msg.pageId]) throw new Error("page " + msg.pageId + " exists");
    var frame = document.createElement("div");
    frame.className = "fx-page-frame";
    frame.setAttribute("data-page-id", msg.pageId);
    if (msg.route) frame.setAttribute("data-route", msg.route);
    var style = document.createElement("style");
    style.textContent = msg.css || "";
    var nav = document.createElement("div");
    nav.className = "fx-navbar";
    var back = document.createElement("span");
    back.className = "fx-navbar-back";
    back.textContent = "\u2039";
    var title = document.createElement("span");
    title.className = "fx-navbar-title";
    nav.appendChild(back);
    nav.appendChild(title);
    var scroller = document.createElement("div");
    scroller.className = "fx-page-scroll";
    var body = document.createElement("div");
    body.className = "fx-page";
    body.__fxId = 0;
    scroller.appendChild(body);
    // the webview area under the navigation bar: the box position:fixed and vh refer to
    var viewport = document.createElement("div");
    viewport.className = "fx-page-viewport";
    viewport.appendChild(scroller);
    frame.appendChild(style);
    frame.appendChild(nav);
    frame.appendChild(viewport);
    var vh = "";
    function sizeVh() {
      var v = viewport.clientHeight ? viewport.clientHeight / 100 + "px" : "";
      if (v && v !== vh) { vh = v; frame.style.setProperty("--fx-vh", v); }
    }
    if (global.ResizeObserver) new ResizeObserver(sizeVh).observe(viewport);
    var page = { id: msg.pageId, route: msg.route || "", frame: frame, body: body, style: style, nav: nav,
                 title: title, back: back, nodes: new Map(), client: this, longpressed: false,
                 window: {}, scroller: scroller, viewport: viewport };
    page.nodes.set(0, body);
    this.pages[msg.pageId] = page;
    installPullDown(this, page, viewport);
    this.applyWindow(page, msg.window || {});
    back.style.visibility = msg.canGoBack ? "visible" : "hidden";
    var self = this;
    back.addEventListener("click", function () { self.send({ type: "ui", action: "back", pageId: page.id }); });
    // Alipay pages hear a tap on their title (Page onTitleClick / events.onTitleClick)
    title.addEventListener("click", function () {
      if (self.dialect === "alipay") self.send({ type: "lifecycle", pageId: page.id, name: "onTitleClick", args: [] });
    });
    scroller.addEventListener("scroll", function () { self.pageScrolled(page); }, { passive: true });
    this.stack.appendChild(frame);
    installEvents(this, page);
    this.showPage(page);
    // --fx-vh measured now, while the page is empty (a small layout): set once its content
    // is laid out, the variable would restyle and lay all of it out again
    sizeVh();
    return page;
  };

  Client.prototype.applyWindow = function (page, win) {
    for (var key in win) page.window[key] = win[key];
    if ("navigationBarTitleText" in win) page.title.textContent = String(win.navigationBarTitleText || "");
    if (win.navigationBarBackgroundColor) page.nav.style.background = win.navigationBarBackgroundColor;
    if (win.navigationBarTextStyle) page.nav.style.color = win.navigationBarTextStyle === "white" ? "#fff" : "#000";
    if (win.backgroundColor) page.frame.style.background = win.backgroundColor;
    // the window behind the page: the top shows above it while pulling down (iOS naming)
    if (win.backgroundColorTop) page.refresh.style.background = win.backgroundColorTop;
    if (win.backgroundColorBottom) page.viewport.style.background = win.backgroundColorBottom;
    if ("backgroundTextStyle" in win) page.refresh.classList.toggle("fx-refresh-light", win.backgroundTextStyle === "light");
    page.nav.style.display = win.navigationStyle === "custom" ? "none" : "";
  };

  Client.prototype.showPage = function (page) {
    for (var id in this.pages) this.pages[id].frame.style.display = "none";
    page.frame.style.display = "";
    this.current = page;
    this.showTabBar();
  };

  /** The tab bar is part of the tab pages only (a page opened with navigateTo has none). */
  Client.prototype.showTabBar = function () {
    var bar = this.tabBar, route = this.current && this.current.route;
    var on = !!bar && !this.tabBarHidden &&
      (!route || !!bar.querySelector('[data-path="' + CSS.escape(route) + '"]'));
    if (bar) bar.style.display = on ? "" : "none";
    this.mountEl.classList.toggle("fx-has-tabbar", on);
  };

  Client.prototype.destroyPage = function (page) {
    var self = this;
    page.nodes.forEach(function (n) { if (n !== page.body) self.destroyNode(n); });
    page.frame.remove();
    delete this.pages[page.id];
    if (this.current === page) this.current = null;
  };

  Client.prototype.appAction = function (msg) {
    if ("dialect" in msg) {  // platform behaviour (form reset) and look (client.css)
      this.dialect = msg.dialect;
      this.mountEl.setAttribute("fx-dialect", msg.dialect || "");
    }
    if ("profile" in msg) this.mountEl.setAttribute("fx-host", msg.profile || "");
    if ("theme" in msg) this.applyTheme(msg.theme || {});
    if ("screenWidth" in msg) { this.screenWidth = msg.screenWidth; this.updateRpx(); }
    if ("tabBar" in msg) this.renderTabBar(msg.tabBar, msg.selected);
    else if ("selected" in msg && this.tabBar) this.selectTab(msg.selected);
  };

  /** The host profile's colours as CSS variables on the mount element: the brand colour
   * of built-ins (primary buttons, switches…) and the navigation bar's defaults. */
  Client.prototype.applyTheme = function (theme) {
    var nav = theme.navigationBar || {}, tab = theme.tabBar || {}, style = this.mountEl.style;
    var vars = { "--fx-brand": theme.brandColor || tab.selectedColor,
                 "--fx-nav-bg": nav.backgroundColor, "--fx-nav-fg": nav.frontColor };
    for (var name in vars) {
      if (vars[name]) style.setProperty(name, String(vars[name]));
      else style.removeProperty(name);
    }
  };

  Client.prototype.renderTabBar = function (tabBar, selected) {
    if (this.tabBar) this.tabBar.remove();
    this.tabBar = null;
    this.tabBarHidden = false;
    if (!tabBar || !tabBar.list || !tabBar.list.length) { this.showTabBar(); return; }
    var bar = document.createElement("div"), self = this;
    bar.className = "fx-tabbar";
    if (tabBar.backgroundColor) bar.style.background = tabBar.backgroundColor;
    tabBar.list.forEach(function (item, index) {
      var tab = document.createElement("div");
      tab.className = "fx-tab";
      tab.setAttribute("data-path", item.pagePath);
      tab.__fxColors = [tabBar.color || "", tabBar.selectedColor || ""];
      var icon = item.iconPath && FX.safeUrl(item.iconPath);
      if (icon) {
        var img = document.createElement("img");
        img.className = "fx-tab-icon";
        img.src = icon;
        img.__fxIcons = [icon, FX.safeUrl(item.selectedIconPath) || icon];
        tab.appendChild(img);
      }
      var label = document.createElement("span");
      label.className = "fx-tab-label";
      label.textContent = String(item.text || "");
      tab.appendChild(label);
      tab.addEventListener("click", function () {
        self.send({ type: "ui", action: "tabTap", index: index, pagePath: item.pagePath });
      });
      bar.appendChild(tab);
    });
    this.mountEl.appendChild(bar);
    this.tabBar = bar;
    this.showTabBar();
    this.selectTab(selected);
  };

  Client.prototype.selectTab = function (path) {
    this.tabSelected = path;
    Array.prototype.forEach.call(this.tabBar.children, function (tab) {
      var on = tab.getAttribute("data-path") === path;
      tab.classList.toggle("fx-tab-selected", on);
      tab.style.color = tab.__fxColors[on ? 1 : 0];
      var img = tab.querySelector("img");
      if (img) img.src = img.__fxIcons[on ? 1 : 0];
    });
  };

  // ---- host UI messages (`ui` broadcasts of the bridge) ----------------------------------

  Client.prototype.uiAction = function (msg) {
    var p = msg.payload || {}, page = (msg.pageId && this.pages[msg.pageId]) || this.current;
    switch (msg.kind) {
      case "startPullDownRefresh": if (page) setRefreshing(page, true); return;  // the container runs the handler
      case "stopPullDownRefresh": if (page) setRefreshing(page, false); return;
      case "showTabBar": case "hideTabBar":
        this.tabBarHidden = msg.kind === "hideTabBar";
        this.showTabBar();
        return;
      case "setTabBarBadge": return this.tabMark(msg.kind, p.index, "fx-tab-badge", String(p.text || ""));
      case "removeTabBarBadge": return this.tabMark(msg.kind, p.index, "fx-tab-badge", null);
      case "showTabBarRedDot": return this.tabMark(msg.kind, p.index, "fx-tab-reddot", "");
      case "hideTabBarRedDot": return this.tabMark(msg.kind, p.index, "fx-tab-reddot", null);
      case "setTabBarStyle": return this.tabStyle(p);
      case "setTabBarItem": return this.tabItem(p);
      case "pageScrollTo": if (page) scrollPageTo(page, p); return;
      case "setBackgroundColor": case "setBackgroundTextStyle":
        // the same fields as the window config (app.json names)
        if (page) this.applyWindow(page, msg.kind === "setBackgroundTextStyle" ? { backgroundTextStyle: p.textStyle } : p);
        return;
      default: return;  // toasts, dialogs: the simulator draws them
    }
  };

  Client.prototype.tab = function (api, index) {
    var tab = this.tabBar && this.tabBar.children[index];
    if (!tab) throw new Error(api + ": no tab at index " + index);
    return tab;
  };

  /** A badge (text; over 4 characters shows "…", as the hosts do) or red dot on a tab;
   * null removes it. A tab shows one mark at a time: a badge replaces the dot and back. */
  Client.prototype.tabMark = function (api, index, cls, text) {
    var tab = this.tab(api, index), box = tab.querySelector(".fx-tab-marks");
    if (!box) { box = document.createElement("span"); box.className = "fx-tab-marks"; tab.appendChild(box); }
    var old = box.querySelector("." + cls);
    if (text === null) { if (old) old.remove(); return; }
    while (box.firstChild) box.removeChild(box.firstChild);
    var mark = document.createElement("span");
    mark.className = cls;
    mark.textContent = text.length > 4 ? "\u2026" : text;
    box.appendChild(mark);
  };

  Client.prototype.tabStyle = function (p) {
    if (!this.tabBar) throw new Error("setTabBarStyle: the app has no tab bar");
    if (p.backgroundColor) this.tabBar.style.background = p.backgroundColor;
    if (p.borderStyle) this.tabBar.style.borderTopColor = p.borderStyle === "white" ? "#fff" : p.borderStyle === "black" ? "rgba(0, 0, 0, .3)" : p.borderStyle;
    Array.prototype.forEach.call(this.tabBar.children, function (tab) {
      if (p.color) tab.__fxColors[0] = p.color;
      if (p.selectedColor) tab.__fxColors[1] = p.selectedColor;
    });
    this.selectTab(this.tabSelected);
  };

  Client.prototype.tabItem = function (p) {
    var tab = this.tab("setTabBarItem", p.index);
    if (typeof p.text === "string") tab.querySelector(".fx-tab-label").textContent = p.text;
    var img = tab.querySelector("img");
    if (img && (p.iconPath || p.selectedIconPath)) {
      if (p.iconPath && FX.safeUrl(p.iconPath)) img.__fxIcons[0] = FX.safeUrl(p.iconPath);
      if (p.selectedIconPath && FX.safeUrl(p.selectedIconPath)) img.__fxIcons[1] = FX.safeUrl(p.selectedIconPath);
    }
    this.selectTab(this.tabSelected);
  };

  // ---- page scrolling: onPageScroll, onReachBottom, pull-down refresh -----------------

  /** One pageScroll per animation frame (the latest position), and onReachBottom once each
   * time the page comes within onReachBottomDistance (default 50 px) of its end. */
  Client.prototype.pageScrolled = function (page) {
    var self = this, sc = page.scroller;
    if (!page.scrollQueued) {
      page.scrollQueued = true;
      global.requestAnimationFrame(function () {
        page.scrollQueued = false;
        if (self.pages[page.id] === page) self.send({ type: "pageScroll", pageId: page.id, scrollTop: sc.scrollTop });
      });
    }
    var reach = Number(page.window.onReachBottomDistance);
    if (!(reach >= 0)) reach = 50;
    var near = sc.scrollHeight - sc.clientHeight - sc.scrollTop <= reach;
    if (near && !page.atBottom) this.send({ type: "lifecycle", pageId: page.id, name: "onReachBottom", args: [] });
    page.atBottom = near;
  };

  /** pageScrollTo: to `scrollTop`, or to the element `selector` matches (plus `offsetTop`),
   * in `duration` ms (default 300, as the hosts; 0 jumps). A later call replaces a running one. */
  function scrollPageTo(page, p) {
    var sc = page.scroller, top = Number(p.scrollTop) || 0;
    if (p.selector) {
      var el = page.body.querySelector(p.selector);
      if (!el) throw new Error("pageScrollTo: no element matches selector " + p.selector);
      top = el.getBoundingClientRect().top - sc.getBoundingClientRect().top + sc.scrollTop + (Number(p.offsetTop) || 0);
    }
    top = Math.max(0, Math.min(top, sc.scrollHeight - sc.clientHeight));
    var duration = p.duration === undefined || p.duration === null ? 300 : Math.max(0, Number(p.duration) || 0);
    var from = sc.scrollTop, t0 = null, run = page.scrollRun = {};
    if (!duration || from === top) { sc.scrollTop = top; return; }
    global.requestAnimationFrame(function step(now) {
      if (page.scrollRun !== run) return;  // replaced by a later pageScrollTo
      if (t0 === null) t0 = now;
      var k = Math.min(1, (now - t0) / duration);
      sc.scrollTop = from + (top - from) * (1 - Math.pow(1 - k, 3));  // ease-out
      if (k < 1) global.requestAnimationFrame(step);
    });
  }

  var PULL_DISTANCE = 48;  // px dragged down at the top that start a refresh

  function setRefreshing(page, on) {
    page.refreshing = on;
    page.frame.classList.toggle("fx-refreshing", on);
  }

  /* Dragging the page down from the top (mouse/pen pointer, touch, or the wheel) shows the
   * refresh indicator and sends onPullDownRefresh when the window enables it. */
  function installPullDown(client, page, viewport) {
    var sc = page.scroller, startY = null, pulled = 0;
    var indicator = page.refresh = document.createElement("div");
    indicator.className = "fx-refresh";
    for (var i = 0; i < 3; i++) indicator.appendChild(document.createElement("span"));
    viewport.insertBefore(indicator, sc);
    function enabled() { return FX.truthy(page.window.enablePullDownRefresh) && !page.refreshing; }
    function refresh() {
      setRefreshing(page, true);
      client.send({ type: "lifecycle", pageId: page.id, name: "onPullDownRefresh", args: [] });
    }
    function start(y) { startY = enabled() && sc.scrollTop <= 0 ? y : null; pulled = 0; }
    function move(y) {
      if (startY === null) return;
      pulled = Math.max(0, y - startY);
      sc.style.transform = pulled ? "translateY(" + Math.min(pulled / 2, PULL_DISTANCE) + "px)" : "";
    }
    function end() {
      if (startY === null) return;
      startY = null;
      sc.style.transform = "";
      if (pulled >= PULL_DISTANCE && enabled()) refresh();
    }
    sc.addEventListener("pointerdown", function (e) { if (e.pointerType !== "touch" && e.isPrimary) start(e.clientY); });
    sc.addEventListener("pointermove", function (e) { if (e.pointerType !== "touch") move(e.clientY); });
    sc.addEventListener("pointerup", function (e) { if (e.pointerType !== "touch") end(); });
    sc.addEventListener("pointercancel", function () { startY = null; sc.style.transform = ""; });
    sc.addEventListener("touchstart", function (e) { if (e.touches.length === 1) start(e.touches[0].clientY); }, { passive: true });
    sc.addEventListener("touchmove", function (e) { if (e.touches.length === 1) move(e.touches[0].clientY); }, { passive: true });
    sc.addEventListener("touchend", end);
    sc.addEventListener("touchcancel", end);
    sc.addEventListener("wheel", function (e) {
      if (e.deltaY < 0 && sc.scrollTop <= 0 && enabled()) refresh();
    }, { passive: true });
  }

  // ---- patches ---------------------------------------------------------------------

  Client.prototype.patch = function (msg) {
    var page = this.page(msg.pageId), ops = msg.ops;
    this.after = msg.after || null;
    try {
      for (var i = 0; i < ops.length; i++) this.applyOp(page, ops[i]);
    } finally {
      this.after = null;
    }
    if (msg.trace) traceDone(msg.trace);
    if (msg.ack) this.send({ type: "ack", pageId: msg.pageId, seq: msg.seq });
  };

  function node(page, id) {
    var n = page.nodes.get(id);
    if (n === undefined) throw new Error("page " + page.id + ": no node " + id);
    return n;
  }

  Client.prototype.applyOp = function (page, op) {
    switch (op[0]) {
      case "create": this.build(page, op[1]); return;
      case "insert":
      case "move": {
        var parent = node(page, op[1]), child = node(page, op[2]);
        var box = parent.__fxDef && parent.__fxDef.container ? parent.__fxDef.container(parent) : parent;
        var before = op[3] === null || op[3] === undefined ? null : node(page, op[3]);
        box.insertBefore(child, before);
        return;
      }
      case "remove": {
        var el = node(page, op[1]);
        this.forget(page, el);
        if (el.parentNode) el.parentNode.removeChild(el);
        return;
      }
      case "setAttr": setAttr(node(page, op[1]), op[2], op[3]); return;
      case "removeAttr": setAttr(node(page, op[1]), op[2], undefined); return;
      case "setClass": setClass(node(page, op[1]), op[2]); return;
      case "setStyle": node(page, op[1]).style.cssText = FX.cssText(op[2]); return;
      case "setId": setDomId(node(page, op[1]), op[2]); return;
      case "setText": node(page, op[1]).data = String(op[2]); return;
      case "setDataset": setDataset(node(page, op[1]), op[2]); return;
      case "setEvents": node(page, op[1]).__fxEvents = toSet(op[2]); return;
      default: throw new Error("unknown op " + op[0]);
    }
  };

  function toSet(list) {
    var s = Object.create(null);
    (list || []).forEach(function (n) { s[n] = true; });
    return s;
  }

  function setClass(el, cls) {
    // classes a built-in put on itself (fx-checked, Alipay's a-checkbox-checked, a hover
    // class) are neither the app's last class string nor the base: they stay
    if (!el.classList.length) {  // nothing to keep (a new element): no sets and joins
      el.__fxClass = cls || "";
      var base = el.__fxBase || "", first = base && el.__fxClass ? base + " " + el.__fxClass : base || el.__fxClass;
      if (first) el.setAttribute("class", first);
      return;
    }
    var own = {}, kept = [];
    ((el.__fxBase || "") + " " + (el.__fxClass || "")).split(/\s+/).forEach(function (c) { own[c] = 1; });
    for (var i = 0; i < el.classList.length; i++) {
      if (!own[el.classList[i]]) kept.push(el.classList[i]);
    }
    el.__fxClass = cls || "";
    var full = [el.__fxBase || "", kept.join(" "), el.__fxClass].filter(Boolean).join(" ");
    if (full) el.setAttribute("class", full); else el.removeAttribute("class");
  }

  function setDomId(el, id) {
    if (id === null || id === undefined || id === "") el.removeAttribute("id");
    else el.id = String(id);
  }

  function setDataset(el, dataset) {
    // data-* attributes mirror primitive values so CSS and devtools can see them (a new
    // element has none to remove)
    if (el.__fxDataset !== undefined) {
      Array.prototype.slice.call(el.attributes).forEach(function (a) {
        if (a.name.indexOf("data-") === 0) el.removeAttribute(a.name);
      });
    }
    el.__fxDataset = dataset || {};
    Object.keys(el.__fxDataset).forEach(function (k) {
      var v = el.__fxDataset[k];
      if (v !== null && typeof v !== "object" && /^[a-zA-Z][\w]*$/.test(k)) {
        el.setAttribute("data-" + k.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }), String(v));
      }
    });
  }

  function setAttr(el, name, value) {
    el.__fxAttrs[name] = value;
    var def = el.__fxDef;
    if (def.update && def.update(el, name, value, el.__fxCtx)) return;
    FX.setPlainAttr(el, name, value);
  }

  Client.prototype.build = function (page, spec) {
    var n;
    if ("text" in spec) {
      n = document.createTextNode(String(spec.text));
      n.__fxId = spec.id;
      page.nodes.set(spec.id, n);
      return n;
    }
    // a custom component may take a built-in's name (antd-mini's FormSwitch uses its
    // Switch as <switch>): its host is a plain element, never the built-in
    var def = spec.component ? COMPONENT_HOST : registry[spec.tag] || GENERIC;
    var ctx = makeCtx(this, page, spec);
    var el = def.create(ctx);
    el.__fxId = spec.id;
    el.__fxDef = def;
    el.__fxCtx = ctx;
    el.__fxAttrs = ctx.attrs;
    el.__fxEvents = toSet(spec.events);
    if (spec.component) {
      el.setAttribute("fx-component", spec.component);
    }
    if (spec.class || el.__fxBase) setClass(el, spec.class || "");
    if (spec.style) el.style.cssText = FX.cssText(spec.style);
    if (spec.domId !== undefined && spec.domId !== null) setDomId(el, spec.domId);
    if (spec.dataset) setDataset(el, spec.dataset);
    var attrs = spec.attrs || {};
    for (var k in attrs) setAttr(el, k, attrs[k]);
    page.nodes.set(spec.id, el);
    var kids = spec.children;
    if (kids) {
      var box = def.container ? def.container(el) : el;
      for (var i = 0; i < kids.length; i++) {
        var c = this.build(page, kids[i]);
        box.appendChild(c);
      }
    }
    return el;
  };

  Client.prototype.forget = function (page, n) {
    page.nodes.delete(n.__fxId);
    this.destroyNode(n);
    var kids = n.__fxDef && n.__fxDef.container ? n.__fxDef.container(n).childNodes : n.childNodes;
    for (var i = 0; i < kids.length; i++) {
      if (kids[i].__fxId !== undefined) this.forget(page, kids[i]);
    }
  };

  Client.prototype.destroyNode = function (n) {
    if (n.__fxDef && n.__fxDef.destroy) n.__fxDef.destroy(n, n.__fxCtx);
  };

  function makeCtx(client, page, spec) {
    var ctx = {
      tag: spec.tag, nodeId: spec.id, page: page, client: client, attrs: {},
      emit: function (name, detail, extra) {
        var el = page.nodes.get(spec.id);
        if (el && wanted(el, name)) return client.reportEvent(page, spec.id, name, detail, extra || {});
        return 0;
      }
    };
    return ctx;
  }

  // ---- events ----------------------------------------------------------------------

  function fxNodeOf(target) {
    var n = target;
    while (n && n.__fxId === undefined) n = n.parentNode;
    return n;
  }

  function listens(n, name) {
    var ev = n.__fxEvents;
    if (!ev) return false;
    if (ev[name]) return true;
    return (name === "longpress" && ev.longtap) || (name === "longtap" && ev.longpress);
  }

  /** Does some node on the path (bubbling events) or the target itself listen? */
  function wanted(n, name) {
    if (!BUBBLING[name]) return listens(n, name);
    for (; n; n = n.parentNode) if (n.__fxId !== undefined && listens(n, name)) return true;
    return false;
  }

  function touchList(e) {
    var t = { identifier: e.pointerId || 0, pageX: e.pageX, pageY: e.pageY,
              clientX: e.clientX, clientY: e.clientY, force: e.pressure || 0 };
    return [t];
  }

  Client.prototype.reportEvent = function (page, nodeId, name, detail, extra) {
    var stamp = extra.timeStamp !== undefined ? extra.timeStamp : performance.now();
    var msg = { type: "event", pageId: page.id, nodeId: nodeId, name: name,
                detail: detail === undefined ? {} : detail,
                touches: extra.touches || [], changedTouches: extra.changedTouches || extra.touches || [],
                timeStamp: Math.round(stamp) };
    if (FX.tracing) msg.trace = { click: performance.timeOrigin + stamp, send: FX.now() };
    msg.eid = [this.cid, ++this.eventNumber];
    this.send(msg);
    return this.eventNumber;
  };

  /** Has the patch being applied seen this client's event number n (or later)? */
  Client.prototype.handled = function (n) {
    var after = this.after, seen = after && after[this.cid];
    return typeof seen === "number" && seen >= n;
  };

  function installEvents(client, page) {
    var root = page.body, press = null;

    function report(e, name, detail, touches, changed, target) {
      var n = fxNodeOf(target || e.target);
      if (!n || n === root || !wanted(n, name)) return false;
      client.reportEvent(page, n.__fxId, name, detail, {
        touches: touches, changedTouches: changed, timeStamp: e.timeStamp });
      return true;
    }

    root.addEventListener("pointerdown", function (e) {
      var t = touchList(e);
      report(e, "touchstart", {}, t, t);
      page.longpressed = false;
      press = { x: e.clientX, y: e.clientY, e: e, timer: setTimeout(function () {
        press.timer = null;
        page.longpressed = report(press.e, "longpress", { x: press.e.pageX, y: press.e.pageY }, t, t);
      }, 350) };
    });
    root.addEventListener("pointermove", function (e) {
      if (!press) return;
      if (press.timer && Math.abs(e.clientX - press.x) + Math.abs(e.clientY - press.y) > 10) {
        clearTimeout(press.timer); press.timer = null;
      }
      var t = touchList(e);
      // As with touches, a move and its end belong to the node the touch started on,
      // wherever the pointer is now.
      report(e, "touchmove", {}, t, t, press.e.target);
    });
    function end(name) {
      return function (e) {
        var started = press && press.e.target;
        if (press && press.timer) clearTimeout(press.timer);
        press = null;
        var t = touchList(e);
        report(e, name, {}, [], t, started);
      };
    }
    root.addEventListener("pointerup", end("touchend"));
    root.addEventListener("pointercancel", end("touchcancel"));
    root.addEventListener("click", function (e) {
      if (page.longpressed) { page.longpressed = false; return; } // longpress replaces tap
      var t = touchList(e);
      report(e, "tap", { x: e.pageX, y: e.pageY }, [], t);
    });
    root.addEventListener("submit", function (e) { e.preventDefault(); }, true);
    // CSS transitions and animations of the app's styles: bindtransitionend,
    // onAnimationEnd… (antd-mini's Popup leaves its closing state on animationend)
    ["transitionend", "animationstart", "animationiteration", "animationend"].forEach(function (name) {
      root.addEventListener(name, function (e) {
        var detail = name === "transitionend" ? { propertyName: e.propertyName, elapsedTime: e.elapsedTime }
          : { animationName: e.animationName, elapsedTime: e.elapsedTime };
        report(e, name, detail, [], []);
      });
    });
  }

  // ---- bootstrap ---------------------------------------------------------------------

  FX.Client = Client;
  /** Start a client in mountEl (default: #fx-app or body) over a transport. */
  FX.start = function (transport, mountEl) {
    var el = mountEl || document.getElementById("fx-app") || document.body;
    FX.client = new Client(el, transport);
    return FX.client;
  };
  /** Apply a view → client message (for hosts that push by calling JS). */
  FX.receive = function (msg) { FX.client.receive(msg); };
})(typeof window !== "undefined" ? window : this);
