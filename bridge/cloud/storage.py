"""Cloud file storage: ``cloud://`` file ids over files on local disk.

A file id is ``cloud://<env>.fanxing/<cloudPath>``; the bytes live under
``<cloud dir>/files/<cloudPath>``. Temporary URLs carry an expiry and an HMAC signature
(``verify`` checks both); they are server-relative (``/__fx_cloud/files/…``, answered by
the preview server the app runs in) unless ``base_url`` is set (``fanxing cloud serve``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..jsonstore import atomic_write_bytes

MAX_FILE_BYTES = 100 * 1024 * 1024
URL_PREFIX = "/__fx_cloud/files/"


class StorageError(ValueError):
    """A bad file id or path, a missing file or a quota."""


class Storage:
    """Files of one cloud environment."""

    def __init__(self, root: Path, env: str, secret: bytes | None = None,
                 base_url: str = "") -> None:
        self.root = Path(root)
        self.env = env
        self.base_url = base_url
        key_file = self.root.parent / "storage.key"
        if secret is None:
            if key_file.is_file():
                secret = key_file.read_bytes()
            else:
                secret = secrets.token_bytes(32)
                atomic_write_bytes(key_file, secret)
        self.secret = secret

    @property
    def prefix(self) -> str:
        return f"cloud://{self.env}.fanxing/"

    def _clean(self, cloud_path: str) -> str:
        if not isinstance(cloud_path, str) or not cloud_path.strip("/"):
            raise StorageError(f"cloudPath: invalid path {cloud_path!r}")
        p = PurePosixPath(cloud_path.lstrip("/"))
        if any(part in ("..", ".", "") for part in p.parts) or "\\" in cloud_path or "\0" in cloud_path:
            raise StorageError(f"cloudPath: invalid path {cloud_path!r}")
        return str(p)

    def path_of(self, file_id: str) -> tuple[str, Path]:
        """(cloudPath, disk path) of a file id of this environment."""
        if not isinstance(file_id, str) or not file_id.startswith("cloud://"):
            raise StorageError(f"fileID: not a cloud file id: {file_id!r}")
        rest = file_id[len("cloud://"):]
        _, _, cloud_path = rest.partition("/")
        clean = self._clean(cloud_path)
        return clean, self.root / clean

    def file_id(self, cloud_path: str) -> str:
        return self.prefix + self._clean(cloud_path)

    def upload(self, cloud_path: str, data: bytes) -> str:
        if len(data) > MAX_FILE_BYTES:
            raise StorageError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        clean = self._clean(cloud_path)
        atomic_write_bytes(self.root / clean, data)
        return self.prefix + clean

    def download(self, file_id: str) -> bytes:
        _, path = self.path_of(file_id)
        if not path.is_file():
            raise StorageError(f"fileID: no such file: {file_id}")
        return path.read_bytes()

    def delete(self, file_id: str) -> bool:
        _, path = self.path_of(file_id)
        if not path.is_file():
            return False
        path.unlink()
        return True

    def files(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        if not self.root.is_dir():
            return out
        for dirpath, _, names in os.walk(self.root):
            for n in sorted(names):
                if n.startswith("."):
                    continue
                p = Path(dirpath) / n
                rel = p.relative_to(self.root).as_posix()
                out.append({"fileID": self.prefix + rel, "cloudPath": rel,
                            "size": p.stat().st_size, "mtime": p.stat().st_mtime})
        return sorted(out, key=lambda f: str(f["cloudPath"]))

    def _sign(self, cloud_path: str, expires: int) -> str:
        msg = f"{cloud_path}\n{expires}".encode()
        return hmac.new(self.secret, msg, hashlib.sha256).hexdigest()[:32]

    def temp_url(self, file_id: str, max_age: int = 7200) -> str:
        """A URL valid for ``max_age`` seconds (the preview server serves it)."""
        clean, path = self.path_of(file_id)
        if not path.is_file():
            raise StorageError(f"fileID: no such file: {file_id}")
        expires = int(time.time()) + int(max_age)
        return (f"{self.base_url}{URL_PREFIX}{quote(clean)}?expires={expires}"
                f"&sign={self._sign(clean, expires)}")

    def verify(self, cloud_path: str, expires: str, sign: str) -> Path:
        """The file a temporary URL names, if the URL is genuine and not expired."""
        clean = self._clean(cloud_path)
        try:
            exp = int(expires)
        except (TypeError, ValueError):
            raise StorageError("bad expires") from None
        if exp < time.time():
            raise StorageError("the URL has expired")
        if not hmac.compare_digest(self._sign(clean, exp), str(sign)):
            raise StorageError("bad signature")
        path = self.root / clean
        if not path.is_file():
            raise StorageError("no such file")
        return path
