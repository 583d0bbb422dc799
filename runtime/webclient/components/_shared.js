/* Shared helpers for the built-in components (loaded first: "_" sorts before letters).
 *
 * FX.ui.define(tag, spec) registers a component whose attribute names are normalized
 * to kebab-case (Alipay templates often write `indicatorDots`, WeChat `indicator-dots`)
 * and kept in el.__fxA; spec.attrs maps a normalized name to a setter
 * (el, value, ctx). Unhandled names fall through to the client's plain-attribute rule.
 */
(function (FX) {
  "use strict";

  function kebab(name) {
    return String(name).replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); });
  }

  function truthy(v) {
    return v !== undefined && FX.truthy(v);
  }

  function num(v, dflt) {
    var n = typeof v === "number" ? v : parseFloat(v);
    return isFinite(n) ? n : dflt;
  }

  function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }

  function str(v) { return v === null || v === undefined ? "" : String(v); }

  /** A CSS length: numbers are px, strings pass (rpx converted like inline styles). */
  function length(v, dflt) {
    if (v === null || v === undefined || v === "") return dflt;
    if (typeof v === "number" || /^-?\d*\.?\d+$/.test(String(v))) return num(v, 0) + "px";
    return FX.cssText(String(v));
  }

  function make(tagName, cls, parent) {
    var el = document.createElement(tagName);
    if (cls) el.className = cls;
    if (parent) parent.appendChild(el);
    return el;
  }

  /** Attribute value (normalized name), or dflt when unset. */
  function get(el, name, dflt) {
    var a = el.__fxA;
    return a && a[name] !== undefined && a[name] !== null ? a[name] : dflt;
  }

  function define(tag, spec) {
    FX.components.register(tag, {
      create: function (ctx) {
        var el = spec.create(ctx);
        el.__fxA = {};
        if (spec.base) el.__fxBase = spec.base;
        if (spec.hover) hover(el, spec.hover);
        return el;
      },
      update: function (el, name, value, ctx) {
        var k = kebab(name);
        el.__fxA[k] = value;
        var set = spec.attrs && spec.attrs[k];
        if (set) { set(el, value, ctx); return true; }
        if (spec.hover && k.indexOf("hover-") === 0) return true;
        return false;
      },
      container: spec.container,
      destroy: spec.destroy
    });
  }

  /* hover-class: added hover-start-time ms after a press, kept hover-stay-time ms after
   * release; hover-stop-propagation keeps ancestors from also showing hover. A tap
   * shorter than hover-start-time shows it too, from start time to release + stay time
   * (as on the platforms): the tap's own task never restyles the page, so the answer to
   * the tap is not kept waiting behind a layout of the whole page. */
  function hover(el, defaults) {
    var timer = null, on = "";
    function clear() {
      if (on) on.split(/\s+/).forEach(function (c) { if (c) el.classList.remove(c); });
      on = "";
    }
    el.addEventListener("pointerdown", function (e) {
      var cls = str(get(el, "hover-class", defaults.cls || "none"));
      if (cls === "none" || !cls || e.__fxHoverStopped || (defaults.disabled && defaults.disabled(el))) return;
      if (truthy(get(el, "hover-stop-propagation"))) e.__fxHoverStopped = true;
      clearTimeout(timer);
      var stay = num(get(el, "hover-stay-time"), defaults.stay || 400), released = null;
      timer = setTimeout(function () {
        clear();
        on = cls;
        cls.split(/\s+/).forEach(function (c) { if (c) el.classList.add(c); });
        if (released !== null) timer = setTimeout(clear, Math.max(0, released + stay - Date.now()));
      }, num(get(el, "hover-start-time"), defaults.start || 50));
      function up() {
        document.removeEventListener("pointerup", up, true);
        document.removeEventListener("pointercancel", up, true);
        released = Date.now();
        if (on) { clearTimeout(timer); timer = setTimeout(clear, stay); }
      }
      document.addEventListener("pointerup", up, true);
      document.addEventListener("pointercancel", up, true);
    });
  }

  /* Pointer dragging: onMove(dx, dy, e) while dragging, onEnd(dx, dy, e) on release.
   * A drag that moved more than a few px swallows the click that follows, so the
   * client does not report a tap for a swipe. */
  function drag(el, handlers) {
    var start = null;
    el.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 || (handlers.enabled && !handlers.enabled(e))) return;
      start = { x: e.clientX, y: e.clientY, id: e.pointerId, moved: false };
      try { el.setPointerCapture(e.pointerId); } catch (err) { /* synthetic pointer */ }
      if (handlers.onStart) handlers.onStart(e);
    });
    el.addEventListener("pointermove", function (e) {
      if (!start || e.pointerId !== start.id) return;
      var dx = e.clientX - start.x, dy = e.clientY - start.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) start.moved = true;
      handlers.onMove(dx, dy, e);
    });
    function end(e) {
      if (!start || e.pointerId !== start.id) return;
      var s = start;
      start = null;
      el.__fxDragged = s.moved;
      handlers.onEnd(e.clientX - s.x, e.clientY - s.y, e);
    }
    el.addEventListener("pointerup", end);
    el.addEventListener("pointercancel", end);
    el.addEventListener("click", function (e) {
      if (el.__fxDragged) { el.__fxDragged = false; e.stopPropagation(); e.preventDefault(); }
    }, true);
  }

  /** The form field value helpers: every form control keeps its initial value. */
  function closestFx(el, tag) {
    for (var n = el.parentNode; n; n = n.parentNode) {
      if (n.__fxCtx && n.__fxCtx.tag === tag) return n;
    }
    return null;
  }

  /** Every element below root (in document order) made for one of the given tags. */
  function descendants(root, tags) {
    var out = [];
    root.querySelectorAll(tags.join(",")).forEach(function (n) {
      if (n.__fxCtx) out.push(n);
    });
    return out;
  }

  FX.ui = {
    kebab: kebab, truthy: truthy, num: num, clamp: clamp, str: str, length: length,
    make: make, get: get, define: define, hover: hover, drag: drag,
    closestFx: closestFx, descendants: descendants,
    /** The URL images and frames load (a host may map app paths with FX.assetUrl). */
    assetUrl: function (value, ctx) {
      var url = FX.safeUrl(value);
      if (url && ctx && ctx.page) url = FX.appUrl(url, ctx.page.route);
      if (url && FX.assetUrl) url = FX.safeUrl(FX.assetUrl(url, ctx));
      return url;
    },
    /** The page frame an overlay (picker sheet) is shown in. */
    overlayHost: function (ctx) { return ctx.page.frame || ctx.page.body; }
  };
})(window.FX);
