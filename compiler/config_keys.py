"""The known keys of app.json, page and component .json files in both dialects.

Data only: ``config.py`` reads these tables to validate and normalize. A window key
maps to a field of ``WindowConfig`` (or ``None``: known, kept in ``extra``), the kind
of value it takes, and the dialect it belongs to (``None``: both).
"""

from __future__ import annotations

from typing import NamedTuple


class WindowKey(NamedTuple):
    field: str | None  # WindowConfig field; None keeps the raw value in ``extra``
    kind: str | tuple[str, ...]  # "str" "color" "bool" "yesno" "number" "any" or an enum
    dialect: str | None  # "alipay", "wechat" or None for both


WINDOW_KEYS: dict[str, WindowKey] = {
    # WeChat
    "navigationBarTitleText": WindowKey("title", "str", "wechat"),
    "navigationBarBackgroundColor": WindowKey("title_bar_color", "color", "wechat"),
    "navigationBarTextStyle": WindowKey("title_text_style", ("black", "white"), "wechat"),
    "navigationStyle": WindowKey("navigation_style", ("default", "custom"), "wechat"),
    "homeButton": WindowKey("home_button", "bool", "wechat"),
    "backgroundTextStyle": WindowKey("background_text_style", ("dark", "light"), "wechat"),
    "backgroundColorTop": WindowKey("background_color_top", "color", "wechat"),
    "backgroundColorBottom": WindowKey("background_color_bottom", "color", "wechat"),
    "backgroundColorContent": WindowKey(None, "color", "wechat"),
    "enablePullDownRefresh": WindowKey("pull_down_refresh", "bool", "wechat"),
    "pageOrientation": WindowKey("page_orientation", ("portrait", "landscape", "auto"),
                                 "wechat"),
    "disableScroll": WindowKey("disable_scroll", "bool", "wechat"),
    "disableSwipeBack": WindowKey(None, "bool", "wechat"),
    "restartStrategy": WindowKey(None, "str", "wechat"),
    "initialRenderingCache": WindowKey(None, "str", "wechat"),
    "visualEffectInBackground": WindowKey(None, "str", "wechat"),
    "handleWebviewPreload": WindowKey(None, "str", "wechat"),
    "deviceOrientation": WindowKey(None, "str", "wechat"),
    "showStatusBar": WindowKey(None, "bool", "wechat"),
    # Alipay
    "defaultTitle": WindowKey("title", "str", "alipay"),
    "titleBarColor": WindowKey("title_bar_color", "color", "alipay"),
    "pullRefresh": WindowKey("pull_down_refresh", "yesno", "alipay"),
    "allowsBounceVertical": WindowKey("allows_bounce_vertical", "yesno", "alipay"),
    "transparentTitle": WindowKey("transparent_title", ("none", "always", "auto"), "alipay"),
    "titlePenetrate": WindowKey("title_penetrate", "yesno", "alipay"),
    "showTitleLoading": WindowKey("show_title_loading", "yesno", "alipay"),
    "titleImage": WindowKey("title_image", "str", "alipay"),
    "backgroundImageColor": WindowKey("background_image_color", "color", "alipay"),
    "backgroundImageUrl": WindowKey("background_image_url", "str", "alipay"),
    "gestureBack": WindowKey("gesture_back", "yesno", "alipay"),
    "enableScrollBar": WindowKey("enable_scroll_bar", "yesno", "alipay"),
    "barButtonTheme": WindowKey(None, ("default", "light"), "alipay"),
    "optionMenu": WindowKey(None, "any", "alipay"),
    "responsive": WindowKey(None, "yesno", "alipay"),
    "enableInPageRender": WindowKey(None, "yesno", "alipay"),
    "enableDSL": WindowKey(None, "yesno", "alipay"),
    # both
    "backgroundColor": WindowKey("background_color", "color", None),
    "onReachBottomDistance": WindowKey("reach_bottom_distance", "number", None),
}

# Where a key of one dialect has a counterpart in the other (for friendlier warnings).
COUNTERPARTS = {
    "navigationBarTitleText": "defaultTitle",
    "navigationBarBackgroundColor": "titleBarColor",
    "enablePullDownRefresh": "pullRefresh",
    "list": "items",
    "color": "textColor",
    "text": "name",
    "iconPath": "icon",
    "selectedIconPath": "activeIcon",
    "custom": "customize",
}
COUNTERPARTS.update({v: k for k, v in list(COUNTERPARTS.items())})

# Top-level app.json keys that are kept as they are in ``AppConfig.extra``.
APP_EXTRA_KEYS = {
    "networkTimeout", "debug", "functionalPages", "workers", "requiredBackgroundModes",
    "requiredPrivateInfos", "plugins", "preloadRule", "resizable", "permission",
    "sitemapLocation", "style", "useExtendedLib", "entranceDeclare", "darkmode",
    "themeLocation", "lazyCodeLoading", "singlePage", "supportedMaterials",
    "serviceProviderTicket", "embeddedAppIdList", "halfPage", "debugOptions",
    "enablePassiveEvent", "resolveAlias", "renderer", "rendererOptions",
    "componentFramework", "miniApp", "static", "convertRpxToVw", "appBar",
    "componentPlaceholder", "navigateToMiniProgramAppIdList", "__usePrivacyCheck__",
    "chatTools", "cloud", "restartStrategy", "multiSelectSupportedMaterials",
    "useDynamicPlugins", "behavior", "styleIsolation", "frameset",
}
# Keys config.py interprets itself.
APP_KEYS = {"pages", "window", "tabBar", "subPackages", "subpackages", "usingComponents",
            "entryPagePath"}

# Page .json keys besides the window keys (kept in ``PageConfig.extra``).
PAGE_EXTRA_KEYS = {
    "component", "styleIsolation", "componentPlaceholder", "renderer",
    "componentFramework", "style", "singlePage", "enablePassiveEvent", "sitemap",
    "addGlobalClass", "frameset", "componentGenerics", "pureDataPattern",
}

# Component .json keys (those config.py reads plus those kept in ``extra``).
COMPONENT_KEYS = {
    "component", "usingComponents", "styleIsolation", "externalClasses",
    "componentGenerics", "componentPlaceholder", "virtualHost", "addGlobalClass",
    "pureDataPattern", "renderer", "componentFramework", "styleIsolationV2", "options",
}

STYLE_ISOLATION = ("isolated", "apply-shared", "shared", "page-isolated",
                   "page-apply-shared", "page-shared")

TAB_BAR_KEYS: dict[str, tuple[str, str | tuple[str, ...], str | None]] = {
    # key: (TabBar field, kind, dialect)
    "color": ("color", "color", "wechat"),
    "textColor": ("color", "color", "alipay"),
    "selectedColor": ("selected_color", "color", None),
    "backgroundColor": ("background_color", "color", None),
    "borderStyle": ("border_style", ("black", "white"), "wechat"),
    "position": ("position", ("bottom", "top"), "wechat"),
    "custom": ("custom", "bool", "wechat"),
    "customize": ("custom", "yesno", "alipay"),
}
TAB_ITEM_KEYS: dict[str, tuple[str, str | None]] = {
    # key: (TabBarItem field, dialect)
    "pagePath": ("page_path", None),
    "text": ("text", "wechat"),
    "name": ("text", "alipay"),
    "iconPath": ("icon", "wechat"),
    "icon": ("icon", "alipay"),
    "selectedIconPath": ("selected_icon", "wechat"),
    "activeIcon": ("selected_icon", "alipay"),
}
SUBPACKAGE_KEYS = {"root", "pages", "name", "independent", "plugins", "entry",
                   "componentFramework", "renderer"}
