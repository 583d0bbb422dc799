"""WXS functions where a template may bind one: single-{{ }} event handlers and WeChat
change:prop observers become ViewFunctions (read through the context's
module_function); everything else stays a method name / JSON value."""

from __future__ import annotations

from fanxing.compiler.js_module import JsModule
from fanxing.compiler.render_tree import ViewFunction
from fanxing.runtime.view.script_modules import ViewModules
from template_helpers import NO_MODULES, compile_files

WXS = "module.exports = { f: function () {}, name: 'onLong', obj: { g: function () {} } }"
PAGE = ('<wxs module="m" src="/m.wxs"/>'
        '<view bindtap="{{m.f}}" catch:touchmove="{{c ? m.f : m.name}}" '
        'bindlongpress="{{m.name}}" bind:input="on{{m.name}}" capture-bind:tap="plain" '
        'change:prop="{{m.f}}" change:other="{{m.name}}" prop="{{v}}" other="1"/>')


def render(data, ctx=None):
    ts, errors = compile_files({"p.xml": PAGE}, "wechat")
    assert errors == []
    ctx = ctx or ViewModules({"m.wxs": JsModule("m.wxs", "m.wxs", WXS, {})})
    (node,) = ts.render("p.wxml", data, ctx)
    return node


def test_handlers_and_observers():
    node = render({"c": True, "v": 3})
    f = ViewFunction("m.wxs", "f")
    assert [(e.name, e.handler) for e in node.events] == [
        ("tap", f), ("touchmove", f), ("longpress", "onLong"), ("input", "ononLong"),
        ("tap", "plain")]
    assert node.observers == {"prop": f}  # a non-function observes nothing
    assert node.attrs == {"prop": 3, "other": "1"}  # change:* never becomes an attribute
    assert node.to_json()["observers"] == {"prop": {"wxs": "m.wxs", "member": "f"}}
    assert render({"c": False}).events[1].handler == "onLong"


def test_a_context_without_module_function_gives_plain_values():
    class Plain:  # a RenderContext of the documented minimal shape
        def call_module(self, module_id, member, args):
            raise AssertionError(member)

        def module_member(self, module_id, member):
            return {"f": None, "name": "onLong"}[member]

    node = render({"c": True}, Plain())
    assert [e.handler for e in node.events][:3] == ["", "", "onLong"]
    assert node.observers == {}


def test_change_needs_a_single_mustache():
    _, errors = compile_files({"p.xml": '<view change:prop="m.f" prop="1"/>'}, "wechat")
    assert errors == ['p.wxml:1:7: error: change:prop must bind a WXS function like {{m.fn}}']


def test_alipay_has_no_change_observers():
    ts, errors = compile_files({"p.xml": '<view change:prop="{{x}}"/>'}, "alipay")
    assert errors == []
    (node,) = ts.render("p.axml", {"x": 1}, NO_MODULES)
    assert node.attrs == {"change:prop": 1} and node.observers == {}
