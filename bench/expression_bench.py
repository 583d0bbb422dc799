"""Benchmark the ``{{ }}`` expression compiler and the code it generates.

Run: ``.venv/bin/python bench/expression_bench.py``. Prints compile throughput
(expressions per second, parse + codegen) and the per-evaluation cost of typical
template expressions, beside a hand-written Python baseline where one makes sense.
"""

from __future__ import annotations

import timeit

from fanxing.compiler import jsvalue
from fanxing.compiler.expression import Scope, compile_expression, local_name

SCOPE = Scope(["item", "index"], {"fmt": "utils/fmt.sjs"})
DATA = {
    "title": "Hello",
    "list": [{"name": f"n{i}", "price": i * 1.5, "tags": ["a", "b"]} for i in range(100)],
    "user": {"profile": {"nick": "x", "vip": True}},
    "count": 3,
    "selected": 2,
}
ITEM = DATA["list"][5]

CASES = [
    # (label, expression, hand-written baseline or None)
    ("name", "title", lambda d, it: d.get("title")),
    ("path", "user.profile.nick", lambda d, it: d["user"]["profile"]["nick"]),
    ("local path", "item.name", lambda d, it: it["name"]),
    ("compare", "index === selected", None),
    ("ternary", "index === selected ? 'active' : ''", None),
    ("concat", "'¥' + item.price", None),
    ("and/or", "user.profile.vip && count > 0 || 'none'", None),
    ("length", "list.length > 0", None),
    ("method", "item.price.toFixed(2)", None),
    ("object", "{a: item.name, b: count, ...user}", None),
]


class _Ctx:
    def call_module(self, module_id: str, member: str, args: list) -> object:
        return args[0]

    def module_member(self, module_id: str, member: str) -> object:
        return jsvalue.UNDEFINED


def main() -> None:
    sources = [src for _, src, _ in CASES] * 50
    n = len(sources)
    t = min(
        timeit.repeat(lambda: [compile_expression(s, SCOPE) for s in sources], number=5, repeat=3)
    )
    print(f"compile: {n * 5 / t:,.0f} expressions/s ({t / (n * 5) * 1e6:.1f} µs each)")
    print()
    print(f"{'expression':40} {'compiled':>10} {'baseline':>10}")
    item, index = local_name("item"), local_name("index")
    ctx = _Ctx()
    for label, src, baseline in CASES:
        # as a render function runs it: a function over data, context and locals
        fn = eval(
            f"lambda _d, _ctx, {item}, {index}: {compile_expression(src, SCOPE)}", {"_js": jsvalue}
        )
        number = 200_000
        t = min(timeit.repeat(lambda fn=fn: fn(DATA, ctx, ITEM, 2), number=number, repeat=3))
        base = ""
        if baseline is not None:
            tb = min(timeit.repeat(lambda b=baseline: b(DATA, ITEM), number=number, repeat=3))
            base = f"{tb / number * 1e9:8.0f}ns"
        print(f"{label + ': ' + src:40.40} {t / number * 1e9:8.0f}ns {base:>10}")


if __name__ == "__main__":
    main()
