"""Whose data is it: the identity that keys an app's storage, consent and files.

An app's own project file cannot decide it alone (an app claiming another's ``appid``
would read its storage, and every ``touristappid`` project would share one store), so a
project run without a host-given id is keyed by its declared appid *and* a hash of its
resolved folder: ``<appid>-<hash12>``. A host program that embeds fanxing passes its own
id, which is used as is. Every id is validated: path-like ids (``..``, ``a/b``, control
characters…) are refused with ``AppIdError`` before anything touches the disk.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


class AppIdError(ValueError):
    """An app id that could name a path outside its own folder (or is empty)."""


def check_app_id(app_id: object, what: str = "app id") -> str:
    """``app_id`` if it is a valid id; raises ``AppIdError`` naming ``what`` otherwise."""
    if not isinstance(app_id, str) or not _VALID.fullmatch(app_id) or ".." in app_id:
        raise AppIdError(
            f"{what} {app_id!r} is not a valid app id: use 1-128 letters, digits, '-', '_' "
            "or '.', starting with a letter or digit, without '..'")
    return app_id


def display_id(declared: str | None, root: str | Path) -> str:
    """The id the app is shown under: its declared appid, else its folder name (made
    valid). A declared appid that is not valid raises ``AppIdError``."""
    if declared is not None:
        return check_app_id(declared, "the project's appid")
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", Path(root).resolve().name).strip("._-")
    return name.replace("..", "_")[:96] or "app"


def project_store_id(declared: str | None, root: str | Path) -> str:
    """The data identity of a project run without a host-given id."""
    digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:12]
    return f"{display_id(declared, root)[:96]}-{digest}"
