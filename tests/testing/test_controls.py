"""Built-in controls as the client runs them: live values, change details, form submit."""

from __future__ import annotations

import pytest

from .conftest import FIXTURES


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_form_submit_collects_every_named_field(miniprogram, dialect):
    mp = miniprogram(FIXTURES[dialect], page="pages/forms/forms")
    page = mp.page
    page.get(".user").input("bobby-the-long-name")  # maxlength 8
    page.get(".sw").tap()
    page.get(".sl").change(55)
    page.get(".lbl-apple").tap()  # a label forwards the tap to its checkbox
    page.get(".large").tap()
    page.get(".pk").change(2)
    assert page.get(".pk").text == "Shanghai"
    page.get(".send").tap()  # form-type="submit"
    submitted = page.data["submitted"]
    assert submitted["user"] == "bobby-th"
    assert submitted["agree"] is True
    assert submitted["volume"] == 55
    assert submitted["fruits"] == ["apple", "pear"]
    assert submitted["size"] == "l"
    assert submitted["city"] == 2
    changes = dict((k, v) for k, v in page.data["changes"])
    assert changes["switch"] == {"value": True}
    assert changes["slider"] == {"value": 55}
    assert changes["fruits"] == {"value": ["apple", "pear"]}
    assert changes["size"] == {"value": "l"}
    assert changes["pick"] == {"value": 2}
    if dialect == "alipay":
        assert changes["apple"] == {"value": True}


def test_untouched_form_gives_the_rendered_values(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/forms/forms")
    mp.page.get(".f").submit()
    assert mp.page.data["submitted"] == {"user": "ann", "bio": "", "agree": False,
                                         "volume": 20, "fruits": ["pear"], "size": "",
                                         "city": 0}


def _edit_every_field(page) -> None:
    page.get(".user").input("zed")
    page.get(".sw").tap()
    page.get(".sl").change(55)
    page.get(".cg").change(["apple"])
    page.get(".large").tap()
    page.get(".pk").change(2)


def test_reset_clears_fields_on_wechat(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/forms/forms")
    _edit_every_field(mp.page)
    mp.page.get(".clear").tap()  # form-type="reset"
    assert mp.page.data["resets"] == 1
    assert mp.page.get(".user").value == ""
    mp.page.get(".send").submit()
    # cleared, not restored: the rendered value "ann", slider 20 and ticked pear are gone
    assert mp.page.data["submitted"] == {"user": "", "bio": "", "agree": False, "volume": 0,
                                         "fruits": [], "size": "", "city": 0}


def test_reset_restores_attribute_values_on_alipay(miniprogram):
    mp = miniprogram(FIXTURES["alipay"], page="pages/forms/forms")
    _edit_every_field(mp.page)
    mp.page.get(".f").reset()
    assert mp.page.get(".user").value == "ann"
    mp.page.get(".send").submit()
    assert mp.page.data["submitted"] == {"user": "ann", "agree": False, "volume": 20,
                                         "fruits": ["pear"], "size": "", "city": 0}


def test_checkbox_change_and_radio_exclusive(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/forms/forms")
    page = mp.page
    page.get(".cg").change(["apple"])
    assert page.get(".apple").value is True and page.get(".pear").value is False
    page.get(".small").tap()
    page.get(".large").tap()
    assert (page.get(".small").value, page.get(".large").value) == (False, True)
    assert page.data["changes"][-1] == ["size", {"value": "l"}]


def test_scroll_view_and_navigator(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/forms/forms")
    mp.page.get(".sv").scroll(top=120)
    kind, detail = mp.page.data["changes"][-1]
    assert kind == "scroll" and detail["scrollTop"] == 120 and detail["deltaY"] == -120
    mp.page.get(".nav").tap()
    assert mp.page.route == "pages/events/events"
    assert mp.page.query == {"from": "forms"}


def test_disabled_controls_take_no_input(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/text/text")
    field = mp.page.get(".field")
    field.input("9")
    assert field.value == "3"


def test_disabled_button_swallows_tap(miniprogram, tmp_path):
    from .conftest import SAMPLES

    mp = miniprogram(SAMPLES["wechat"])
    mp.page.get(".add-btn").tap()
    assert mp.page.data["todos"] == []
    assert not any(c["name"].endswith("StorageSync") for c in mp.api_calls)


def test_relative_urls_resolve_against_the_current_page(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/forms/forms")
    mp.evaluate("wx.navigateTo({url: 'forms?again=1'})")  # bare: same folder
    assert (mp.page.route, mp.page.query, len(mp.pages)) == ("pages/forms/forms",
                                                             {"again": "1"}, 2)
    mp.evaluate("wx.navigateTo({url: '../text/text'})")
    assert mp.page.route == "pages/text/text"


NAV_APP = {
    "app.json": '{"pages": ["pages/a/a", "pages/a/b", "pages/c/c"]}',
    "app.js": "App({});",
    "pages/a/a.wxml": ('<navigator class="rel" url="b?x=1">b</navigator>'
                       '<navigator class="other" open-type="miniProgram" target="miniProgram">x</navigator>'),
    "pages/a/a.js": "Page({});",
    "pages/a/b.wxml": ('<navigator class="abs" url="/pages/c/c">c</navigator>'
                       '<navigator class="nowhere" url="/pages/zz/zz">zz</navigator>'),
    "pages/a/b.js": "Page({});",
    "pages/c/c.wxml": '<navigator class="back" open-type="navigateBack" delta="2">back</navigator>',
    "pages/c/c.js": "Page({});",
}


def test_navigator_taps_go_through_the_container_like_the_web_client(miniprogram, tmp_path):
    for rel, text in NAV_APP.items():
        (tmp_path / "app" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "app" / rel).write_text(text, encoding="utf-8")
    mp = miniprogram(tmp_path / "app")
    mp.page.get(".other").tap()  # another mini-program: nothing happens, no error
    assert mp.page.route == "pages/a/a" and mp.errors == []
    mp.page.get(".rel").tap()  # relative to the page's folder
    assert (mp.page.route, mp.page.query) == ("pages/a/b", {"x": "1"})
    mp.page.get(".nowhere").tap()
    assert mp.page.route == "pages/a/b"
    assert "navigator:" in mp.errors[-1]["message"] and "pages/zz/zz" in mp.errors[-1]["message"]
    mp.page.get(".abs").tap()
    mp.page.get(".back").tap()
    assert [p.route for p in mp.pages] == ["pages/a/a"]
