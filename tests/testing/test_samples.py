"""The todo samples driven like a user: add, toggle, delete, open a todo and come back;
storage persists per data folder and is isolated per user and profile."""

from __future__ import annotations

import pytest

from .conftest import SAMPLES

DIALECTS = ["wechat", "alipay"]


def add(mp, text: str) -> None:
    mp.page.get(".add-input").input(text)
    mp.page.get(".add-btn").tap()


def texts(mp) -> list[str]:
    return [n.text for n in mp.page.query_selector_all("todo-item .text")]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_add_toggle_delete(miniprogram, dialect):
    mp = miniprogram(SAMPLES[dialect])
    assert mp.page.route == "pages/index/index"
    assert mp.page.get(".empty").text == "Nothing to do."
    assert mp.page.get(".add-btn").attr("disabled") is True

    add(mp, "milk")
    add(mp, "eggs")
    assert [t["text"] for t in mp.page.data["todos"]] == ["milk", "eggs"]
    assert texts(mp) == ["milk", "eggs"]
    assert mp.page.data["draft"] == ""
    assert mp.page.get(".add-input").value == ""  # the view cleared the field
    assert mp.page.get(".header .muted").text == "2 items left"

    # WeChat's item listens to tap on the checkbox, Alipay's to its change: both happen.
    mp.page.query_selector_all("todo-item .check")[1].tap()
    assert [t["done"] for t in mp.page.data["todos"]] == [False, True]
    assert "done" in mp.page.query_selector_all("todo-item .todo-item")[1].classes
    assert mp.page.get(".footer").text == "1 of 2 done"

    mp.page.query_selector_all("todo-item .remove")[0].tap()  # catchtap: no "open"
    assert mp.page.route == "pages/index/index"
    assert texts(mp) == ["eggs"]
    assert mp.errors == []


@pytest.mark.parametrize("dialect", DIALECTS)
def test_open_detail_with_query_and_back(miniprogram, dialect):
    mp = miniprogram(SAMPLES[dialect])
    add(mp, "bread")
    mp.page.get("todo-item .body").tap()
    assert mp.page.route == "pages/detail/detail"
    assert mp.page.query == {"id": "1"}
    assert mp.page.data["todo"]["text"] == "bread"
    assert "bread" in mp.page.html()
    assert len(mp.pages) == 2

    mp.page.get("button.back").tap()  # the app's own navigateBack
    assert mp.page.route == "pages/index/index"
    assert len(mp.pages) == 1
    mp.navigate("/pages/detail/detail?id=99")
    assert "No todo with id 99" in mp.page.get(".card").text
    mp.back()
    assert mp.page.route == "pages/index/index"
    assert texts(mp) == ["bread"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_storage_persists_and_is_isolated(miniprogram, tmp_path, dialect):
    data = tmp_path / "data"
    first = miniprogram(SAMPLES[dialect], data_dir=data, user="alice")
    add(first, "persist me")
    assert first.storage["todos"][0]["text"] == "persist me"
    first.close()

    again = miniprogram(SAMPLES[dialect], data_dir=data, user="alice")
    assert texts(again) == ["persist me"]

    other_user = miniprogram(SAMPLES[dialect], data_dir=data, user="bob")
    assert texts(other_user) == []
    assert other_user.storage == {}

    profile = "taobao" if dialect == "alipay" else None
    if profile:
        other_profile = miniprogram(SAMPLES[dialect], data_dir=data, user="alice",
                                    profile=profile)
        assert texts(other_profile) == []


@pytest.mark.parametrize("dialect", DIALECTS)
def test_launch_on_a_page_with_query(miniprogram, dialect):
    mp = miniprogram(SAMPLES[dialect], page="pages/detail/detail", query={"id": 5})
    assert mp.page.route == "pages/detail/detail"
    assert mp.page.query == {"id": "5"}
    assert mp.page.data["id"] == 5
