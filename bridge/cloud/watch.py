"""Realtime listeners: ``collection.where(…).watch({onChange, onError})``.

A watcher re-runs its query (under the collection's permission) after each committed
write to its collection made through this process's cloud, and sends the difference as
the host event ``cloudWatch {watchId, snapshot}`` (client.js calls ``onChange``). The
first snapshot is ``type: 'init'`` with every document; later ones list ``docChanges``
of ``dataType`` ``add`` / ``update`` / ``remove``, as WeChat's watch does.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..bridge import Bridge
    from .cloud import Cloud

MAX_WATCHERS = 20


class WatchHub:
    """The watchers of one bridge."""

    def __init__(self, bridge: Bridge, cloud: Cloud, caller: dict[str, Any]) -> None:
        self.bridge, self.cloud, self.caller = bridge, cloud, caller
        self.watchers: dict[str, dict[str, Any]] = {}
        self.loop = asyncio.get_running_loop()
        self._ids = 0
        cloud.db.listeners.append(self._changed)

    def _query(self, w: dict[str, Any]) -> dict[str, dict[str, Any]]:
        req = {**w["query"], "op": "get", "limit": w["query"].get("limit") or 20}
        docs = self.cloud.client_db(req, self.caller)["data"]
        return {d["_id"]: d for d in docs}

    def add(self, watch_id: str, query: dict[str, Any]) -> None:
        if len(self.watchers) >= MAX_WATCHERS:
            raise ValueError(f"watch: at most {MAX_WATCHERS} listeners per app")
        w = {"query": query, "docs": {}, "seq": 0}
        w["docs"] = self._query(w)  # raises for a bad query or no permission
        self.watchers[watch_id] = w
        self._emit(watch_id, w, [{"dataType": "init", "queueType": "init", "docId": k, "doc": d}
                                 for k, d in w["docs"].items()], "init")

    def remove(self, watch_id: str) -> None:
        self.watchers.pop(watch_id, None)

    def close(self) -> None:
        self.watchers.clear()
        with contextlib.suppress(ValueError):
            self.cloud.db.listeners.remove(self._changed)

    def _changed(self, collection: str) -> None:
        # Called in whichever thread wrote; the diff and the event happen on the bridge's loop.
        with contextlib.suppress(RuntimeError):  # the loop is gone: the app closed
            self.loop.call_soon_threadsafe(self._refresh, collection)

    def _refresh(self, collection: str) -> None:
        for wid, w in list(self.watchers.items()):
            if w["query"].get("collection") != collection:
                continue
            try:
                new = self._query(w)
            except Exception as e:  # the collection went away, permission changed
                self.bridge.emit("cloudWatch", {"watchId": wid, "error": {"errMsg": str(e)}})
                continue
            old = w["docs"]
            changes = [{"dataType": "add", "queueType": "enqueue", "docId": k, "doc": d}
                       for k, d in new.items() if k not in old]
            changes += [{"dataType": "update", "queueType": "update", "docId": k, "doc": d}
                        for k, d in new.items() if k in old and old[k] != d]
            changes += [{"dataType": "remove", "queueType": "dequeue", "docId": k, "doc": d}
                        for k, d in old.items() if k not in new]
            w["docs"] = new
            if changes:
                self._emit(wid, w, changes, None)

    def _emit(self, wid: str, w: dict[str, Any], changes: list[dict[str, Any]],
              kind: str | None) -> None:
        w["seq"] += 1
        snapshot: dict[str, Any] = {"id": w["seq"], "docChanges": changes,
                                    "docs": list(w["docs"].values())}
        if kind:
            snapshot["type"] = kind
        self.bridge.emit("cloudWatch", {"watchId": wid, "snapshot": snapshot})
