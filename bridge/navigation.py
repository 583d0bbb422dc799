"""Navigation: navigateTo / redirectTo / navigateBack / switchTab / reLaunch.

The page stack lives in the runtime; the bridge validates arguments and asks
``Host.navigate``, which returns or raises ``ApiError`` (unknown page, stack full).
"""

from __future__ import annotations

from typing import Any

from .context import ApiContext, resolve
from .registry import Registry


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
