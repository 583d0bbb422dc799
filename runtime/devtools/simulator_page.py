"""The simulator page as the preview server sends it.

``web/simulator.html`` names its stylesheets and scripts as ``/__fx/`` URLs (so the file
reads as a page); the server sends it with each of them inlined and the start's token
in a ``<meta name="fx-token">``. One response then carries the whole page: the browser
asks for nothing more before the first page shows, and the page's first script opens
the WebSocket while the rest is still being parsed.
"""

from __future__ import annotations

import re
from pathlib import Path

from fanxing.runtime.webclient.bundle import bundle_css, bundle_js, inline_script, inline_style

SIM_DIR = Path(__file__).parent / "web"  # the simulator page around the device
SIM_FILES = frozenset({"simulator.js", "simulator.css", "network.js", "inspector.js"})
_ASSET = re.compile(r'<link rel="stylesheet" href="/__fx/([\w.-]+\.css)">'
                    r'|<script src="/__fx/([\w.-]+\.js)"></script>')


def asset_text(name: str) -> str | None:
    """The text of the simulator or client asset ``/__fx/<name>``, or None."""
    if name == "bundle.js":
        return bundle_js()
    if name == "bundle.css":
        return bundle_css()
    if name in SIM_FILES:
        return (SIM_DIR / name).read_text("utf-8")
    return None


def simulator_page(token: str) -> str:
    """``simulator.html`` with ``token`` embedded and its ``/__fx/`` assets inlined."""
    html = (SIM_DIR / "simulator.html").read_text("utf-8")

    def inline(m: re.Match[str]) -> str:
        css, js = m.group(1), m.group(2)
        text = asset_text(css or js)
        if text is None:
            raise FileNotFoundError(f"simulator.html names /__fx/{css or js}: no such asset")
        return inline_style(text) if css else inline_script(text)

    html = _ASSET.sub(inline, html)
    return html.replace("<head>", f'<head>\n<meta name="fx-token" content="{token}">', 1)
