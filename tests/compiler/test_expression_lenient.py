"""What Alipay's template compiler accepts beyond WXML: arrow-function callbacks of array
methods and comments inside ``{{ }}`` (mini-antui's grid writes
``list.some(item => item.desc && item.desc)``). Values are checked against QuickJS."""

from __future__ import annotations

import pytest
from expression_oracle import JsOracle, describe_py, same
from fanxing.compiler.expression import ExpressionError, Scope, compile_expression

DATA = {"list": [{"desc": ""}, {"desc": "d", "n": 2}, {"n": 5}], "nums": [3, 1, 4, 1, 5],
        "k": 2, "empty": []}

CASES = [
    "list.some(item => item.desc && item.desc) ? 'has-desc' : ''",
    "list.every(x => x.n > 0)",
    "nums.filter((x, i) => i > 1 && x > k).length",
    "nums.map(x => x * k).join('-')",
    "nums.map((x, i, arr) => arr.length - i)",
    "list.find(it => it.n === 5).n",
    "list.findIndex(it => it.desc === 'd')",
    "nums.findIndex(x => x > 100)",
    "empty.some(x => true)",
    "nums.filter(x => x > 1).map(x => `${x}!`).join()",
    "k /* a comment */ + 1",
    "k + 1 // to the end",
]


@pytest.mark.parametrize("src", CASES)
def test_lenient_expressions_agree_with_quickjs(src: str) -> None:
    js_src = src.replace("list", "__d.list").replace("nums", "__d.nums").replace("empty", "__d.empty")
    js_src = js_src.replace(" k", " __d.k").replace("k ", "__d.k ").replace("(k", "(__d.k")
    py = describe_py(src, DATA)
    js = JsOracle().describe(js_src + "\n", DATA)  # a line comment ends at the newline
    assert "error" not in py
    assert same(py, js), (py, js)


def test_notes_name_what_was_accepted() -> None:
    notes: list[tuple[int, str]] = []
    compile_expression("a.some(x => x) /* c */", Scope(), notes)
    assert [(o, m.split(" ")[0]) for o, m in notes] == [(15, "comment"), (7, "arrow")]


@pytest.mark.parametrize(("src", "message"), [
    ("x => x", "only be the callback of an array method"),
    ("a.some(x => {})", "needs an expression body"),
    ("a.map(f)", "without an arrow-function callback"),
    ("a.join(x => x)", "only be the callback"),
    ("a /* open", "unterminated comment"),
])
def test_what_stays_an_error(src: str, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        compile_expression(src, Scope())
    assert message in info.value.message
