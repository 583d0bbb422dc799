"""Where a mini-program's files live, and the path checks that keep it in its folder.

Virtual paths the app sees, per dialect (``wx.env.USER_DATA_PATH`` / ``my.env.USER_DATA_PATH``):

=========  =========================  ==========================  =============================
area       WeChat                     Alipay family               real folder (under data_dir)
=========  =========================  ==========================  =============================
user data  ``wxfile://usr/…``         ``https://usr/…``           ``files/<app>/usr/<user>/``
saved      ``wxfile://store_<name>``  ``https://store/<name>``    ``files/<app>/store/<user>/``
temp       ``wxfile://tmp_<name>``    ``https://resource/<name>`` ``files/<app>/tmp/`` (read-only)
package    ``/images/a.png``          ``/images/a.png``           the app's own folder (read-only)
=========  =========================  ==========================  =============================

A path with a ``..`` part, or one that leads (through a symlink) outside its area, is
refused with "permission denied"; only the user-data area is writable.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import WECHAT, ApiError
from .jsonstore import safe_name

if TYPE_CHECKING:
    from .bridge import Bridge

FS_ERROR = 3  # Alipay family: file errors are reported as "unknown" with the reason


def fs_error(reason: str, path: str, op: str = "open") -> ApiError:
    """WeChat's wording (``no such file or directory, open wxfile://usr/a``) in both shapes."""
    text = f"{reason}, {op} {path}" if path else reason
    return ApiError(text, code=FS_ERROR, wx=text)


@dataclass(frozen=True)
class Located:
    """A virtual path resolved to a real one."""

    virtual: str
    path: Path
    root: Path
    area: str  # usr | store | tmp | package
    writable: bool


class Sandbox:
    """The file areas of one (app, user) and the mapping of virtual paths onto them."""

    def __init__(self, bridge: Bridge) -> None:
        wx = bridge.profile.dialect == WECHAT
        base = bridge.data_dir / "files" / safe_name(bridge.store_id)
        user = safe_name(bridge.user)
        self.usr_prefix = "wxfile://usr" if wx else "https://usr"
        self.store_prefix = "wxfile://store_" if wx else "https://store/"
        self.tmp_prefix = str(bridge.profile.get("tempFilePrefix", "wxfile://tmp_"))
        files_dir = bridge.network.files_dir or (bridge.data_dir / "files")
        self.areas: dict[str, Path] = {
            "usr": base / "usr" / user,
            "store": base / "store" / user,
            "tmp": files_dir / safe_name(bridge.store_id) / "tmp",
        }
        self._bridge = bridge

    @property
    def package_dir(self) -> Path | None:
        root = getattr(self._bridge, "package_dir", None)
        return Path(root) if root else None

    def locate(self, virtual: str, *, op: str = "open", write: bool = False) -> Located:
        """The real path behind ``virtual``; raises ``ApiError`` when it is not allowed."""
        if not isinstance(virtual, str) or not virtual:
            raise fs_error("invalid path", str(virtual), op)
        if virtual.startswith(self.usr_prefix):
            rest = virtual[len(self.usr_prefix):]
            if rest and not rest.startswith("/"):
                raise fs_error("permission denied", virtual, op)
            area, rel = "usr", rest
        elif virtual.startswith(self.store_prefix):
            area, rel = "store", virtual[len(self.store_prefix):]
        elif virtual.startswith(self.tmp_prefix):
            area, rel = "tmp", virtual[len(self.tmp_prefix):]
        elif "://" in virtual:
            raise fs_error("permission denied", virtual, op)
        else:
            area, rel = "package", virtual
        if area in ("store", "tmp") and ("/" in rel or not rel):
            raise fs_error("no such file or directory", virtual, op)
        parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
        if ".." in parts:
            raise fs_error("permission denied", virtual, op)
        root = self.areas.get(area) if area != "package" else self.package_dir
        if root is None:
            raise fs_error("no such file or directory", virtual, op)
        if area == "usr":
            # The user folder always exists for the app (USER_DATA_PATH), also on a
            # fresh data folder.
            root.mkdir(parents=True, exist_ok=True)
        path = root.joinpath(*parts)
        # A symlink must not lead out of the area.
        if not path.resolve().is_relative_to(root.resolve()):
            raise fs_error("permission denied", virtual, op)
        writable = area == "usr"
        if write and not writable:
            raise fs_error("permission denied", virtual, op)
        return Located(virtual, path, root, area, writable)

    def virtual(self, area: str, path: Path) -> str:
        """The virtual path of a real file in one of the writable/temp areas."""
        rel = path.relative_to(self.areas[area]).as_posix()
        if area == "usr":
            return posixpath.join(self.usr_prefix, rel) if rel != "." else self.usr_prefix
        return (self.store_prefix if area == "store" else self.tmp_prefix) + rel
