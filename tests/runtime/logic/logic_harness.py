"""Builds real LogicEngines over hand-written JsModules for the logic-layer tests."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from fanxing.compiler.js_module import JsModule
from fanxing.runtime.logic.clock import ManualClock
from fanxing.runtime.logic.engine import Limits, LogicEngine


def module(mid: str, code: str, deps: dict[str, str] | None = None) -> JsModule:
    """A JsModule whose path equals its id; code is dedented (line 1 = first code line)."""
    return JsModule(mid, mid, textwrap.dedent(code).lstrip("\n"), dict(deps or {}))


class Harness:
    """A LogicEngine on a manual clock plus helpers to drive it and read its output."""

    def __init__(
        self,
        files: dict[str, str],
        *,
        dialect: str = "wechat",
        deps: dict[str, dict[str, str]] | None = None,
        limits: Limits | None = None,
        api_script: str | None = None,
        sync_state: dict | None = None,
        epoch_ms: float | None = None,
        component2: bool = True,
    ) -> None:
        deps = deps or {}
        mods = {mid: module(mid, code, deps.get(mid)) for mid, code in files.items()}
        self.clock = ManualClock()
        self.delivered: list[dict] = []
        self.engine = LogicEngine(
            mods,
            dialect=dialect,  # type: ignore[arg-type]
            app_config={"pages": [m[:-3] for m in files if m.startswith("pages/")],
                        "component2": component2},
            api_script=api_script,
            sync_state=sync_state,
            limits=limits,
            on_message=self.delivered.append,
            clock=self.clock,
            epoch_ms=epoch_ms,
        )
        self.out: list[dict] = list(self.engine.boot())

    def send(self, msg: dict) -> list[dict]:
        out = self.engine.process(msg)
        self.out += out
        return out

    def launch(self, **options: Any) -> list[dict]:
        opts = {"path": "pages/index/index", "query": {}, "scene": 1001, **options}
        return self.send({"type": "appLaunch", "options": opts})

    def page(self, page_id: str, route: str, query: dict | None = None) -> list[dict]:
        return self.send({"type": "pageCreate", "pageId": page_id, "route": route, "query": query or {}})

    def event(self, instance_id: str, handler: str, event: Any = None) -> list[dict]:
        return self.send(
            {"type": "event", "instanceId": instance_id, "handler": handler, "event": event or {}}
        )

    def js(self, code: str) -> Any:
        """Evaluates an expression through the `eval` message; returns it decoded from JSON."""
        out = self.engine.process({"type": "eval", "code": f"JSON.stringify({code})"})
        res = [m for m in out if m["type"] == "evalResult"]
        assert res and res[0]["ok"], res
        return json.loads(res[0]["value"]) if res[0]["value"] is not None else None

    def data(self, instance_id: str) -> Any:
        return self.js(f"__fx.instances[{json.dumps(instance_id)}].data")


def of_type(out: list[dict], kind: str) -> list[dict]:
    return [m for m in out if m["type"] == kind]


def logs(out: list[dict], level: str | None = None) -> list[list]:
    """Console args of the console messages in ``out`` (optionally of one level)."""
    return [m["args"] for m in of_type(out, "console") if level is None or m["level"] == level]


def log_lines(out: list[dict]) -> list[str]:
    """console.log messages joined by spaces, for lifecycle-order assertions."""
    return [
        " ".join(a if isinstance(a, str) else json.dumps(a) for a in args) for args in logs(out, "log")
    ]


def set_ops(out: list[dict], instance_id: str | None = None) -> list[list]:
    ops: list[list] = []
    for m in of_type(out, "setData"):
        if instance_id is None or m["instanceId"] == instance_id:
            ops += m["ops"]
    return ops
