"""View-backed and window APIs: selector queries, intersection observers, the menu button
(capsule), the keyboard, the home button, the share menu, keep-screen-on, theme changes,
and the JS-built objects (animations, canvas / audio / video contexts).

Queries about nodes go to ``Host.view(kind, payload)`` (see ``host.py``); context methods
(``play``, ``draw``…) go to ``Host.ui('mediaContext', …)``, where the host records them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .context import ApiContext, resolve
from .errors import NOT_FOUND, ApiError
from .registry import Registry
from .ui import forward

if TYPE_CHECKING:
    from .bridge import Bridge

# The capsule (menu button) WeChat and Alipay draw at the top right, in CSS px.
CAPSULE_WIDTH, CAPSULE_HEIGHT, CAPSULE_RIGHT_MARGIN = 87, 32, 7


def menu_button_rect(bridge: Bridge) -> dict[str, int]:
    """The capsule's rect for the device: centred in the title bar, 7 px from the right."""
    d = bridge.device
    top = d.status_bar_height + (d.title_bar_height - CAPSULE_HEIGHT) // 2
    right = d.screen_width - CAPSULE_RIGHT_MARGIN
    return {"width": CAPSULE_WIDTH, "height": CAPSULE_HEIGHT, "top": top, "right": right,
            "bottom": top + CAPSULE_HEIGHT, "left": right - CAPSULE_WIDTH}


async def host_view(ctx: ApiContext, kind: str, payload: dict[str, Any]) -> Any:
    """Ask the host's view (``Host.view``); a host without one cannot answer."""
    view = getattr(ctx.bridge.host, "view", None)
    if view is None:
        raise ApiError("this host has no view to query", code=NOT_FOUND, wx="no view")
    return await resolve(view(kind, payload))


async def view_query(ctx: ApiContext, args: dict[str, Any]) -> Any:
    answer = await host_view(ctx, "selectorQuery", args)
    return answer if isinstance(answer, list) else []


async def observe(ctx: ApiContext, args: dict[str, Any]) -> Any:
    answer = await host_view(ctx, "intersection", args)
    return answer if isinstance(answer, list) else []


async def keep_screen_on(ctx: ApiContext, args: dict[str, Any]) -> Any:
    await ctx.ui("setKeepScreenOn", {"keepScreenOn": bool(args["keepScreenOn"])})
    return None


def set_theme(bridge: Bridge, theme: str) -> None:
    """Switch the system theme (``light``/``dark``): mirrors it and fires ``themeChange``."""
    if theme not in ("light", "dark"):
        raise ValueError(f"theme must be 'light' or 'dark', not {theme!r}")
    bridge.notify_sync({"systemInfo": {"theme": theme}})
    bridge.emit("themeChange", {"theme": theme})


def register(reg: Registry) -> None:
    reg.add("viewQuery", view_query, namespace="fx",
            schema={"pageId": "string|null", "scopeId": "string|null", "requests": "array!"})
    reg.add("observe", observe, namespace="fx",
            schema={"pageId": "string|null", "scopeId": "string|null", "target": "string!",
                    "all": "boolean", "relativeTo": "array", "thresholds": "array"})
    factories = {"createSelectorQuery": "selectorQuery",
                 "createIntersectionObserver": "intersectionObserver",
                 "createAnimation": "animation", "createCanvasContext": "canvasContext",
                 "createVideoContext": "videoContext", "createMapContext": "mapContext",
                 "createInnerAudioContext": "audioContext"}
    for name, factory in factories.items():
        reg.add(name, None, kind="sync", mirror=f"new:{factory}")
    reg.add("createWebViewContext", None, family="alipay", kind="sync",
            mirror="new:webViewContext")
    # my.on / my.off: custom events the host app sends (mPaaS "native to tiny" events)
    reg.add("on", None, family="alipay", kind="sync", mirror="new:nativeOn")
    reg.add("off", None, family="alipay", kind="sync", mirror="new:nativeOff")
    for name, factory in {"nextTick": "nextTick", "getPerformance": "performance",
                          "getExptInfoSync": "emptyObject"}.items():
        reg.add(name, None, family="wechat", kind="sync", mirror=f"new:{factory}")
    reg.add("getMenuButtonBoundingClientRect", None, kind="sync", mirror="state:menuButton",
            returns=("width", "height", "top", "right", "bottom", "left"))
    reg.add("hideKeyboard", forward())
    reg.add("setKeepScreenOn", keep_screen_on, schema={"keepScreenOn": "boolean!"})
    reg.add("showHomeButton", forward(), family="wechat")
    reg.add("hideHomeButton", forward(), family="wechat")
    reg.add("hideBackHome", forward("hideHomeButton"), family="alipay")
    share = {"withShareTicket": "boolean", "isUpdatableMessage": "boolean",
             "activityId": "string", "menus": "array", "templateInfo": "object"}
    reg.add("updateShareMenu", forward(), family="wechat", schema=share)
    reg.add("showShareMenu", forward(), family="wechat", schema=share)
    reg.add("hideShareMenu", forward(), schema={"menus": "array"})
    reg.add("showSharePanel", forward(), family="alipay")
    reg.add("ThemeChange", None, family="wechat", kind="event", event="themeChange")
