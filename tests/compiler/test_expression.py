"""Conformance tables for the ``{{ }}`` expression language.

Rows that are plain JavaScript are checked three ways: the compiled Python must print
the expected text, and so must QuickJS evaluating the same source (so the table itself
is proven against a real engine). Rows about template-only behaviour (forgiving reads,
rendering undefined/null as nothing) say so.
"""

from __future__ import annotations

import ast
import math

import pytest
from expression_oracle import JsOracle, describe_py, eval_py
from fanxing.compiler import jsvalue
from fanxing.compiler.expression import (
    ExpressionError,
    Scope,
    compile_expression,
    compile_object_body,
    local_name,
    parse_expression,
)
from hypothesis import given, settings
from hypothesis import strategies as st

_oracle = JsOracle()


def check_js_row(src: str, data: dict, rendered: str) -> None:
    py = describe_py(src, data)
    assert "error" not in py, py
    assert py["r"] == rendered, f"{src}: python printed {py['r']!r}"
    js = _oracle.describe(src, data, with_data=True)
    assert js.get("r") == rendered, f"{src}: QuickJS printed {js!r} (table is wrong)"
    assert py == js


D = {
    "empty_list": [],
    "empty_obj": {},
    "empty_str": "",
    "zero": 0,
    "neg_zero": -0.0,
    "s0": "0",
    "sfalse": "false",
    "space": " ",
    "n": None,
    "one": 1.0,
    "list": [1, 2, 3],
    "nested": [1, [2, [3, None]], None],
    "obj": {"a": {"b": [10, {"c": "deep"}]}, "length": 7},
    "word": "héllo",
    "emoji": "a😀b",
    "price": 1.005,
    "big": 123456789012345680000,
}

TRUTHINESS = [
    ("empty_list ? 'T' : 'F'", "T"),  # [] is truthy in JS (falsy in Python)
    ("empty_obj ? 'T' : 'F'", "T"),
    ("empty_str ? 'T' : 'F'", "F"),
    ("zero ? 'T' : 'F'", "F"),
    ("neg_zero ? 'T' : 'F'", "F"),
    ("0/0 ? 'T' : 'F'", "F"),  # NaN
    ("s0 ? 'T' : 'F'", "T"),  # "0" is truthy
    ("sfalse ? 'T' : 'F'", "T"),
    ("space ? 'T' : 'F'", "T"),
    ("n ? 'T' : 'F'", "F"),
    ("undefined ? 'T' : 'F'", "F"),
    ("!!empty_list", "true"),
    ("!empty_str", "true"),
    ("empty_list && 'x'", "x"),
    ("zero || 'fallback'", "fallback"),
    ("zero && 'x'", "0"),  # && yields the falsy operand itself
    ("zero ?? 'x'", "0"),  # ?? only replaces null/undefined
    ("n ?? 'x'", "x"),
    ("empty_str || n || 'last'", "last"),
]

PLUS = [
    ("'a' + 1", "a1"),
    ("1 + '2'", "12"),
    ("1 + 2 + '3'", "33"),
    ("'1' + 2 + 3", "123"),
    ("list + 1", "1,2,31"),
    ("[] + []", ""),
    ("[] + {}", "[object Object]"),
    ("nested + ''", "1,2,3,,"),
    ("n + 1", "1"),
    ("undefined + 1", "NaN"),
    ("true + 1", "2"),
    ("'x' + n", "xnull"),
    ("'x' + undefined", "xundefined"),
    ("'3' - 1", "2"),
    ("'3' * '4'", "12"),
    ("'a' + 1 - 1", "NaN"),
    ("+'  42  '", "42"),
    ("+''", "0"),
    ("+'0x1f'", "31"),
    ("+'1e3'", "1000"),
    ("+'12px'", "NaN"),
    ("+[]", "0"),
    ("+[7]", "7"),
    ("-'5'", "-5"),
]

NUMBERS = [
    ("one", "1"),
    ("0.1 + 0.2", "0.30000000000000004"),
    ("1e21", "1e+21"),
    ("1e-7", "1e-7"),
    ("0.000001", "0.000001"),
    ("123e-20", "1.23e-18"),
    ("-0", "0"),
    ("neg_zero + ''", "0"),
    ("1/0", "Infinity"),
    ("-1/0", "-Infinity"),
    ("1/neg_zero", "-Infinity"),
    ("0/0", "NaN"),
    ("big", "123456789012345680000"),
    ("2**53", None),  # placeholder, replaced below (** is not in the language)
    ("9007199254740993 + 0", "9007199254740992"),
    ("100 / 3", "33.333333333333336"),
    ("5e-324", "5e-324"),
    ("1.7976931348623157e308 * 10", "Infinity"),
    ("0x10 + 0o10 + 0b10", "26"),
    ("7 % 3", "1"),
    ("-7 % 3", "-1"),
    ("7 % -3", "1"),
    ("5.5 % 2", "1.5"),
    ("1 % 0", "NaN"),
    ("price.toFixed(2)", "1.00"),  # 1.005 is really 1.00499999999999989…
    ("(2.5).toFixed(0)", "3"),
    ("(-2.5).toFixed(0)", "-3"),
    ("(1e21).toFixed(2)", "1e+21"),
    ("(0.000001).toFixed(7)", "0.0000010"),
    ("(123.456).toFixed()", "123"),
]
NUMBERS = [row for row in NUMBERS if row[1] is not None]

EQUALITY = [
    ("1 == '1'", "true"),
    ("1 === '1'", "false"),
    ("n == undefined", "true"),
    ("n === undefined", "false"),
    ("zero == ''", "true"),
    ("s0 == false", "true"),
    ("empty_list == false", "true"),
    ("empty_list == ''", "true"),
    ("list == '1,2,3'", "true"),
    ("list === list", "true"),
    ("[] === []", "false"),
    ("0/0 == 0/0", "false"),
    ("neg_zero === 0", "true"),
    ("n == 0", "false"),
    ("'b' > 'a'", "true"),
    ("'10' < '9'", "true"),  # strings compare as strings
    ("'10' < 9", "false"),  # else as numbers
    ("n < 1", "true"),
    ("undefined < 1", "false"),
    ("undefined >= 1", "false"),
    ("'\\uffff' < emoji", "false"),  # UTF-16 code units: U+FFFF > high surrogate
    ("'a' in obj", "true"),
    ("'length' in list", "true"),
    ("3 in list", "false"),
]

PRECEDENCE = [
    ("1 + 2 * 3", "7"),
    ("(1 + 2) * 3", "9"),
    ("2 - 1 - 1", "0"),
    ("12 / 3 / 2", "2"),
    ("- 2 * 3", "-6"),
    ("!zero == true", "true"),
    ("1 < 2 == true", "true"),
    ("true ? 1 : 0 ? 2 : 3", "1"),
    ("false ? 1 : zero ? 2 : 3", "3"),
    ("zero || 1 && 2", "2"),
    ("(zero || 1) && 0", "0"),
    ("typeof one + 'x'", "numberx"),
    ("typeof n", "object"),
    ("typeof missing_name_is_ok", "undefined"),
    ("1 + - + 1", "0"),
    ("n ?? (zero || 5)", "5"),
    ("(n ?? zero) || 5", "5"),
    ("!!list.length", "true"),
    ("obj.a.b[1]['c'] + '!'", "deep!"),
    ("obj['a'].b.length", "2"),
    ("word.length", "5"),
    ("emoji.length", "4"),  # UTF-16 length
    ("list[list.length - 1]", "3"),
    ("[1, ...list, 4]", "1,1,2,3,4"),
    ("[...'a😀']", "a,😀"),
    ("{...obj, x: 1}.x", "1"),
    ("{...obj, length: 1}.length", "1"),
    ("{...list}[2]", "3"),
    ("{a: 1, a: 2}.a", "2"),
    ("{'quoted key': 1, 2: 'two'}[2]", "two"),
    ("{[word]: 1}['héllo']", "1"),
]

METHODS = [
    ("'abc'.toUpperCase()", "ABC"),
    ("word.toUpperCase()", "HÉLLO"),
    ("'  x '.trim() + '|'", "x|"),
    ("'a,b,,c'.split(',')", "a,b,,c"),
    ("'a,b,,c'.split(',').length", "4"),
    ("'abc'.split('')", "a,b,c"),
    ("'abc'.split()", "abc"),
    ("'a-b-c'.split('-', 2)", "a,b"),
    ("'hello'.slice(1, -1)", "ell"),
    ("'hello'.slice(-3)", "llo"),
    ("'hello'.substring(3, 1)", "el"),
    ("'hello'.substr(-3, 2)", "ll"),
    ("'hello'.indexOf('l')", "2"),
    ("'hello'.indexOf('l', 3)", "3"),
    ("'hello'.includes('ell')", "true"),
    ("'hello'.startsWith('he')", "true"),
    ("'hello'.endsWith('lo')", "true"),
    ("'hello'.charAt(1)", "e"),
    ("'hello'.charAt(10) + '|'", "|"),
    ("'a.b.c'.replace('.', '$&$&')", "a..b.c"),
    ("'abc'.replace('b', '[$`|$\\'|$$]')", "a[a|c|$]c"),
    ("'5'.padStart(3, '0')", "005"),
    ("'5'.padStart(4, 'ab')", "aba5"),
    ("emoji.slice(1, 3)", "😀"),
    ("emoji.charAt(1).length", "1"),
    ("list.indexOf(2)", "1"),
    ("list.indexOf('2')", "-1"),
    ("list.includes(3)", "true"),
    ("[0/0].includes(0/0)", "true"),
    ("[0/0].indexOf(0/0)", "-1"),
    ("list.join('-')", "1-2-3"),
    ("nested.join(';')", "1;2,3,;"),
    ("list.slice(1)", "2,3"),
    ("list.concat(4, [5, 6])", "1,2,3,4,5,6"),
    ("list.slice(-2).join()", "2,3"),
]


@pytest.mark.parametrize(("src", "rendered"), TRUTHINESS)
def test_truthiness(src: str, rendered: str) -> None:
    check_js_row(src, D, rendered)


@pytest.mark.parametrize(("src", "rendered"), PLUS)
def test_plus_and_to_number(src: str, rendered: str) -> None:
    check_js_row(src, D, rendered)


@pytest.mark.parametrize(("src", "rendered"), NUMBERS)
def test_number_formatting(src: str, rendered: str) -> None:
    check_js_row(src, D, rendered)


@pytest.mark.parametrize(("src", "rendered"), EQUALITY)
def test_equality_and_comparison(src: str, rendered: str) -> None:
    check_js_row(src, D, rendered)


@pytest.mark.parametrize(("src", "rendered"), PRECEDENCE)
def test_precedence_paths_and_literals(src: str, rendered: str) -> None:
    if "missing_name" in src:  # JS `with` only knows the data's names
        assert describe_py(src, D)["r"] == rendered
        return
    check_js_row(src, D, rendered)


@pytest.mark.parametrize(("src", "rendered"), METHODS)
def test_whitelisted_methods(src: str, rendered: str) -> None:
    check_js_row(src, D, rendered)


# Template-only behaviour --------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "rendered"),
    [
        ("missing", ""),
        ("n", ""),  # glass-easel: a == null ? '' : String(a)
        ("undefined", ""),
        ("'' + n", "null"),  # String(null) inside an expression is still 'null'
        ("missing.deep.path", ""),  # reads through undefined are forgiving
        ("n.x", ""),
        ("null.x", ""),
        ("list[5].name", ""),
        ("obj.a.b[9].c", ""),
        ("zero.x", ""),
        ("missing.toUpperCase()", ""),  # methods on null/undefined give undefined
        ("(missing.length || 0) + 1", "1"),
    ],
)
def test_forgiving_reads_and_empty_rendering(src: str, rendered: str) -> None:
    assert describe_py(src, D)["r"] == rendered


def test_render_text_and_to_string() -> None:
    assert jsvalue.render_text(jsvalue.UNDEFINED) == ""
    assert jsvalue.render_text(None) == ""
    assert jsvalue.to_string(None) == "null"
    assert jsvalue.to_string(jsvalue.UNDEFINED) == "undefined"
    assert jsvalue.render_text(False) == "false"
    assert jsvalue.render_text(0) == "0"
    assert jsvalue.render_text([1, None, [2]]) == "1,,2"
    assert jsvalue.render_text({"a": 1}) == "[object Object]"
    assert repr(jsvalue.UNDEFINED) == "undefined"
    assert not jsvalue.UNDEFINED


def test_attr_value_keeps_single_values_and_joins_mixed() -> None:
    value = {"a": [1]}
    assert jsvalue.attr_value([value]) is value
    assert jsvalue.attr_value([jsvalue.UNDEFINED]) is jsvalue.UNDEFINED
    assert jsvalue.attr_value(["item-", 3, " ", None, jsvalue.UNDEFINED, True]) == "item-3 true"
    assert jsvalue.attr_value(["w:", 0.5, "px"]) == "w:0.5px"


@pytest.mark.parametrize(
    ("src", "error"),
    [
        ("'a' in 5", "in"),
        ("(5).trim()", "trim"),
        ("list.toUpperCase()", "toUpperCase"),
        ("(1).toFixed(101)", "toFixed"),
        ("[...5]", "iterable"),
        ("(5).toString(1)", "radix"),
        ("word.repeat(-1)", "repeat"),
        ("list.padEnd(3)", "padEnd"),
    ],
)
def test_runtime_type_errors_raise_jserror_like_js(src: str, error: str) -> None:
    with pytest.raises(jsvalue.JSError, match=error):
        eval_py(src, D)
    assert "error" in _oracle.describe(src, D, with_data=True)


# Errors -----------------------------------------------------------------------

ERRORS = [
    ("", 0, "empty expression"),
    ("   ", 0, "empty expression"),
    ("a +", 3, "unexpected end"),
    ("a + * b", 4, "unexpected '*'"),
    ("'abc", 0, "unterminated string"),
    ('x + "ab\ncd"', 4, "unterminated string"),
    ("a ** b", 2, "unknown operator '**'"),
    ("a & b", 2, "unknown operator '&'"),
    ("a = 1", 2, "assignment"),
    ("a += 1", 2, "assignment"),
    ("a++", 1, "unknown operator '++'"),
    ("a ?? b || c", 7, "cannot mix"),
    ("a || b ?? c", 7, "cannot mix"),
    ("a && b ?? c", 7, "cannot mix"),
    ("(a b)", 3, "unexpected 'b'"),
    ("a b", 2, "unexpected 'b'"),
    ("(a", 2, "expected ')'"),
    ("[1, 2", 5, "expected ',' or ']'"),
    ("{a: 1", 5, "expected ',' or '}'"),
    ("{a 1}", 3, "expected ',' or '}'"),
    ("a.", 2, "expected a property name"),
    ("a.1", 1, "unexpected '.1'"),
    ("1a", 0, "invalid number"),
    ("017", 0, "legacy octal"),
    ("'\\x4'", 1, "invalid \\x escape"),
    ("'\\u12'", 1, "invalid \\u escape"),
    ("`abc", 0, "unterminated template literal"),
    ("`a${b", 2, "unterminated '${'"),
    ("`a${}`", 4, "empty '${}'"),
    ("`${a b}`", 5, "unexpected 'b', expected '}'"),
    ("`\\x4`", 1, "invalid \\x escape"),
    ("a, b", 1, "comma operator"),
    ("void 0", 0, "'void' is not supported"),
    ("new Date()", 0, "'new' is not supported"),
    ("foo(1)", 0, "not a function a template can call"),
    ("a.map(f)", 2, "method 'map' is not available"),
    ("list.sort()", 5, "method 'sort' is not available"),
    ("a[b](1)", 2, "only named methods"),
    ("x ? y", 5, "expected ':'"),
    ("#", 0, "unknown operator '#'"),
    ("a @ b", 2, "unknown operator '@'"),
    ("a;", 1, "unknown operator ';'"),
    ("{new}", 1, "'new' cannot be a shorthand"),
]


@pytest.mark.parametrize(("src", "offset", "message"), ERRORS)
def test_errors_have_exact_offsets(src: str, offset: int, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        compile_expression(src, Scope())
    assert info.value.offset == offset, info.value.message
    assert message in info.value.message


# Template literals: Alipay AXML accepts them in {{ }} (taobao-mini-demo writes
# path="{{`${path}.children[${index}]`}}"; FinClip lists them as an Alipay feature it lacks).
@pytest.mark.parametrize(
    ("src", "rendered"),
    [
        ("`${word}.children[${one}]`", "héllo.children[1]"),
        ("`[${list}]`", "[1,2,3]"),
        ("`${n}|${undefined}|${obj.a}`", "null|undefined|[object Object]"),
        ("`${price * 2}${big}`", "2.01123456789012345680000"),
        ("`a\\`b\\${c}\\u0041\\n`", "a`b${c}A\n"),
        ("`x${`in${one + 1}`}y`", "xin2y"),
        ("`${ {k: word}.k }`", "héllo"),
        ("``", ""),
        ("`${zero}` + 1", "01"),
        ("`${emoji}`.length", "4"),
    ],
)
def test_template_literals_match_javascript(src: str, rendered: str) -> None:
    check_js_row(src, D, rendered)


def test_nesting_limits_are_errors_not_crashes() -> None:
    for src in ("`${" * 2000 + "a" + "}`" * 2000,"(" * 500 + "a" + ")" * 500, "!" * 5000 + "a", "a" + "*a" * 3000, "[" * 300):
        with pytest.raises(ExpressionError):
            compile_expression(src, Scope())
    # a long chain of + stays shallow in the generated code
    code = compile_expression("+".join(["a"] * 500), Scope())
    assert eval_py("+".join(["'x'"] * 500), {}) == "x" * 500
    compile(code, "<expr>", "eval")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1.'\"()[]{}+-*/%!?:,=<>&|^~`$ \\nux0e_.\u00e9😀", max_size=30))
def test_arbitrary_input_gives_ast_or_expression_error(src: str) -> None:
    try:
        code = compile_expression(src, Scope(["a"], {"u": "m.sjs"}))
    except ExpressionError as e:
        assert 0 <= e.offset <= len(src)
        return
    compile(code, "<expr>", "eval")


# Scope, modules and generated code ---------------------------------------------


class RecordingContext:
    """A RenderContext that answers module calls by a fixed rule and records them."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def call_module(self, module_id: str, member: str, args: list) -> object:
        self.calls.append((module_id, member, args))
        return f"{member}({','.join(jsvalue.to_string(a) for a in args)})"

    def module_member(self, module_id: str, member: str) -> object:
        self.calls.append((module_id, member))
        return {"PI": 3.14}.get(member, jsvalue.UNDEFINED)


def run(src: str, scope: Scope, data: dict, ctx: object, **locals_: object) -> object:
    code = compile_expression(src, scope)
    ns = {"_js": jsvalue, "_d": data, "_ctx": ctx}
    ns.update({local_name(k): v for k, v in locals_.items()})
    return eval(code, ns)


def test_module_calls_and_members() -> None:
    scope = Scope(["item"], {"fmt": "utils/fmt.sjs", "price": ("utils/p.sjs", "price")})
    ctx = RecordingContext()
    assert run("fmt.money(item.n, 2)", scope, {}, ctx, item={"n": 5}) == "money(5,2)"
    assert run("fmt.PI * 2", scope, {}, ctx) == 6.28
    assert run("price(1, ...[2, 3])", scope, {}, ctx) == "price(1,2,3)"
    assert run("fmt['money'](1)", scope, {}, ctx) == "money(1)"
    assert ctx.calls == [
        ("utils/fmt.sjs", "money", [5, 2]),
        ("utils/fmt.sjs", "PI"),
        ("utils/p.sjs", "price", [1, 2, 3]),
        ("utils/fmt.sjs", "money", [1]),
    ]


def test_short_circuit_does_not_call_modules_needlessly() -> None:
    scope = Scope(modules={"m": "m.wxs"})
    ctx = RecordingContext()
    assert run("ok || m.f(1)", scope, {"ok": "yes"}, ctx) == "yes"
    assert run("ok ? 1 : m.f(2)", scope, {"ok": 1}, ctx) == 1
    assert run("n ?? m.f(3)", scope, {"n": 0}, ctx) == 0
    assert run("s.slice(m.f(4))", scope, {}, ctx) is jsvalue.UNDEFINED
    assert ctx.calls == []
    assert run("!ok && m.f(5)", scope, {"ok": 0}, ctx) == "f(5)"
    assert ctx.calls == [("m.wxs", "f", [5])]


def test_scope_shadowing_locals_modules_data() -> None:
    scope = Scope(["item"], {"item": "x.sjs", "m": "m.sjs"})
    assert compile_expression("item", scope) == local_name("item")
    assert compile_expression("other", scope) == "_js.get(_d, 'other')"
    assert compile_expression("m", scope) == "_js.module_member(_ctx, 'm.sjs', None)"
    assert compile_expression("m(1)", scope) == "_js.call_module(_ctx, 'm.sjs', None, [1])"
    # reserved words without meaning here are data names, as in glass-easel
    assert compile_expression("class", scope) == "_js.get(_d, 'class')"
    assert compile_expression("this.x", Scope(modules={"this": "t.wxs"})) == (
        "_js.module_member(_ctx, 't.wxs', 'x')"
    )
    child = scope.child(["m"])
    assert compile_expression("m.x", child) == f"_js.get({local_name('m')}, 'x')"
    assert scope.module_ref("m") == "m.sjs" and child.module_ref("m") is None
    assert scope.child(modules={"q": "q.sjs"}).module_ref("q") == "q.sjs"


def test_local_names_are_injective_python_identifiers() -> None:
    names = ["item", "a_b", "a__b", "a$", "a_x24_", "$", "_", "ﬁ", "fi", "中文", "x1"]
    pys = [local_name(n) for n in names]
    assert len(set(pys)) == len(names)
    for p in pys:
        assert p.isidentifier() and p.isascii()


@pytest.mark.parametrize(
    "src",
    [
        "a.b[0]['c'] + item.x",
        "{...a, b, c: [1, ...d]}",
        "x ? m.f(item, index) : !y && (z ?? 'q')",
        "s.slice(m.g(1)).toUpperCase()",
        "typeof a === 'string' && a.length > 3",
    ],
)
def test_generated_code_names_only_data_ctx_helpers_and_locals(src: str) -> None:
    scope = Scope(["item", "index"], {"m": "m.sjs"})
    code = compile_expression(src, scope)
    used = {n.id for n in ast.walk(ast.parse(code, mode="eval")) if isinstance(n, ast.Name)}
    assert used <= {"_d", "_ctx", "_js", local_name("item"), local_name("index")}


def test_object_body_for_template_data() -> None:
    data = {"a": {"x": 1, "b": 0}, "b": "B", "d": [1]}
    code = compile_object_body("...a, b, c: 1", Scope())
    assert eval(code, {"_js": jsvalue, "_d": data, "_ctx": None}) == {"x": 1, "b": "B", "c": 1}
    code = compile_object_body("item", Scope(["item"]))
    assert eval(code, {"_js": jsvalue, "_d": {}, local_name("item"): 7}) == {"item": 7}
    code = compile_object_body("{for: a.x, bar: 2}", Scope())
    assert eval(code, {"_js": jsvalue, "_d": data, "_ctx": None}) == {"for": 1, "bar": 2}
    with pytest.raises(ExpressionError) as info:
        compile_object_body("a, : 1", Scope())
    assert info.value.offset == 3


def test_parse_gives_positions() -> None:
    e = parse_expression("  a.b + c")
    assert e.offset == 6 and e.left.offset == 3 and e.left.obj.offset == 2
    assert e.right.offset == 8
    assert parse_expression("a ? b : c") == parse_expression("(a) ? (b) : (c)")


def test_number_helpers_edge_cases() -> None:
    assert jsvalue.to_string(2.0**60) == "1152921504606847000"
    # shortest round-trip digits, as the spec and V8 print it (QuickJS-ng adds a digit)
    assert jsvalue.to_string(2.0**-24) == "5.960464477539063e-8"
    assert jsvalue.to_string(-1e-7) == "-1e-7"
    assert jsvalue.to_string(1e100) == "1e+100"
    assert math.copysign(1, jsvalue.mul(0, -3)) == -1
    assert math.copysign(1, jsvalue.mod(-4, 2)) == -1
    assert jsvalue.add(2**53, 2) == 2**53 + 2
    assert jsvalue.to_number("1_000") != jsvalue.to_number("1_000")  # NaN
    assert jsvalue.to_number("\u00a0 7 \ufeff") == 7


def test_to_string_with_radix_stops_at_what_it_cannot_print_exactly() -> None:
    # Engines print (0.5).toString(2) and 2**60 in radix 36 with shortest round-trip
    # digits; templates refuse rather than print something else.
    for src in ("(0.5).toString(2)", "big.toString(36)"):
        with pytest.raises(jsvalue.JSError, match="safe integers"):
            eval_py(src, D)
    assert eval_py("(255).toString(16) + (-8).toString(2) + list.toString()", D) == "ff-10001,2,3"
