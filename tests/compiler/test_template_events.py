"""Event attributes of both dialects normalize into one model."""

from __future__ import annotations

import pytest
from fanxing.compiler.events import EventSpec, parse_event_attr
from template_helpers import render

ALIPAY = [
    ("onTap", EventSpec("tap", "bubble", False, False, "onTap")),
    ("catchTap", EventSpec("tap", "bubble", True, False, "catchTap")),
    ("capture-onTap", EventSpec("tap", "capture", False, False, "capture-onTap")),
    ("capture-catchTap", EventSpec("tap", "capture", True, False, "capture-catchTap")),
    ("onLongTap", EventSpec("longtap", "bubble", False, False, "onLongTap")),
    ("onTouchStart", EventSpec("touchstart", "bubble", False, False, "onTouchStart")),
    ("onChange", EventSpec("change", "bubble", False, False, "onChange")),
]
WECHAT = [
    ("bindtap", EventSpec("tap", "bubble", False, False, "bindtap")),
    ("bind:tap", EventSpec("tap", "bubble", False, False, "bind:tap")),
    ("catchtap", EventSpec("tap", "bubble", True, False, "catchtap")),
    ("catch:tap", EventSpec("tap", "bubble", True, False, "catch:tap")),
    ("capture-bind:tap", EventSpec("tap", "capture", False, False, "capture-bind:tap")),
    ("capture-catch:tap", EventSpec("tap", "capture", True, False, "capture-catch:tap")),
    ("mut-bind:tap", EventSpec("tap", "bubble", False, True, "mut-bind:tap")),
    ("bind:myEvent", EventSpec("myEvent", "bubble", False, False, "bind:myEvent")),
    ("bindlongpress", EventSpec("longpress", "bubble", False, False, "bindlongpress")),
]


@pytest.mark.parametrize(("attr", "spec"), ALIPAY)
def test_alipay_event_attributes(attr, spec):
    assert parse_event_attr(attr, "alipay") == spec
    if "on" in attr:  # WeChat binds any bind*/catch* attribute (catchTap is event 'Tap')
        assert parse_event_attr(attr, "wechat") is None


@pytest.mark.parametrize(("attr", "spec"), WECHAT)
def test_wechat_event_attributes(attr, spec):
    assert parse_event_attr(attr, "wechat") == spec
    assert parse_event_attr(attr, "alipay") is None


@pytest.mark.parametrize("attr", ["one", "online", "class", "mut-catch:tap", "capture-on"])
def test_non_event_attributes(attr):
    assert parse_event_attr(attr, "alipay") is None
    assert parse_event_attr(attr, "wechat") is None


def test_rendered_bindings_alipay():
    (node,) = render({"p.xml": '<view onTap="go" capture-catchTap="{{h}}" data-a="1"/>'},
                     "alipay", {"h": "dyn"})
    assert node["events"] == [
        {"name": "tap", "handler": "go", "phase": "bubble", "catch": False, "mut": False,
         "attr": "onTap"},
        {"name": "tap", "handler": "dyn", "phase": "capture", "catch": True, "mut": False,
         "attr": "capture-catchTap"},
    ]
    assert "attrs" not in node  # event attributes never land in attrs


def test_rendered_bindings_wechat_with_computed_handler():
    (node,) = render({"p.xml": '<button bind:tap="on{{kind}}" mut-bind:touchstart="t"/>'},
                     "wechat", {"kind": "Save"})
    assert [(e["name"], e["handler"], e["mut"]) for e in node["events"]] == [
        ("tap", "onSave", False), ("touchstart", "t", True)]
