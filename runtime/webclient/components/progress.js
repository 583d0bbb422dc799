/* progress: percent (0-100), show-info ("N%"), stroke-width (px, default 6),
 * border-radius, font-size, color/activeColor (default #09bb07), backgroundColor
 * (default #ebebeb), active (animate from 0, or from the last value with
 * active-mode="forwards", `duration` ms per 1%, default 30).
 * Event: activeend {curPercent} when an animation finishes (WeChat; Alipay has none). */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  function paint(el, ctx) {
    var pct = ui.clamp(ui.num(ui.get(el, "percent"), 0), 0, 100);
    var bar = el.__fxBar, inner = el.__fxInner;
    bar.style.height = ui.length(ui.get(el, "stroke-width"), "6px");
    bar.style.borderRadius = inner.style.borderRadius = ui.length(ui.get(el, "border-radius"), "0px");
    bar.style.backgroundColor = ui.str(ui.get(el, "background-color"));
    inner.style.backgroundColor = ui.str(ui.get(el, "active-color") || ui.get(el, "color"));
    el.__fxInfo.style.display = ui.truthy(ui.get(el, "show-info")) ? "" : "none";
    el.__fxInfo.style.fontSize = ui.length(ui.get(el, "font-size"), "");
    el.__fxInfo.textContent = Math.round(pct) + "%";
    if (pct === el.__fxPct) return;
    var from = el.__fxPct;
    el.__fxPct = pct;
    if (ui.truthy(ui.get(el, "active"))) {
      if (ui.get(el, "active-mode") !== "forwards") from = 0;
      var ms = Math.abs(pct - from) * ui.num(ui.get(el, "duration"), 30);
      inner.style.transition = "none";
      inner.style.width = from + "%";
      void inner.offsetWidth; // start the transition from `from`
      inner.style.transition = "width " + ms + "ms linear";
      el.__fxAnimating = ms > 0;
      if (!ms) ctx.emit("activeend", { curPercent: pct });
    } else {
      inner.style.transition = "none";
    }
    inner.style.width = pct + "%";
  }

  // one paint after all attributes of a patch are in (active must be known with percent)
  function schedule(el, v, ctx) {
    if (el.__fxQueued) return;
    el.__fxQueued = true;
    Promise.resolve().then(function () { el.__fxQueued = false; paint(el, ctx); });
  }

  ui.define("progress", {
    create: function (ctx) {
      var el = document.createElement("fx-progress"); // a native <progress> renders no children
      el.__fxBar = ui.make("span", "fx-progress-bar", el);
      el.__fxInner = ui.make("span", "fx-progress-inner", el.__fxBar);
      el.__fxInfo = ui.make("span", "fx-progress-info", el);
      el.__fxPct = 0;
      el.__fxInner.style.width = "0%";
      el.__fxInner.addEventListener("transitionend", function () {
        if (!el.__fxAnimating) return;
        el.__fxAnimating = false;
        ctx.emit("activeend", { curPercent: el.__fxPct });
      });
      schedule(el, null, ctx);
      return el;
    },
    attrs: (function () {
      var a = {};
      ["percent", "show-info", "stroke-width", "border-radius", "font-size", "color",
       "active-color", "background-color", "active", "active-mode", "duration"].forEach(function (k) {
        a[k] = schedule;
      });
      return a;
    })()
  });
})(window.FX);
