"""The TypeScript + Less samples, one per dialect: they compile with no extra step and
work as a user drives them (real QuickJS, TS enums/namespaces/classes/decorators, Less
imports/mixins/nesting, SCSS in the WeChat one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fanxing.compiler.build import compile_app
from fanxing.testing import launch

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize("name", ["ts-less-alipay", "ts-less-wechat"])
def test_sample_compiles_and_runs(name: str, tmp_path: Path) -> None:
    app = compile_app(SAMPLES / name)
    assert app.ok, [d.format() for d in app.diagnostics]
    assert app.pages["pages/index/index"].script == "pages/index/index.ts"
    css = app.styles["pages/index/index"].replace(" ", "")
    assert "--header.fx-" in css.replace("\n", "") or "--header .fx-" in \
        app.styles["pages/index/index"]
    assert "border-radius:calc(12*var(--fx-rpx))" in css  # the .card() mixin from theme.less
    badge = app.styles["components/tag-badge/tag-badge"].replace(" ", "")
    assert "--badge--done{background:#52c41a;}" in badge
    with launch(SAMPLES / name, data_dir=tmp_path) as mp:
        page = mp.page
        assert [b["label"] for b in page.data["books"]] == ["wanted"]
        assert page.get(".count").text == "1 book"
        page.get(".add-input").input("Dune")
        page.get(".add-btn").tap()
        assert [b["title"] for b in page.data["books"]] == ["The Pragmatic Programmer", "Dune"]
        assert page.get(".count").text == "2 books"
        page.get(".book").tap()
        page.get(".book").tap()
        assert page.data["books"][0] == {"title": "The Pragmatic Programmer",
                                         "label": "finished", "done": True}
        assert "book--done" in page.get(".book").classes
        page.get(".add-btn").tap()  # an empty title: the TS class throws, the page shows it
        assert page.get(".error").text == "a book needs a title"
        assert not mp.errors
        # the decorator ran on the class (experimentalDecorators from tsconfig.json)
        assert mp.evaluate("getApp().shelf.constructor.prototype.counted") == ["add"]
