"""The API registry: every API the bridge knows, with its kind, schema and handler.

An API is registered once per dialect *family* (``alipay`` for the ``my`` family,
``wechat`` for ``wx``) and an optional host namespace (``my.tb``, ``my.ap``, ``dd``).
A profile then decides which of them exist (see ``profiles.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from .schema import Param, compile_schema

Kind = Literal["async", "sync", "event"]
Handler = Callable[..., Any]  # (ctx: ApiContext, args: dict) -> value | awaitable

BASE = ""  # the dialect's base namespace: ``my`` or ``wx``


@dataclass
class ApiSpec:
    """One API.

    ``name`` is the short name (``getLocation``); ``family`` ``alipay``/``wechat``;
    ``namespace`` ``""`` for the base namespace or a host extension (``my.tb``, ``dd``).
    ``kind``: ``async`` (callbacks + Promise), ``sync`` (answered in JS from the mirror,
    ``mirror`` names how; writes are persisted by an async call of the same name) or
    ``event`` (an ``on<Name>``/``off<Name>`` pair; ``event`` is the event name).
    ``positional`` maps positional JS arguments to parameter names (``wx.setStorageSync(key, data)``).
    ``consent`` names the scope that needs the user's consent. ``returns`` lists result fields
    (for ``canIUse('api.return.field')``). ``task`` means the call returns a task object
    with ``abort()`` (``request``, ``downloadFile``…); ``factory`` names the api.js factory
    that builds the object an async call returns instead (``connectSocket`` → SocketTask).
    A ``sync`` API whose ``mirror`` is ``new:<factory>`` is answered by that JS factory
    (``createSelectorQuery``, ``getFileSystemManager``…).
    """

    name: str
    family: str
    handler: Handler | None = None
    kind: Kind = "async"
    namespace: str = BASE
    schema: dict[str, Param] = field(default_factory=dict)
    positional: tuple[str, ...] = ()
    consent: str | None = None
    returns: tuple[str, ...] = ()
    mirror: str | None = None
    event: str | None = None
    task: bool = False
    factory: str | None = None  # async call returning a JS object built by that factory
    inline: bool = True  # run plain-function handlers inline (False: in a worker thread)
    custom: bool = False

    def full_name(self, base: str) -> str:
        """``my.getLocation`` / ``wx.request`` / ``my.tb.openCart`` under base ``base``."""
        return f"{self.namespace or base}.{self.name}"

    def table_entry(self) -> dict[str, Any]:
        """The JSON the JS side needs about this API."""
        entry: dict[str, Any] = {"kind": self.kind}
        if self.positional:
            entry["positional"] = list(self.positional)
        if self.mirror:
            entry["mirror"] = self.mirror
        if self.event:
            entry["event"] = self.event
        if self.task:
            entry["task"] = True
        if self.factory:
            entry["factory"] = self.factory
        entry["params"] = {n: p.to_json() for n, p in self.schema.items()}
        entry["returns"] = list(self.returns)
        return entry


class Registry:
    """A set of ``ApiSpec`` keyed by (family, namespace, name)."""

    def __init__(self) -> None:
        self._specs: dict[tuple[str, str, str], ApiSpec] = {}

    def add(
        self,
        name: str,
        handler: Handler | None,
        *,
        family: str | tuple[str, ...] = ("alipay", "wechat"),
        schema: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        """Register ``name`` for one family or several (same handler and schema)."""
        families = (family,) if isinstance(family, str) else family
        compiled = compile_schema(schema)
        for fam in families:
            spec = ApiSpec(name=name, family=fam, handler=handler, schema=compiled, **options)
            self._specs[(fam, spec.namespace, name)] = spec

    def add_spec(self, spec: ApiSpec) -> None:
        """Register a ready-made spec (replacing one with the same key)."""
        self._specs[(spec.family, spec.namespace, spec.name)] = spec

    def get(self, family: str, namespace: str, name: str) -> ApiSpec | None:
        return self._specs.get((family, namespace, name))

    def __iter__(self) -> Iterator[ApiSpec]:
        return iter(self._specs.values())

    def merged(self, other: Registry) -> Registry:
        """A new registry with ``other``'s specs over this one's."""
        out = Registry()
        out._specs = {**self._specs, **other._specs}
        return out


def builtin_registry() -> Registry:
    """All APIs fanxing implements, registered by the capability modules (a registry of
    its own for each caller; the specs are built once per process: every bridge, and
    the test suite starts hundreds, would otherwise spend ~2 ms building ~1200 again)."""
    out = Registry()
    out._specs = dict(_builtin_specs())
    return out


@functools.cache
def _builtin_specs() -> dict[tuple[str, str, str], ApiSpec]:
    from . import (
        analytics,
        cloud,
        custom,
        ext_config,
        files,
        hardware,
        hostext,
        identity,
        location,
        media,
        media_sessions,
        navigation,
        network,
        ocr,
        payment,
        pickers,
        socket,
        storage,
        system,
        ui,
        view,
        worker,
    )

    reg = Registry()
    for module in (storage, ui, navigation, system, network, location, payment, identity,
                   custom, hostext, view, media, socket, files, analytics, hardware,
                   media_sessions, worker, cloud.apis, ext_config, ocr, pickers):
        module.register(reg)
    return reg._specs
