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
    return _joined(tuple(script_files()), "\n;\n")


def bundle_css() -> str:
    """The client stylesheet."""
    return _joined(("client.css",), "")


_built: dict[tuple[tuple[str, ...], str], tuple[tuple[tuple[int, int], ...], str]] = {}


def _joined(names: tuple[str, ...], sep: str) -> str:
    # Built once per process and again only when a file changes (a stat per file, not a
    # read): hosts serve the bundle on every page load.
    paths = [WEB_DIR / name for name in names]
    stamp = tuple((st.st_mtime_ns, st.st_size) for st in (p.stat() for p in paths))
    hit = _built.get((names, sep))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    text = sep.join(p.read_text(encoding="utf-8") for p in paths)
    _built[(names, sep)] = (stamp, text)
    return text


def inline_script(js: str) -> str:
    """``js`` as a ``<script>`` element of an HTML page (a ``</script`` inside it would end
    the element early)."""
    return "<script>" + js.replace("</script", "<\\/script") + "</script>"


def inline_style(css: str) -> str:
    """``css`` as a ``<style>`` element of an HTML page."""
    return "<style>" + css.replace("</style", "<\\/style") + "</style>"


def page_html(start: str = "FX.start(FX.transports.queue());", title: str = "fanxing") -> str:
    """A self-contained HTML page running the client; ``start`` is the JS that starts it
    (pick the transport there, e.g. ``FX.start(FX.transports.websocket(url))``)."""
    script = inline_script(f"{bundle_js()}\n{start}")
    return ("<!doctype html><html><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{html.escape(title)}</title>{inline_style(bundle_css())}</head>"
            "<body><div id=\"fx-app\"></div>"
            f"{script}</body></html>")


def websocket_start(url: str) -> str:
    """The ``start`` snippet for a WebSocket transport to ``url``."""
    return f"FX.start(FX.transports.websocket({json.dumps(url)}));"
