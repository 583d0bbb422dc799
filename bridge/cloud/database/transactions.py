"""Transactions of cloud functions (``db.runTransaction`` / ``startTransaction``).

Optimistic: a transaction's writes are buffered (its own reads see them) and applied
together in one SQL transaction at commit, after checking that no document it read has
changed since (its ``rev``); a conflict fails the commit and writes nothing. Only
document operations are allowed inside, as both platforms require.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from typing import Any

from .query import QueryError, apply_update, new_document
from .store import Database, DocumentNotFound

ALLOWED = ("doc.get", "doc.set", "doc.update", "doc.remove", "add")
Runner = Callable[[dict[str, Any]], dict[str, Any]]  # runs one admin request


class Transactions:
    """The open transactions of one cloud."""

    def __init__(self, db: Database, run: Runner) -> None:
        self.db, self.run = db, run
        self._open: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def start(self) -> str:
        tid = secrets.token_hex(8)
        with self._lock:
            self._open[tid] = {"writes": [], "reads": {}}
        return tid

    def _get(self, tid: str) -> dict[str, Any]:
        with self._lock:
            txn = self._open.get(tid)
        if txn is None:
            raise QueryError("transaction: unknown or finished transaction")
        return txn

    def finish(self, tid: str, commit: bool) -> None:
        with self._lock:
            txn = self._open.pop(tid, None)
        if txn is None:
            raise QueryError("transaction: unknown or finished transaction")
        if not commit:
            return
        with self.db.backend.transaction():
            for (coll, doc_id), rev in txn["reads"].items():
                if self.db.revision(coll, doc_id, lock=True) != rev:
                    raise QueryError(f"transaction conflict: {coll}/{doc_id} changed since the "
                                     "transaction read it; nothing was written")
            for w in txn["writes"]:
                self.run(w)

    def op(self, tid: str, req: dict[str, Any]) -> dict[str, Any]:
        txn = self._get(tid)
        plain = {k: v for k, v in req.items() if k != "txn"}
        op = plain.get("op")
        if op not in ALLOWED:
            raise QueryError(f"transaction: {op} is not allowed in a transaction "
                             "(use doc().get/set/update/remove)")
        coll, doc_id = str(plain.get("collection")), str(plain.get("doc"))
        if op == "doc.get":
            return {"data": self._read(txn, coll, doc_id)}
        if op in ("doc.set", "add"):  # validate now: a bad write fails here, not at commit
            new_document(plain.get("data"))
        with self._lock:
            txn["writes"].append(plain)
        if op == "doc.set":
            return {"_id": plain.get("doc"), "stats": {"updated": 1}}
        if op == "doc.update":
            return {"stats": {"updated": 1}}
        if op == "doc.remove":
            return {"stats": {"removed": 1}}
        return {"_id": None}

    def _read(self, txn: dict[str, Any], coll: str, doc_id: str) -> dict[str, Any]:
        key = (coll, doc_id)
        if key not in txn["reads"]:
            txn["reads"][key] = self.db.revision(coll, doc_id)
        doc = self.db.get(coll, doc_id)
        for w in txn["writes"]:  # the transaction's own writes, applied to a copy
            if w.get("collection") != coll or str(w.get("doc")) != doc_id:
                continue
            if w["op"] == "doc.set":
                doc = {**new_document(w.get("data")), "_id": doc_id}
            elif w["op"] == "doc.update" and doc is not None:
                doc = apply_update(doc, w.get("data"))
            elif w["op"] == "doc.remove":
                doc = None
        if doc is None:
            raise DocumentNotFound(f"document.get: document with _id {doc_id} does not exist")
        return doc
