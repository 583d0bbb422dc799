/* Basic forms of the built-in components (view and text need none: the generic element
 * named after the tag does). Full behaviours come later in their own files; each file
 * only calls FX.components.register(tag, def) — see client.js for the contract. */
(function (FX) {
  "use strict";

  function valueDetail(el) {
    return { value: el.value, cursor: el.selectionStart === null ? el.value.length : el.selectionStart };
  }

  // image: the <image> element (so `image {}` styles apply) holding an <img>.
  var MODES = {
    scaleToFill: "fill", aspectFit: "contain", aspectFill: "cover", widthFix: "fill",
    heightFix: "fill", center: "none", top: "none", bottom: "none", left: "none", right: "none",
    "top left": "none", "top right": "none", "bottom left": "none", "bottom right": "none"
  };
  FX.components.register("image", {
    create: function (ctx) {
      var el = document.createElement("image"), img = document.createElement("img");
      img.setAttribute("draggable", "false");
      img.addEventListener("load", function () {
        if (el.__fxMode === "widthFix") el.style.height = "auto";
        ctx.emit("load", { width: img.naturalWidth, height: img.naturalHeight });
      });
      img.addEventListener("error", function () { ctx.emit("error", { errMsg: "load image failed" }); });
      el.appendChild(img);
      el.__fxImg = img;
      el.setAttribute("mode", "scaleToFill");
      return el;
    },
    update: function (el, name, value) {
      var img = el.__fxImg;
      if (name === "src") {
        var url = FX.safeUrl(value);
        if (url) img.src = url; else img.removeAttribute("src");
        return true;
      }
      if (name === "mode") {
        var mode = value && MODES[value] ? value : "scaleToFill";
        el.__fxMode = mode;
        el.setAttribute("mode", mode);
        img.style.objectFit = MODES[mode];
        img.style.objectPosition = MODES[mode] === "none" ? mode : "";
        return true;
      }
      if (name === "lazy-load" || name === "lazyLoad") {
        img.loading = FX.truthy(value) ? "lazy" : "eager";
        return true;
      }
      return false;
    }
  });

  FX.components.register("button", {
    create: function (ctx) {
      var el = document.createElement("button");
      el.type = "button";
      el.addEventListener("click", function () {
        var type = el.__fxAttrs["form-type"] || el.__fxAttrs.formType;
        if (type === "submit" || type === "reset") {
          var form = el.closest("form");
          if (form && form.__fxCtx && form.__fxSubmit) form.__fxSubmit(type);
        }
      });
      return el;
    },
    update: function (el, name, value) {
      if (name === "disabled") { el.disabled = FX.truthy(value); return true; }
      if (name === "loading") { el.classList.toggle("fx-button-loading", FX.truthy(value)); return true; }
      if (name === "type" || name === "size" || name === "plain") {
        FX.setPlainAttr(el, "fx-" + name, value);
        return true;
      }
      return false;
    }
  });

  function field(tagName) {
    return {
      create: function (ctx) {
        var el = document.createElement(tagName);
        if (tagName === "input") el.type = "text";
        el.addEventListener("input", function (e) {
          var d = valueDetail(el);
          d.keyCode = e.data ? e.data.charCodeAt(0) : 0;
          ctx.emit("input", d);
        });
        el.addEventListener("focus", function () { ctx.emit("focus", { value: el.value, height: 0 }); });
        el.addEventListener("blur", function () { ctx.emit("blur", { value: el.value }); });
        el.addEventListener("keydown", function (e) {
          if (e.key === "Enter" && (tagName === "input" || FX.truthy(el.__fxAttrs["confirm-type"] === "send"))) {
            ctx.emit("confirm", { value: el.value });
          }
        });
        el.__fxValue = function () { return el.value; };
        return el;
      },
      update: function (el, name, value) {
        if (name === "value") {
          var v = value === null || value === undefined ? "" : String(value);
          if (el.value !== v) el.value = v;
          return true;
        }
        if (name === "password") { if (tagName === "input") el.type = FX.truthy(value) ? "password" : "text"; return true; }
        if (name === "type" && tagName === "input") {
          var map = { number: "numeric", digit: "decimal", idcard: "text", text: "text" };
          el.setAttribute("inputmode", map[value] || "text");
          return true;
        }
        if (name === "maxlength") {
          var n = parseInt(value, 10);
          if (n >= 0) el.maxLength = n; else el.removeAttribute("maxlength");
          return true;
        }
        if (name === "disabled") { el.disabled = FX.truthy(value); return true; }
        if (name === "focus" || name === "auto-focus") { if (FX.truthy(value)) setTimeout(function () { el.focus(); }, 0); return true; }
        if (name === "placeholder") { el.placeholder = value === undefined || value === null ? "" : String(value); return true; }
        return false;
      }
    };
  }
  FX.components.register("input", field("input"));
  FX.components.register("textarea", field("textarea"));

  // form: submit/reset collect every named field below it
  FX.components.register("form", {
    create: function (ctx) {
      var el = document.createElement("form");
      el.setAttribute("novalidate", "");
      el.__fxSubmit = function (kind) {
        if (kind === "reset") {
          el.querySelectorAll("input,textarea").forEach(function (f) { f.value = ""; });
          ctx.emit("reset", {});
          return;
        }
        var value = {};
        el.querySelectorAll("*").forEach(function (f) {
          var name = f.__fxAttrs && f.__fxAttrs.name;
          if (name && typeof f.__fxValue === "function") value[name] = f.__fxValue();
        });
        ctx.emit("submit", { value: value });
      };
      return el;
    }
  });
})(window.FX);
