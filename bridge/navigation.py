"""Navigation: navigateTo / redirectTo / navigateBack / switchTab / reLaunch.

The page stack lives in the runtime; the bridge validates arguments and asks
``Host.navigate``, which returns or raises ``ApiError`` (unknown page, stack full).
"""

from __future__ import annotations

from typing import Any

from .context import ApiContext, resolve
from .registry import Registry
from .ui import forward


def _url(url: str) -> str:
    # Page routes are app-relative; "/pages/a/a" and "pages/a/a" are the same page.
    return url.lstrip("/")


async def navigate(ctx: ApiContext, args: dict[str, Any]) -> Any:
    kind = ctx.spec.name
    extra = {}
    if kind == "navigateBack":
        delta = int(args.get("delta") or 1)
        await resolve(ctx.bridge.host.navigate(kind, None, max(1, delta), extra))
        return None
    if args.get("eventChannelId") is not None:
        extra["eventChannelId"] = args["eventChannelId"]
    await resolve(ctx.bridge.host.navigate(kind, _url(args["url"]), 1, extra))
    return None


def register(reg: Registry) -> None:
    url = {"url": "string!"}
    reg.add("navigateTo", navigate, schema={**url, "eventChannelId": "string|number"})
    reg.add("redirectTo", navigate, schema=url)
    reg.add("switchTab", navigate, schema=url)
    reg.add("reLaunch", navigate, schema=url)
    reg.add("navigateBack", navigate, schema={"delta": "number"})
    # Leaving for another mini-program or closing this one is the host's to show; the
    # call is recorded (Host.ui) and succeeds, as on a host that allows it.
    other = {"appId": "string!", "path": "string", "extraData": "object", "envVersion": "string"}
    reg.add("navigateToMiniProgram", forward(), schema=other)
    reg.add("navigateBackMiniProgram", forward(), schema={"extraData": "object"})
    reg.add("exitMiniProgram", forward())
    reg.add("PageNotFound", None, kind="event", event="pageNotFound")
