"""Network and API mocks for tests and ``fanxing render --mock``, in place before the app
runs (every real app loads its data in ``onLoad``).

One mapping holds both kinds; a key is either a URL pattern, optionally after a method
(``"GET https://api.x.com/items"``, ``"https://api.x.com/*"``: a glob, matching any
query), or an API name (``"my.getLocation"``, ``"wx.login"``)::

    launch(app, mocks={
        "GET https://api.x.com/items": [{"id": 1}],             # JSON body, status 200
        "https://api.x.com/fail": Response(status=500, json={"error": 1}),
        "https://slow.x.com/*": Response(error="timeout"),
        "my.getLocation": {"latitude": "30.27", "longitude": "120.15"},
        "wx.login": lambda args: {"code": "test-code"},          # computed per call
        "my.tradePay": Fail("user cancelled", code=6001),
    })

The network rules are ``fanxing.bridge.MockRule`` s (first match wins); the API mocks are
``Bridge.mock_api`` (``fanxing.bridge.api_mocks``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fanxing.bridge import Bridge, MockRule

_METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "PATCH")


@dataclass
class Response:
    """A mocked HTTP answer: ``json`` (or ``body`` text/bytes), ``status``, ``headers``;
    ``error="timeout"`` / ``"network"`` fails instead; ``times`` answers only that often."""

    json: Any = None
    body: str | bytes | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    times: int | None = None


@dataclass
class Fail:
    """A mocked API failure: the app's ``fail`` callback gets ``message`` (and ``code``,
    the Alipay ``error``)."""

    message: str
    code: int = 3


def is_url_key(key: str) -> bool:
    """Whether a mock key names a URL (else an API)."""
    target = key.split(None, 1)[-1] if key.split(None, 1)[0].upper() in _METHODS else key
    return "://" in target or target.startswith(("*", "/"))


def network_rule(key: str, value: Any) -> MockRule:
    """The ``MockRule`` for ``"[METHOD ]URL"`` answering ``value``."""
    parts = key.split(None, 1)
    method = parts[0].upper() if len(parts) == 2 and parts[0].upper() in _METHODS else None
    url = parts[1].strip() if method else key.strip()
    if isinstance(value, MockRule):
        value.url, value.method = url, method or value.method
        return value
    if isinstance(value, Response):
        if value.error not in (None, "timeout", "network"):
            raise ValueError(f"mock {key!r}: error must be 'timeout' or 'network'")
        return MockRule(url, method, status=value.status, headers=dict(value.headers),
                        body=value.body, json=value.json, error=value.error, times=value.times)
    if isinstance(value, (str, bytes)):
        return MockRule(url, method, body=value)
    return MockRule(url, method, json=value)


def apply_mocks(bridge: Bridge, mocks: Mapping[str, Any]) -> None:
    """Install ``mocks`` (see module docstring) into ``bridge``; raises ``ValueError``
    naming the key for one that makes no sense (an API the profile lacks…)."""
    for key, value in mocks.items():
        if not isinstance(key, str) or not key.strip():
            raise ValueError(f"mock key {key!r}: expected a URL pattern or an API name")
        if is_url_key(key):
            bridge.network.mocks.append(network_rule(key, value))
        else:
            mock_api(bridge, key.strip(), value)


def mock_api(bridge: Bridge, name: str, value: Any, times: int | None = None) -> Any:
    """``Bridge.mock_api`` from a test's value: a result, a function of the call's
    arguments, or a ``Fail``."""
    if isinstance(value, Fail):
        return bridge.mock_api(name, fail=value.message, code=value.code, times=times)
    if callable(value):
        fn: Callable[[dict[str, Any]], Any] = value
        return bridge.mock_api(name, fn=fn, times=times)
    return bridge.mock_api(name, value, times=times)


_STATUS = re.compile(r"^(\d{3})(?:\s+(.*))?$", re.S)


def parse_cli_mock(text: str, base: Path | None = None) -> tuple[str, Any]:
    """``fanxing render --mock``: ``KEY=VALUE`` → ``(key, value)`` for ``apply_mocks``.

    KEY is ``[METHOD ]URL`` or an API name (it cannot contain ``=``: a URL pattern
    matches any query). VALUE is ``@file`` (JSON when it parses, else the text), JSON,
    or text; a URL's VALUE may start with a status (``404 {"error": 1}``) or be
    ``!timeout`` / ``!network``; an API's may be ``!fail MESSAGE``.
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ValueError(f"mock {text!r}: expected KEY=VALUE, e.g. "
                         "'GET https://api.x.com/items=@items.json'")
    url = is_url_key(key)
    if raw.startswith("!"):
        word, _, rest = raw[1:].partition(" ")
        if url and word in ("timeout", "network") and not rest:
            return key, Response(error=word)
        if not url and word == "fail":
            return key, Fail(rest or "mocked failure")
        expected = "!timeout or !network" if url else "!fail MESSAGE"
        raise ValueError(f"mock {text!r}: unknown {raw.split()[0]!r} (expected {expected})")
    status = 200
    m = _STATUS.match(raw) if url else None
    if m:
        status, raw = int(m.group(1)), m.group(2) or ""
    if raw.startswith("@"):
        path = Path(raw[1:])
        if base is not None and not path.is_absolute():
            path = base / path
        try:
            raw = path.read_text("utf-8")
        except OSError as e:
            raise ValueError(f"mock {text!r}: cannot read {path}: {e.strerror or e}") from None
    try:
        value: Any = json.loads(raw)
    except ValueError:
        value = raw
    if url:
        is_text = isinstance(value, str)
        return key, Response(json=None if is_text else value, body=value if is_text else None,
                             status=status)
    return key, value
