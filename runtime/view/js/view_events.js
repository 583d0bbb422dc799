// WXS response events and change:prop observers, in the view-side module context.
//
// Loaded by fanxing.runtime.view.script_modules after its prelude (which defines __fx).
// Python cannot be called from here (every call runs under a time limit), so the
// owner's part of the render tree comes in as a snapshot and what the WXS function
// asks for (setStyle, addClass, callMethod, triggerEvent) goes back as a command list
// that the page view applies (fanxing.runtime.view.handlers).
//
// Snapshot (per owner: a page or a component instance, cached by version):
//   {key, v, owner, root, nodes: [[id, tag, class, domId, p, comp, dataset?], ...]}
// `p` is the nearest ancestor in the same template (the owner root for top nodes),
// `comp` the component instance id when the node is a component host.
(function (fx) {
  "use strict";
  var trees = {};   // key -> {v, owner, page, root, byId, order}
  var states = {};  // "page:nodeId" -> getState() object
  var frames = [];  // requestAnimationFrame callbacks waiting for the next frame
  var cmds = [];    // commands of the current call

  function build(page, t) {
    var byId = {}, order = [];
    t.nodes.forEach(function (r) {  // [id, tag, class, domId, parent, compId, dataset?]
      var n = { id: r[0], tag: r[1], cls: r[2] ? r[2].split(" ") : [], domId: r[3], p: r[4],
                comp: r[5], ds: r[6] || {} };
      byId[n.id] = n;
      order.push(n.id);
    });
    return { v: t.v, owner: t.owner, page: page, root: t.root, byId: byId, order: order };
  }

  // ---- selectors: tag, #id, .class, *, descendant (space) and child (>) combinators, lists
  function parseCompound(text, sel) {
    var c = { tag: null, id: null, classes: [] };
    var re = /([.#]?)(-?[_a-zA-Z\u00a0-\uffff][\w\u00a0-\uffff-]*)|(\*)/g, m, pos = 0;
    while ((m = re.exec(text)) !== null) {
      if (m.index !== pos) throw new SyntaxError("bad selector " + JSON.stringify(sel));
      pos = re.lastIndex;
      if (m[3]) continue;
      if (m[1] === ".") c.classes.push(m[2]);
      else if (m[1] === "#") c.id = m[2];
      else c.tag = m[2];
    }
    if (pos !== text.length || !text) throw new SyntaxError("bad selector " + JSON.stringify(sel));
    return c;
  }

  function parseSelector(sel) {
    return String(sel).split(",").map(function (part) {
      var tokens = part.trim().replace(/\s*>\s*/g, " > ").split(/\s+/);
      var out = [], comb = " ";
      if (tokens[0] === ">" || tokens[tokens.length - 1] === ">") throw new SyntaxError("bad selector " + JSON.stringify(sel));
      for (var i = tokens.length - 1; i >= 0; i--) {
        if (tokens[i] === ">") {
          if (comb === ">") throw new SyntaxError("bad selector " + JSON.stringify(sel));
          comb = ">";
          continue;
        }
        if (out.length) out[out.length - 1].comb = comb;
        out.push({ c: parseCompound(tokens[i], sel), comb: null });
        comb = " ";
      }
      return out;  // rightmost first; .comb links to the next (leftward) compound
    });
  }

  function matches(n, c) {
    if (c.tag && n.tag !== c.tag) return false;
    if (c.id && n.domId !== c.id) return false;
    for (var i = 0; i < c.classes.length; i++) if (n.cls.indexOf(c.classes[i]) < 0) return false;
    return true;
  }

  function matchFrom(t, n, parts, i) {
    if (!matches(n, parts[i].c)) return false;
    if (i === parts.length - 1) return true;
    var comb = parts[i].comb, a = t.byId[n.p];
    while (a) {
      if (matchFrom(t, a, parts, i + 1)) return true;
      if (comb === ">") return false;
      a = t.byId[a.p];
    }
    return false;
  }

  function isBelow(t, n, rootId) {
    for (var a = t.byId[n.p]; a; a = t.byId[a.p]) if (a.id === rootId) return true;
    return false;
  }

  function select(desc, sel, first) {
    var t = desc.__t, lists = parseSelector(sel), out = [];
    for (var k = 0; k < t.order.length; k++) {
      var n = t.byId[t.order[k]];
      if (n.id === desc.__id || !isBelow(t, n, desc.__id)) continue;
      for (var j = 0; j < lists.length; j++) {
        if (matchFrom(t, n, lists[j], 0)) {
          out.push(new Descriptor(t, n.id));
          if (first) return out;
          break;
        }
      }
    }
    return out;
  }

  // ---- ComponentDescriptor
  function kebab(k) { return k.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }); }

  function styleText(style) {
    if (style === null || style === undefined) return "";
    if (typeof style !== "object") return String(style);
    return Object.keys(style).filter(function (k) {
      var v = style[k];
      return v !== null && v !== undefined && v !== "";
    }).map(function (k) { return kebab(k) + ": " + style[k]; }).join("; ");
  }

  function classNames(names) { return String(names).split(/\s+/).filter(Boolean); }

  function Descriptor(t, id) { this.__t = t; this.__id = id; }
  var D = Descriptor.prototype;
  D.__node = function () { return this.__t.byId[this.__id]; };
  D.__isPage = function () { return this.__id === this.__t.root && this.__t.owner === this.__t.page; };
  D.__instance = function () {
    var n = this.__node();
    return this.__id === this.__t.root ? this.__t.owner : (n && n.comp) || this.__t.owner;
  };
  D.selectComponent = function (sel) { return select(this, sel, true)[0] || null; };
  D.selectAllComponents = function (sel) { return select(this, sel, false); };
  D.setStyle = function (style) {
    // The page itself cannot be styled (WeChat says so too).
    if (!this.__isPage()) cmds.push(["style", this.__id, styleText(style)]);
    return this;
  };
  D.addClass = function (names) {
    var n = this.__node(), self = this;
    if (this.__isPage() || !n) return this;
    classNames(names).forEach(function (c) {
      if (n.cls.indexOf(c) < 0) n.cls.push(c);
      cmds.push(["addClass", self.__id, c]);
    });
    return this;
  };
  D.removeClass = function (names) {
    var n = this.__node(), self = this;
    if (this.__isPage() || !n) return this;
    classNames(names).forEach(function (c) {
      n.cls = n.cls.filter(function (x) { return x !== c; });
      cmds.push(["removeClass", self.__id, c]);
    });
    return this;
  };
  D.hasClass = function (name) {
    var n = this.__node();
    return !!n && n.cls.indexOf(String(name)) >= 0;
  };
  D.getDataset = function () {
    var n = this.__node();
    return n ? JSON.parse(JSON.stringify(n.ds || {})) : {};
  };
  D.getState = function () {
    var key = this.__t.page + ":" + this.__id;
    return states[key] || (states[key] = {});
  };
  D.callMethod = function (name, args) {
    cmds.push(["callMethod", this.__instance(), String(name), args === undefined ? null : args]);
  };
  D.triggerEvent = function (name, detail) {
    var inst = this.__instance();
    if (inst !== this.__t.page) cmds.push(["triggerEvent", inst, String(name), detail === undefined ? {} : detail]);
  };
  D.requestAnimationFrame = function (fn) {
    if (typeof fn === "function") frames.push(fn);
    return frames.length;
  };
  D.toJSON = function () { return "[ComponentDescriptor]"; };
  D.toString = D.toJSON;

  function runFrames() {
    var now = Date.now(), due = frames;
    frames = [];
    for (var i = 0; i < due.length; i++) due[i](now);
  }

  /** Run one WXS function; see fanxing.runtime.view.handlers for the request shape. */
  fx.runView = function (reqJson) {
    // A reviver costs a call per value: only use it when an undefined was sent.
    var req = reqJson.indexOf("__fx_undef__") < 0 ? JSON.parse(reqJson) : JSON.parse(reqJson, fx.revive);
    var tr = req.tree;
    var t = trees[tr.key];
    if (tr.nodes) t = trees[tr.key] = build(req.page, tr);
    else if (!t || t.v !== tr.v) return fx.out({ stale: 1 });
    cmds = [];
    var fn = fx.member(req.fn[0], req.fn[1]);
    if (typeof fn !== "function") throw new TypeError("not a function");
    var owner = new Descriptor(t, t.root), inst = new Descriptor(t, req.instance), ret;
    var error = null;
    try {
      if (req.kind === "event") {
        var ev = req.event;
        ev.instance = inst;
        ret = fn(ev, owner);
      } else {
        ret = fn(req.args[0], req.args[1], owner, inst);
      }
      runFrames();
    } catch (e) {
      error = (e && e.stack) ? String(e) + "\n" + e.stack : String(e);
    }
    return fx.out({ stop: ret === false, cmds: cmds, error: error });
  };

  /** Forget the trees and getState() objects of a page that went away. */
  fx.forgetPage = function (page) {
    Object.keys(trees).forEach(function (k) { if (trees[k].page === page) delete trees[k]; });
    Object.keys(states).forEach(function (k) { if (k.split(":")[0] === page) delete states[k]; });
  };
})(__fx);
