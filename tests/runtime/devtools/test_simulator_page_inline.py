"""The simulator page as served: one HTML with the token and every asset inlined, and the
WebSocket opened by its first script."""

from __future__ import annotations

import pytest
from fanxing.runtime.devtools import simulator_page as sp
from fanxing.runtime.webclient.bundle import bundle_css, bundle_js, inline_script
from lxml import html


def test_every_asset_is_inlined_and_the_token_embedded():
    text = sp.simulator_page("tok123")
    assert "/__fx/" not in text  # nothing left for the browser to ask for
    doc = html.fromstring(text)
    assert doc.xpath('//meta[@name="fx-token"]/@content') == ["tok123"]
    scripts = [s.text or "" for s in doc.xpath("//script")]
    # the socket opens first, before any stylesheet or the client bundle
    assert "new WebSocket" in scripts[0] and "FXSIM_BOOT" in scripts[0]
    head = doc.xpath("//head")[0]
    assert [c.tag for c in head if c.tag in ("script", "style")][0] == "script"
    assert bundle_js()[:200] in scripts[1] and "FXSIM_BOOT" in scripts[2]
    styles = "".join(s.text or "" for s in doc.xpath("//style"))
    assert bundle_css()[:200] in styles and ".sim-toolbar" in styles


def test_a_script_cannot_end_its_element_early():
    assert inline_script('var s = "</script><b>";') == '<script>var s = "<\\/script><b>";</script>'


def test_an_asset_the_page_names_must_exist(tmp_path, monkeypatch):
    (tmp_path / "simulator.html").write_text('<head></head><script src="/__fx/gone.js"></script>')
    monkeypatch.setattr(sp, "SIM_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="/__fx/gone.js"):
        sp.simulator_page("t")


def test_the_bundle_is_read_again_only_when_a_file_changes(tmp_path, monkeypatch):
    from fanxing.runtime.webclient import bundle
    (tmp_path / "client.css").write_text("a{}")
    monkeypatch.setattr(bundle, "WEB_DIR", tmp_path)
    assert bundle.bundle_css() == "a{}"
    assert bundle.bundle_css() is bundle.bundle_css()  # cached
    (tmp_path / "client.css").write_text("b{color:red}")
    assert bundle.bundle_css() == "b{color:red}"
