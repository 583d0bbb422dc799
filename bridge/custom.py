"""Host-registered custom APIs and ``my.call(name, params)`` which reaches them."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .context import ApiContext, resolve
from .errors import NOT_FOUND, ApiError
from .registry import ApiSpec, Registry
from .schema import compile_schema, validate


@dataclass(frozen=True)
class CallInfo:
    """What a custom API learns about its caller."""

    app_id: str
    user: str
    profile: str
    api: str


def _wants_info(fn: Callable[..., Any]) -> bool:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)


def custom_spec(name: str, fn: Callable[..., Any], schema: dict[str, Any] | None,
                namespace: str | None, sync: bool) -> ApiSpec:
    """An ``ApiSpec`` wrapping a host callable ``fn(params)`` / ``fn(params, info)``."""
    if not name.isidentifier():
        raise ValueError(f"custom API name {name!r} must be a JS identifier")
    with_info = _wants_info(fn)

    def handler(ctx: ApiContext, args: dict[str, Any]) -> Any:
        info = CallInfo(ctx.app_id, ctx.bridge.user, ctx.bridge.profile.name, ctx.name)
        return fn(args, info) if with_info else fn(args)

    return ApiSpec(name=name, family="any", handler=handler, namespace=namespace or "",
                   schema=compile_schema(schema), custom=True,
                   inline=sync or inspect.iscoroutinefunction(fn))


async def call_custom(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """``my.call(api, params)``: run a host API registered without a namespace."""
    name = args["api"]
    spec = ctx.bridge.custom_api(name)
    if spec is None or spec.handler is None:
        raise ApiError(f"API {name} is not registered by the host", code=NOT_FOUND,
                       wx=f"{name} not registered")
    full = f"{ctx.bridge.profile.base}.call:{name}"
    if not ctx.bridge.policy.api_allowed(full) or not ctx.bridge.policy.api_allowed(name):
        raise ApiError(f"no permission to call {name}", code=4, wx="no permission")
    params = validate(spec.schema, args.get("params") or {})
    inner = ApiContext(ctx.bridge, spec, full)
    if spec.inline:
        return await resolve(spec.handler(inner, params))
    return await resolve(await asyncio.to_thread(spec.handler, inner, params))


def register(reg: Registry) -> None:
    reg.add("call", call_custom, family="alipay", positional=("api", "params"), schema={"api": "string!", "params": "object"})
