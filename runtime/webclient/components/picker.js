/* picker (a bottom sheet inside the page) and picker-view / picker-view-column (inline
 * wheels). Both use the same wheel: a scrolling column whose items snap to the middle
 * band; scrolling (wheel, drag of the scrollbar, keyboard) or tapping an item picks it.
 *
 * picker: tapping its content opens the sheet (unless disabled). mode:
 *   selector (default; Alipay's only mode): range (array; objects use range-key),
 *     value = index → change {value: index}
 *   multiSelector: range (array of arrays), value = [index...] → change {value: [...]},
 *     columnchange {column, value: index} as a column settles while the sheet is open
 *   time: value "hh:mm", start, end → change {value: "hh:mm"}
 *   date: value "YYYY-MM-DD", start, end, fields year | month | day → change {value}
 * Confirm emits change; cancel (button or tapping the mask) emits cancel {}.
 * (region mode is not simulated: it opens a single empty column.)
 *
 * picker-view: value = [index per column] → change {value: [...]} when a column
 * settles, pickstart {} / pickend {} around a user scroll. Item height = the first
 * item's height (34px when it has none). */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  // ---- the wheel -----------------------------------------------------------------------

  /* opts: height() item px, count(), onSettle(i) (user pick), onStart(), onEnd(). */
  function wheel(scroller, content, opts) {
    var w = { index: 0, picking: false, quiet: false, timer: null };
    function items() {
      return Array.prototype.filter.call(content.children, function (c) { return c.nodeType === 1; });
    }
    function settle() {
      clearTimeout(w.timer);
      if (!scroller.isConnected) return; // a closed sheet: its scrollTop reads 0
      var h = opts.height();
      if (!h) return;
      var i = ui.clamp(Math.round(scroller.scrollTop / h), 0, Math.max(0, opts.count() - 1));
      if (Math.abs(scroller.scrollTop - i * h) > 1 && !w.quiet) {
        scroller.scrollTo({ top: i * h, behavior: "smooth" }); // snap, then settle again
        return;
      }
      var quiet = w.quiet;
      w.quiet = false;
      if (quiet) return;
      var changed = i !== w.index;
      w.index = i;
      if (changed) opts.onSettle(i);
      if (w.picking) { w.picking = false; if (opts.onEnd) opts.onEnd(); }
    }
    scroller.addEventListener("scroll", function () {
      if (!w.quiet && !w.picking) { w.picking = true; if (opts.onStart) opts.onStart(); }
      clearTimeout(w.timer);
      w.timer = setTimeout(settle, 150);
    }, { passive: true });
    scroller.addEventListener("scrollend", settle);
    content.addEventListener("click", function (e) {
      var list = items();
      for (var n = e.target; n && n !== content; n = n.parentNode) {
        var i = list.indexOf(n);
        if (i >= 0) { w.choose(i); return; }
      }
    });
    /** Show index i without an event (data-driven). */
    w.set = function (i) {
      i = ui.clamp(Math.floor(ui.num(i, 0)), 0, Math.max(0, opts.count() - 1));
      w.index = i;
      var top = i * opts.height();
      if (Math.abs(scroller.scrollTop - top) > 1) { w.quiet = true; scroller.scrollTop = top; }
    };
    /** The user picked index i: report it now, then scroll there. */
    w.choose = function (i) {
      if (i !== w.index) { w.index = i; opts.onSettle(i); }
      var top = i * opts.height();
      if (Math.abs(scroller.scrollTop - top) > 1) { w.quiet = true; scroller.scrollTo({ top: top, behavior: "smooth" }); }
    };
    return w;
  }

  // ---- picker-view ---------------------------------------------------------------------

  function columnsOf(pv) {
    return ui.descendants(pv, ["picker-view-column"]).filter(function (c) {
      return ui.closestFx(c, "picker-view") === pv;
    });
  }

  function pvValue(pv) { return columnsOf(pv).map(function (c) { return c.__fxWheel.index; }); }

  function applyValue(pv) {
    var v = ui.get(pv, "value");
    if (!Array.isArray(v)) return;
    columnsOf(pv).forEach(function (c, i) { c.__fxLayout(); c.__fxWheel.set(v[i] || 0); });
  }

  ui.define("picker-view", {
    create: function (ctx) {
      var el = document.createElement("picker-view");
      el.__fxMask = ui.make("div", "fx-pv-mask", el);
      el.__fxBand = ui.make("div", "fx-pv-indicator", el);
      el.__fxValue = function () { return pvValue(el); };
      el.__fxReset = function (clear) {
        if (clear) columnsOf(el).forEach(function (c) { c.__fxWheel.set(0); });
        else applyValue(el);
      };
      el.__fxColumnPicked = function () { ctx.emit("change", { value: pvValue(el) }); };
      el.__fxPick = function (name) { ctx.emit(name, {}); };
      return el;
    },
    attrs: {
      value: function (el) { Promise.resolve().then(function () { applyValue(el); }); },
      "indicator-style": function (el, v) { el.__fxBand.style.cssText = FX.cssText(ui.str(v)); },
      "indicator-class": function (el, v) { el.__fxBand.className = "fx-pv-indicator " + ui.str(v); },
      "mask-style": function (el, v) { el.__fxMask.style.cssText = FX.cssText(ui.str(v)); },
      "mask-class": function (el, v) { el.__fxMask.className = "fx-pv-mask " + ui.str(v); },
      "immediate-change": function () {}
    }
  });

  ui.define("picker-view-column", {
    create: function () {
      var el = document.createElement("picker-view-column");
      var content = ui.make("div", "fx-pvc-content", el);
      var pv = function () { return ui.closestFx(el, "picker-view"); };
      function height() {
        var first = content.firstElementChild;
        return (first && first.offsetHeight) || 34;
      }
      el.__fxContent = content;
      el.__fxWheel = wheel(el, content, {
        height: height,
        count: function () { return content.children.length; },
        onSettle: function () { var p = pv(); if (p) p.__fxColumnPicked(); },
        onStart: function () { var p = pv(); if (p) p.__fxPick("pickstart"); },
        onEnd: function () { var p = pv(); if (p) p.__fxPick("pickend"); }
      });
      /* pad so that the first and last items can reach the middle band */
      el.__fxLayout = function () {
        // The column's own height is measured without this padding: a picker-view with
        // no height is as tall as its content, padding included, and every resize
        // would otherwise pad it further (a loop that grew it without end).
        content.style.paddingTop = content.style.paddingBottom = "0px";
        var h = height(), pad = Math.max(0, (el.clientHeight - h) / 2);
        content.style.paddingTop = content.style.paddingBottom = pad + "px";
        var p = pv();
        if (p) { p.__fxBand.style.height = h + "px"; p.__fxBand.style.marginTop = -h / 2 + "px"; }
      };
      el.__fxResize = new ResizeObserver(function () {
        el.__fxLayout();
        el.__fxWheel.set(el.__fxWheel.index);
      });
      el.__fxResize.observe(el);
      Promise.resolve().then(function () {
        var p = pv();
        if (!p) return;
        var v = ui.get(p, "value"), i = columnsOf(p).indexOf(el);
        el.__fxLayout();
        el.__fxWheel.set(Array.isArray(v) ? v[i] || 0 : 0);
      });
      return el;
    },
    container: function (el) { return el.__fxContent; },
    destroy: function (el) { el.__fxResize.disconnect(); }
  });

  // ---- picker (bottom sheet) -------------------------------------------------------------

  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function label(item, key) {
    if (item !== null && typeof item === "object") return ui.str(key ? item[key] : JSON.stringify(item));
    return ui.str(item);
  }
  function numbers(from, to, fmt) {
    var out = [];
    for (var i = from; i <= to; i++) out.push(fmt ? fmt(i) : String(i));
    return out;
  }
  function parseDate(s, dflt) {
    var m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/.exec(ui.str(s));
    return m ? [+m[1], +(m[2] || 1), +(m[3] || 1)] : dflt;
  }
  function daysIn(y, m) { return new Date(y, m, 0).getDate(); }
  function mode(el) { return ui.str(ui.get(el, "mode")) || "selector"; }

  /* The sheet's model for each mode: columns(state) -> [[labels]...], and conversions
   * between the picker's value and column indexes. */
  var MODES = {
    selector: {
      columns: function (el) {
        var range = ui.get(el, "range"), key = ui.get(el, "range-key");
        return [Array.isArray(range) ? range.map(function (r) { return label(r, key); }) : []];
      },
      toIdx: function (el, v) { return [Math.max(0, Math.floor(ui.num(v, 0)))]; },
      fromIdx: function (el, idx) { return idx[0]; }
    },
    multiSelector: {
      columns: function (el) {
        var range = ui.get(el, "range"), key = ui.get(el, "range-key");
        return (Array.isArray(range) ? range : []).map(function (col) {
          return Array.isArray(col) ? col.map(function (r) { return label(r, key); }) : [];
        });
      },
      toIdx: function (el, v) {
        var n = MODES.multiSelector.columns(el).length, out = [];
        for (var i = 0; i < n; i++) out.push(Array.isArray(v) ? Math.max(0, Math.floor(ui.num(v[i], 0))) : 0);
        return out;
      },
      fromIdx: function (el, idx) { return idx.slice(); }
    },
    time: {
      columns: function () { return [numbers(0, 23, pad2), numbers(0, 59, pad2)]; },
      toIdx: function (el, v) {
        var m = /^(\d{1,2}):(\d{1,2})/.exec(ui.str(v)) || /^(\d{1,2}):(\d{1,2})/.exec(ui.str(ui.get(el, "start"))) || [0, 0, 0];
        return [ui.clamp(+m[1], 0, 23), ui.clamp(+m[2], 0, 59)];
      },
      fromIdx: function (el, idx) {
        var v = pad2(idx[0]) + ":" + pad2(idx[1]);
        var start = ui.str(ui.get(el, "start")), end = ui.str(ui.get(el, "end"));
        if (/^\d\d:\d\d$/.test(start) && v < start) v = start;
        if (/^\d\d:\d\d$/.test(end) && v > end) v = end;
        return v;
      }
    },
    date: {
      years: function (el) {
        return [parseDate(ui.get(el, "start"), [1900])[0], parseDate(ui.get(el, "end"), [2100])[0]];
      },
      fields: function (el) { return ({ year: 1, month: 2 })[ui.get(el, "fields")] || 3; },
      columns: function (el, idx) {
        var ys = MODES.date.years(el), n = MODES.date.fields(el);
        var cols = [numbers(ys[0], ys[1]), numbers(1, 12, pad2)];
        var y = ys[0] + ((idx && idx[0]) || 0), m = ((idx && idx[1]) || 0) + 1;
        cols.push(numbers(1, daysIn(y, m), pad2));
        return cols.slice(0, n);
      },
      toIdx: function (el, v) {
        var ys = MODES.date.years(el), now = new Date();
        var d = parseDate(v, null) || parseDate(ui.get(el, "start"), null) ||
                [now.getFullYear(), now.getMonth() + 1, now.getDate()];
        var idx = [ui.clamp(d[0] - ys[0], 0, ys[1] - ys[0]), d[1] - 1, d[2] - 1];
        return idx.slice(0, MODES.date.fields(el));
      },
      fromIdx: function (el, idx) {
        var ys = MODES.date.years(el), y = ys[0] + idx[0];
        var parts = [String(y)];
        if (idx.length > 1) parts.push(pad2(idx[1] + 1));
        if (idx.length > 2) parts.push(pad2(Math.min(idx[2] + 1, daysIn(y, idx[1] + 1))));
        var v = parts.join("-"), start = ui.str(ui.get(el, "start")), end = ui.str(ui.get(el, "end"));
        if (start && v < start.slice(0, v.length)) v = start.slice(0, v.length);
        if (end && v > end.slice(0, v.length)) v = end.slice(0, v.length);
        return v;
      }
    }
  };
  MODES.region = { columns: function () { return [[]]; }, toIdx: function () { return [0]; },
                   fromIdx: function () { return []; } };

  function model(el) { return MODES[mode(el)] || MODES.selector; }

  var ITEM = 34;

  function fillColumn(col, labels) {
    col.content.textContent = "";
    labels.forEach(function (text) { ui.make("div", "fx-picker-item", col.content).textContent = text; });
  }

  function openSheet(el, ctx) {
    if (el.__fxSheet) return;
    var m = model(el), idx = m.toIdx(el, el.__fxSelected);
    var host = ui.overlayHost(ctx);
    var mask = ui.make("div", "fx-picker-mask", host);
    var sheet = ui.make("div", "fx-picker-sheet", host);
    var head = ui.make("div", "fx-picker-header", sheet);
    var cancel = ui.make("button", "fx-picker-cancel", head);
    cancel.type = "button";
    cancel.textContent = "Cancel";
    ui.make("span", "fx-picker-title", head).textContent = ui.str(ui.get(el, "header-text"));
    var ok = ui.make("button", "fx-picker-confirm", head);
    ok.type = "button";
    ok.textContent = "OK";
    var body = ui.make("div", "fx-picker-body", sheet);
    ui.make("div", "fx-pv-mask", body);
    ui.make("div", "fx-pv-indicator fx-picker-indicator", body);
    var cols = [];
    var state = { mask: mask, sheet: sheet, cols: cols };
    el.__fxSheet = state;

    function current() { return cols.map(function (c) { return c.wheel.index; }); }
    function refresh(keep) {
      var labels = m.columns(el, keep);
      while (cols.length > labels.length) body.removeChild(cols.pop().scroller);
      while (cols.length < labels.length) {
        (function (i) {
          var scroller = ui.make("div", "fx-picker-column", body);
          var content = ui.make("div", "fx-picker-column-content", scroller);
          var col = { scroller: scroller, content: content };
          col.wheel = wheel(scroller, content, {
            height: function () { return ITEM; },
            count: function () { return content.children.length; },
            onSettle: function (index) {
              if (mode(el) === "multiSelector") ctx.emit("columnchange", { column: i, value: index });
              if (mode(el) === "date" && i < 2) refresh(current());
            }
          });
          cols.push(col);
        })(cols.length);
      }
      cols.forEach(function (c, i) {
        var n = c.content.children.length, same = n === labels[i].length;
        for (var j = 0; same && j < n; j++) same = c.content.children[j].textContent === labels[i][j];
        if (!same) fillColumn(c, labels[i]);
        c.wheel.set(keep && keep[i] !== undefined ? keep[i] : 0);
      });
    }
    state.refresh = function () { refresh(current()); };
    refresh(idx);

    function close() {
      mask.remove(); sheet.remove();
      el.__fxSheet = null;
    }
    mask.addEventListener("click", function () { close(); ctx.emit("cancel", {}); });
    cancel.addEventListener("click", function () { close(); ctx.emit("cancel", {}); });
    ok.addEventListener("click", function () {
      var value = m.fromIdx(el, current());
      close();
      el.__fxSelected = value;
      ctx.emit("change", { value: value });
    });
  }

  ui.define("picker", {
    create: function (ctx) {
      var el = document.createElement("picker");
      el.__fxSelected = undefined;
      el.addEventListener("click", function () {
        if (!ui.truthy(ui.get(el, "disabled"))) openSheet(el, ctx);
      });
      el.__fxValue = function () {
        var m = model(el), kind = mode(el);
        if (el.__fxSelected === "" && (kind === "date" || kind === "time")) return "";  // cleared
        return m.fromIdx(el, m.toIdx(el, el.__fxSelected));
      };
      el.__fxReset = function (clear) {
        var kind = mode(el);
        // cleared: the first item of each column; a date or time picker shows no value
        el.__fxSelected = !clear ? ui.get(el, "value")
          : kind === "date" || kind === "time" ? "" : kind === "region" ? [] : undefined;
      };
      return el;
    },
    destroy: function (el) {
      if (el.__fxSheet) { el.__fxSheet.mask.remove(); el.__fxSheet.sheet.remove(); el.__fxSheet = null; }
    },
    attrs: {
      value: function (el, v) { el.__fxSelected = v; },
      range: function (el) { if (el.__fxSheet) el.__fxSheet.refresh(); },
      "range-key": function (el) { if (el.__fxSheet) el.__fxSheet.refresh(); },
      mode: function () {}, start: function () {}, end: function () {}, fields: function () {},
      disabled: function () {}, "header-text": function () {}, "custom-item": function () {},
      level: function () {}
    }
  });
})(window.FX);
