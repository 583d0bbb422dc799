"""Host extension namespaces: ``my.tb.*`` (Taobao) and ``my.ap.*`` (Alipay).

They open the host's own pages; the Host shows them (``ui('openHostPage', …)``).
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
