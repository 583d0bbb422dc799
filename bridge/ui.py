"""UI: toasts, loading, modal dialogs, action sheets, navigation bar, tab bar,
pull-down refresh and page scrolling. Everything is shown by the Host."""

from __future__ import annotations

from typing import Any

from .context import ApiContext
from .errors import ApiError
from .registry import Registry


async def show_toast(ctx: ApiContext, args: dict[str, Any]) -> Any:
    if ctx.wx:
        payload = {"title": args["title"], "icon": args.get("icon") or "success",
                   "duration": args.get("duration") or 1500, "mask": bool(args.get("mask"))}
    else:
        payload = {"title": args.get("content") or "", "icon": args.get("type") or "none",
                   "duration": args.get("duration") or 2000}
    await ctx.ui("showToast", payload)
    return None


async def show_loading(ctx: ApiContext, args: dict[str, Any]) -> Any:
    title = args["title"] if ctx.wx else (args.get("content") or "")
    await ctx.ui("showLoading", {"title": title, "mask": bool(args.get("mask"))})
    return None


def forward(kind: str | None = None):
    """A handler that hands the arguments to ``Host.ui(kind)`` (default: the API name)."""

    async def handler(ctx: ApiContext, args: dict[str, Any]) -> Any:
        await ctx.ui(kind or ctx.spec.name, args)
        return None

    return handler


async def alert(ctx: ApiContext, args: dict[str, Any]) -> Any:
    await ctx.ask("alert", {"title": args.get("title") or "", "content": args.get("content") or "",
                            "buttonText": args.get("buttonText") or "确定"})
    return None


def _is_ok(answer: Any) -> bool:
    return str(answer).lower() in ("ok", "confirm", "yes", "true", "1")


async def confirm(ctx: ApiContext, args: dict[str, Any]) -> Any:
    answer = await ctx.ask("confirm", {
        "title": args.get("title") or "", "content": args.get("content") or "",
        "confirmText": args.get("confirmButtonText") or "确定",
        "cancelText": args.get("cancelButtonText") or "取消"})
    return {"confirm": _is_ok(answer)}


def _prompt_answer(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, dict):
        return bool(answer.get("ok")), str(answer.get("text") or "")
    if answer is None or str(answer) == "cancel":
        return False, ""
    return True, str(answer)


async def prompt(ctx: ApiContext, args: dict[str, Any]) -> Any:
    ok, text = _prompt_answer(await ctx.ask("prompt", {
        "title": args.get("title") or "", "content": args.get("message") or "",
        "placeholder": args.get("placeholder") or ""}))
    return {"ok": ok, "inputValue": text if ok else ""}


async def show_modal(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """``showModal`` (a confirm, or a prompt when ``editable``).

    WeChat answers ``{confirm, cancel[, content]}``; Alipay's ``my.showModal`` (in the
    official typings, ``@mini-types/my``) answers ``{confirm}`` plus ``content`` only
    when ``editable``."""
    result = await _modal(ctx, args)
    if not ctx.wx:
        result.pop("cancel")
    return result


async def _modal(ctx: ApiContext, args: dict[str, Any]) -> dict[str, Any]:
    base = {"title": args.get("title") or "", "content": args.get("content") or "",
            "confirmText": args.get("confirmText") or "确定",
            "cancelText": args.get("cancelText") or "取消",
            "showCancel": args.get("showCancel", True) is not False}
    if args.get("editable"):
        ok, text = _prompt_answer(await ctx.ask(
            "prompt", {**base, "placeholder": args.get("placeholderText") or ""}))
        return {"confirm": ok, "cancel": not ok, "content": text if ok else ""}
    if not base["showCancel"]:
        await ctx.ask("alert", {**base, "buttonText": base["confirmText"]})
        return {"confirm": True, "cancel": False}
    ok = _is_ok(await ctx.ask("confirm", base))
    return {"confirm": ok, "cancel": not ok}


async def action_sheet(ctx: ApiContext, args: dict[str, Any]) -> Any:
    items = args["itemList" if ctx.wx else "items"]
    answer = await ctx.ask("actionSheet", {"title": args.get("title") or args.get("alertText")
                                           or "", "items": items,
                                           "cancelText": args.get("cancelButtonText") or "取消"})
    index = -1 if answer is None or str(answer) == "cancel" else int(answer)
    if index >= len(items):
        raise ApiError(f"action sheet answer {index} is out of range", wx="invalid answer")
    if ctx.wx:
        if index < 0:
            raise ApiError("cancel", wx="cancel")
        return {"tapIndex": index}
    return {"index": index}


async def set_navigation_bar(ctx: ApiContext, args: dict[str, Any]) -> Any:
    await ctx.ui("setNavigationBar", args)
    return None


def register(reg: Registry) -> None:
    reg.add("showToast", show_toast, family="alipay",
            schema={"content": "string", "duration": "number",
                    "type": {"type": "string", "enum": ["none", "success", "fail", "exception"]}})
    reg.add("showToast", show_toast, family="wechat",
            schema={"title": "string!", "duration": "number", "mask": "boolean", "image": "string",
                    "icon": {"type": "string", "enum": ["success", "error", "loading", "none"]}})
    reg.add("hideToast", forward())
    reg.add("showLoading", show_loading, family="alipay", schema={"content": "string",
                                                                  "delay": "number"})
    reg.add("showLoading", show_loading, family="wechat", schema={"title": "string!",
                                                                  "mask": "boolean"})
    reg.add("hideLoading", forward())
    reg.add("alert", alert, family="alipay", schema={"title": "string", "content": "string",
                                                     "buttonText": "string"})
    reg.add("confirm", confirm, family="alipay", returns=("confirm",),
            schema={"title": "string", "content": "string", "confirmButtonText": "string",
                    "cancelButtonText": "string"})
    reg.add("prompt", prompt, family="alipay", returns=("ok", "inputValue"),
            schema={"title": "string", "message": "string", "placeholder": "string",
                    "okButtonText": "string", "cancelButtonText": "string"})
    modal_schema = {"title": "string", "content": "string", "showCancel": "boolean",
                    "cancelText": "string", "confirmText": "string", "editable": "boolean",
                    "placeholderText": "string", "cancelColor": "string", "confirmColor": "string"}
    reg.add("showModal", show_modal, family="wechat", returns=("confirm", "cancel", "content"),
            schema=modal_schema)
    reg.add("showModal", show_modal, family="alipay", returns=("confirm", "content"),
            schema=modal_schema)
    reg.add("showActionSheet", action_sheet, family="alipay", returns=("index",),
            schema={"items": "array!", "title": "string", "cancelButtonText": "string",
                    "destructiveBtnIndex": "number", "badges": "array"})
    reg.add("showActionSheet", action_sheet, family="wechat", returns=("tapIndex",),
            schema={"itemList": "array!", "itemColor": "string", "alertText": "string"})
    reg.add("setNavigationBar", set_navigation_bar, family="alipay",
            schema={"title": "string", "image": "string", "backgroundColor": "string",
                    "borderBottomColor": "string", "frontColor": "string", "reset": "boolean"})
    reg.add("setNavigationBarTitle", set_navigation_bar, family="wechat",
            schema={"title": "string!"})
    reg.add("setNavigationBarColor", set_navigation_bar, family="wechat",
            schema={"frontColor": {"type": "string", "required": True,
                                   "enum": ["#ffffff", "#000000"]},
                    "backgroundColor": "string!", "animation": "object"})
    for name in ("showNavigationBarLoading", "hideNavigationBarLoading"):
        reg.add(name, forward())
    index = {"index": "number!"}
    reg.add("showTabBar", forward(), schema={"animation": "boolean"})
    reg.add("hideTabBar", forward(), schema={"animation": "boolean"})
    reg.add("setTabBarBadge", forward(), schema={**index, "text": "string!"})
    reg.add("removeTabBarBadge", forward(), schema=index)
    reg.add("showTabBarRedDot", forward(), schema=index)
    reg.add("hideTabBarRedDot", forward(), schema=index)
    reg.add("setTabBarStyle", forward(), schema={"color": "string", "selectedColor": "string",
                                                 "backgroundColor": "string",
                                                 "borderStyle": "string"})
    reg.add("setTabBarItem", forward(), schema={**index, "text": "string", "iconPath": "string",
                                                "selectedIconPath": "string"})
    reg.add("startPullDownRefresh", forward())
    reg.add("stopPullDownRefresh", forward())
    reg.add("pageScrollTo", forward(), schema={"scrollTop": "number", "duration": "number",
                                               "selector": "string"})
