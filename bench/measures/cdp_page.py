"""Just enough of Playwright's page API over raw CDP, for a browser Playwright cannot
attach to: QtWebEngine (the desktop window) answers CDP on its remote-debugging port but
refuses the browser-context commands ``connect_over_cdp`` starts with.

:class:`CdpPage` serves as ``page`` and ``frame`` for ``measures.browser`` / ``measures.tap``:
``evaluate``, ``wait_for_timeout``, ``mouse.click``, ``locator(sel)`` (``first``,
``bounding_box``, ``scroll_into_view_if_needed``, ``wait_for``).
"""

from __future__ import annotations

import itertools
import json
import re
import time
import urllib.request
from typing import Any

from websockets.sync.client import connect

_FUNCTION = re.compile(r"(async\s+)?(function\b|\(?[\w\s,\[\]]*\)?\s*=>)")


class CdpPage:
    """The first page target of the browser whose DevTools HTTP endpoint is ``endpoint``."""

    def __init__(self, endpoint: str) -> None:
        with urllib.request.urlopen(endpoint.rstrip("/") + "/json") as resp:
            targets = json.load(resp)
        page = next(t for t in targets if t.get("type") == "page")
        self.url = page["url"]
        self._ws = connect(page["webSocketDebuggerUrl"], max_size=None)
        self._ids = itertools.count(1)
        self.mouse = _Mouse(self)
        self.main_frame = self

    def close(self) -> None:
        self._ws.close()

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        msg_id = next(self._ids)
        self._ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self._ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expression: str, arg: Any = None) -> Any:
        """Like Playwright: a function source is called with ``arg``; promises awaited."""
        src = expression.strip()
        if _FUNCTION.match(src) and src.endswith("}"):  # a function, not an expression
            src = f"({src})({json.dumps(arg)})"
        res = self.send("Runtime.evaluate", expression=src, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in res:
            raise RuntimeError(f"evaluate: {res['exceptionDetails']}")
        return res.get("result", {}).get("value")

    def wait_for_timeout(self, ms: float) -> None:
        time.sleep(ms / 1000)

    def wait_for_function(self, expression: str, timeout: float = 20000) -> Any:
        end = time.monotonic() + timeout / 1000
        while time.monotonic() < end:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.02)
        raise TimeoutError(expression)

    def locator(self, selector: str) -> _Locator:
        return _Locator(self, selector)


class _Mouse:
    def __init__(self, page: CdpPage) -> None:
        self.page = page

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.page.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                           clickCount=1)


class _Locator:
    """A CSS selector; ``:visible`` is understood as Playwright does (laid out)."""

    def __init__(self, page: CdpPage, selector: str) -> None:
        self.page, self.selector = page, selector

    @property
    def first(self) -> _Locator:
        return self

    def _find(self) -> str:
        parts = self.selector.split(":visible")
        # querySelector per part, keeping only laid-out matches before each ':visible'
        return ("(() => { let scopes = [document];" +
                "".join(f"""scopes = scopes.flatMap(s => [...s.querySelectorAll({json.dumps(p.strip())})])
                  {'.filter(e => e.getClientRects().length > 0)' if i < len(parts) - 1 else ''};"""
                        for i, p in enumerate(parts) if p.strip()) +
                "return scopes[0] || null; })()")

    def bounding_box(self) -> dict[str, float]:
        return self.page.evaluate(f"""(() => {{ const e = {self._find()};
            const r = e.getBoundingClientRect();
            return {{x: r.x, y: r.y, width: r.width, height: r.height}}; }})()""")

    def scroll_into_view_if_needed(self) -> None:
        self.page.evaluate(f"{self._find()}.scrollIntoView({{block: 'center'}})")

    def wait_for(self, state: str = "attached", timeout: float = 20000) -> None:
        self.page.wait_for_function(f"!!{self._find()}", timeout)
