/* swiper + swiper-item: a slide track moved with transforms.
 * Attributes: current (index; no event, as a data-driven change), current-item-id,
 * autoplay, interval (5000 ms), duration (500 ms), circular, vertical, indicator-dots,
 * indicator-color, indicator-active-color, display-multiple-items, easing-function.
 * Pointer swipes (more than a fifth of the size) move one slide and swallow the click.
 * Events: change {current, currentItemId, source: "autoplay" | "touch"}, transition
 * {dx, dy} while dragging, animationfinish {current, currentItemId, source}
 * (Alipay: onChange {current, isChanging: false, source}, onAnimationEnd — the
 * template's onAnimationEnd binds the event named "animationend", which is emitted too). */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  function items(el) {
    return Array.prototype.filter.call(el.__fxTrack.children, function (c) { return c.__fxId !== undefined; });
  }
  function vertical(el) { return ui.truthy(ui.get(el, "vertical")); }
  function perView(el) { return Math.max(1, Math.floor(ui.num(ui.get(el, "display-multiple-items"), 1))); }

  function place(el, offsetPx, animate) {
    var track = el.__fxTrack, n = perView(el);
    var ms = animate ? ui.num(ui.get(el, "duration"), 500) : 0;
    track.style.transition = ms ? "transform " + ms + "ms ease" : "none";
    var pct = -el.__fxCur * 100 / n;
    track.style.transform = vertical(el)
      ? "translate3d(0, calc(" + pct + "% + " + offsetPx + "px), 0)"
      : "translate3d(calc(" + pct + "% + " + offsetPx + "px), 0, 0)";
  }

  function dots(el) {
    var box = el.__fxDots, list = items(el);
    box.style.display = ui.truthy(ui.get(el, "indicator-dots")) ? "" : "none";
    while (box.childNodes.length > list.length) box.removeChild(box.lastChild);
    while (box.childNodes.length < list.length) ui.make("span", "fx-swiper-dot", box);
    var color = ui.str(ui.get(el, "indicator-color")), active = ui.str(ui.get(el, "indicator-active-color"));
    box.childNodes.forEach(function (d, i) {
      var on = i === el.__fxCur;
      d.classList.toggle("fx-swiper-dot-active", on);
      d.style.backgroundColor = on ? active : color;
    });
  }

  function itemId(el) {
    var it = items(el)[el.__fxCur];
    return it ? ui.str(ui.get(it, "item-id")) : "";
  }

  /** Move to slide i (wrapping when circular); events only for user/autoplay moves. */
  function go(el, ctx, i, source) {
    var count = items(el).length, n = perView(el), last = Math.max(0, count - n);
    if (!count) { el.__fxCur = 0; place(el, 0, false); dots(el); return; }
    if (ui.truthy(ui.get(el, "circular")) || source === "autoplay") i = i > last ? 0 : (i < 0 ? last : i);
    else i = ui.clamp(i, 0, last);
    var changed = i !== el.__fxCur;
    el.__fxCur = i;
    place(el, 0, source !== null);
    dots(el);
    if (source) el.__fxWanted = i;
    if (changed && source) {
      var detail = { current: i, currentItemId: itemId(el), source: source };
      ctx.emit("change", detail);
      el.__fxPending = detail;
      if (!ui.num(ui.get(el, "duration"), 500)) finish(el, ctx);
    }
  }

  function finish(el, ctx) {
    var d = el.__fxPending;
    if (!d) return;
    el.__fxPending = null;
    ctx.emit("animationfinish", d);
    ctx.emit("animationend", d);
  }

  function autoplay(el, ctx) {
    clearInterval(el.__fxTimer);
    el.__fxTimer = null;
    if (!ui.truthy(ui.get(el, "autoplay"))) return;
    el.__fxTimer = setInterval(function () {
      if (!el.__fxDragging && el.isConnected) go(el, ctx, el.__fxCur + 1, "autoplay");
    }, Math.max(100, ui.num(ui.get(el, "interval"), 5000)));
  }

  function layout(el) {
    el.classList.toggle("fx-swiper-vertical", vertical(el));
    el.style.setProperty("--fx-swiper-items", String(perView(el)));
    place(el, 0, false);
  }

  ui.define("swiper", {
    create: function (ctx) {
      var el = document.createElement("swiper");
      el.__fxTrack = ui.make("div", "fx-swiper-track", el);
      el.__fxDots = ui.make("div", "fx-swiper-dots", el);
      el.__fxCur = 0;
      el.__fxTrack.addEventListener("transitionend", function (e) {
        if (e.target === el.__fxTrack) finish(el, ctx);
      });
      // slides come and go with patches: keep the index in range and the dots in step
      new MutationObserver(function () {
        var n = items(el).length;
        var want = el.__fxWanted !== undefined ? el.__fxWanted : el.__fxCur;
        el.__fxCur = -1;
        go(el, ctx, n ? Math.min(want, n - 1) : 0, null);
      }).observe(el.__fxTrack, { childList: true });
      ui.drag(el, {
        enabled: function () { return !ui.truthy(ui.get(el, "disable-touch")); },
        onStart: function () { el.__fxDragging = true; },
        onMove: function (dx, dy) {
          var d = vertical(el) ? dy : dx;
          place(el, d, false);
          ctx.emit("transition", vertical(el) ? { dx: 0, dy: -dy } : { dx: -dx, dy: 0 });
        },
        onEnd: function (dx, dy) {
          el.__fxDragging = false;
          var d = vertical(el) ? dy : dx, size = vertical(el) ? el.clientHeight : el.clientWidth;
          var step = Math.abs(d) > size / 5 ? (d < 0 ? 1 : -1) : 0;
          if (step) go(el, ctx, el.__fxCur + step, "touch");
          else place(el, 0, true);
          autoplay(el, ctx); // a swipe restarts the autoplay interval
        }
      });
      return el;
    },
    container: function (el) { return el.__fxTrack; },
    destroy: function (el) { clearInterval(el.__fxTimer); },
    attrs: {
      current: function (el, v, ctx) {
        el.__fxWanted = Math.max(0, Math.floor(ui.num(v, 0)));
        go(el, ctx, el.__fxWanted, null);
      },
      "current-item-id": function (el, v, ctx) {
        var list = items(el);
        for (var i = 0; i < list.length; i++) {
          if (ui.str(ui.get(list[i], "item-id")) === ui.str(v)) { el.__fxWanted = i; go(el, ctx, i, null); }
        }
      },
      autoplay: function (el, v, ctx) { autoplay(el, ctx); },
      interval: function (el, v, ctx) { autoplay(el, ctx); },
      duration: function () {}, circular: function () {}, "easing-function": function () {},
      vertical: layout, "display-multiple-items": layout,
      "indicator-dots": dots, "indicator-color": dots, "indicator-active-color": dots,
      "previous-margin": function () {}, "next-margin": function () {}, "snap-to-edge": function () {},
      acceleration: function () {}, "disable-touch": function () {}, "disable-programmatic-animation": function () {}
    }
  });

  ui.define("swiper-item", {
    create: function () { return document.createElement("swiper-item"); },
    attrs: { "item-id": function () {} }
  });
})(window.FX);
