"""HTML serialization and selectors over the render tree."""

from __future__ import annotations

import pytest
from fanxing.testing import AppCompileError, HarnessError, SelectorError, StaleNodeError, launch

from .conftest import FIXTURES


@pytest.fixture
def text_page(miniprogram):
    return miniprogram(FIXTURES["wechat"], page="pages/text/text")


def test_text_and_attributes_are_escaped(text_page):
    html = text_page.page.html()
    assert ('<view id="main" class="t a-b" title="&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;'
            '&lt;/b&gt;" data-raw-text=') in html
    assert ">&lt;b&gt;\"x\" &amp; 'y'&lt;/b&gt;</view>" in html
    assert "<b>" not in html
    assert "hidden" not in html  # false leaves the attribute out
    assert '<input class="field" type="number" value="3" disabled="true"/>' in html


def test_classes_as_written_or_scoped(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/comp/comp")
    html = mp.page.html()
    assert '<view class="counter">' in html
    assert "fx-c" not in html
    scoped = mp.page.html(scoped=True)
    assert "fx-c" in scoped and "--counter" in scoped


def test_pretty_html_nests_components(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/comp/comp")
    lines = mp.page.html(pretty=True).splitlines()
    assert lines[0] == '<view class="wrap">'
    assert lines[1] == '  <counter id="first" class="my-counter" count="1" label="first">'
    assert lines[2] == '    <view class="counter">'
    assert '        <view class="hdr">Header 1</view>' in lines


def test_external_classes_show_what_the_user_passed(miniprogram):
    from .conftest import SAMPLES

    mp = miniprogram(SAMPLES["wechat"])
    mp.page.get(".add-input").input("x")
    mp.page.get(".add-btn").tap()
    item = mp.page.get("todo-item .todo-item")
    assert item.classes == ["todo-item", "row"]
    assert mp.page.get(".row") == item


def test_selectors(text_page):
    page = text_page.page
    assert page.get("#main").tag == "view"
    assert page.get("view.t.a-b").id == "main"
    assert [n.text for n in page.query_selector_all(".list .item")] == ["one", "two", "three"]
    assert page.get(".item.second").text == "two"
    assert page.get("[data-index='2']").text == "three"
    assert page.get(".list > view:nth-child(1)").text == "one"
    assert page.get("input[type=number]").tag == "input"
    assert len(page.query_selector_all("[disabled]")) == 1
    assert page.query_selector(".nope") is None
    assert [n.text for n in page.query_selector_all(".item:first-child, #main")][0] == \
        page.get("#main").text  # document order
    node = page.get(".item.second")
    assert node.dataset == {"index": 1}
    assert node.parent.classes == ["list"]
    with pytest.raises(HarnessError, match="no node matches"):
        page.get(".nope")
    with pytest.raises(SelectorError, match=r"selector '\[\['"):
        page.query_selector("[[")


def test_selectors_reach_into_components_and_scope_to_a_node(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/comp/comp")
    values = [n.text for n in mp.page.query_selector_all("counter .value")]
    assert values == ["1", "5"]
    second = mp.page.get("#second")
    assert second.get(".label").text == "second"
    assert second.component.get(".value").text == "5"
    assert second.query_selector(".hdr") is None


def test_stale_nodes_say_so(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/comp/comp")
    label = mp.page.get("#second .label")
    mp.page.get(".hide-second").tap()
    with pytest.raises(StaleNodeError):
        label.tap()


def test_to_json_snapshot(text_page):
    snap = text_page.page.to_json()
    assert snap[0]["tag"] == "view" and snap[0]["id"] == "main"
    assert isinstance(snap[0]["nodeId"], int)


def test_compile_error_lists_diagnostics(tmp_path):
    app = tmp_path / "broken"
    (app / "pages" / "index").mkdir(parents=True)
    (app / "project.config.json").write_text('{"appid": "x"}')
    (app / "app.json").write_text('{"pages": ["pages/index/index"]}')
    (app / "app.js").write_text("App({});")
    (app / "pages" / "index" / "index.js").write_text("Page({});")
    (app / "pages" / "index" / "index.wxml").write_text("<view>{{ a + }}</view>")
    with pytest.raises(AppCompileError) as info:
        launch(app, data_dir=tmp_path / "d")
    assert info.value.diagnostics
    assert "pages/index/index.wxml:1:" in str(info.value)


def test_unknown_page_profile_and_device(tmp_path):
    with pytest.raises(Exception, match="does not exist"):
        launch(FIXTURES["wechat"], page="pages/nope/nope", data_dir=tmp_path)
    with pytest.raises(HarnessError, match="unknown profile"):
        launch(FIXTURES["wechat"], profile="nope", data_dir=tmp_path)
    with pytest.raises(HarnessError, match="unknown device"):
        launch(FIXTURES["wechat"], device="nope", data_dir=tmp_path)
