/* image and icon.
 *
 * image: an <image> element (so `image {}` styles apply, default 320x240) holding an
 * <img>. `mode`: scaleToFill, aspectFit, aspectFill, widthFix (height follows the
 * width), heightFix (width follows the height) and the crop modes top, bottom, center,
 * left, right, "top left", "top right", "bottom left", "bottom right" (no scaling, that
 * part of the picture shown). `lazy-load` defers loading until near the viewport.
 * Events: load {width, height} (natural size), error {errMsg} (WeChat; Alipay's
 * onError detail is the same object shape in practice).
 *
 * icon: drawn as inline SVG. type: success, success_no_circle, info, warn, waiting,
 * cancel, download, search, clear; size (px or rpx, default 23px); color. */
(function (FX) {
  "use strict";
  var ui = FX.ui;
  var FIT = { scaleToFill: "fill", aspectFit: "contain", aspectFill: "cover",
              widthFix: "fill", heightFix: "fill" };
  var CROP = { top: "center top", bottom: "center bottom", center: "center center",
               left: "left center", right: "right center", "top left": "left top",
               "top right": "right top", "bottom left": "left bottom", "bottom right": "right bottom" };

  function setSrc(el, ctx) {
    var url = ui.assetUrl(ui.get(el, "src"), ctx), img = el.__fxImg;
    if (url === null || url === "") { img.removeAttribute("src"); return; }
    if (img.getAttribute("src") !== url) img.src = url;
  }

  ui.define("image", {
    create: function (ctx) {
      var el = document.createElement("image"), img = ui.make("img", "", el);
      img.setAttribute("draggable", "false");
      img.setAttribute("alt", "");
      img.addEventListener("load", function () {
        ctx.emit("load", { width: img.naturalWidth, height: img.naturalHeight });
      });
      img.addEventListener("error", function () {
        if (img.getAttribute("src")) ctx.emit("error", { errMsg: "GET " + img.getAttribute("src") + " failed" });
      });
      el.__fxImg = img;
      el.setAttribute("mode", "scaleToFill");
      return el;
    },
    attrs: {
      src: function (el, v, ctx) { setSrc(el, ctx); },
      mode: function (el, value) {
        var mode = FIT[value] || CROP[value] ? value : "scaleToFill";
        el.setAttribute("mode", mode);
        el.__fxImg.style.objectFit = FIT[mode] || "none";
        el.__fxImg.style.objectPosition = CROP[mode] || "";
      },
      "lazy-load": function (el, value) { el.__fxImg.loading = ui.truthy(value) ? "lazy" : "eager"; },
      "show-menu-by-longpress": function () {},
      webp: function () {},
      "fade-in": function () {}
    }
  });

  // --- icon -------------------------------------------------------------------------
  var SVGNS = "http://www.w3.org/2000/svg";
  var GREEN = "#07c160", BLUE = "#10aeff", RED = "#fa5151", GREY = "#b2b2b2";
  // [default color, shapes...]; shapes on a 24x24 box; "c" = filled circle,
  // strokes in white over it; "s:" = stroke in the icon color.
  var ICONS = {
    success: [GREEN, "c", "w:M6.5 12.5l3.8 3.7 7.4-8"],
    success_no_circle: [GREEN, "s:M3.5 12.5l5.6 5.5L20.5 6.5"],
    info: [BLUE, "c", "w:M12 10.5v7", "wd:12,7"],
    warn: [RED, "c", "w:M12 6.5v7.5", "wd:12,17.5"],
    waiting: [BLUE, "c", "w:M12 6.5v6l4 2.5"],
    cancel: [RED, "c", "w:M8 8l8 8M16 8l-8 8"],
    download: [GREEN, "c", "w:M12 6.5v9M8 12l4 4 4-4"],
    search: [GREY, "s:M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M15.3 15.3l5 5"],
    clear: [GREY, "c", "w:M8.5 8.5l7 7M15.5 8.5l-7 7"]
  };

  function draw(el) {
    var type = ui.str(ui.get(el, "type")), spec = ICONS[type];
    var color = ui.str(ui.get(el, "color")) || (spec ? spec[0] : "#000");
    var size = ui.length(ui.get(el, "size"), "23px");
    el.style.setProperty("--fx-icon-size", size);
    el.setAttribute("fx-type", type);
    el.textContent = "";
    if (!spec) return;
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    spec.slice(1).forEach(function (shape) {
      var s;
      if (shape === "c") {
        s = document.createElementNS(SVGNS, "circle");
        s.setAttribute("cx", "12"); s.setAttribute("cy", "12"); s.setAttribute("r", "11");
        s.style.fill = color;
      } else if (shape.indexOf("wd:") === 0) {
        var xy = shape.slice(3).split(",");
        s = document.createElementNS(SVGNS, "circle");
        s.setAttribute("cx", xy[0]); s.setAttribute("cy", xy[1]); s.setAttribute("r", "1.3");
        s.style.fill = "#fff";
      } else {
        s = document.createElementNS(SVGNS, "path");
        s.setAttribute("d", shape.slice(2));
        s.setAttribute("fill", "none");
        s.setAttribute("stroke-width", "2");
        s.setAttribute("stroke-linecap", "round");
        s.setAttribute("stroke-linejoin", "round");
        s.style.stroke = shape[0] === "w" ? "#fff" : color;
      }
      svg.appendChild(s);
    });
    el.appendChild(svg);
  }

  ui.define("icon", {
    create: function () { return document.createElement("icon"); },
    attrs: { type: draw, size: draw, color: draw }
  });
})(window.FX);
