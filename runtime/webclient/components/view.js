/* view: a block element named `view`; its only behaviour is hover-class
 * (WeChat and Alipay: hover-class, hover-start-time 50, hover-stay-time 400,
 * hover-stop-propagation). */
(function (FX) {
  "use strict";
  FX.ui.define("view", {
    create: function () { return document.createElement("view"); },
    hover: { cls: "none", start: 50, stay: 400 }
  });
})(window.FX);
