"""System: getSystemInfo, my.env, SDKVersion, network type, clipboard, vibrate,
phone calls and code scanning."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .context import ApiContext
from .errors import USER_CANCEL, WECHAT, ApiError
from .registry import Registry

if TYPE_CHECKING:
    from .bridge import Bridge

SCAN_CANCEL = 10  # Alipay my.scan: 用户取消


class Clipboard:
    """The host's clipboard (shared by every mini-program of the host)."""

    def __init__(self, text: str = "") -> None:
        self.text = text


def _platform(bridge: Bridge) -> str:
    p = bridge.device.platform
    if bridge.profile.dialect == WECHAT:
        return p
    return {"ios": "iOS", "android": "Android"}.get(p, p)


def system_info(bridge: Bridge) -> dict[str, Any]:
    """``getSystemInfo`` result for the profile and device (no ``errMsg``)."""
    p, d = bridge.profile, bridge.device
    extra = dict(p.get("system") or {})
    info: dict[str, Any] = {
        "brand": d.brand, "model": d.model, "pixelRatio": d.pixel_ratio,
        "screenWidth": d.screen_width, "screenHeight": d.screen_height,
        "windowWidth": d.screen_width, "windowHeight": d.window_height,
        "statusBarHeight": d.status_bar_height, "language": p.get("language", "zh-Hans"),
        "version": p.data["client"]["version"], "system": d.system.split(" ", 1)[-1],
        "platform": _platform(bridge), **extra,
    }
    if p.dialect == WECHAT:
        info["system"] = d.system
        info["SDKVersion"] = p.get("SDKVersion")
        info["safeArea"] = {"left": 0, "right": d.screen_width, "top": d.status_bar_height,
                            "bottom": d.screen_height, "width": d.screen_width,
                            "height": d.screen_height - d.status_bar_height}
        info["host"] = {"env": p.get("app")}
    else:
        info["app"] = p.get("app")
        info["titleBarHeight"] = d.title_bar_height
    return info


def env_info(bridge: Bridge) -> dict[str, Any]:
    """Alipay ``my.env``: client name and version, language, platform."""
    p = bridge.profile
    return {"clientName": p.data["client"]["name"], "clientVersion": p.data["client"]["version"],
            "language": p.get("language", "zh-Hans"), "platform": _platform(bridge),
            "USER_DATA_PATH": "https://usr"}


def account_info(bridge: Bridge) -> dict[str, Any]:
    """``getAccountInfoSync``: the mini-program's id and version."""
    return {"miniProgram": {"appId": bridge.app_id, "envVersion": "develop", "version": ""}}


async def get_system_info(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return system_info(ctx.bridge)


async def get_network_type(ctx: ApiContext, args: dict[str, Any]) -> Any:
    t = ctx.bridge.network_type
    if ctx.wx:
        return {"networkType": t}
    return {"networkAvailable": t != "none", "networkType": t.upper()}


async def set_clipboard(ctx: ApiContext, args: dict[str, Any]) -> Any:
    ctx.bridge.clipboard.text = args["data" if ctx.wx else "text"]
    if ctx.wx:  # WeChat confirms with its own toast
        await ctx.ui("showToast", {"title": "内容已复制", "icon": "none", "duration": 1500})
    return None


async def get_clipboard(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return {("data" if ctx.wx else "text"): ctx.bridge.clipboard.text}


async def vibrate(ctx: ApiContext, args: dict[str, Any]) -> Any:
    kind = {"vibrateShort": "short", "vibrateLong": "long"}.get(ctx.spec.name, "default")
    await ctx.ui("vibrate", {"type": args.get("type") or kind})
    return None


async def make_phone_call(ctx: ApiContext, args: dict[str, Any]) -> Any:
    number = args["phoneNumber" if ctx.wx else "number"]
    answer = await ctx.ask("phoneCall", {"number": number})
    if str(answer) == "cancel":
        raise ApiError("user cancelled", code=USER_CANCEL, wx="cancel")
    return None


async def scan_code(ctx: ApiContext, args: dict[str, Any]) -> Any:
    answer = await ctx.ask("scanCode", {"scanType": args.get("scanType")})
    if answer is None or str(answer) == "cancel":
        raise ApiError("user cancelled", code=SCAN_CANCEL, wx="cancel")
    text = str(answer)
    if ctx.wx:
        return {"result": text, "scanType": "QR_CODE", "charSet": "utf-8", "rawData": ""}
    return {"code": text, "qrCode": text, "barCode": ""}


SYSTEM_RETURNS = ("brand", "model", "pixelRatio", "screenWidth", "screenHeight", "windowWidth",
                  "windowHeight", "statusBarHeight", "language", "version", "system", "platform",
                  "fontSizeSetting")


def register(reg: Registry) -> None:
    reg.add("getSystemInfo", get_system_info, family="alipay",
            returns=(*SYSTEM_RETURNS, "app", "titleBarHeight", "currentBattery", "storage"))
    reg.add("getSystemInfo", get_system_info, family="wechat",
            returns=(*SYSTEM_RETURNS, "SDKVersion", "safeArea", "benchmarkLevel", "theme", "host"))
    reg.add("getSystemInfoSync", get_system_info, family="alipay", kind="sync",
            mirror="state:systemInfo", returns=(*SYSTEM_RETURNS, "app", "titleBarHeight"))
    reg.add("getSystemInfoSync", get_system_info, family="wechat", kind="sync",
            mirror="state:systemInfo", returns=(*SYSTEM_RETURNS, "SDKVersion", "safeArea"))
    for name in ("getWindowInfo", "getDeviceInfo", "getAppBaseInfo"):
        reg.add(name, get_system_info, family="wechat", kind="sync", mirror="state:systemInfo")
    reg.add("getAccountInfoSync", None, kind="sync", mirror="state:accountInfo",
            returns=("miniProgram",))
    reg.add("getLaunchOptionsSync", None, kind="sync", mirror="state:launchOptions",
            returns=("path", "query", "scene"))
    reg.add("getEnterOptionsSync", None, kind="sync", mirror="state:launchOptions",
            returns=("path", "query", "scene"))
    reg.add("getAppIdSync", None, family="alipay", kind="sync", mirror="appId")
    # answered in JS from the runtime clock (objects.js), so a manual clock governs it
    reg.add("getServerTime", None, family="alipay", kind="sync", mirror="new:serverTime")
    reg.add("getNetworkType", get_network_type, returns=("networkType", "networkAvailable"))
    reg.add("NetworkStatusChange", None, kind="event", event="networkStatusChange")
    reg.add("AppShow", None, kind="event", event="appShow")
    reg.add("AppHide", None, kind="event", event="appHide")
    reg.add("Error", None, kind="event", event="error")
    reg.add("UnhandledRejection", None, kind="event", event="unhandledRejection")
    reg.add("MemoryWarning", None, kind="event", event="memoryWarning")
    reg.add("setClipboard", set_clipboard, family="alipay", schema={"text": "string!"})
    reg.add("getClipboard", get_clipboard, family="alipay", returns=("text",))
    reg.add("setClipboardData", set_clipboard, family="wechat", schema={"data": "string!"})
    reg.add("getClipboardData", get_clipboard, family="wechat", returns=("data",))
    reg.add("vibrate", vibrate, family="alipay")
    reg.add("vibrateShort", vibrate, schema={"type": {"type": "string",
                                                      "enum": ["heavy", "medium", "light"]}})
    reg.add("vibrateLong", vibrate)
    reg.add("makePhoneCall", make_phone_call, family="alipay", schema={"number": "string!"})
    reg.add("makePhoneCall", make_phone_call, family="wechat", schema={"phoneNumber": "string!"})
    reg.add("scan", scan_code, family="alipay", schema={"scanType": "array|string"},
            returns=("code", "qrCode", "barCode"))
    reg.add("scanCode", scan_code, family="wechat", schema={"scanType": "array",
                                                            "onlyFromCamera": "boolean"},
            returns=("result", "scanType", "charSet", "rawData"))
