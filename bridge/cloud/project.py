"""Where a project keeps its cloud functions.

WeChat's ``project.config.json`` (and, in fanxing, Alipay's ``mini.project.json``) name the
folder with ``cloudfunctionRoot``, relative to the project root, which is the app folder
or the folder above it when ``miniprogramRoot`` points down into the app. Without that
key a ``cloudfunctions/`` folder beside the app is used.
"""

from __future__ import annotations

import json
from pathlib import Path

CONFIG_FILES = ("project.config.json", "mini.project.json")


def functions_root(app_dir: Path | str | None) -> Path | None:
    """The cloud function folder of the app in ``app_dir``, or None."""
    if app_dir is None:
        return None
    app = Path(app_dir).resolve()
    for project in (app, app.parent):
        for name in CONFIG_FILES:
            cfg = project / name
            if not cfg.is_file():
                continue
            try:
                data = json.loads(cfg.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            root = data.get("cloudfunctionRoot") if isinstance(data, dict) else None
            if isinstance(root, str) and root.strip():
                folder = (project / root).resolve()
                if folder.is_dir():
                    return folder
    for project in (app, app.parent):
        if (project / "cloudfunctions").is_dir():
            return project / "cloudfunctions"
    return None
