"""The simulator's Cloud panel: what the app's local cloud holds, and edits to it.

``snapshot(container)`` is the ``sim cloud`` message (collections with counts and
permissions, the latest function invocations with logs and durations, stored files),
or None while the app has not used its cloud. ``command(container, msg)`` runs a panel
action (``cloudQuery``, ``cloudDocSet``, ``cloudDocRemove``, ``cloudInvoke``) in a
worker thread's time and returns the message to broadcast.
"""

from __future__ import annotations

import json
from typing import Any

from fanxing.bridge.cloud.apis import caller_of
from fanxing.bridge.cloud.cloud import CLOUD_ERRORS
from fanxing.bridge.cloud.database.query import parse_where
from fanxing.runtime.container import Container

HISTORY = 30
PREVIEW = 2000  # characters of an event/result kept for the panel


def _short(value: Any) -> Any:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return value if len(text) <= PREVIEW else text[:PREVIEW] + "…"


def snapshot(c: Container) -> dict[str, Any] | None:
    if not c.bridge.has_cloud:
        return None
    cloud = c.bridge.cloud
    db = cloud.db
    collections = [{"name": n, "count": db.count(n), "acl": db.acl(n)[0]}
                   for n in db.collections()]
    invocations = []
    for inv in list(cloud.functions.history)[-HISTORY:]:
        row = inv.as_json()
        row["event"], row["value"] = _short(row["event"]), _short(row["value"])
        invocations.append(row)
    return {"collections": collections, "invocations": invocations[::-1],
            "files": cloud.storage.files(), "functions": cloud.functions.names()}


def command(c: Container, msg: dict[str, Any]) -> dict[str, Any]:
    """Run a Cloud panel action; returns ``{ok, action, …}`` (errors as ``error``)."""
    cloud = c.bridge.cloud
    action = msg.get("action")
    coll = str(msg.get("collection") or "")
    try:
        if action == "cloudQuery":
            where = msg.get("where") or {}
            if isinstance(where, str):
                where = json.loads(where) if where.strip() else {}
            docs = cloud.db.find(coll, parse_where(where), limit=int(msg.get("limit") or 50))
            return {"ok": True, "action": action, "collection": coll, "docs": docs}
        if action == "cloudDocSet":
            doc = msg.get("doc")
            if not isinstance(doc, dict):
                raise ValueError("the document must be a JSON object")
            cloud.db.set(coll, str(msg.get("id")), {k: v for k, v in doc.items() if k != "_id"})
            return {"ok": True, "action": action, "collection": coll}
        if action == "cloudDocRemove":
            cloud.db.remove(coll, parse_where({"_id": str(msg.get("id"))}))
            return {"ok": True, "action": action, "collection": coll}
        if action == "cloudInvoke":
            data = msg.get("data") or {}
            if isinstance(data, str):
                data = json.loads(data) if data.strip() else {}
            inv = cloud.call_function(str(msg.get("name")), data, caller_of(c.bridge))
            return {"ok": True, "action": action, "result": _short(inv.value),
                    "durationMs": round(inv.duration_ms, 1)}
    except (*CLOUD_ERRORS, ValueError) as e:
        return {"ok": False, "action": action, "error": str(e)}
    return {"ok": False, "action": action, "error": f"unknown cloud action {action!r}"}
