"""ApiContext: what a capability handler gets besides its arguments."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import ALIPAY, NO_PERMISSION, WECHAT, ApiError

if TYPE_CHECKING:
    from .bridge import Bridge
    from .registry import ApiSpec


async def resolve(value: Any) -> Any:
    """Await ``value`` if it is awaitable (Host methods may be sync or async)."""
    while inspect.isawaitable(value):
        value = await value
    return value


@dataclass
class ApiContext:
    """One call in progress: the bridge, the API spec and its full name."""

    bridge: Bridge
    spec: ApiSpec
    name: str  # full name, e.g. "my.getLocation"

    @property
    def dialect(self) -> str:
        return self.bridge.profile.dialect

    @property
    def wx(self) -> bool:
        """True under the WeChat dialect."""
        return self.dialect == WECHAT

    @property
    def alipay(self) -> bool:
        return self.dialect == ALIPAY

    @property
    def app_id(self) -> str:
        return self.bridge.app_id

    async def ask(self, kind: str, payload: dict[str, Any]) -> Any:
        return await resolve(self.bridge.host.ask(kind, {**payload, "api": self.name,
                                                          "appId": self.app_id}))

    async def ui(self, kind: str, payload: dict[str, Any] | None = None) -> Any:
        return await resolve(self.bridge.host.ui(kind, dict(payload or {})))

    async def consent(self, scope: str, *, deny: ApiError, title: str = "") -> None:
        """Ask once per app (remembered); raise ``deny`` when the user refuses."""
        store = self.bridge.consent
        decision = store.get(scope)
        if decision is None:
            answer = await self.ask("consent", {"scope": scope, "title": title or scope})
            decision = str(answer).lower() in ("allow", "ok", "yes", "true", "1")
            store.set(scope, decision)
        if not decision:
            raise deny


def no_permission(name: str) -> ApiError:
    """The error for an API the host app has not granted to this mini-program."""
    return ApiError(f"no permission to call {name}", code=NO_PERMISSION, wx="no permission")
