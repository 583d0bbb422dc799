/* web-view: shows `src` in a sandboxed iframe (scripts and forms allowed, no
 * same-origin access to the app, no top navigation) — only for http(s) URLs; any
 * other URL is refused with an error event. Events: load {src}, error {src, errMsg}
 * (WeChat bindload/binderror; Alipay onMessage only — message is not simulated). */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  ui.define("web-view", {
    create: function (ctx) {
      var el = document.createElement("web-view");
      el.__fxLoad = function () { ctx.emit("load", { src: el.__fxSrc }); };
      return el;
    },
    attrs: {
      src: function (el, value, ctx) {
        var raw = ui.str(value), url = FX.safeUrl(raw);
        el.textContent = "";
        el.__fxSrc = raw;
        if (!url || !/^https?:\/\//i.test(url)) {
          ui.make("span", "fx-web-view-blocked", el).textContent = raw ? "web-view: " + raw + " is not an http(s) URL" : "";
          // later: during the node's creation the client cannot report events for it yet
          if (raw) Promise.resolve().then(function () { ctx.emit("error", { src: raw, errMsg: "web-view: only http(s) URLs are allowed" }); });
          return;
        }
        var frame = document.createElement("iframe");
        frame.setAttribute("sandbox", "allow-scripts allow-forms allow-popups");
        frame.setAttribute("referrerpolicy", "no-referrer");
        frame.addEventListener("load", el.__fxLoad);
        frame.src = url;
        el.appendChild(frame);
      }
    }
  });
})(window.FX);
