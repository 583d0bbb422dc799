/* form: a button with form-type submit/reset (or FX code calling el.__fxSubmit) inside
 * it emits submit {value: {name: value}} with every named field below it — input and
 * textarea (string), switch (bool), slider (number), checkbox-group (array of values),
 * radio-group (string), picker (index, array or string by mode), picker-view (array)
 * — or reset {} after resetting every field: WeChat (and a client not told its
 * dialect) clears them (empty text, unticked, slider at min, picker at its first
 * item), Alipay restores the value their attributes give (el.__fxReset(clear)).
 * WeChat also sends detail.formId (deprecated, empty here); Alipay the same shape. */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  function fields(el) {
    var out = [];
    el.querySelectorAll("*").forEach(function (f) {
      if (typeof f.__fxValue === "function" && f.__fxAttrs) out.push(f);
    });
    return out;
  }

  ui.define("form", {
    create: function (ctx) {
      var el = document.createElement("form");
      el.setAttribute("novalidate", "");
      el.__fxSubmit = function (kind) {
        if (kind === "reset") {
          var clear = ctx.client.dialect !== "alipay";
          fields(el).forEach(function (f) { if (f.__fxReset) f.__fxReset(clear); });
          ctx.emit("reset", {});
          return;
        }
        var value = {};
        fields(el).forEach(function (f) {
          var name = f.__fxAttrs.name;
          if (name !== undefined && name !== null && name !== "") value[String(name)] = f.__fxValue();
        });
        ctx.emit("submit", { value: value, formId: "" });
      };
      return el;
    },
    attrs: { "report-submit": function () {}, "report-submit-timeout": function () {} }
  });
})(window.FX);
