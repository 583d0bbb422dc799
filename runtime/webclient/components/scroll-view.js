/* scroll-view: scroll-x / scroll-y make it scroll on that axis (the element itself is
 * the scroller). scroll-top / scroll-left / scroll-into-view (a child's id) scroll it,
 * smoothly with scroll-with-animation. Events:
 *   scroll {scrollLeft, scrollTop, scrollHeight, scrollWidth, deltaX, deltaY}
 *     (delta = previous position - new position, so scrolling down gives deltaY < 0,
 *     as WeChat reports; Alipay's onScroll detail has no deltas, extra keys are harmless)
 *   scrolltoupper {direction: "top" | "left"} / scrolltolower {direction: "bottom" |
 *     "right"} once each time the position enters upper-threshold / lower-threshold
 *     (px, default 50) of that end. */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  function axes(el) {
    el.style.overflowX = ui.truthy(ui.get(el, "scroll-x")) ? "auto" : "hidden";
    el.style.overflowY = ui.truthy(ui.get(el, "scroll-y")) ? "auto" : "hidden";
  }

  function smooth(el) { return ui.truthy(ui.get(el, "scroll-with-animation")) ? "smooth" : "auto"; }

  // attribute-driven scrolls wait until the patch that set them has put the children in
  function later(el, fn) { Promise.resolve().then(function () { if (el.isConnected) fn(); }); }

  function intoView(el) {
    var id = ui.str(ui.get(el, "scroll-into-view"));
    if (!id) return;
    var target = el.querySelector("#" + CSS.escape(id));
    if (!target) return;
    var box = el.getBoundingClientRect(), r = target.getBoundingClientRect();
    var offset = ui.num(ui.get(el, "scroll-into-view-offset"), 0);
    el.scrollTo({ top: el.scrollTop + r.top - box.top + offset,
                  left: el.scrollLeft + r.left - box.left, behavior: smooth(el) });
  }

  ui.define("scroll-view", {
    create: function (ctx) {
      var el = document.createElement("scroll-view");
      var last = { top: 0, left: 0 }, at = { top: true, left: true, bottom: false, right: false };
      el.addEventListener("scroll", function () {
        var top = el.scrollTop, left = el.scrollLeft;
        ctx.emit("scroll", { scrollLeft: left, scrollTop: top, scrollHeight: el.scrollHeight,
                             scrollWidth: el.scrollWidth, deltaX: last.left - left, deltaY: last.top - top });
        var upper = ui.num(ui.get(el, "upper-threshold"), 50), lower = ui.num(ui.get(el, "lower-threshold"), 50);
        function edge(key, inside, direction, name) {
          if (inside && !at[key]) ctx.emit(name, { direction: direction });
          at[key] = inside;
        }
        if (top !== last.top) {
          edge("top", top <= upper, "top", "scrolltoupper");
          edge("bottom", el.scrollHeight - el.clientHeight - top <= lower, "bottom", "scrolltolower");
        }
        if (left !== last.left) {
          edge("left", left <= upper, "left", "scrolltoupper");
          edge("right", el.scrollWidth - el.clientWidth - left <= lower, "right", "scrolltolower");
        }
        last.top = top; last.left = left;
      }, { passive: true });
      axes(el);
      return el;
    },
    attrs: {
      "scroll-x": axes,
      "scroll-y": axes,
      "scroll-top": function (el, v) {
        later(el, function () { el.scrollTo({ top: ui.num(v, 0), behavior: smooth(el) }); });
      },
      "scroll-left": function (el, v) {
        later(el, function () { el.scrollTo({ left: ui.num(v, 0), behavior: smooth(el) }); });
      },
      "scroll-into-view": function (el) { later(el, function () { intoView(el); }); },
      "scroll-into-view-offset": function () {},
      "scroll-with-animation": function () {},
      "upper-threshold": function () {}, "lower-threshold": function () {},
      "enable-back-to-top": function () {}, "enable-flex": function (el, v) { el.classList.toggle("fx-flex", ui.truthy(v)); },
      "show-scrollbar": function (el, v) { el.classList.toggle("fx-no-scrollbar", v !== undefined && !ui.truthy(v)); },
      enhanced: function () {}, bounces: function () {}, "refresher-enabled": function () {}
    }
  });
})(window.FX);
