"""Storage: key/value data persisted per (profile, app, user), with the platforms' quotas.

Values are JSON. Size of an entry = UTF-8 bytes of the key + of the value's compact
JSON text (the same measure bridge/js/api.js uses for the ``*Sync`` calls).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from .context import ApiContext
from .errors import UNKNOWN, ApiError
from .jsonstore import Reporter, read_json, safe_name
from .registry import Registry
from .storage_db import StorageDb, StorageDbError, remove_orphan_temps, retire_legacy

KEY_TOO_BIG = 14  # Alipay: data长度超限
TOTAL_TOO_BIG = 12  # Alipay: 存储总大小达到上限


def json_text(value: Any) -> str:
    """Compact JSON, as JS ``JSON.stringify`` writes it (the mirror holds these texts)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def entry_size(key: str, value: Any) -> int:
    """Bytes an entry counts against the quota."""
    return len(key.encode("utf-8")) + len(json_text(value).encode("utf-8"))


class StorageStore:
    """The storage of one (profile, app, user): entries in memory (the JS mirror needs
    them all), each write persisted to its own row of a SQLite database
    (``bridge/storage_db.py``) before memory changes."""

    def __init__(self, data_dir: Path, profile: str, app_id: str, user: str, *,
                 key_limit: int = 200 * 1024, total_limit: int = 10 * 1024 * 1024,
                 report: Reporter | None = None) -> None:
        folder = Path(data_dir) / "storage" / safe_name(profile) / safe_name(app_id)
        self.path = folder / f"{safe_name(user)}.sqlite"
        self.key_limit = key_limit
        self.total_limit = total_limit
        self._db = StorageDb(self.path, report)
        legacy = folder / f"{safe_name(user)}.json"  # the store before SQLite
        remove_orphan_temps(legacy)
        if not self._db.exists() and legacy.exists():
            items = read_json(legacy, {}, report)
            if items:
                self._db.write_many([(k, json_text(v), entry_size(k, v)) for k, v in items.items()])
            retire_legacy(legacy)
        rows = self._db.load()
        self._items: dict[str, Any] = {k: json.loads(text) for k, text, _ in rows}
        self._sizes = {k: size for k, _, size in rows}

    @property
    def items(self) -> dict[str, Any]:
        """A copy of all entries."""
        return dict(self._items)

    def mirror(self) -> dict[str, str]:
        """The entries as JSON texts: the ``storage`` of ``Bridge.sync_state()``."""
        return {k: json_text(v) for k, v in self._items.items()}

    def get(self, key: str) -> tuple[bool, Any]:
        """``(found, value)``."""
        return (key in self._items, self._items.get(key))

    def set(self, key: str, value: Any) -> None:
        text = json_text(value)
        size = len(key.encode("utf-8")) + len(text.encode("utf-8"))
        if size > self.key_limit:
            raise ApiError(f"data length exceeds the {self.key_limit // 1024}KB limit of one key",
                           code=KEY_TOO_BIG, wx="exceed storage item max length")
        total = self.used_bytes() - self._sizes.get(key, 0) + size
        if total > self.total_limit:
            raise ApiError(
                f"total storage size exceeds {self.total_limit // (1024 * 1024)}MB",
                code=TOTAL_TOO_BIG,
                wx=f"exceed storage max size {self.total_limit // (1024 * 1024)}Mb")
        self._write(self._db.put, key, text, size)
        self._items[key] = json.loads(text)  # a copy, as JSON would read it back
        self._sizes[key] = size

    def remove(self, key: str) -> None:
        if key in self._items:
            self._write(self._db.delete, key)
            del self._items[key]
            self._sizes.pop(key, None)

    def clear(self) -> None:
        self._write(self._db.clear)
        self._items = {}
        self._sizes = {}

    def used_bytes(self) -> int:
        return sum(self._sizes.values())

    def info(self) -> dict[str, Any]:
        """``{keys, currentSize, limitSize}`` in KB, as both platforms report it."""
        return {"keys": list(self._items), "currentSize": math.ceil(self.used_bytes() / 1024),
                "limitSize": self.total_limit // 1024}

    def close(self) -> None:
        """Close the database (it reopens on the next write)."""
        self._db.close()

    @staticmethod
    def _write(fn: Any, *args: Any) -> None:
        # The database is written first; memory only changes once the write succeeded.
        try:
            fn(*args)
        except (StorageDbError, OSError) as e:
            text = getattr(e, "strerror", None) or str(e)
            raise ApiError(f"storage write failed: {text}", code=UNKNOWN,
                           wx=f"storage write failed: {text}") from None


# -- handlers ---------------------------------------------------------------------------

def _patch(ctx: ApiContext, storage: dict[str, str | None]) -> None:
    # Keeps the JS mirror right after writes that did not come from a *Sync call
    # (a JSON merge patch: a text replaces the entry, None deletes it).
    if ctx.spec.kind != "sync":
        ctx.bridge.notify_sync({"storage": storage})


def set_storage(ctx: ApiContext, args: dict[str, Any]) -> Any:
    ctx.bridge.storage.set(args["key"], args.get("data"))
    _patch(ctx, {args["key"]: json_text(args.get("data"))})
    return None


def get_storage(ctx: ApiContext, args: dict[str, Any]) -> Any:
    found, value = ctx.bridge.storage.get(args["key"])
    if ctx.wx:
        if ctx.spec.kind == "sync":
            return value if found else ""
        if not found:
            raise ApiError("data not found", wx="data not found")
    return {"data": value if found else None}


def remove_storage(ctx: ApiContext, args: dict[str, Any]) -> Any:
    ctx.bridge.storage.remove(args["key"])
    _patch(ctx, {args["key"]: None})
    return None


def clear_storage(ctx: ApiContext, args: dict[str, Any]) -> Any:
    keys = list(ctx.bridge.storage.items)
    ctx.bridge.storage.clear()
    _patch(ctx, dict.fromkeys(keys))
    return None


def storage_info(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return ctx.bridge.storage.info()


def register(reg: Registry) -> None:
    key = {"key": "string!"}
    set_schema = {"key": "string!", "data": "any!"}
    info_returns = ("keys", "currentSize", "limitSize")
    for sync in (False, True):
        sfx, kind = ("Sync", "sync") if sync else ("", "async")
        wx_pos = {"alipay": (), "wechat": ("key", "data")}
        for fam in ("alipay", "wechat"):
            pos = wx_pos[fam] if sync else ()
            reg.add(f"setStorage{sfx}", set_storage, family=fam, schema=set_schema, kind=kind,
                    positional=pos, mirror="storage.set" if sync else None)
            reg.add(f"getStorage{sfx}", get_storage, family=fam, schema=key, kind=kind,
                    positional=pos[:1], mirror="storage.get" if sync else None,
                    returns=("data",))
            reg.add(f"removeStorage{sfx}", remove_storage, family=fam, schema=key, kind=kind,
                    positional=pos[:1], mirror="storage.remove" if sync else None)
        reg.add(f"clearStorage{sfx}", clear_storage, kind=kind,
                mirror="storage.clear" if sync else None)
        reg.add(f"getStorageInfo{sfx}", storage_info, kind=kind, returns=info_returns,
                mirror="storage.info" if sync else None)
