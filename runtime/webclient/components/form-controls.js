/* Form controls: input, textarea, checkbox(-group), radio(-group), switch, slider, label.
 *
 * Each field exposes el.__fxValue() (read by `form` on submit) and el.__fxReset(clear)
 * (form reset: clear it, or restore the value its attributes give); controls a label can
 * activate expose el.__fxActivate(). Event details (WeChat; Alipay differences noted):
 *   input/textarea: input {value, cursor, keyCode}, focus {value, height}, blur {value,
 *     cursor}, confirm {value}; textarea linechange {height, heightRpx, lineCount}
 *     (Alipay has no linechange; its onInput detail is {value, cursor} too).
 *   checkbox-group / radio-group: change {value} (array of checked values / the value).
 *   checkbox alone: change {value: bool} (Alipay only; WeChat checkboxes report via the group).
 *   switch: change {value: bool}.
 *   slider: changing {value} while dragging, change {value} on release or tap.
 */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  function disabled(el) { return ui.truthy(ui.get(el, "disabled")); }

  // ---- input and textarea ------------------------------------------------------------

  var FILTERS = { number: /[^0-9]/g, digit: /[^0-9.]/g, idcard: /[^0-9xX]/g };
  var MODES = { number: "numeric", digit: "decimal", idcard: "text" };

  function cursorOf(el) {
    return el.selectionStart === null ? el.value.length : el.selectionStart;
  }

  function setLimit(el) {
    var n = ui.num(ui.get(el, "maxlength"), 140);
    if (n >= 0) el.maxLength = n; else el.removeAttribute("maxlength");
  }

  function setInputType(el) {
    var type = ui.str(ui.get(el, "type"));
    var password = ui.truthy(ui.get(el, "password")) || type === "password" || type === "safe-password";
    el.type = password ? "password" : "text";
    el.setAttribute("inputmode", MODES[type] || "text");
  }

  function lines(el) {
    var lh = parseFloat(getComputedStyle(el).lineHeight) || 20;
    return Math.max(1, Math.round(el.scrollHeight / lh));
  }

  function autoHeight(el) {
    if (!ui.truthy(ui.get(el, "auto-height"))) return;
    el.style.height = "auto";
    el.style.height = el.scrollHeight + "px";
  }

  function field(tagName) {
    return {
      create: function (ctx) {
        var el = document.createElement(tagName), lastKey = 0, lineCount = 0;
        if (tagName === "input") el.type = "text";
        el.maxLength = 140;
        el.addEventListener("keydown", function (e) {
          lastKey = e.keyCode || 0;
          var confirmType = ui.str(ui.get(el, "confirm-type"));
          var confirms = tagName === "input" || (confirmType && confirmType !== "return");
          if (e.key === "Enter" && confirms && !e.shiftKey && !e.isComposing) {
            if (tagName === "textarea") e.preventDefault();
            ctx.emit("confirm", { value: el.value });
            if (!ui.truthy(ui.get(el, "confirm-hold")) && tagName === "input") el.blur();
          }
        });
        el.addEventListener("input", function (e) {
          var filter = tagName === "input" && FILTERS[ui.get(el, "type")];
          if (filter && filter.test(el.value)) {
            var at = cursorOf(el), before = el.value.slice(0, at).replace(filter, "");
            el.value = el.value.replace(filter, "");
            el.setSelectionRange(before.length, before.length);
          }
          var code = e.inputType === "deleteContentBackward" ? 8 : (e.data ? e.data.charCodeAt(e.data.length - 1) : lastKey);
          el.__fxTyped = ctx.emit("input", { value: el.value, cursor: cursorOf(el), keyCode: code }) || el.__fxTyped;
          if (tagName === "textarea") {
            autoHeight(el);
            var n = lines(el);
            if (n !== lineCount) {
              lineCount = n;
              var h = el.scrollHeight, rpx = parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--fx-rpx")) || 0.5;
              ctx.emit("linechange", { height: h, heightRpx: Math.round(h / rpx), lineCount: n });
            }
          }
        });
        el.addEventListener("focus", function () { ctx.emit("focus", { value: el.value, height: 0 }); });
        el.addEventListener("blur", function () { ctx.emit("blur", { value: el.value, cursor: cursorOf(el) }); });
        el.__fxValue = function () { return el.value; };
        el.__fxReset = function (clear) { el.value = clear ? "" : ui.str(ui.get(el, "value")); autoHeight(el); };
        el.__fxActivate = function () { if (!el.disabled) el.focus(); };
        Promise.resolve().then(function () { lineCount = el.isConnected && tagName === "textarea" ? lines(el) : 0; });
        return el;
      },
      attrs: {
        value: function (el, value, ctx) {
          var v = ui.str(value);
          // A value the app set before it saw the last keystroke reported from this field
          // would overwrite what was typed since (fast typing lost characters): kept
          // out until the app has caught up; its value then wins, whatever it is.
          if (el.__fxTyped && document.activeElement === el && ctx && !ctx.client.handled(el.__fxTyped)) return;
          if (el.value !== v) { el.value = v; autoHeight(el); }
        },
        password: setInputType,
        type: function (el) { if (tagName === "input") setInputType(el); },
        maxlength: setLimit,
        disabled: function (el, v) { el.disabled = ui.truthy(v); },
        focus: function (el, v) { if (ui.truthy(v)) setTimeout(function () { el.focus(); }, 0); else if (document.activeElement === el) el.blur(); },
        "auto-focus": function (el, v) { if (ui.truthy(v)) setTimeout(function () { el.focus(); }, 0); },
        placeholder: function (el, v) { el.placeholder = ui.str(v); },
        "confirm-type": function (el, v) { el.setAttribute("enterkeyhint", ui.str(v) || "done"); },
        "auto-height": function (el) { autoHeight(el); },
        cursor: function (el, v) {
          var n = ui.num(v, -1);
          if (n >= 0 && document.activeElement === el) el.setSelectionRange(n, n);
        },
        "placeholder-style": function () {}, "placeholder-class": function () {},
        "confirm-hold": function () {}, "adjust-position": function () {}, "cursor-spacing": function () {},
        "hold-keyboard": function () {}, "show-confirm-bar": function () {}, "always-embed": function () {},
        "selection-start": function () {}, "selection-end": function () {}, "show-count": function () {}
      }
    };
  }

  ui.define("input", field("input"));
  ui.define("textarea", field("textarea"));

  // ---- checkbox, radio and their groups -------------------------------------------------

  function choice(tag, groupTag, multi) {
    function paint(el) {
      var on = el.__fxChecked;
      el.classList.toggle("fx-checked", on);
      el.classList.toggle("fx-disabled", disabled(el));
      // Alipay's native checkbox/radio carry these classes; UI libraries style by them
      // (mini-antui: .am-checkbox-value.a-checkbox-checked + .am-checkbox-synthetic)
      el.classList.toggle("a-" + tag + "-checked", el.__fxAlipay && on);
      el.classList.toggle("a-" + tag + "-disabled", el.__fxAlipay && disabled(el));
      el.setAttribute("aria-checked", String(on));
      var color = ui.str(ui.get(el, "color"));
      el.__fxIcon.style.color = color || "";
      el.__fxIcon.style.backgroundColor = tag === "radio" && on && color ? color : "";
      el.__fxIcon.style.borderColor = tag === "radio" && on && color ? color : "";
    }
    function set(el, on) { el.__fxChecked = !!on; paint(el); }
    function group(el) { return ui.closestFx(el, groupTag); }
    function activate(el, ctx) {
      if (disabled(el)) return;
      if (multi) {
        set(el, !el.__fxChecked);
        ctx.emit("change", { value: el.__fxChecked });
      } else {
        if (el.__fxChecked) return;
        var g = group(el);
        if (g) g.__fxMembers().forEach(function (o) { if (o !== el) set(o, false); });
        set(el, true);
        ctx.emit("change", { value: true });
      }
      var g2 = group(el);
      if (g2) g2.__fxChanged();
    }
    ui.define(tag, {
      create: function (ctx) {
        var el = document.createElement(tag);
        el.__fxAlipay = ctx.client.dialect === "alipay";
        el.__fxIcon = ui.make("span", "fx-" + tag + "-icon", el);
        el.__fxChecked = false;
        el.setAttribute("role", tag);
        el.addEventListener("click", function () { activate(el, ctx); });
        el.__fxActivate = function () { activate(el, ctx); };
        el.__fxReset = function (clear) { set(el, !clear && ui.truthy(ui.get(el, "checked"))); };
        return el;
      },
      attrs: {
        checked: function (el, v) { set(el, ui.truthy(v)); },
        disabled: function (el) { paint(el); },
        color: function (el) { paint(el); },
        value: function () {}
      }
    });
    ui.define(groupTag, {
      create: function (ctx) {
        var el = document.createElement(groupTag);
        el.__fxMembers = function () {
          return ui.descendants(el, [tag]).filter(function (m) { return group(m) === el; });
        };
        el.__fxValue = function () {
          var vals = el.__fxMembers().filter(function (m) { return m.__fxChecked; })
            .map(function (m) { return ui.str(ui.get(m, "value")); });
          return multi ? vals : (vals.length ? vals[0] : "");
        };
        el.__fxReset = function (clear) { el.__fxMembers().forEach(function (m) { m.__fxReset(clear); }); };
        el.__fxChanged = function () { ctx.emit("change", { value: el.__fxValue() }); };
        return el;
      }
    });
  }
  choice("checkbox", "checkbox-group", true);
  choice("radio", "radio-group", false);

  // ---- switch --------------------------------------------------------------------------

  function paintSwitch(el) {
    var on = el.__fxChecked, color = ui.str(ui.get(el, "color")) || "";
    el.classList.toggle("fx-checked", on);
    el.classList.toggle("fx-disabled", disabled(el));
    el.setAttribute("fx-type", ui.get(el, "type") === "checkbox" ? "checkbox" : "switch");
    el.setAttribute("aria-checked", String(on));
    var box = ui.get(el, "type") !== "checkbox";
    el.__fxIcon.style.backgroundColor = on && color && box ? color : "";
    el.__fxIcon.style.borderColor = on && color && box ? color : "";
  }

  ui.define("switch", {
    create: function (ctx) {
      var el = document.createElement("switch");
      el.__fxIcon = ui.make("span", "fx-switch-icon", el);
      el.__fxChecked = false;
      el.setAttribute("role", "switch");
      function toggle() {
        if (disabled(el)) return;
        el.__fxChecked = !el.__fxChecked;
        paintSwitch(el);
        ctx.emit("change", { value: el.__fxChecked });
      }
      el.addEventListener("click", toggle);
      el.__fxActivate = toggle;
      el.__fxValue = function () { return el.__fxChecked; };
      el.__fxReset = function (clear) { el.__fxChecked = !clear && ui.truthy(ui.get(el, "checked")); paintSwitch(el); };
      paintSwitch(el);
      return el;
    },
    attrs: {
      checked: function (el, v) { el.__fxChecked = ui.truthy(v); paintSwitch(el); },
      disabled: paintSwitch, type: paintSwitch, color: paintSwitch
    }
  });

  // ---- slider --------------------------------------------------------------------------

  function range(el) {
    var min = ui.num(ui.get(el, "min"), 0), max = ui.num(ui.get(el, "max"), 100);
    var step = ui.num(ui.get(el, "step"), 1);
    if (max < min) max = min;
    return { min: min, max: max, step: step > 0 ? step : 1 };
  }

  function snap(el, v) {
    var r = range(el);
    v = ui.clamp(v, r.min, r.max);
    var n = Math.round((v - r.min) / r.step) * r.step + r.min;
    n = parseFloat(n.toFixed(10));
    return n > r.max ? n - r.step : n;
  }

  function paintSlider(el) {
    var r = range(el), v = el.__fxNum;
    var pct = r.max > r.min ? (v - r.min) / (r.max - r.min) * 100 : 0;
    el.__fxActive.style.width = pct + "%";
    el.__fxHandle.style.left = pct + "%";
    var active = ui.get(el, "active-color") || ui.get(el, "selected-color");
    el.__fxActive.style.backgroundColor = ui.str(active);
    el.__fxTrack.style.backgroundColor = ui.str(ui.get(el, "background-color") || ui.get(el, "color"));
    // sizes the app leaves unset come from client.css (they differ by dialect)
    var size = ui.get(el, "block-size") || ui.get(el, "handle-size");
    size = size == null || size === "" ? "" : ui.clamp(ui.num(size, 28), 12, 28) + "px";
    el.__fxHandle.style.width = el.__fxHandle.style.height = size;
    var track = ui.get(el, "track-size");
    track = track == null || track === "" ? "" : ui.clamp(ui.num(track, 2), 1, 28);
    el.__fxTrack.style.height = track === "" ? "" : track + "px";
    el.__fxTrack.style.marginTop = track === "" ? "" : -track / 2 + "px";
    el.__fxHandle.style.backgroundColor = ui.str(ui.get(el, "block-color") || ui.get(el, "handle-color"));
    el.__fxShown.textContent = String(v);
    el.__fxShown.style.display = ui.truthy(ui.get(el, "show-value")) ? "" : "none";
    el.classList.toggle("fx-disabled", disabled(el));
  }

  ui.define("slider", {
    create: function (ctx) {
      var el = document.createElement("slider");
      var box = ui.make("span", "fx-slider-box", el);
      el.__fxTrack = ui.make("span", "fx-slider-track", box);
      el.__fxActive = ui.make("span", "fx-slider-active", el.__fxTrack);
      el.__fxHandle = ui.make("span", "fx-slider-handle", box);
      el.__fxShown = ui.make("span", "fx-slider-value", el);
      el.__fxNum = 0;
      el.setAttribute("role", "slider");
      function at(e) {
        var rect = el.__fxTrack.getBoundingClientRect(), r = range(el);
        var ratio = rect.width ? ui.clamp((e.clientX - rect.left) / rect.width, 0, 1) : 0;
        return snap(el, r.min + ratio * (r.max - r.min));
      }
      ui.drag(box, {
        enabled: function () { return !disabled(el); },
        onStart: function (e) { move(at(e), true); },
        onMove: function (dx, dy, e) { move(at(e), true); },
        onEnd: function (dx, dy, e) {
          move(at(e), false);
          ctx.emit("change", { value: el.__fxNum }); // WeChat reports a tap without a move too
        }
      });
      function move(v, changing) {
        if (v === el.__fxNum) return;
        el.__fxNum = v;
        paintSlider(el);
        if (changing) ctx.emit("changing", { value: v });
      }
      el.__fxValue = function () { return el.__fxNum; };
      el.__fxReset = function (clear) {
        var min = range(el).min;
        el.__fxNum = clear ? min : snap(el, ui.num(ui.get(el, "value"), min));
        paintSlider(el);
      };
      paintSlider(el);
      return el;
    },
    attrs: (function () {
      function refresh(el) { el.__fxNum = snap(el, ui.num(ui.get(el, "value"), el.__fxNum)); paintSlider(el); }
      var a = {};
      ["value", "min", "max", "step"].forEach(function (k) { a[k] = refresh; });
      ["disabled", "color", "selected-color", "active-color", "background-color", "block-size",
       "block-color", "handle-size", "handle-color", "show-value", "track-size"].forEach(function (k) { a[k] = paintSlider; });
      return a;
    })()
  });

  // ---- label ---------------------------------------------------------------------------

  ui.define("label", {
    create: function (ctx) {
      var el = document.createElement("label");
      el.addEventListener("click", function (e) {
        for (var n = e.target; n && n !== el; n = n.parentNode) if (n.__fxActivate) return; // the control handles it
        var target = null, id = ui.get(el, "for");
        if (id) {
          target = ctx.page.body.querySelector("#" + CSS.escape(ui.str(id)));
        } else {
          var all = el.querySelectorAll("*");
          for (var i = 0; i < all.length && !target; i++) if (all[i].__fxActivate) target = all[i];
        }
        if (target && target.__fxActivate) { e.preventDefault(); target.__fxActivate(); }
      });
      return el;
    },
    attrs: { for: function () {} }
  });
})(window.FX);
