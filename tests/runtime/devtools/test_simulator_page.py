"""simulator.html's structure: every panel sits directly in the panel column and has its
tab (a panel nested in another by a lost closing tag is invisible)."""

from __future__ import annotations

from pathlib import Path

from lxml import html

WEB = Path(__file__).resolve().parents[3] / "runtime" / "devtools" / "web"


def test_panels_are_siblings_with_tabs():
    doc = html.fromstring((WEB / "simulator.html").read_text("utf-8"))
    panels = doc.xpath('//div[contains(concat(" ", @class, " "), " sim-panel ")]')
    assert len(panels) >= 8
    for panel in panels:
        assert panel.getparent().get("class") == "sim-panels", panel.get("id")
    tabs = {b.get("data-panel") for b in doc.xpath('//nav[@id="sim-tabs"]/button')}
    assert tabs == {p.get("id").removeprefix("panel-") for p in panels}
