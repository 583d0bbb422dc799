"""Write small mini-program projects into a temporary folder for tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_tree(root: Path, files: dict[str, Any]) -> Path:
    """Create ``files`` under ``root``: str values verbatim, other values as JSON."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else json.dumps(content, indent=2)
        path.write_text(text, encoding="utf-8")
    return root


def page_files(route: str, dialect: str, template: str = "<view>hi</view>") -> dict[str, str]:
    """The template and script of one page (or component) in ``dialect``."""
    ext = ".axml" if dialect == "alipay" else ".wxml"
    return {route + ext: template, route + ".js": "Page({});\n"}


def make_app(root: Path, dialect: str, app_json: dict[str, Any] | str,
             extra: dict[str, Any] | None = None, pages: list[str] | None = None) -> Path:
    """An app with ``app.json`` (as given), ``app.js`` and a template+script per page.

    ``pages`` defaults to the ``pages`` listed in ``app_json`` (when it is a dict).
    """
    files: dict[str, Any] = {"app.json": app_json, "app.js": "App({});\n"}
    if pages is None and isinstance(app_json, dict) and isinstance(app_json.get("pages"), list):
        pages = [p for p in app_json["pages"] if isinstance(p, str)]
    for route in pages or []:
        files.update(page_files(route, dialect))
    files.update(extra or {})
    return write_tree(root, files)
