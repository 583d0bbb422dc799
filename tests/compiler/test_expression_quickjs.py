"""Differential test: compiled template expressions against real QuickJS.

Hypothesis builds expression ASTs and JSON data, prints each AST twice — as template
source and as the equivalent JS (free names read from the data object, property reads
through glass-easel's ``X(obj)`` helper and method calls as ``obj?.m()``, which is
exactly the forgiving template semantics) — and
checks that the compiled Python and QuickJS agree on ``String(v)``, what ``{{v}}``
renders, truthiness, ``typeof`` and the JSON shape, or that both throw. It also checks
that parsing the printed source gives back the same AST.
"""

from __future__ import annotations

import json
from typing import Any

from expression_oracle import JsOracle, describe_py, same
from fanxing.compiler import jsvalue
from fanxing.compiler.expression import (
    ArrayLit,
    Binary,
    Call,
    Conditional,
    Literal,
    Logical,
    Member,
    Name,
    ObjectLit,
    Prop,
    Spread,
    TemplateLit,
    Unary,
    parse_expression,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

UNDEFINED = jsvalue.UNDEFINED
POOL = ["a", "b", "c", "list", "obj", "s", "n", "zero", "empty"]
LOCALS = ["item", "index"]
ALPHABET = "abcAB01 .,-_é中ßİ\u00a0\n\t😀$'\"\\"

# ---------------------------------------------------------------------------
# Printer: AST → template source, or → JS source with forgiving reads


def _prec(e: Any) -> int:
    if isinstance(e, Conditional):
        return 1
    if isinstance(e, Logical):
        return 3 if e.op == "&&" else 2
    if isinstance(e, Binary):
        if e.op in ("==", "!=", "===", "!=="):
            return 4
        if e.op in ("<", ">", "<=", ">=", "in"):
            return 5
        return 6 if e.op in ("+", "-") else 7
    if isinstance(e, Unary):
        return 8
    if isinstance(e, (Member, Call)):
        return 9
    return 10


def _str_lit(s: str, single: bool) -> str:
    text = json.dumps(s)  # ASCII-only, valid in both languages
    if not single:
        return text
    return "'" + text[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"


def show(e: Any, js: bool, locals_: frozenset[str] = frozenset(LOCALS)) -> str:
    """Print ``e``; ``js=True`` gives the JS equivalent of the template semantics."""

    def p(x: Any, min_prec: int, no_coalesce: bool = False, no_logic: bool = False) -> str:
        text = show(x, js, locals_)
        wrap = _prec(x) < min_prec
        if isinstance(x, Logical) and (
            no_coalesce and x.op == "??" or no_logic and x.op in ("&&", "||")
        ):
            wrap = True
        if isinstance(x, Literal) and min_prec == 9 and type(x.value) in (int, float):
            wrap = True  # `1.toFixed` is a syntax error
        return f"({text})" if wrap else text

    if isinstance(e, Literal):
        v = e.value
        if v is UNDEFINED:
            return "undefined"
        if v is None:
            return "null"
        if v is True or v is False:
            return "true" if v else "false"
        if type(v) is str:
            return _str_lit(v, single=len(v) % 2 == 1)
        return jsvalue.to_string(v)
    if isinstance(e, Name):
        return f"__d.{e.name}" if js and e.name not in locals_ else e.name
    if isinstance(e, Member):
        # JS: glass-easel's X(obj) (null/undefined read as an empty object), so the key
        # is still evaluated, unlike `obj?.[key]`.
        obj = f"__X({show(e.obj, js, locals_)})" if js else p(e.obj, 9)
        key = e.prop
        if isinstance(key, Literal) and type(key.value) is str and key.value.isidentifier():
            return f"{obj}.{key.value}"
        return f"{obj}[{show(key, js, locals_)}]"
    if isinstance(e, Call):
        callee = e.callee
        assert isinstance(callee, Member)
        args = ", ".join(p(a, 2) for a in e.args)
        return f"{p(callee.obj, 9)}{'?.' if js else '.'}{callee.prop.value}({args})"
    if isinstance(e, Unary):
        operand = p(e.operand, 8)
        sep = " " if e.op == "typeof" or operand[:1] in "+-" else ""
        return f"{e.op}{sep}{operand}"
    if isinstance(e, Binary):
        prec = _prec(e)
        return f"{p(e.left, prec)} {e.op} {p(e.right, prec + 1)}"
    if isinstance(e, Logical):
        if e.op == "??":
            left = p(e.left, 2, no_logic=True)
            right = p(e.right, 4)
        else:
            prec = _prec(e)
            left = p(e.left, prec, no_coalesce=True)
            right = p(e.right, prec + 1, no_coalesce=True)
        return f"{left} {e.op} {right}"
    if isinstance(e, Conditional):
        return f"{p(e.test, 2)} ? {p(e.then, 1)} : {p(e.otherwise, 1)}"
    if isinstance(e, Spread):
        return "..." + p(e.arg, 2)
    if isinstance(e, ArrayLit):
        return (
            "["
            + ", ".join(show(i, js, locals_) if isinstance(i, Spread) else p(i, 2) for i in e.items)
            + "]"
        )
    if isinstance(e, ObjectLit):
        parts = []
        for prop in e.props:
            if isinstance(prop, Spread) and js:
                # QuickJS-ng copies nothing for `{...'abc'}`; the spec (and V8/JSC) copy
                # the indexed characters, as Object.assign does in QuickJS too.
                parts.append(f"...Object.assign({{}}, {p(prop.arg, 2)})")
            elif isinstance(prop, Spread):
                parts.append(show(prop, js, locals_))
            elif not js and isinstance(prop.value, Name) and prop.value.name == prop.key:
                parts.append(prop.key)
            else:
                parts.append(f"{prop.key}: {p(prop.value, 2)}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(e, TemplateLit):
        out = [_template_text(e.quasis[0])]
        for sub, text in zip(e.exprs, e.quasis[1:], strict=True):
            out.append("${" + show(sub, js, locals_) + "}" + _template_text(text))
        return "`" + "".join(out) + "`"
    raise TypeError(e)


def _template_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace("`", "\\`").replace("$", "\\$")


# ---------------------------------------------------------------------------
# Strategies

numbers = st.one_of(
    st.integers(0, 20),
    st.sampled_from([0.5, 0.1, 0.2, 1.005, 1e21, 1e-7, 123.456, 2**53, 1e300, 255, 1e6]),
)
texts = st.text(ALPHABET, max_size=6)
literals = st.one_of(
    numbers.map(Literal),
    texts.map(Literal),
    st.sampled_from([True, False, None, UNDEFINED]).map(Literal),
)
names = st.sampled_from(POOL + LOCALS).map(Name)
leaves = st.one_of(literals, names)

STRING_METHODS = [
    "indexOf", "includes", "slice", "substring", "substr", "split", "trim",
    "toUpperCase", "toLowerCase", "replace", "charAt", "startsWith", "endsWith",
    "join", "concat", "toFixed", "lastIndexOf", "repeat", "trimStart", "trimEnd",
]  # fmt: skip
small_ints = st.integers(-3, 8).map(lambda i: Literal(i) if i >= 0 else Unary("-", Literal(-i)))


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    spreadable = st.one_of(children, children, children.map(Spread))
    receivers = st.one_of(
        children, texts.map(Literal), st.sampled_from(["s", "list", "n"]).map(Name)
    )
    props = st.one_of(
        st.builds(Prop, st.sampled_from(POOL), children),
        st.sampled_from(POOL).map(lambda k: Prop(k, Name(k))),
        children.map(Spread),
    )
    method_call = st.builds(
        lambda obj, m, args: Call(Member(obj, Literal(m)), tuple(args)),
        receivers,
        st.sampled_from(STRING_METHODS),
        st.lists(st.one_of(children, small_ints), max_size=2),
    )
    pad_call = st.builds(
        lambda obj, m, n, fill: Call(Member(obj, Literal(m)), (Literal(n), *fill)),
        receivers,
        st.sampled_from(["padStart", "padEnd"]),
        st.integers(0, 8),
        st.lists(texts.map(Literal), max_size=1),
    )
    # toString on any value; a radix only in test_number_to_string_radix
    to_string_call = receivers.map(lambda obj: Call(Member(obj, Literal("toString")), ()))
    return st.one_of(
        st.builds(Member, children, st.sampled_from([*POOL, "length"]).map(Literal)),
        st.builds(Member, children, st.one_of(st.integers(0, 3).map(Literal), children)),
        st.builds(Unary, st.sampled_from(["!", "-", "+", "typeof"]), children),
        st.builds(
            Binary,
            st.sampled_from(
                ["+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "===", "!==", "in"]
            ),
            children,
            children,
        ),
        st.builds(Logical, st.sampled_from(["&&", "||", "??"]), children, children),
        st.builds(Conditional, children, children, children),
        st.lists(spreadable, max_size=3).map(lambda xs: ArrayLit(tuple(xs))),
        st.lists(props, max_size=3).map(lambda xs: ObjectLit(tuple(xs))),
        method_call,
        pad_call,
        to_string_call,
        st.lists(children, max_size=3).flatmap(
            lambda subs: st.lists(texts, min_size=len(subs) + 1, max_size=len(subs) + 1).map(
                lambda quasis: TemplateLit(tuple(quasis), tuple(subs)))),
    )


expressions = st.recursive(leaves, _extend, max_leaves=10)

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**53), 2**53),
        st.integers(-10, 10),
        st.floats(allow_nan=False, allow_infinity=False),
        texts,
        st.sampled_from(["", "0", " 12 ", "1e3", "0x1f", "abc", "-0", "Infinity", ".5"]),
    ),
    lambda c: st.one_of(
        st.lists(c, max_size=4),
        st.dictionaries(st.sampled_from([*POOL, "length", "0", "1"]), c, max_size=4),
    ),
    max_leaves=8,
)
# Names keep realistic types most of the time so fewer examples end in a TypeError.
datas = st.fixed_dictionaries(
    {},
    optional={
        "a": json_values,
        "b": json_values,
        "c": json_values,
        "list": st.lists(json_values, max_size=4),
        "obj": st.dictionaries(st.sampled_from([*POOL, "length", "0"]), json_values, max_size=4),
        "s": texts | json_values,
        "n": st.integers(-5, 100) | st.floats(allow_nan=False, allow_infinity=False),
        "zero": st.sampled_from([0, -0.0, "0", ""]),
        "empty": st.sampled_from(["", [], {}, None]),
    },
)
locals_values = st.fixed_dictionaries({"item": json_values, "index": st.integers(0, 5)})

_oracle = JsOracle()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr=expressions, data=datas, locals_=locals_values)
def test_compiled_expressions_agree_with_quickjs(expr: Any, data: Any, locals_: Any) -> None:
    src = show(expr, js=False)
    assert parse_expression(src) == expr, src
    # Both sides read the same JSON text, so they see identical values.
    data = json.loads(json.dumps(data))
    py = describe_py(src, data, locals_)
    js = _oracle.describe(show(expr, js=True), data, locals_)
    assert same(py, js), f"{src}\n  data={data!r} locals={locals_!r}\n  py={py}\n  js={js}"


# Property reads and number printing get a denser search of their own.


@settings(max_examples=200, deadline=None)
@given(
    x=st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(2**53), 2**53)
    | st.integers(-(10**6), 10**6).map(lambda i: i / 8),  # toFixed ties: 2.5, 0.125…
    digits=st.integers(0, 20),
)
def test_number_printing_and_tofixed_agree_with_quickjs(x: float, digits: int) -> None:
    data = json.loads(json.dumps({"x": x}))
    for s in (f"x.toFixed({digits})", "x", "-x", "x * 3", "x / 7", "x % 3", "x / 0", "1 / x"):
        py = describe_py(s, data)
        js = _oracle.describe(s, data, with_data=True)
        assert same(py, js), f"{s} with x={x!r}: py={py} js={js}"


@settings(max_examples=150, deadline=None)
@given(
    x=st.integers(-(2**53), 2**53) | st.sampled_from([0, -0.0, 2.0**53, -255.0, 35, 7.0]),
    radix=st.sampled_from([2, 8, 10, 16, 36, "16", 10.7]),
)
def test_number_to_string_radix_agrees_with_quickjs(x: float, radix: Any) -> None:
    data = json.loads(json.dumps({"x": x, "r": radix}))
    for s in ("x.toString(r)", "x.toString()", "(-x).toString(r)"):
        py = describe_py(s, data)
        js = _oracle.describe(s, data, with_data=True)
        assert same(py, js), f"{s} with x={x!r} r={radix!r}: py={py} js={js}"
