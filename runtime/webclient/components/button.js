/* button: a native <button type=button> named `button` (so `button {}` styles apply).
 *
 * type primary | default | warn | ghost (Alipay), size default | mini, plain, loading (spinner),
 * disabled (no tap and no open-type/form action), hover-class (default `button-hover`,
 * start 20 ms, stay 70 ms), form-type submit | reset (acts on the enclosing form).
 * open-type: a tap emits the event that open type announces, with a simulated detail
 * (a host can answer instead by defining FX.openTypeAnswer(openType, ctx) -> detail):
 *   WeChat getUserInfo → getuserinfo {errMsg, userInfo}, getPhoneNumber →
 *   getphonenumber {errMsg, code}, getRealtimePhoneNumber → getrealtimephonenumber,
 *   contact → contact {errMsg, path, query}, openSetting → opensetting {authSetting},
 *   chooseAvatar → chooseavatar {avatarUrl}, launchApp → error {errMsg},
 *   agreePrivacyAuthorization → agreeprivacyauthorization {};
 *   Alipay getAuthorize (scope userInfo | phoneNumber) → getauthorize {} (the app
 *   then calls my.getOpenUserInfo / my.getPhoneNumber), contactShare → … ;
 *   share (both) → the page's onShareAppMessage via a `lifecycle` client message
 *   with args [{from: "button", target: {id, dataset}}]. */
(function (FX) {
  "use strict";
  var ui = FX.ui;

  var OPEN = {
    getUserInfo: ["getuserinfo", function () {
      return { errMsg: "getUserInfo:ok", userInfo: { nickName: "fanxing user", avatarUrl: "",
               gender: 0, country: "", province: "", city: "", language: "zh_CN" } };
    }],
    getPhoneNumber: ["getphonenumber", function () { return { errMsg: "getPhoneNumber:ok", code: "fx-phone-code" }; }],
    getRealtimePhoneNumber: ["getrealtimephonenumber", function () {
      return { errMsg: "getRealtimePhoneNumber:ok", code: "fx-phone-code" }; }],
    contact: ["contact", function () { return { errMsg: "enterContact:ok", path: "", query: {} }; }],
    openSetting: ["opensetting", function () { return { errMsg: "openSetting:ok", authSetting: {} }; }],
    chooseAvatar: ["chooseavatar", function () { return { avatarUrl: "" }; }],
    launchApp: ["error", function () { return { errMsg: "launchApp:fail not supported in fanxing" }; }],
    agreePrivacyAuthorization: ["agreeprivacyauthorization", function () { return {}; }],
    getAuthorize: ["getauthorize", function () { return {}; }],
    lifestyle: ["followlifestyle", function () { return { followStatus: 1 }; }],
    contactShare: ["contactshare", function () { return {}; }]
  };

  function openType(el, ctx) {
    var type = ui.str(ui.get(el, "open-type"));
    if (!type) return;
    if (type === "share") {
      ctx.client.send({ type: "lifecycle", pageId: ctx.page.id, name: "onShareAppMessage",
                        args: [{ from: "button", target: { id: el.id, dataset: el.__fxDataset || {} } }] });
      return;
    }
    var entry = OPEN[type];
    if (!entry) return;
    var detail = FX.openTypeAnswer ? FX.openTypeAnswer(type, ctx) : undefined;
    ctx.emit(entry[0], detail === undefined ? entry[1]() : detail);
  }

  function disabled(el) { return ui.truthy(ui.get(el, "disabled")); }

  ui.define("button", {
    create: function (ctx) {
      var el = document.createElement("button");
      el.type = "button";
      // capture: a disabled button swallows the click before the client sees a tap
      el.addEventListener("click", function (e) {
        if (disabled(el)) { e.stopPropagation(); e.preventDefault(); }
      }, true);
      el.addEventListener("click", function () {
        var type = ui.get(el, "form-type");
        if (type === "submit" || type === "reset") {
          var form = ui.closestFx(el, "form");
          if (form && form.__fxSubmit) form.__fxSubmit(type);
        }
        openType(el, ctx);
      });
      el.__fxActivate = function () { if (!disabled(el)) el.click(); };
      el.setAttribute("fx-type", "default");
      return el;
    },
    hover: { cls: "button-hover", start: 20, stay: 70, disabled: disabled },
    attrs: {
      disabled: function (el, v) { el.classList.toggle("fx-disabled", ui.truthy(v)); el.setAttribute("aria-disabled", String(ui.truthy(v))); },
      loading: function (el, v) { el.classList.toggle("fx-button-loading", ui.truthy(v)); },
      // ghost is Alipay's (outlined in the brand colour); WeChat draws it as default
      type: function (el, v) { el.setAttribute("fx-type", v === "primary" || v === "warn" || v === "ghost" ? v : "default"); },
      size: function (el, v) { el.setAttribute("fx-size", v === "mini" ? "mini" : "default"); },
      plain: function (el, v) { el.classList.toggle("fx-button-plain", ui.truthy(v)); },
      "form-type": function () {},
      "open-type": function () {},
      scope: function () {}
    }
  });
})(window.FX);
