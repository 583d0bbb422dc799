"""Evaluate a template expression both ways: compiled Python and real QuickJS.

``describe_py`` and ``describe_js`` return the same record shape so tests compare
them directly: ``{"s": String(v), "r": what {{v}} renders, "t": !!v, "ty": typeof v,
"j": v as JSON (keys sorted)}``, or ``{"error": True}`` when evaluation throws.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

import quickjs
from fanxing.compiler import jsvalue
from fanxing.compiler.expression import Scope, compile_expression, local_name

_PRELUDE = r"""
function __X(a) { return a == null ? Object.create(null) : a; }  // glass-easel's reads
function __sortKeys(k, v) {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = {};
    for (const key of Object.keys(v).sort()) o[key] = v[key];
    return o;
  }
  return v;
}
function __describe(thunk) {
  let v;
  try { v = thunk(); } catch (e) { return JSON.stringify({error: true, message: String(e)}); }
  const j = JSON.stringify(v, __sortKeys);
  return JSON.stringify({s: String(v), r: v == null ? '' : String(v), t: !!v,
                         ty: typeof v, j: j === undefined ? null : JSON.parse(j)});
}
"""


class JsOracle:
    """A QuickJS context that evaluates JS expression source over JSON data."""

    def __init__(self) -> None:
        self.ctx = quickjs.Context()
        self.ctx.eval(_PRELUDE)

    def describe(
        self, js_src: str, data: Any, locals_: Mapping[str, Any] | None = None, *, with_data=False
    ) -> dict[str, Any]:
        """Evaluate ``js_src``; free names are ``__d.x`` unless ``with_data`` (then
        ``with (__d)``, so names missing from the data are ReferenceErrors)."""
        locals_ = dict(locals_ or {})
        binds = "".join(f"const {k} = __l[{json.dumps(k)}];" for k in locals_)
        body = f"with (__d) {{ return ({js_src}); }}" if with_data else f"return ({js_src});"
        code = (
            f"(function(__d, __l) {{ {binds} return __describe(function() {{ {body} }}); }})"
            f"(JSON.parse({json.dumps(json.dumps(data))}), JSON.parse({json.dumps(json.dumps(locals_))}))"
        )
        # numbers compare as doubles, the way JS holds them
        return json.loads(self.ctx.eval(code), parse_int=float)


def _json_shape(v: Any) -> Any:
    """What ``JSON.parse(JSON.stringify(v))`` would give, as Python values."""
    if v is jsvalue.UNDEFINED:
        return None
    if type(v) is float and not math.isfinite(v):
        return None
    if type(v) is int:
        return float(v)
    if type(v) is list:
        return [_json_shape(x) for x in v]
    if type(v) is dict:
        return {k: _json_shape(x) for k, x in v.items() if x is not jsvalue.UNDEFINED}
    return v


def describe_value(v: Any) -> dict[str, Any]:
    """The oracle record for a Python-side value."""
    return {
        "s": jsvalue.to_string(v),
        "r": jsvalue.render_text(v),
        "t": jsvalue.truthy(v),
        "ty": jsvalue.typeof(v),
        "j": _json_shape(v),
    }


def eval_py(src: str, data: Any, locals_: Mapping[str, Any] | None = None) -> Any:
    """Compile the template expression ``src`` and run it over ``data``."""
    locals_ = dict(locals_ or {})
    code = compile_expression(src, Scope(locals_))
    ns = {"_js": jsvalue, "_d": data, "_ctx": None}
    ns.update({local_name(k): v for k, v in locals_.items()})
    return eval(compile(code, "<expr>", "eval"), ns)


def describe_py(src: str, data: Any, locals_: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The oracle record for the compiled Python evaluation of ``src``."""
    try:
        v = eval_py(src, data, locals_)
    except jsvalue.JSError as e:
        return {"error": True, "message": str(e)}
    return describe_value(v)


_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[+-]\d+)?")


def _canonical_numbers(text: str) -> str:
    return _NUMBER.sub(lambda m: repr(float(m.group())), text)


def same(py: dict[str, Any], js: dict[str, Any]) -> bool:
    """Whether two records agree (error messages may differ).

    QuickJS-ng sometimes prints a double with one digit more than the shortest
    round-trip form (``String(2**-24)`` is ``5.9604644775390625e-8``; the spec and V8
    give ``5.960464477539063e-8``, as we do), so printed numbers that denote the same
    double count as equal.
    """
    if "error" in py or "error" in js:
        return "error" in py and "error" in js
    js = {k: js[k] for k in py}
    if py == js:
        return True
    for k in ("s", "r"):
        if py[k] != js[k] and _canonical_numbers(py[k]) == _canonical_numbers(js[k]):
            js[k] = py[k]
    return py == js
