"""json_dumps: messages as JSON.stringify writes them (compact; undefined and non-finite
numbers as JSON turns them)."""

from __future__ import annotations

import json

from fanxing.compiler.jsvalue import UNDEFINED, json_dumps


def test_compact_like_json_stringify():
    assert json_dumps({"a": [1, 2], "b": {"c": "中"}}) == '{"a":[1,2],"b":{"c":"中"}}'


def test_undefined_and_nan_become_what_json_makes_of_them():
    text = json_dumps({"a": UNDEFINED, "b": [UNDEFINED, float("nan")], "c": 1})
    assert text == '{"b":[null,null],"c":1}'
    assert json.loads(text) == {"b": [None, None], "c": 1}
