"""View-backed APIs through the Container: SelectorQuery, IntersectionObserver and
component-scoped queries answered from the render tree (headless layout), and
WeChat's async subpackage require forms — on a compiled fixture app."""

from __future__ import annotations

from pathlib import Path

import pytest
from fanxing.compiler.build import compile_app
from fanxing.runtime.container.container import Container

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "viewapi"


@pytest.fixture(scope="module")
def app():
    built = compile_app(FIXTURE)
    assert built.ok, built.diagnostics
    return built


@pytest.fixture
def page(app, tmp_path):
    c = Container(app, data_dir=tmp_path, device="iphone-14")
    c.launch()
    c.settle(1000)
    yield c
    c.close()


def test_selector_query_answers_from_the_render_tree(page):
    assert page.errors == []
    data = page.page_data()
    rect = data["rect"]
    width = page.bridge.device.screen_width
    assert rect["id"] == "top" and rect["dataset"] == {"kind": "head"}
    assert (rect["top"], rect["height"], rect["width"], rect["right"]) == (0, 100, width, width)
    tops = [i["top"] for i in data["items"]]
    assert len(tops) == 3 and tops == sorted(tops) and tops[0] >= rect["bottom"]
    assert all(i["height"] == 20 for i in data["items"])  # one text line each
    assert data["viewport"]["scrollTop"] == 0 and data["viewport"]["scrollHeight"] > 2000
    assert data["none"] is None


def test_component_scoped_query(page):
    assert page.page_data()["inComponent"] == ["inner"]


def test_intersection_observer_against_the_viewport(page):
    seen = page.page_data()["seen"]
    assert seen == ["top:1"]  # #hidden lies below 2000px of content: never intersecting


def test_async_require_forms(page):
    assert sorted(page.page_data()["loaded"]) == ["async:sub-util", "cb:sub-util"]


def test_bad_selector_is_a_clear_error(app, tmp_path):
    c = Container(app, data_dir=tmp_path)
    c.launch()
    c.settle(1000)
    c.post({"type": "eval", "code": "wx.createSelectorQuery().select('##x').boundingClientRect()"
                                   ".exec(() => {})"})
    c.settle(1000)
    assert any("##x" in e.get("message", "") for e in c.errors)
    c.close()
