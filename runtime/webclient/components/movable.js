/* movable-area + movable-view: the view is dragged with the pointer inside the area.
 * movable-view attributes: direction (none | all | vertical | horizontal), x, y (px;
 * moving there animates unless animation is false), disabled, out-of-bounds (may be
 * dragged past the edges, springs back on release).
 * Events: change {x, y, source} ("touch", "touch-out-of-bounds", "out-of-bounds"
 * for the spring back; attribute moves send none), changeend {x, y} on release
 * (Alipay onChangeEnd; WeChat has no changeend). Bounds: 0..area-view on each axis. */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  ui.define("movable-area", {
    create: function () { return document.createElement("movable-area"); },
    attrs: { "scale-area": function () {} }
  });

  function area(el) { return ui.closestFx(el, "movable-area") || el.parentNode; }

  function bounds(el) {
    var a = area(el);
    var w = (a ? a.clientWidth : 0) - el.offsetWidth, h = (a ? a.clientHeight : 0) - el.offsetHeight;
    return { x0: Math.min(0, w), x1: Math.max(0, w), y0: Math.min(0, h), y1: Math.max(0, h) };
  }

  function moveTo(el, x, y, animate) {
    el.__fxX = x; el.__fxY = y;
    el.style.transition = animate ? "transform 300ms ease-out" : "none";
    el.style.transform = "translate(" + x + "px, " + y + "px)";
  }

  function clampXY(el, x, y) {
    var b = bounds(el);
    return [ui.clamp(x, b.x0, b.x1), ui.clamp(y, b.y0, b.y1)];
  }

  function fromAttrs(el) {
    if (!el.isConnected) return;
    var p = clampXY(el, ui.num(ui.get(el, "x"), el.__fxX), ui.num(ui.get(el, "y"), el.__fxY));
    moveTo(el, p[0], p[1], ui.get(el, "animation") === undefined || ui.truthy(ui.get(el, "animation")));
  }

  ui.define("movable-view", {
    create: function (ctx) {
      var el = document.createElement("movable-view"), start = null;
      el.__fxX = 0; el.__fxY = 0;
      function dir() { return ui.str(ui.get(el, "direction")) || "none"; }
      ui.drag(el, {
        enabled: function () { return dir() !== "none" && !ui.truthy(ui.get(el, "disabled")); },
        onStart: function () { start = [el.__fxX, el.__fxY]; },
        onMove: function (dx, dy) {
          var d = dir(), x = start[0] + (d === "all" || d === "horizontal" ? dx : 0);
          var y = start[1] + (d === "all" || d === "vertical" ? dy : 0);
          var c = clampXY(el, x, y), out = c[0] !== x || c[1] !== y;
          if (!ui.truthy(ui.get(el, "out-of-bounds"))) { x = c[0]; y = c[1]; out = false; }
          if (x === el.__fxX && y === el.__fxY) return;
          moveTo(el, x, y, false);
          ctx.emit("change", { x: x, y: y, source: out ? "touch-out-of-bounds" : "touch" });
        },
        onEnd: function () {
          var c = clampXY(el, el.__fxX, el.__fxY);
          if (c[0] !== el.__fxX || c[1] !== el.__fxY) {
            moveTo(el, c[0], c[1], true);
            ctx.emit("change", { x: c[0], y: c[1], source: "out-of-bounds" });
          }
          ctx.emit("changeend", { x: el.__fxX, y: el.__fxY });
        }
      });
      Promise.resolve().then(function () { fromAttrs(el); });
      return el;
    },
    attrs: {
      x: function (el) { Promise.resolve().then(function () { fromAttrs(el); }); },
      y: function (el) { Promise.resolve().then(function () { fromAttrs(el); }); },
      direction: function () {}, disabled: function () {}, "out-of-bounds": function () {},
      animation: function () {}, inertia: function () {}, damping: function () {},
      friction: function () {}, scale: function () {}, "scale-min": function () {},
      "scale-max": function () {}, "scale-value": function () {}
    }
  });
})(window.FX);
