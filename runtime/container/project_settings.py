"""What the project file (``project.config.json`` / ``mini.project.json``) says about
running the app: its declared appid and the developer tools' domain-check switch.

The project file sits in the app folder or in a parent folder whose ``miniprogramRoot``
names the app folder. WeChat's ``project.private.config.json`` overrides the shared file
(as the developer tools do). ``setting.urlCheck`` is WeChat's "check domains" switch; the
Alipay IDE documents no such key (debugging in the IDE is not subject to the server
domain whitelist), so Alipay projects leave the choice to the tool.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_FILES = ("project.config.json", "mini.project.json")
PRIVATE_FILE = "project.private.config.json"
_PARENT_LEVELS = 3  # how far up a project folder naming miniprogramRoot is looked for


@dataclass(frozen=True)
class ProjectSettings:
    """``appid``: as declared (unvalidated, may be None); ``url_check``: the WeChat
    ``setting.urlCheck`` switch, None when the project does not say."""

    appid: str | None = None
    url_check: bool | None = None
    project_file: Path | None = None


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _project_file(root: Path) -> tuple[Path, dict[str, Any]] | None:
    for name in PROJECT_FILES:
        data = _read(root / name)
        if data is not None:
            return root / name, data
    folder = root
    for _ in range(_PARENT_LEVELS):
        folder = folder.parent
        for name in PROJECT_FILES:
            data = _read(folder / name)
            sub = data.get("miniprogramRoot") if data else None
            if isinstance(sub, str) and (folder / sub).resolve() == root:
                return folder / name, data
    return None


def project_settings(app_root: str | Path) -> ProjectSettings:
    """Read the settings of the app whose ``app.json`` is in ``app_root``."""
    root = Path(app_root).resolve()
    found = _project_file(root)
    if found is None:
        return ProjectSettings()
    path, data = found
    appid = data.get("appid")
    url_check = None
    if path.name == "project.config.json":
        merged = dict(data.get("setting") or {}) if isinstance(data.get("setting"), dict) else {}
        private = _read(path.with_name(PRIVATE_FILE)) or {}
        if isinstance(private.get("setting"), dict):
            merged.update(private["setting"])
        if isinstance(merged.get("urlCheck"), bool):
            url_check = merged["urlCheck"]
    return ProjectSettings(appid if isinstance(appid, str) and appid else None, url_check, path)
