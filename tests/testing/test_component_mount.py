"""One component alone with props and slots (miniprogram-simulate's load/render), driven
like on a page: tap, read data, props changes, events sent to the parent; both dialects."""

from __future__ import annotations

import pytest
from fanxing.testing import AppCompileError, HarnessError, mount_component

from .conftest import FIXTURES

COUNTER = "components/counter/counter"


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_props_slots_data_and_taps(dialect, tmp_path):
    slots = {"": '<text class="b">body of {{who}}</text>', "header": "<text>H</text>"}
    with mount_component(FIXTURES[dialect], COUNTER, props={"count": 2, "label": "two"},
                         slots=slots, data={"who": "me"}, data_dir=tmp_path) as m:
        assert m.get(".label").text == "two"
        assert m.get(".doubled").text == "4"          # observer / deriveDataFromProps ran
        assert m.get(".body-slot .b").text == "body of me"
        assert m.get(".header-slot").text == "H"
        assert m.data["doubled"] == 4
        m.get(".inc").tap()
        if dialect == "wechat":
            assert m.events == [{"name": "bump", "detail": {"by": 1}, "options": {}}]
        else:
            assert m.events == [{"name": "onBump", "args": [1]}]
        m.set_props(count=7)
        assert m.get(".value").text == "7" and m.get(".doubled").text == "14"
        assert m.data["doubled"] == 14
        lines = [c["args"][1] for c in m.mp.console if c["args"][:1] == ["life"]]
        if dialect == "wechat":
            assert "observer two 2->7" in lines
        else:
            assert "didUpdate two 2->7" in lines
        assert not m.mp.errors


def test_mount_errors(tmp_path):
    with pytest.raises(HarnessError, match=r"did you mean 'components/counter/counter'"):
        mount_component(FIXTURES["wechat"], "components/countr/counter", data_dir=tmp_path)
    with pytest.raises(HarnessError, match="not a valid attribute"):
        mount_component(FIXTURES["wechat"], COUNTER, props={'a"b': 1}, data_dir=tmp_path)
    with pytest.raises(AppCompileError, match="mount"):
        mount_component(FIXTURES["wechat"], COUNTER, slots={"": "<view>"}, data_dir=tmp_path)
    with mount_component(FIXTURES["wechat"], COUNTER, props={"count": 1},
                         data_dir=tmp_path) as m, pytest.raises(HarnessError, match="label"):
        m.set_props(label="x")


def test_text_in_props_is_escaped(tmp_path):
    with mount_component(FIXTURES["alipay"], COUNTER, props={"label": "<b>{{x}}</b>"},
                         data_dir=tmp_path) as m:
        assert m.get(".label").text == "<b>{{x}}</b>"
        assert "&lt;b&gt;" in m.html()


DEVDAY = {d: FIXTURES[d].parent / f"devday-{d}" for d in ("wechat", "alipay")}


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_typing_into_a_component_alone(dialect, tmp_path):
    with mount_component(DEVDAY[dialect], "components/search/search",
                         props={"placeholder": "find tea"}, data_dir=tmp_path) as m:
        field = m.get(".field")
        assert field.attr("placeholder") == "find tea"
        field.input("oolong")
        assert m.data["query"] == "oolong" and m.get(".echo").text == "oolong"
        field.confirm()
        if dialect == "wechat":
            assert m.events == [{"name": "search", "detail": {"query": "oolong"},
                                 "options": {}}]
        else:
            assert m.events == [{"name": "onSearch", "args": ["oolong"]}]
