/* navigator: a tap sends the client message
 *   {type: "navigate", pageId, openType, url, delta}
 * which the container carries out (runtime/container/container.py client_message). open-type:
 * navigate (default) | redirect | switchTab | reLaunch | navigateBack (uses delta,
 * default 1) | exit. hover-class defaults to `navigator-hover` (start 50, stay 600). */
(function (FX) {
  "use strict";
  var ui = FX.ui;
  // open-types the container carries out (others, like target="miniProgram", do nothing)
  var OPEN_TYPES = { navigate: 1, redirect: 1, switchTab: 1, reLaunch: 1, navigateBack: 1, exit: 1 };

  ui.define("navigator", {
    create: function (ctx) {
      var el = document.createElement("navigator");
      el.addEventListener("click", function () {
        var openType = ui.str(ui.get(el, "open-type")) || "navigate";
        var url = ui.get(el, "url");
        if (!OPEN_TYPES[openType]) return;
        if (openType !== "navigateBack" && openType !== "exit" && !url) return;
        ctx.client.send({ type: "navigate", pageId: ctx.page.id, openType: openType,
                          url: url === undefined ? null : ui.str(url),
                          delta: Math.max(1, Math.floor(ui.num(ui.get(el, "delta"), 1))) });
      });
      return el;
    },
    hover: { cls: "navigator-hover", start: 50, stay: 600 },
    attrs: { url: function () {}, "open-type": function () {}, delta: function () {},
             target: function () {}, "app-id": function () {}, path: function () {},
             "extra-data": function () {} }
  });
})(window.FX);
