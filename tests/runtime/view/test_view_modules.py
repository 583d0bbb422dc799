"""SJS/WXS modules in the view-side QuickJS context."""

from __future__ import annotations

import pytest
from fanxing.compiler.js_module import JsModule
from fanxing.compiler.jsvalue import UNDEFINED
from fanxing.runtime.view.script_modules import ViewModuleError, ViewModules

MODS = {
    "utils/fmt.sjs": JsModule("utils/fmt.sjs", "utils/fmt.sjs", (
        "var pad = require('./pad.sjs');\n"
        "module.exports = {\n"
        "  price: function (n) { return '¥' + pad.two(n.toFixed(2)); },\n"
        "  upper: function (s) { return s.toUpperCase(); },\n"
        "  nothing: function () {},\n"
        "  isUndef: function (x) { return x === undefined; },\n"
        "  re: function (s) { return getRegExp('^a+', 'i').test(s); },\n"
        "  year: function (ms) { return getDate(ms).getUTCFullYear(); },\n"
        "  loop: function () { while (true) {} },\n"
        "  boom: function () { null.x; },\n"
        "  deep: function f(n) { return f(n + 1); },\n"
        "  VERSION: '1.2',\n"
        "  nested: { k: [1, 2] },\n"
        "};\n"), {"./pad.sjs": "utils/pad.sjs"}),
    "utils/pad.sjs": JsModule("utils/pad.sjs", "utils/pad.sjs",
                              "exports.two = function (s) { return s.length < 5 ? ' ' + s : s; };"),
    "p.wxml#m": JsModule("p.wxml#m", "p.wxml", "module.exports.add = function (a, b) { return a + b; };"),
    "broken.wxs": JsModule("broken.wxs", "broken.wxs", "module.exports = {"),
}


@pytest.fixture(scope="module")
def vm():
    return ViewModules(MODS, time_limit=0.2)


def test_calls_cross_as_json(vm):
    assert vm.call_module("utils/fmt.sjs", "price", [3]) == "¥ 3.00"  # padded by pad.sjs
    assert vm.call_module("utils/fmt.sjs", "price", [12.5]) == "¥12.50"
    assert vm.call_module("utils/fmt.sjs", "upper", ["abc"]) == "ABC"
    assert vm.call_module("p.wxml#m", "add", [1, "2"]) == "12"
    assert vm.module_member("utils/fmt.sjs", "VERSION") == "1.2"
    assert vm.module_member("utils/fmt.sjs", "nested.k") == [1, 2]


def test_undefined_both_ways(vm):
    assert vm.call_module("utils/fmt.sjs", "nothing", []) is UNDEFINED
    assert vm.call_module("utils/fmt.sjs", "isUndef", [UNDEFINED]) is True
    assert vm.module_member("utils/fmt.sjs", "missing") is UNDEFINED


def test_wxs_globals(vm):
    assert vm.call_module("utils/fmt.sjs", "re", ["AAb"]) is True
    assert vm.call_module("utils/fmt.sjs", "year", [0]) == 1970


def test_a_looping_function_is_stopped_and_named(vm):
    with pytest.raises(ViewModuleError, match=r"utils/fmt.sjs: loop\(\): time limit"):
        vm.call_module("utils/fmt.sjs", "loop", [])
    assert vm.call_module("utils/fmt.sjs", "upper", ["still works"]) == "STILL WORKS"


@pytest.mark.parametrize(("module", "member", "pattern"), [
    ("utils/fmt.sjs", "boom", r"utils/fmt.sjs: boom\(\): TypeError"),
    ("utils/fmt.sjs", "VERSION", r"VERSION\(\): TypeError: not a function"),
    ("utils/fmt.sjs", "deep", r"deep\(\): (RangeError|InternalError|StackOverflow)"),
    ("nope.sjs", "f", r"nope.sjs: module: no view module 'nope.sjs'"),
    ("broken.wxs", "f", r"broken.wxs: module: SyntaxError"),
])
def test_errors_name_module_and_function(vm, module, member, pattern):
    with pytest.raises(ViewModuleError, match=pattern):
        vm.call_module(module, member, [1])


def test_on_error_reports_and_renders_on():
    seen = []
    vm = ViewModules(MODS, time_limit=0.2, on_error=seen.append)
    assert vm.call_module("utils/fmt.sjs", "boom", []) is UNDEFINED
    assert seen and seen[0].member == "boom"


def test_modules_never_see_python_or_the_logic_context(vm):
    vm2 = ViewModules({"x.sjs": JsModule("x.sjs", "x.sjs",
                                         "module.exports.g = function () { return typeof wx + typeof my + typeof getApp; };")})
    assert vm2.call_module("x.sjs", "g", []) == "undefinedundefinedundefined"


def test_function_member_reads_as_undefined_not_a_crash():
    """`bindtouchmove="{{wxs.fn}}"` reads a function: undefined, never a KeyError."""
    from fanxing.compiler.js_module import JsModule
    from fanxing.compiler.jsvalue import UNDEFINED
    from fanxing.runtime.view.script_modules import ViewModules

    mods = {"m.wxs": JsModule("m.wxs", "m.wxs", "module.exports = {fn: function () {}, n: 2};")}
    vm = ViewModules(mods)
    assert vm.module_member("m.wxs", "fn") is UNDEFINED
    assert vm.module_member("m.wxs", "n") == 2
