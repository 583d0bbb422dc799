"""Cloud: one app's local cloud — functions, database, storage, open platform.

One ``Cloud`` per cloud folder (``<data_dir>/cloud/<app_id>``), shared by every bridge of
that app whatever the host profile ("one app, one cloud"); ``open_cloud`` hands out the
shared instance. ``client_db`` runs a mini-program's database request under the
collection's permissions; ``server_call`` answers what a function's SDK asks (as admin).
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..identity import IdentityService
from ..payment import Ledger, Order
from .database.permissions import (
    PermissionDenied,
    access_filter,
    denies_all,
    may_create,
)
from .database.query import (
    MATCH_ALL,
    QueryError,
    matches,
    new_document,
    parse_where,
)
from .database.sqlite_backend import SQLiteBackend
from .database.store import Database, DocumentNotFound, and_filters, parse_order
from .database.transactions import Transactions
from .functions.pool import FunctionError, FunctionPool, Invocation, Limits
from .openapi import OpenApiError, OpenPlatform, Trades
from .storage import Storage, StorageError

DATABASE_ENV = "FANXING_CLOUD_DATABASE"  # postgresql://… to share one database
CLIENT_LIMIT, SERVER_LIMIT, SERVER_MAX = 20, 100, 1000

#: Errors that are the caller's fault: reported as a failed call, never a traceback.
CLOUD_ERRORS = (QueryError, FunctionError, StorageError, OpenApiError)


def open_backend(url: str | None, folder: Path) -> Any:
    """SQLite in ``folder`` unless ``url`` (or ``$FANXING_CLOUD_DATABASE``) names PostgreSQL."""
    url = url or os.environ.get(DATABASE_ENV)
    if url and (url.startswith(("postgres://", "postgresql://")) or "dbname=" in url):
        from .database.postgres_backend import PostgresBackend
        return PostgresBackend(url)
    if url and url.startswith("sqlite:"):
        return SQLiteBackend(url[len("sqlite:"):])
    return SQLiteBackend(folder / "database.sqlite3")


class Cloud:
    """The local cloud of one app (see module docstring)."""

    def __init__(self, folder: str | Path, *, functions_root: Path | None = None,
                 env: str = "local", app_id: str = "", database_url: str | None = None,
                 limits: Limits | None = None, identity: IdentityService | None = None,
                 ledger: Ledger | None = None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.env = env
        self.app_id = app_id  # for callers made outside an app (CLI, server)
        self.db = Database(open_backend(database_url, self.folder))
        self.storage = Storage(self.folder / "files", env)
        self.functions = FunctionPool(functions_root, self.server_call, limits=limits, env_id=env)
        # Codes are issued by the bridges' identity services (one per host setup).
        self.identities: list[IdentityService] = [identity] if identity else []
        self.ledger = ledger
        self.openapi = OpenPlatform(Trades(self.folder / "trades.json"), self._notify)
        self.notifications: list[dict[str, Any]] = []
        self.transactions = Transactions(self.db, lambda req: self._db(req, {}, admin=True))

    # -- functions -------------------------------------------------------------------

    def call_function(self, name: str, data: Any, caller: dict[str, Any]) -> Invocation:
        """Invoke ``name`` for ``caller``; WeChat injects ``userInfo`` into the event."""
        event = dict(data) if isinstance(data, dict) else {"data": data}
        if caller.get("source") in ("wx_client", "alipay_client"):
            event["userInfo"] = {"appId": caller.get("appId"), "openId": caller.get("openId")}
        return self.functions.invoke(name, event, caller)

    def _notify(self, name: str, event: Any, caller: dict[str, Any]) -> None:
        try:
            inv = self.functions.invoke(name, event, caller)
            self.notifications.append({"function": name, "event": event, "ok": True,
                                       "result": inv.value})
        except FunctionError as e:  # kept for the panel and tests; the payment stands
            self.notifications.append({"function": name, "event": event, "ok": False,
                                       "error": str(e)})

    def payment_settled(self, order: Order, code: str) -> dict[str, Any] | None:
        """The ledger's hook: notify the trade's function (blocking)."""
        return self.openapi.settled(order, code)

    # -- database --------------------------------------------------------------------

    def client_db(self, req: dict[str, Any], caller: dict[str, Any]) -> dict[str, Any]:
        """A mini-program's request, limited by the collection's permission."""
        if req.get("op") == "createCollection" or req.get("txn"):
            raise PermissionDenied(f"{req.get('op')}: only cloud functions may do this")
        return self._db(req, caller, admin=False)

    def admin_db(self, req: dict[str, Any], caller: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._db(req, caller or {}, admin=True)

    def _db(self, req: dict[str, Any], caller: dict[str, Any], *, admin: bool) -> dict[str, Any]:
        op, coll = req.get("op"), req.get("collection")
        if op == "createCollection":
            created = self.db.create_collection(coll)
            return {"created": created}
        if op == "txn.start":
            return {"id": self.transactions.start()}
        if op in ("txn.commit", "txn.rollback"):
            self.transactions.finish(str(req.get("txn")), commit=op == "txn.commit")
            return {}
        if req.get("txn"):
            return self.transactions.op(str(req["txn"]), req)
        openid = caller.get("openId")
        acl, rules = ("ADMIN", None) if admin else self.db.acl(coll)

        def allowed(mode: str) -> Any:
            if admin:
                return MATCH_ALL
            f = access_filter(acl, rules, mode, openid)
            if denies_all(f):
                raise PermissionDenied(f"permission denied: {mode} of collection {coll!r} "
                                       f"({acl})")
            return f

        if op in ("get", "count", "update", "remove"):
            where = parse_where(req.get("where"))
            scope = allowed("read" if op in ("get", "count") else "write")
            f = and_filters(where, scope)
            if op == "get":
                limit = req.get("limit")
                cap = SERVER_MAX if admin else CLIENT_LIMIT
                limit = (SERVER_LIMIT if admin else CLIENT_LIMIT) if limit is None else limit
                if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
                    raise QueryError("limit: expected a non-negative integer")
                skip = req.get("skip") or 0
                if not isinstance(skip, int) or isinstance(skip, bool) or skip < 0:
                    raise QueryError("skip: expected a non-negative integer")
                docs = self.db.find(coll, f, order=parse_order(req.get("orderBy")), skip=skip,
                                    limit=min(limit, cap), field=req.get("field"))
                return {"data": docs}
            if op == "count":
                return {"total": self.db.count(coll, f)}
            if op == "update":
                return {"stats": {"updated": self.db.update(coll, f, req.get("data"))}}
            return {"stats": {"removed": self.db.remove(coll, f)}}
        doc_id = req.get("doc")
        if op == "add":
            owner = None if admin else openid
            if not admin:
                doc = {**new_document(req.get("data")), "_openid": openid}
                if not may_create(acl, rules, doc, openid):
                    raise PermissionDenied(f"permission denied: write to collection {coll!r} "
                                           f"({acl})")
            return {"_id": self.db.add(coll, req.get("data"), owner=owner)}
        if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool) or doc_id == "":
            raise QueryError(f"doc: invalid document id {doc_id!r}")
        by_id = parse_where({"_id": str(doc_id)})
        if op == "doc.get":
            docs = self.db.find(coll, and_filters(by_id, allowed("read")), limit=1,
                                field=req.get("field"))
            if not docs:
                raise DocumentNotFound(f"document.get: document with _id {doc_id} does not exist")
            return {"data": docs[0]}
        if op == "doc.update":
            n = self.db.update(coll, and_filters(by_id, allowed("write")), req.get("data"))
            return {"stats": {"updated": n}}
        if op == "doc.remove":
            return {"stats": {"removed": self.db.remove(coll, and_filters(by_id, allowed("write")))}}
        if op == "doc.set":
            if not admin:
                old = self.db.get(coll, str(doc_id))
                scope = allowed("write")
                if old is not None and not matches(old, scope):
                    raise PermissionDenied(f"permission denied: write of {coll}/{doc_id}")
                if old is None and not may_create(acl, rules, {**new_document(req.get("data")),
                                                               "_openid": openid}, openid):
                    raise PermissionDenied(f"permission denied: write to collection {coll!r}")
            updated, created = self.db.set(coll, str(doc_id), req.get("data"),
                                           owner=None if admin else openid)
            out: dict[str, Any] = {"_id": str(doc_id), "stats": {"updated": updated,
                                                                 "created": created}}
            if created:
                out["upsertedId"] = str(doc_id)
            return out
        raise QueryError(f"op: unknown database operation {op!r}")

    # -- what functions ask ----------------------------------------------------------

    def server_call(self, op: str, args: dict[str, Any], caller: dict[str, Any], rid: str) -> Any:
        """Answer an SDK call from a running function (admin rights, the caller's identity)."""
        if op == "db":
            return self.admin_db(args, caller)
        if op == "callFunction":
            inv = self.functions.invoke(str(args.get("name")), args.get("data") or {},
                                        {**caller, "source": "function"})
            return {"result": inv.value, "requestID": inv.request_id}
        if op == "storage.upload":
            data = base64.b64decode(str(args.get("base64") or ""))
            return {"fileID": self.storage.upload(args.get("cloudPath"), data), "statusCode": 200}
        if op == "storage.download":
            return {"base64": base64.b64encode(self.storage.download(args.get("fileID"))).decode()}
        if op == "storage.tempURL":
            return {"fileList": self.temp_urls(args.get("fileList"))}
        if op == "storage.delete":
            return {"fileList": self.delete_files(args.get("fileList"))}
        if op == "pay.unifiedOrder":
            return self.openapi.unified_order(args, caller, self._ledger())
        if op == "pay.queryOrder":
            return self.openapi.query(str(args.get("outTradeNo") or args.get("trade_no") or ""))
        if op in ("auth.code2Session", "openapi"):
            name = "auth.code2Session" if op == "auth.code2Session" else str(args.get("name"))
            params = args if op == "auth.code2Session" else (args.get("params") or {})
            return self.open_api(name, params, caller)
        raise QueryError(f"unknown cloud call {op!r}")

    def open_api(self, name: str, params: dict[str, Any], caller: dict[str, Any]) -> Any:
        if name == "alipay.trade.create":
            return self.openapi.alipay_trade_create(params, caller, self._ledger())
        if name == "alipay.trade.query":
            trade = params.get("trade_no") or params.get("out_trade_no")
            info = self.openapi.query(str(trade))
            return {"code": "10000", "msg": "Success", "trade_status": info["status"],
                    "out_trade_no": info["outTradeNo"], "total_amount": info.get("totalAmount")}
        if name in ("auth.code2Session", "auth.code2session"):
            who = self._exchange(params.get("js_code") or params.get("code"), caller, name)
            return {"openid": who["openId"], "session_key": secrets.token_hex(12),
                    "unionid": caller_union(who["userId"])}
        if name == "alipay.system.oauth.token":
            who = self._exchange(params.get("code"), caller, name)
            return {"user_id": who["userId"], "open_id": who["openId"],
                    "access_token": secrets.token_hex(16), "expires_in": 1296000}
        raise OpenApiError(f"openapi {name!r} is not available in the local cloud (available: "
                           "cloudPay.unifiedOrder, alipay.trade.create, alipay.trade.query, "
                           "auth.code2Session, alipay.system.oauth.token)")

    def _exchange(self, code: Any, caller: dict[str, Any], api: str) -> dict[str, Any]:
        services = self.identities or [IdentityService()]
        last: OpenApiError | None = None
        for identity in services:
            try:
                return self.openapi.code_to_user(identity, code, caller.get("appId"), api)
            except OpenApiError as e:
                last = e
        assert last is not None
        raise last

    def _ledger(self) -> Ledger:
        if self.ledger is None:
            raise OpenApiError("no payment ledger: run the function from an app or give the "
                               "cloud a ledger")
        return self.ledger

    # -- storage helpers -----------------------------------------------------------------

    def temp_urls(self, file_list: Any) -> list[dict[str, Any]]:
        if not isinstance(file_list, list):
            raise StorageError("fileList: expected an array")
        out = []
        for item in file_list:
            fid = item.get("fileID") if isinstance(item, dict) else item
            age = item.get("maxAge", 7200) if isinstance(item, dict) else 7200
            try:
                out.append({"fileID": fid, "tempFileURL": self.storage.temp_url(fid, int(age)),
                            "maxAge": age, "status": 0, "errMsg": "ok"})
            except StorageError as e:
                out.append({"fileID": fid, "tempFileURL": "", "status": -1, "errMsg": str(e)})
        return out

    def delete_files(self, file_list: Any) -> list[dict[str, Any]]:
        if not isinstance(file_list, list):
            raise StorageError("fileList: expected an array")
        out = []
        for fid in file_list:
            try:
                gone = self.storage.delete(fid)
                out.append({"fileID": fid, "status": 0 if gone else -1,
                            "errMsg": "ok" if gone else "file not found"})
            except StorageError as e:
                out.append({"fileID": fid, "status": -1, "errMsg": str(e)})
        return out

    def close(self) -> None:
        self.functions.close()
        self.db.close()


def caller_union(user: str) -> str:
    """The WeChat-style ``UNIONID`` of a host user (the same for every app)."""
    return "u" + hashlib.sha256(f"union\0{user}".encode()).hexdigest()[:27]


# -- one shared cloud per folder --------------------------------------------------------

_shared: dict[Path, tuple[Cloud, int]] = {}
_shared_lock = threading.Lock()


def open_cloud(folder: Path, factory: Callable[[], Cloud]) -> Cloud:
    """The process-wide cloud of ``folder`` (made by ``factory`` the first time); every
    ``open_cloud`` is paired with a ``close_cloud``, and the last one closes it."""
    key = Path(folder).resolve()
    with _shared_lock:
        cloud, users = _shared.get(key, (None, 0))
        if cloud is None:
            cloud = factory()
        _shared[key] = (cloud, users + 1)
        return cloud


def close_cloud(cloud: Cloud) -> None:
    """Release one ``open_cloud`` of ``cloud`` (its workers and database close with the last)."""
    with _shared_lock:
        for k, (v, users) in list(_shared.items()):
            if v is cloud:
                if users > 1:
                    _shared[k] = (v, users - 1)
                    return
                del _shared[k]
    cloud.close()
