"""The web client bundle: ``runtime/webclient/client.js`` + ``components/*.js`` + ``client.css``.

No build step: the bundle is the files themselves, concatenated in load order (the core
first, then every built-in component file in name order, each registering itself with
``FX.components.register``). Hosts either serve ``WEB_DIR`` and include the scripts
listed by :func:`script_files`, or inline :func:`bundle_js` / :func:`bundle_css`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

WEB_DIR = Path(__file__).parent


def script_files() -> list[str]:
    """Script paths relative to ``WEB_DIR``, in load order."""
    comps = sorted(p.relative_to(WEB_DIR).as_posix() for p in (WEB_DIR / "components").glob("*.js"))
    return ["client.js", *comps]


def bundle_js() -> str:
    """All client scripts as one string."""
    return "\n;\n".join((WEB_DIR / name).read_text(encoding="utf-8") for name in script_files())


def bundle_css() -> str:
    """The client stylesheet."""
    return (WEB_DIR / "client.css").read_text(encoding="utf-8")


def page_html(start: str = "FX.start(FX.transports.queue());", title: str = "fanxing") -> str:
    """A self-contained HTML page running the client; ``start`` is the JS that starts it
    (pick the transport there, e.g. ``FX.start(FX.transports.websocket(url))``)."""
    js = bundle_js().replace("</script", "<\\/script")
    return ("<!doctype html><html><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{bundle_css()}</style></head>"
            "<body><div id=\"fx-app\"></div>"
            f"<script>{js}\n{start}</script></body></html>")


def websocket_start(url: str) -> str:
    """The ``start`` snippet for a WebSocket transport to ``url``."""
    return f"FX.start(FX.transports.websocket({json.dumps(url)}));"
