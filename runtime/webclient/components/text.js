/* text: inline text. `selectable` / `user-select` allow selection; `decode` turns the
 * entities &nbsp; &lt; &gt; &amp; &apos; &ensp; &emsp; (and &quot;) into characters;
 * `space` (ensp | emsp | nbsp) shows runs of spaces with that space character.
 * Text always stays text: the child Text nodes' data is rewritten, never parsed. */
(function (FX) {
  "use strict";
  var ENTITIES = { nbsp: "\u00a0", lt: "<", gt: ">", amp: "&", apos: "'", ensp: "\u2002",
                   emsp: "\u2003", quot: "\"" };
  var SPACES = { ensp: "\u2002", emsp: "\u2003", nbsp: "\u00a0" };

  function transform(el, raw) {
    var s = raw;
    if (FX.ui.truthy(FX.ui.get(el, "decode"))) {
      s = s.replace(/&(nbsp|lt|gt|amp|apos|ensp|emsp|quot);/g, function (m, name) { return ENTITIES[name]; });
    }
    var space = SPACES[FX.ui.get(el, "space")];
    if (space) s = s.replace(/ /g, space);
    return s;
  }

  /* Text nodes belonging to this text element (not to a nested <text>). */
  function ownTexts(el) {
    var out = [];
    el.childNodes.forEach(function (n) { if (n.nodeType === 3) out.push(n); });
    return out;
  }

  function refresh(el, nodes) {
    nodes.forEach(function (n) {
      if (n.parentNode !== el) return;
      if (n.__fxShown !== undefined && n.data === n.__fxShown) return; // our own write
      n.__fxRaw = n.data;
      n.__fxShown = transform(el, n.data);
      if (n.__fxShown !== n.data) n.data = n.__fxShown;
    });
  }

  function rewriteAll(el) {
    ownTexts(el).forEach(function (n) {
      if (n.__fxRaw !== undefined) { n.__fxShown = undefined; n.data = n.__fxRaw; }
    });
    refresh(el, ownTexts(el));
  }

  function watch(el) {
    var active = FX.ui.truthy(FX.ui.get(el, "decode")) || !!SPACES[FX.ui.get(el, "space")];
    if (active && !el.__fxObserver) {
      el.__fxObserver = new MutationObserver(function (records) {
        var nodes = [];
        records.forEach(function (r) {
          if (r.type === "characterData") nodes.push(r.target);
          else r.addedNodes.forEach(function (n) { if (n.nodeType === 3) nodes.push(n); });
        });
        refresh(el, nodes);
      });
      el.__fxObserver.observe(el, { childList: true, characterData: true, subtree: true });
    }
    // children arrive after the attributes (same patch): transform them once they are in
    Promise.resolve().then(function () { rewriteAll(el); });
  }

  function selectable(el, value) {
    el.classList.toggle("fx-text-selectable", FX.ui.truthy(value));
  }

  FX.ui.define("text", {
    create: function () { return document.createElement("text"); },
    attrs: {
      decode: function (el) { watch(el); },
      space: function (el) { watch(el); },
      selectable: selectable,
      "user-select": selectable
    },
    destroy: function (el) { if (el.__fxObserver) el.__fxObserver.disconnect(); }
  });
})(window.FX);
