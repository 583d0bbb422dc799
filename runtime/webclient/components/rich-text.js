/* rich-text: `nodes` is an HTML string or a node array
 *   [{name, attrs: {class, style, ...}, children: [...]}, {type: "text", text}]
 * Either way the content is REBUILT element by element from a whitelist: a string is
 * parsed by DOMParser into an inert document (nothing runs or loads there), then every
 * allowed tag is re-created with only allowed attributes; script/style/iframe/… are
 * dropped with their content, other unknown tags are unwrapped (their text kept).
 * Never set: on* handlers, id, URLs other than http(s)/data:image/relative (and `a`
 * keeps no href at all: rich-text links do not navigate), styles with url(),
 * expression(), javascript:, behavior/-moz-binding, @import or CSS escapes.
 * No events of its own (taps on the content are taps on the rich-text node). */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  var TAGS = {};
  ("a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup " +
   "dd del div dl dt em fieldset font footer h1 h2 h3 h4 h5 h6 header hr i img ins label legend li " +
   "mark nav ol p pre q rt ruby s section small span strong sub sup table tbody td tfoot th thead " +
   "tr tt u ul").split(" ").forEach(function (t) { TAGS[t] = 1; });
  var DROP = {};
  ("script style iframe frame frameset object embed applet template noscript noembed textarea " +
   "select option svg math title head meta link base xmp plaintext video audio canvas form " +
   "input button").split(" ").forEach(function (t) { DROP[t] = 1; });
  var ATTRS = {};
  ("class style align alt border cellpadding cellspacing color colspan dir face height rowspan " +
   "size span start title type valign width").split(" ").forEach(function (a) { ATTRS[a] = 1; });
  var BAD_CSS = /expression|javascript:|vbscript:|behavior|binding|@import|url\s*\(|\\|<|\/\*/i;

  /** Only plain declarations survive; the browser's CSS parser then drops invalid ones. */
  function cleanStyle(style) {
    return String(style).split(";").filter(function (decl) {
      var i = decl.indexOf(":");
      if (i < 0) return false;
      var name = decl.slice(0, i).trim();
      return /^-?[a-z][a-z-]*$/i.test(name) && !BAD_CSS.test(decl);
    }).join(";");
  }

  function element(name, attrs) {
    name = String(name || "").toLowerCase();
    if (!TAGS[name]) return null;
    var el = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) {
      var key = String(k).toLowerCase(), v = attrs[k];
      if (v === null || v === undefined || typeof v === "object") return;
      v = String(v);
      if (key === "style") { el.style.cssText = FX.cssText(cleanStyle(v)); return; }
      if (key === "src" && name === "img") {
        var url = ui.assetUrl(v);
        if (url) el.setAttribute("src", url);
        return;
      }
      if (ATTRS[key]) el.setAttribute(key, v);
    });
    if (name === "img") { el.setAttribute("draggable", "false"); el.setAttribute("loading", "lazy"); }
    return el;
  }

  /** Clean copy of a parsed DOM node (from the inert document) into the live one. */
  function fromDom(node, out) {
    if (node.nodeType === 3) { out.appendChild(document.createTextNode(node.data)); return; }
    if (node.nodeType !== 1) return;
    var name = node.nodeName.toLowerCase();
    if (DROP[name]) return;
    var attrs = {};
    for (var i = 0; i < node.attributes.length; i++) attrs[node.attributes[i].name] = node.attributes[i].value;
    var el = element(name, attrs) || out; // unknown tag: unwrap
    node.childNodes.forEach(function (c) { fromDom(c, el); });
    if (el !== out) out.appendChild(el);
  }

  /** Clean DOM from a node-array item. */
  function fromJson(item, out, depth) {
    if (item === null || item === undefined || depth > 64) return;
    if (typeof item === "string") { out.appendChild(document.createTextNode(item)); return; }
    if (item.type === "text") { out.appendChild(document.createTextNode(ui.str(item.text))); return; }
    var name = String(item.name || "").toLowerCase();
    if (DROP[name]) return;
    var el = element(name, item.attrs) || out;
    (Array.isArray(item.children) ? item.children : []).forEach(function (c) { fromJson(c, el, depth + 1); });
    if (el !== out) out.appendChild(el);
  }

  function render(el, nodes) {
    var box = el.__fxContent;
    box.textContent = "";
    if (typeof nodes === "string") {
      var doc = new DOMParser().parseFromString(nodes, "text/html");
      doc.body.childNodes.forEach(function (c) { fromDom(c, box); });
    } else if (Array.isArray(nodes)) {
      nodes.forEach(function (c) { fromJson(c, box, 0); });
    } else if (nodes && typeof nodes === "object") {
      fromJson(nodes, box, 0);
    }
  }

  FX.richText = { render: render, cleanStyle: cleanStyle };

  ui.define("rich-text", {
    create: function () {
      var el = document.createElement("rich-text");
      el.__fxContent = ui.make("span", "fx-rich-text", el);
      return el;
    },
    attrs: {
      nodes: render,
      space: function () {},
      "user-select": function (el, v) { el.classList.toggle("fx-text-selectable", ui.truthy(v)); }
    }
  });
})(window.FX);
