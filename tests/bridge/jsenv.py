"""A raw QuickJS context running bridge/js/api.js against a real Bridge.

The small ``__fx`` defined here queues every ``invokeApi`` call; ``run`` drains the
queue by calling the Python ``Bridge`` (the real thing) and settles the promises, the
way the logic engine does with ``api``/``apiResult`` messages.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import quickjs
from fanxing.bridge import ApiError, Bridge, api_script

FX = r"""
globalThis.__fx = {
  apiTable: %s, syncState: %s, calls: [], pending: {}, listeners: {}, errors: [], next: 1,
  invokeApi: function (name, args) {
    var id = this.next++, self = this;
    this.calls.push(JSON.stringify({id: id, name: name, args: args === undefined ? null : args}));
    return new Promise(function (res, rej) { self.pending[id] = [res, rej]; });
  },
  onApiEvent: function (name, fn) { (this.listeners[name] = this.listeners[name] || []).push(fn); },
  reportError: function (e) { this.errors.push(String(e)); },
  settle: function (id, ok, json) {
    var p = this.pending[id]; delete this.pending[id];
    p[ok ? 0 : 1](JSON.parse(json));
  },
  patch: function (json) { mergePatch(this.syncState, JSON.parse(json)); },
  fire: function (name, json) { (this.listeners[name] || []).forEach(function (f) { f(JSON.parse(json)); }); },
  drain: function () { var c = this.calls; this.calls = []; return ['[', c.join(','), ']'].join(''); },
};
function mergePatch(target, patch) {  // RFC 7386, as the logic engine applies syncState
  for (var k in patch) {
    var v = patch[k];
    if (v === null) delete target[k];
    else if (typeof v === 'object' && !Array.isArray(v) && typeof target[k] === 'object' && target[k]) mergePatch(target[k], v);
    else target[k] = v;
  }
}
globalThis.my = {}; globalThis.wx = {};
globalThis.log = [];
"""


class JsEnv:
    """api.js in QuickJS, wired to ``bridge``."""

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.ctx = quickjs.Context()
        self.ctx.eval(FX % (json.dumps(bridge.api_table()), json.dumps(bridge.sync_state())))
        self.ctx.eval(api_script())
        self.invoked: list[tuple[str, Any]] = []
        self._patched = 0
        self._fired = 0

    def eval(self, code: str) -> Any:
        """Evaluate ``code``, run the bridge calls it made, return its value as JSON data."""
        value = self.ctx.eval(f"JSON.stringify((function(){{ return ({code}); }})())")
        self.run()
        return None if value is None else json.loads(value)

    def exec(self, code: str) -> None:
        self.ctx.eval(code)
        self.run()

    def get(self, expr: str) -> Any:
        value = self.ctx.eval(f"JSON.stringify({expr})")
        return None if value is None else json.loads(value)

    def run(self) -> None:
        """Pump jobs and settle bridge calls until nothing is left."""
        while True:
            while self.ctx.execute_pending_job():
                pass
            calls = json.loads(self.ctx.eval("__fx.drain()"))
            if not calls:
                return
            for call in calls:
                self.invoked.append((call["name"], call["args"]))
                ok, result = self._call(call["name"], call["args"])
                self._forward_patches()
                self.ctx.eval(f"__fx.settle({call['id']}, {str(ok).lower()}, "
                              f"{json.dumps(json.dumps(result))})")

    def _forward_patches(self) -> None:
        # The runtime posts Host.sync patches as inbound syncState messages (before the
        # apiResult of the call that caused them); so does this environment.
        patches = getattr(self.bridge.host, "patches", [])
        for patch in patches[self._patched:]:
            self.ctx.eval(f"__fx.patch({json.dumps(json.dumps(patch))})")
        self._patched = len(patches)

    def _call(self, name: str, args: Any) -> tuple[bool, Any]:
        try:
            return True, asyncio.run(self.bridge.call(name, args))
        except ApiError as e:
            return False, e.payload

    def forward_host(self) -> None:
        """Deliver what the bridge sent the Host outside a call (patches, then events)."""
        self._forward_patches()
        events = getattr(self.bridge.host, "events", [])
        for name, payload in events[self._fired:]:
            self.fire(name, payload)
        self._fired = len(events)

    def fire(self, event: str, payload: Any) -> None:
        self.ctx.eval(f"__fx.fire({json.dumps(event)}, {json.dumps(json.dumps(payload))})")
        self.run()
