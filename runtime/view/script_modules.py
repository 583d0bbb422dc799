"""SJS/WXS modules in their own view-side QuickJS context (never the logic context).

``ViewModules`` implements the template ``RenderContext`` (``call_module`` /
``module_member``) over ``CompiledApp.view_modules`` (``{id: JsModule}``, inline
modules included as ``file.wxml#name``). Modules load lazily on first use, with
CommonJS ``require`` through each module's ``deps``. Values cross as JSON, with
``UNDEFINED`` both ways. Every call runs under a time limit, so a looping SJS function
cannot hang rendering; failures raise ``ViewModuleError`` naming the module and the
function (or, given ``on_error``, are reported there and the call gives ``undefined``,
the way the platforms log a view-script error and render on).

WXS/SJS globals provided: ``getRegExp(pattern, flags)``, ``getDate(...)`` and
``console`` (its output goes to ``on_console`` as logic-style ``console`` messages with
``source: "view"``; each answer from JS carries the output of its call, since JS cannot
call Python under the time limit). Use one instance from one thread (the view's).

WXS functions as values (WeChat "WXS response events", ``change:prop`` observers):
``module_function`` gives a ``ViewFunction`` for a function member, which the template
keeps as an event handler or observer; ``run_view`` calls it with the event (or the
new/old values) and ComponentDescriptor objects implemented in ``js/view_events.js``.
The request carries a snapshot of the owner's template nodes (cached in JS per version)
and the answer is ``{stop, cmds, error}``: ``stop`` when the function returned false and
the commands it issued (``["style", nodeId, css]``, ``["addClass"/"removeClass", nodeId,
name]``, ``["callMethod", instanceId, name, args]``, ``["triggerEvent", compId, name,
detail]``) for the page view to apply (``fanxing.runtime.view.handlers``). Every such call
has the same time limit as a render call.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any

import quickjs
from fanxing.compiler.js_module import JsModule
from fanxing.compiler.jsvalue import UNDEFINED
from fanxing.compiler.render_tree import ViewFunction

_PRELUDE = r"""
var getRegExp = function (pattern, flags) { return new RegExp(pattern, flags); };
var getDate = function () {
  var a = Array.prototype.slice.call(arguments);
  return new (Function.prototype.bind.apply(Date, [null].concat(a)))();
};
var __fx = (function () {
  var defs = {}, deps = {}, cache = {}, logs = [];
  function req(id) {
    if (cache[id]) return cache[id].exports;
    var def = defs[id];
    if (!def) throw new Error("view module not found: " + id);
    var module = { exports: {} };
    cache[id] = module;
    def.call(module.exports, module, module.exports, function (request) {
      var target = (deps[id] || {})[request];
      if (target === undefined) throw new Error("cannot require " + JSON.stringify(request));
      return req(target);
    });
    return module.exports;
  }
  function revive(k, v) {
    return v !== null && typeof v === "object" && v.__fx_undef__ === 1 ? undefined : v;
  }
  function preview(v) {
    if (v === undefined) return "undefined";
    if (typeof v === "function") return "[Function " + (v.name || "anonymous") + "]";
    try { var j = JSON.stringify(v); return j === undefined ? String(v) : JSON.parse(j); }
    catch (e) { return String(v); }
  }
  console = {};
  ["log", "info", "warn", "error", "debug"].forEach(function (level) {
    console[level] = function () {
      if (logs.length < 1000) logs.push({ level: level, args: Array.prototype.map.call(arguments, preview) });
    };
  });
  // Each answer carries the console output of its call (Python cannot be called back).
  function out(v, isFunction) {
    var box = isFunction ? { f: 1 } : v === undefined ? { u: 1 } : { v: v };
    if (logs.length) { box.logs = logs; logs = []; }
    return JSON.stringify(box);
  }
  function walk(v, path) {
    if (path) path.split(".").forEach(function (p) { v = v === null || v === undefined ? undefined : v[p]; });
    return v;
  }
  function member(id, path) {
    var m = req(id);
    // An SJS `export default {...}` is what `<import-sjs name>` binds; named exports
    // stay reachable when the default has no such member.
    if (m && m.__esModule && m.default !== undefined) {
      var d = walk(m.default, path);
      if (d !== undefined || !path) return d;
    }
    return walk(m, path);
  }
  return {
    define: function (id, d, fn) { defs[id] = fn; deps[id] = d; },
    has: function (id) { return !!defs[id]; },
    call: function (id, path, argsJson) {
      var fn = member(id, path);
      if (typeof fn !== "function") throw new TypeError("not a function");
      return out(fn.apply(null, JSON.parse(argsJson, revive)));
    },
    get: function (id, path) { return out(member(id, path)); },
    fnref: function (id, path) {
      var v = member(id, path);
      return out(v, typeof v === "function");
    },
    member: member, revive: revive, out: out
  };
})();
"""


class ViewModuleError(RuntimeError):
    """An SJS/WXS module failed: ``module_id``, ``member`` and the JS message."""

    def __init__(self, module_id: str, member: str, message: str) -> None:
        self.module_id, self.member, self.js_message = module_id, member, message
        what = f"{member}()" if member else "module"
        super().__init__(f"{module_id}: {what}: {message}")


def _encode(value: Any) -> str:
    def default(obj: Any) -> Any:
        if obj is UNDEFINED:
            return {"__fx_undef__": 1}
        raise TypeError(f"cannot pass {type(obj).__name__} to a view module")
    return json.dumps(value, default=default, ensure_ascii=False, allow_nan=True)


_FUNCTION = object()  # what ``__fx.fnref`` answers for a function


def _decode(text: str) -> tuple[Any, list[dict[str, Any]]]:
    """``(value, console output)`` of a JS answer."""
    box = json.loads(text)
    if "f" in box:  # fnref found a function
        return _FUNCTION, box.get("logs") or []
    # JSON.stringify drops functions ({v: fn} → {}): a function reads as undefined.
    return box.get("v", UNDEFINED), box.get("logs") or []


def _events_script() -> str:
    return resources.files("fanxing.runtime.view").joinpath("js/view_events.js").read_text("utf-8")


class ViewModules:
    """The view-side module context (see module docstring)."""

    def __init__(self, modules: Mapping[str, JsModule], *, time_limit: float = 0.5,
                 memory_limit: int = 32 * 1024 * 1024,
                 on_error: Callable[[ViewModuleError], None] | None = None,
                 on_console: Callable[[dict[str, Any]], None] | None = None) -> None:
        self._modules = dict(modules)
        self._on_error = on_error
        self._on_console = on_console
        self._ctx = quickjs.Context()
        self._ctx.set_memory_limit(memory_limit)
        self._ctx.set_max_stack_size(1024 * 1024)
        self._ctx.eval(_PRELUDE)
        self._ctx.eval(_events_script())
        self._define = self._ctx.eval("__fx.define")
        self._call = self._ctx.eval("__fx.call")
        self._get = self._ctx.eval("__fx.get")
        self._fnref = self._ctx.eval("__fx.fnref")
        self._run_view = self._ctx.eval("__fx.runView")
        self._forget_page = self._ctx.eval("__fx.forgetPage")
        self._defined: set[str] = set()
        self._ctx.set_time_limit(time_limit)

    def _ensure(self, module_id: str) -> None:
        """Define ``module_id`` and its dependencies in the context (not run yet)."""
        todo = [module_id]
        while todo:
            mid = todo.pop()
            if mid in self._defined:
                continue
            mod = self._modules.get(mid)
            if mod is None:
                raise ViewModuleError(module_id, "", f"no view module {mid!r}")
            # The wrapper opens on the module's first line so JS line numbers stay the file's.
            src = (f"__fx.define({json.dumps(mid)}, {json.dumps(mod.deps)}, "
                   f"function (module, exports, require) {{{mod.code}\n}});")
            try:
                self._ctx.eval(src)
            except quickjs.JSException as e:
                raise ViewModuleError(mid, "", _first_line(e)) from None
            self._defined.add(mid)
            todo.extend(mod.deps.values())

    def _guard(self, module_id: str, member: str, fn: Callable[[], str]) -> Any:
        try:
            self._ensure(module_id)
            value, logs = _decode(fn())
            if logs and self._on_console is not None:
                for entry in logs:
                    self._on_console({"type": "console", "level": entry.get("level", "log"),
                                      "args": entry.get("args") or [], "source": "view"})
            return value
        except quickjs.JSException as e:
            err = ViewModuleError(module_id, member, _js_message(e))
        except (quickjs.StackOverflow, MemoryError) as e:
            err = ViewModuleError(module_id, member, f"{type(e).__name__}: {e}")
        except (TypeError, ValueError) as e:
            err = ViewModuleError(module_id, member, str(e))
        except ViewModuleError as e:
            err = e
        if self._on_error is None:
            raise err
        self._on_error(err)
        return UNDEFINED

    def call_module(self, module_id: str, member: str, args: list[Any]) -> Any:
        """``require(module_id)[member](...args)``; ``member`` may be a dotted path."""
        return self._guard(module_id, member,
                           lambda: self._call(module_id, member, _encode(list(args))))

    def module_member(self, module_id: str, member: str) -> Any:
        """``require(module_id)[member]`` as a JSON value (functions read as undefined)."""
        return self._guard(module_id, member, lambda: self._get(module_id, member))

    def module_function(self, module_id: str, member: str | None) -> Any:
        """``require(module_id)[member]``: a ``ViewFunction`` when it is a function, else
        its JSON value (where a template may bind a WXS function: handlers, observers)."""
        value = self._guard(module_id, member or "",
                            lambda: self._fnref(module_id, member))
        if value is _FUNCTION:
            return ViewFunction(module_id, member)
        return value

    def run_view(self, request: dict[str, Any]) -> dict[str, Any] | None:
        """Call the WXS function ``request["fn"]`` (``[module_id, member]``) for an event
        or an observer (request shape: ``fanxing.runtime.view.handlers``). Returns
        ``{"stop", "cmds", "error"}``, ``{"stale": 1}`` when the JS side lacks the tree
        snapshot at ``request["tree"]["v"]``, or None when the call failed (reported)."""
        module_id, member = request["fn"]
        value = self._guard(module_id, member or "",
                            lambda: self._run_view(_encode(request)))
        return value if isinstance(value, dict) else None

    def report(self, module_id: str, member: str, message: str) -> None:
        """A view-script error caught in JS (its commands were applied): to ``on_error``,
        or raised as ``ViewModuleError`` without one."""
        err = ViewModuleError(module_id, member, message)
        if self._on_error is None:
            raise err
        self._on_error(err)

    def forget_page(self, page_id: str) -> None:
        """Drop the tree snapshots and ``getState()`` objects of a closed page."""
        self._forget_page(page_id)


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def _js_message(e: Exception) -> str:
    msg = _first_line(e)
    if msg == "InternalError: interrupted":
        return "time limit exceeded (InternalError: interrupted)"
    return msg
