"""Host extension namespaces: ``my.tb.*`` (Taobao), ``my.ap.*`` (Alipay) and ``my.tg.*``
(Tmall Genie, the voice assistant with a screen).

``my.tb``/``my.ap`` open the host's own pages; the Host shows them
(``ui('openHostPage', …)``). ``my.tg`` speaks and manages the device's ad layer through
``ui('playTTS', {text, openMic})`` / ``ui('closeAdvertise', {type})``; the host fires
``moveToFront`` (``Host.event``) when the device brings the mini-program back to the
front, for ``my.tg.onMoveToFront`` listeners.
"""

from __future__ import annotations

from typing import Any

from .context import ApiContext
from .registry import Registry


def open_host_page(page: str):
    async def handler(ctx: ApiContext, args: dict[str, Any]) -> Any:
        await ctx.ui("openHostPage", {"page": page, "host": ctx.bridge.profile.name, **args})
        return None

    return handler


def register(reg: Registry) -> None:
    tb = {"family": "alipay", "namespace": "my.tb"}
    reg.add("openDetail", open_host_page("itemDetail"), schema={"itemId": "string|number!"}, **tb)
    reg.add("openShop", open_host_page("shop"), schema={"shopId": "string|number!"}, **tb)
    reg.add("openCart", open_host_page("cart"), **tb)
    reg.add("showSku", open_host_page("sku"), schema={"itemId": "string|number!"}, **tb)
    ap = {"family": "alipay", "namespace": "my.ap"}
    reg.add("navigateToAlipayPage", open_host_page("alipayPage"), schema={"path": "string!"},
            **ap)
    reg.add("openURL", open_host_page("url"), schema={"url": "string!"}, **ap)
    reg.add("updateAlipayClient", open_host_page("update"), **ap)
    tg = {"family": "alipay", "namespace": "my.tg"}
    reg.add("playTTS", play_tts, schema={"text": "string!", "openMic": "boolean"}, **tg)
    reg.add("closeAdvertise", close_advertise, schema={"type": "string"}, **tg)
    reg.add("MoveToFront", None, kind="event", event="moveToFront", **tg)


async def play_tts(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """``my.tg.playTTS({text, openMic})``: the device speaks ``text`` (then listens)."""
    await ctx.ui("playTTS", {"text": args["text"], "openMic": bool(args.get("openMic"))})
    return None


async def close_advertise(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """``my.tg.closeAdvertise({type})``: close the ad the host shows over the app."""
    await ctx.ui("closeAdvertise", {"type": args.get("type") or ""})
    return None
