/* fanxing simulator: the WXML / AXML inspector. The tree is the author's (tags, classes
 * and attributes as written; runtime/devtools/inspector.py); hovering a line outlines the
 * element in the device, selecting one shows its attributes, its computed style as the
 * device draws it, and the data it is bound to (its page's or component's, a component
 * host's props and data). "Pick" selects what you click in the device. */
(function () {
  "use strict";

  var SIM = window.FXSIM, el = SIM.el, json = SIM.json;
  var $ = function (sel) { return document.querySelector(sel); };
  var STYLES = ["display", "position", "box-sizing", "width", "height", "margin", "padding",
                "border", "border-radius", "color", "background-color", "font-size", "font-weight",
                "line-height", "text-align", "flex-direction", "justify-content", "align-items",
                "overflow", "opacity", "z-index"];
  var tree = null, lines = {}, selected = null, picking = false, refreshTimer = null;
  var collapsed = {};

  function visible() { return $("#panel-inspector").classList.contains("on"); }

  function request() { SIM.command("inspect", {}); }
  SIM.inspect = request;

  // keep the tree current while the panel is open (patches change the page)
  function soon() {
    if (!visible()) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(request, 150);
  }
  SIM.on("patch", soon);
  SIM.on("page", soon);
  SIM.on("sim:reset", function () { tree = null; selected = null; $("#sim-node").textContent = ""; soon(); });
  SIM.on("sim:state", function (st) {
    $("#sim-inspector-tab").textContent = st.dialect === "alipay" ? "AXML" : "WXML";
  });
  $("#sim-tabs").addEventListener("click", function (e) {
    var b = e.target.closest("button[data-panel]");
    if (b && b.getAttribute("data-panel") === "inspector") request();
    if (b && b.getAttribute("data-panel") !== "inspector") unhighlight();
  });
  $("#sim-tree-refresh").addEventListener("click", request);

  SIM.on("sim:tree", function (msg) {
    tree = msg;
    SIM.tree = msg;
    render();
    if (selected && selected.pageId === msg.pageId && lines[selected.id]) {
      lines[selected.id].classList.add("on");
      SIM.command("inspectNode", { pageId: msg.pageId, nodeId: selected.id });
    }
  });
  SIM.on("sim:node", showNode);

  // ---- the tree -------------------------------------------------------------------------

  // an element holding one text only reads best on one line: <text class="a">Hi</text>
  function inlineText(n) {
    return n.children.length === 1 && n.children[0].text !== undefined ? n.children[0].text : null;
  }

  function openTag(n) {
    var span = el("span", "sim-tag");
    span.appendChild(el("span", "sim-tag-name", "<" + n.tag));
    n.attrs.forEach(function (a) {
      span.appendChild(document.createTextNode(" "));
      span.appendChild(el("span", "sim-attr-name", a[0]));
      span.appendChild(document.createTextNode("="));
      span.appendChild(el("span", "sim-attr-value", '"' + a[1] + '"'));
    });
    span.appendChild(el("span", "sim-tag-name", n.children.length ? ">" : " />"));
    var text = inlineText(n);
    if (text !== null) {
      span.appendChild(el("span", "sim-tree-text", text));
      span.appendChild(el("span", "sim-tag-name", "</" + n.tag + ">"));
    }
    return span;
  }

  function render() {
    var box = $("#sim-tree");
    box.textContent = "";
    lines = {};
    $("#sim-tree-route").textContent = tree.route ? tree.route + " (" + tree.pageId + ")" : "no page";
    var walk = function (nodes, depth) {
      nodes.forEach(function (n) {
        var line = el("div", "sim-tree-line");
        line.style.paddingLeft = (depth * 12 + 4) + "px";
        line.setAttribute("data-node", n.id);
        lines[n.id] = line;
        if (n.text !== undefined) {
          line.classList.add("sim-tree-text");
          line.appendChild(el("span", "", n.text));
        } else {
          var nested = n.children.length && inlineText(n) === null;
          var twisty = el("span", "sim-twisty", nested ? (collapsed[n.id] ? "▸" : "▾") : " ");
          twisty.addEventListener("click", function (e) {
            e.stopPropagation();
            collapsed[n.id] = !collapsed[n.id];
            render();
          });
          line.appendChild(twisty);
          line.appendChild(openTag(n));
          if (n.component) line.title = "component " + n.component;
        }
        line.addEventListener("mouseenter", function () { highlight(n.id); });
        line.addEventListener("mouseleave", unhighlight);
        line.addEventListener("click", function () { select(n.id); });
        box.appendChild(line);
        if (n.children && n.children.length && inlineText(n) === null && !collapsed[n.id]) {
          walk(n.children, depth + 1);
          var close = el("div", "sim-tree-line sim-tree-close", "</" + n.tag + ">");
          close.style.paddingLeft = (depth * 12 + 16) + "px";
          box.appendChild(close);
        }
      });
    };
    walk(tree.nodes || [], 0);
  }

  function select(id) {
    if (!tree) return;
    selected = { pageId: tree.pageId, id: id };
    Object.keys(lines).forEach(function (k) { lines[k].classList.toggle("on", String(k) === String(id)); });
    SIM.command("inspectNode", { pageId: tree.pageId, nodeId: id });
  }
  SIM.selectNode = select;

  // ---- the device side: DOM node, outline, computed style --------------------------------

  function domNode(pageId, id) {
    var client = window.FX && FX.client, page = client && client.pages[pageId];
    return page ? page.nodes.get(id) || null : null;
  }
  SIM.domNode = domNode;

  function rectOf(node) {
    if (!node) return null;
    if (node.nodeType === 3) {
      var r = document.createRange();
      r.selectNodeContents(node);
      return r.getBoundingClientRect();
    }
    var rect = node.getBoundingClientRect();
    if (rect.width || rect.height || !node.firstElementChild) return rect;
    // a display:contents host (custom component): the union of its children
    var kids = Array.prototype.map.call(node.children, function (c) { return c.getBoundingClientRect(); });
    var l = Math.min.apply(null, kids.map(function (k) { return k.left; })),
        t = Math.min.apply(null, kids.map(function (k) { return k.top; })),
        r2 = Math.max.apply(null, kids.map(function (k) { return k.right; })),
        b = Math.max.apply(null, kids.map(function (k) { return k.bottom; }));
    return { left: l, top: t, width: r2 - l, height: b - t };
  }

  function highlight(id) {
    unhighlight();
    if (!tree) return;
    var node = domNode(tree.pageId, id), r = rectOf(node);
    if (!r) return;
    var screen = $("#sim-screen"), s = screen.getBoundingClientRect();
    var scale = s.width / (screen.offsetWidth || s.width) || 1;  // the frame may be scaled to fit
    var box = el("div", "sim-highlight");
    box.style.left = (r.left - s.left) / scale + "px";
    box.style.top = (r.top - s.top) / scale + "px";
    box.style.width = r.width / scale + "px";
    box.style.height = r.height / scale + "px";
    var n = findNode(id);
    var label = el("span", "sim-highlight-label", (n && n.tag ? n.tag : "#text") + "  " +
                   Math.round(r.width / scale) + " × " + Math.round(r.height / scale));
    box.appendChild(label);
    screen.appendChild(box);
    SIM.highlighted = id;
  }
  SIM.highlight = highlight;

  function unhighlight() {
    var old = $(".sim-highlight");
    if (old) old.remove();
    SIM.highlighted = null;
  }

  function findNode(id, nodes) {
    nodes = nodes || (tree && tree.nodes) || [];
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].id === id) return nodes[i];
      var hit = findNode(id, nodes[i].children || []);
      if (hit) return hit;
    }
    return null;
  }

  function computed(pageId, id) {
    var node = domNode(pageId, id), out = {};
    if (!node || node.nodeType !== 1) return out;
    var cs = getComputedStyle(node);
    STYLES.forEach(function (p) { out[p] = cs.getPropertyValue(p); });
    return out;
  }
  SIM.computedStyle = computed;

  // ---- details ------------------------------------------------------------------------------

  function kv(obj) {
    var t = el("div", "sim-net-kv");
    Object.keys(obj).forEach(function (k) {
      var r = el("div", "sim-net-kvrow");
      r.appendChild(el("span", "sim-net-k", k));
      r.appendChild(el("span", "sim-net-v", obj[k]));
      t.appendChild(r);
    });
    if (!Object.keys(obj).length) t.appendChild(el("div", "sim-net-none", "(none)"));
    return t;
  }

  function part(box, title, body) {
    var s = el("div", "sim-net-section");
    s.appendChild(el("div", "sim-net-title", title));
    s.appendChild(body);
    box.appendChild(s);
  }

  function showNode(info) {
    SIM.nodeInfo = info;
    var box = $("#sim-node");
    box.textContent = "";
    box.setAttribute("data-node", info.id);
    var attrs = {};
    info.attrs.forEach(function (a) { attrs[a[0]] = a[1]; });
    part(box, "<" + (info.tag === "#text" ? "text node" : info.tag) + ">  attributes", kv(attrs));
    var styles = computed(info.pageId, info.id);
    part(box, "Computed style", kv(styles));
    if (info.component) {
      part(box, "Component " + info.component.path + " (" + info.component.id + ") props",
           el("pre", "sim-net-body", json(info.component.props, 2)));
      part(box, "Component data", el("pre", "sim-net-body", json(info.component.data, 2)));
    }
    part(box, "Bound data: " + info.owner.kind + " " + info.owner.path + " (" + info.owner.id + ")",
         el("pre", "sim-net-body", json(info.owner.data, 2)));
  }

  // ---- pick an element in the device ---------------------------------------------------------

  $("#sim-pick").addEventListener("click", function () {
    picking = !picking;
    $("#sim-pick").classList.toggle("on", picking);
    document.body.classList.toggle("sim-picking", picking);
  });

  function pickedId(target) {
    for (var n = target; n && n !== document.body; n = n.parentNode) {
      if (n.__fxId !== undefined && n.__fxId !== 0) return n.__fxId;
    }
    return null;
  }

  // while picking, the page gets no touches: the pick is the developer's, not the app's
  ["mouseover", "pointerdown", "pointerup", "mousedown", "mouseup", "touchstart", "touchend",
   "click"].forEach(function (type) {
    $("#fx-app").addEventListener(type, function (e) {
      if (!picking || !tree) return;
      var id = pickedId(e.target);
      if (id === null) return;
      if (type === "mouseover") { highlight(id); return; }
      e.preventDefault();
      e.stopPropagation();
      if (type !== "click") return;
      e.stopPropagation();
      picking = false;
      $("#sim-pick").classList.remove("on");
      document.body.classList.remove("sim-picking");
      select(id);
      if (lines[id]) lines[id].scrollIntoView({ block: "nearest" });
    }, true);
  });
})();
