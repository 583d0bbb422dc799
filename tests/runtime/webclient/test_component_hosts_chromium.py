"""A custom component named like a built-in (antd-mini's ``<switch>``, ``<radio>``) is
drawn as its template only, never as the built-in too; the ``hidden`` attribute hides
(real Chromium, the preview server on tests/fixtures/alipay-real/ui-lib)."""

from __future__ import annotations

from pathlib import Path

from test_preview_chromium import Sim  # same folder (rootdir on sys.path)

APP = Path(__file__).resolve().parents[2] / "fixtures" / "alipay-real" / "ui-lib"


def test_component_host_named_like_a_builtin_and_hidden(browser, shots, tmp_path):
    sim = Sim(browser, shots, APP, tmp_path)
    try:
        # four custom <radio> hosts (two groups of two), each holding one native radio:
        # four radios drawn, not eight
        assert sim.in_page("[fx-component]").count() == 6
        assert sim.in_page("radio").count() == 4
        assert sim.in_page("fx-host-radio").count() == 4
        assert sim.in_page(".fx-radio-icon").count() == 4
        # hidden="{{!open}}" with open false: not shown although view { display: block }
        assert not sim.in_page("view[hidden]").first.is_visible()
        sim.in_page("fx-host-radio label").nth(1).click()
        sim.page.wait_for_function(
            "() => document.querySelector('#fx-app .fx-page-frame').textContent.includes('l 1 Large')")
        assert sim.in_page("radio").nth(1).get_attribute("aria-checked") == "true"
        sim.shot("ui-lib-radios.png")
    finally:
        sim.close()
