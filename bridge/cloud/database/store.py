"""The document database: collections of JSON documents over a SQL backend.

Every collection is a table ``(id, doc, rev)`` named from a catalog; documents carry
``_id`` (and ``_openid`` when a mini-program created them). Updates are read-modify-write
in one transaction with the operators of ``query.apply_update``, so both engines share
one implementation of them; filtering, ordering and paging run in SQL.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from .query import (
    MATCH_ALL,
    Filter,
    Logic,
    QueryError,
    apply_update,
    array_paths,
    new_document,
    parse_where,
    project,
    split_path,
)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$")
MAX_DOC_BYTES = 16 * 1024 * 1024
Listener = Callable[[str], None]


class Backend(Protocol):
    dialect: Any
    json_type: str
    json_param: str
    integer: str

    def rows(self, sql: str, params: Any = ...) -> list[tuple[Any, ...]]: ...
    def run(self, sql: str, params: Any = ...) -> int: ...
    def transaction(self) -> Any: ...
    def load(self, value: Any) -> Any: ...
    def describe(self) -> str: ...
    def close(self) -> None: ...


class DocumentNotFound(QueryError):
    """``doc(id).get()`` / ``update()`` of a document that does not exist."""


def new_id() -> str:
    return secrets.token_hex(16)


def check_collection(name: Any) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise QueryError(f"collection: invalid collection name {name!r} "
                         "(letters, digits, _ and -, up to 64, not starting with a digit)")
    return name


def _dump(doc: Any) -> str:
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if len(text) > MAX_DOC_BYTES:
        raise QueryError(f"data: document is larger than {MAX_DOC_BYTES // (1024 * 1024)} MB")
    return text


class Database:
    """Admin access to every collection (permissions are applied by ``permissions``)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.d = backend.dialect
        self._tables: dict[str, str] = {}
        self._lock = threading.RLock()
        self.listeners: list[Listener] = []  # fn(collection) after each committed write
        j, i = backend.json_type, backend.integer
        for ddl in (
            f"CREATE TABLE IF NOT EXISTS fx_collections (name TEXT PRIMARY KEY, tbl TEXT NOT NULL, "
            f"acl TEXT NOT NULL DEFAULT 'PRIVATE', rules {j})",
            "CREATE TABLE IF NOT EXISTS fx_array_paths (coll TEXT NOT NULL, path TEXT NOT NULL, "
            "PRIMARY KEY (coll, path))",
            f"CREATE TABLE IF NOT EXISTS fx_indexes (coll TEXT NOT NULL, name TEXT NOT NULL, "
            f"fields {j} NOT NULL, uniq {i} NOT NULL DEFAULT 0, PRIMARY KEY (coll, name))",
            f"CREATE TABLE IF NOT EXISTS fx_seq (k TEXT PRIMARY KEY, n {i} NOT NULL)",
        ):
            backend.run(ddl)

    # -- collections -------------------------------------------------------------

    def _table(self, name: str, create: bool = False) -> str | None:
        check_collection(name)
        with self._lock:
            if name in self._tables:
                return self._tables[name]
            ph = self.d.ph
            rows = self.backend.rows(f"SELECT tbl FROM fx_collections WHERE name = {ph}", [name])
            if rows:
                self._tables[name] = rows[0][0]
                return rows[0][0]
            if not create:
                return None
            with self.backend.transaction():
                self.backend.run("INSERT INTO fx_seq (k, n) VALUES ('coll', 1) "
                                 "ON CONFLICT (k) DO UPDATE SET n = fx_seq.n + 1")
                n = self.backend.rows("SELECT n FROM fx_seq WHERE k = 'coll'")[0][0]
                tbl = f"fx_c{int(n)}"
                self.backend.run(f"CREATE TABLE {tbl} (id TEXT PRIMARY KEY, "
                                 f"doc {self.backend.json_type} NOT NULL, "
                                 f"rev {self.backend.integer} NOT NULL DEFAULT 1)")
                self.backend.run(f"INSERT INTO fx_collections (name, tbl) VALUES ({ph}, {ph})",
                                 [name, tbl])
            self._tables[name] = tbl
            return tbl

    def create_collection(self, name: str) -> bool:
        """Create ``name``; False if it already existed."""
        existed = self._table(name) is not None
        self._table(name, create=True)
        return not existed

    def collections(self) -> list[str]:
        return [r[0] for r in self.backend.rows("SELECT name FROM fx_collections ORDER BY name")]

    def drop_collection(self, name: str) -> bool:
        tbl = self._table(name)
        if tbl is None:
            return False
        ph = self.d.ph
        with self.backend.transaction():
            self.backend.run(f"DROP TABLE {tbl}")
            for t in ("fx_collections", "fx_array_paths", "fx_indexes"):
                col = "name" if t == "fx_collections" else "coll"
                self.backend.run(f"DELETE FROM {t} WHERE {col} = {ph}", [name])
        with self._lock:
            self._tables.pop(name, None)
        self._changed(name)
        return True

    def reset(self) -> None:
        """Drop every collection."""
        for name in self.collections():
            self.drop_collection(name)

    def acl(self, name: str) -> tuple[str, Any]:
        """(preset, custom rules) of a collection: PRIVATE when never set."""
        rows = self.backend.rows(f"SELECT acl, rules FROM fx_collections WHERE name = {self.d.ph}",
                                 [check_collection(name)])
        if not rows:
            return "PRIVATE", None
        return rows[0][0], self.backend.load(rows[0][1]) if rows[0][1] is not None else None

    def set_acl(self, name: str, acl: str, rules: Any = None) -> None:
        self._table(name, create=True)
        ph = self.d.ph
        self.backend.run(f"UPDATE fx_collections SET acl = {ph}, rules = {self.backend.json_param} "
                         f"WHERE name = {ph}",
                         [acl, json.dumps(rules) if rules is not None else None, name])

    # -- indexes ---------------------------------------------------------------------

    def create_index(self, name: str, fields: Iterable[str], *, unique: bool = False) -> str:
        """Declare an index on one or more fields (``"price"``, ``"-price"`` for descending)."""
        tbl = self._table(name, create=True)
        cols, spec = [], []
        for f in fields:
            desc = f.startswith("-")
            path = split_path(f.lstrip("-"), f"index.{f}")
            cols.append(f"({self.d.index_expr(path)}){' DESC' if desc else ''}")
            spec.append(f)
        if not cols:
            raise QueryError("index: needs at least one field")
        iname = f"{tbl}_i{abs(hash(tuple(spec))) % 10**10}"
        with self.backend.transaction():
            self.backend.run(f"CREATE {'UNIQUE ' if unique else ''}INDEX IF NOT EXISTS {iname} "
                             f"ON {tbl} ({', '.join(cols)})")
            ph = self.d.ph
            self.backend.run(f"INSERT INTO fx_indexes (coll, name, fields, uniq) VALUES "
                             f"({ph}, {ph}, {self.backend.json_param}, {ph}) "
                             f"ON CONFLICT (coll, name) DO NOTHING",
                             [name, iname, json.dumps(spec), 1 if unique else 0])
        # Statistics for the new expression: without them PostgreSQL guesses 0.5% of the
        # rows match and walks the primary key for ORDER BY … LIMIT instead of the index.
        self.backend.run(f"ANALYZE {tbl}")
        return iname

    def indexes(self, name: str) -> list[dict[str, Any]]:
        rows = self.backend.rows(f"SELECT name, fields, uniq FROM fx_indexes WHERE coll = "
                                 f"{self.d.ph} ORDER BY name", [name])
        return [{"name": r[0], "fields": self.backend.load(r[1]), "unique": bool(r[2])}
                for r in rows]

    # -- reads ---------------------------------------------------------------------

    def _arrays(self, name: str) -> set[tuple[str, ...]]:
        rows = self.backend.rows(f"SELECT path FROM fx_array_paths WHERE coll = {self.d.ph}", [name])
        return {tuple(r[0].split(".")) for r in rows}

    def _where(self, name: str, f: Filter) -> tuple[str, list[Any]]:
        return self.d.translate(f, self._arrays(name))

    def find(self, name: str, where: Filter = MATCH_ALL, *, order: list[tuple[str, str]] = (),
             skip: int = 0, limit: int | None = None, field: Any = None) -> list[dict[str, Any]]:
        tbl = self._table(name)
        if tbl is None:
            return []
        sql, params = self._where(name, where)
        order_sql = []
        for path, direction in order:
            if direction not in ("asc", "desc"):
                raise QueryError(f"orderBy: direction must be 'asc' or 'desc', got {direction!r}")
            # Missing fields first going up, last going down, on both engines.
            nulls = "NULLS FIRST" if direction == "asc" else "NULLS LAST"
            order_sql.append(f"{self.d.order_expr(split_path(path, 'orderBy'))} "
                             f"{direction.upper()} {nulls}")
        order_sql.append("id ASC")
        text = f"SELECT doc FROM {tbl} WHERE {sql} ORDER BY {', '.join(order_sql)}"
        if limit is not None:
            text += f" LIMIT {int(limit)}"
        if skip:
            text += f"{'' if limit is not None else ' LIMIT -1' if self.d.name == 'sqlite' else ''}" \
                    f" OFFSET {int(skip)}"
        return [project(self.backend.load(r[0]), field) for r in self.backend.rows(text, params)]

    def count(self, name: str, where: Filter = MATCH_ALL) -> int:
        tbl = self._table(name)
        if tbl is None:
            return 0
        sql, params = self._where(name, where)
        return int(self.backend.rows(f"SELECT count(*) FROM {tbl} WHERE {sql}", params)[0][0])

    def get(self, name: str, doc_id: str) -> dict[str, Any] | None:
        tbl = self._table(name)
        if tbl is None:
            return None
        rows = self.backend.rows(f"SELECT doc FROM {tbl} WHERE id = {self.d.ph}", [str(doc_id)])
        return self.backend.load(rows[0][0]) if rows else None

    def revision(self, name: str, doc_id: str, *, lock: bool = False) -> int | None:
        """How often the document was written (None: it does not exist); ``lock`` holds
        the row until the surrounding transaction ends (PostgreSQL ``FOR UPDATE``)."""
        tbl = self._table(name)
        if tbl is None:
            return None
        tail = " FOR UPDATE" if lock and self.d.name == "postgres" else ""
        rows = self.backend.rows(f"SELECT rev FROM {tbl} WHERE id = {self.d.ph}{tail}",
                                 [str(doc_id)])
        return int(rows[0][0]) if rows else None

    # -- writes --------------------------------------------------------------------

    def _note_arrays(self, name: str, doc: dict[str, Any]) -> None:
        paths = array_paths(doc)
        if not paths:
            return
        ph = self.d.ph
        for p in paths:
            self.backend.run(f"INSERT INTO fx_array_paths (coll, path) VALUES ({ph}, {ph}) "
                             f"ON CONFLICT (coll, path) DO NOTHING", [name, ".".join(p)])

    def add(self, name: str, data: Any, *, owner: str | None = None) -> str:
        """Insert a document; returns its ``_id`` (generated unless ``data`` has one)."""
        doc = new_document(data)
        doc_id = str(doc.get("_id") or new_id())
        doc["_id"] = doc_id
        if owner is not None:
            doc["_openid"] = owner
        tbl = self._table(name, create=True)
        ph = self.d.ph
        with self.backend.transaction():
            if self.backend.rows(f"SELECT 1 FROM {tbl} WHERE id = {ph}", [doc_id]):
                raise QueryError(f"data._id: a document with _id {doc_id!r} already exists")
            self.backend.run(f"INSERT INTO {tbl} (id, doc) VALUES ({ph}, {self.backend.json_param})",
                             [doc_id, _dump(doc)])
            self._note_arrays(name, doc)
        self._changed(name)
        return doc_id

    def add_many(self, name: str, docs: Iterable[Any]) -> int:
        """Insert many documents in one transaction (import); returns how many."""
        tbl = self._table(name, create=True)
        ph, n = self.d.ph, 0
        with self.backend.transaction():
            seen: set[tuple[str, ...]] = set()
            for data in docs:
                doc = new_document(data)
                doc["_id"] = str(doc.get("_id") or new_id())
                self.backend.run(f"INSERT INTO {tbl} (id, doc) VALUES ({ph}, "
                                 f"{self.backend.json_param}) ON CONFLICT (id) DO UPDATE SET "
                                 f"doc = excluded.doc, rev = {tbl}.rev + 1",
                                 [doc["_id"], _dump(doc)])
                new = array_paths(doc) - seen
                if new:
                    self._note_arrays(name, {".".join(p): [] for p in new})
                    seen |= new
                n += 1
        self.backend.run(f"ANALYZE {tbl}")  # a bulk load changes the statistics
        self._changed(name)
        return n

    def _write(self, name: str, tbl: str, doc: dict[str, Any]) -> None:
        ph = self.d.ph
        self.backend.run(f"UPDATE {tbl} SET doc = {self.backend.json_param}, rev = rev + 1 "
                         f"WHERE id = {ph}", [_dump(doc), doc["_id"]])
        self._note_arrays(name, doc)

    def update(self, name: str, where: Filter, data: Any) -> int:
        """Apply update operators to every matching document; returns how many."""
        tbl = self._table(name)
        if tbl is None:
            return 0
        with self.backend.transaction():
            docs = self.find(name, where)
            for doc in docs:
                self._write(name, tbl, apply_update(doc, data))
        if docs:
            self._changed(name)
        return len(docs)

    def set(self, name: str, doc_id: str, data: Any, *, owner: str | None = None) -> tuple[int, int]:
        """Replace (or create) one document; returns (updated, created)."""
        doc = new_document(data)
        if "_id" in doc and str(doc["_id"]) != str(doc_id):
            raise QueryError("data._id: cannot change a document's _id")
        doc["_id"] = str(doc_id)
        tbl = self._table(name, create=True)
        with self.backend.transaction():
            old = self.get(name, doc_id)
            if old is None:
                if owner is not None:
                    doc["_openid"] = owner
                self.backend.run(f"INSERT INTO {tbl} (id, doc) VALUES ({self.d.ph}, "
                                 f"{self.backend.json_param})", [doc["_id"], _dump(doc)])
                self._note_arrays(name, doc)
            else:
                if "_openid" in old:
                    doc["_openid"] = old["_openid"]
                self._write(name, tbl, doc)
        self._changed(name)
        return (0, 1) if old is None else (1, 0)

    def remove(self, name: str, where: Filter) -> int:
        tbl = self._table(name)
        if tbl is None:
            return 0
        sql, params = self._where(name, where)
        with self.backend.transaction():
            n = self.backend.run(f"DELETE FROM {tbl} WHERE {sql}", params)
        if n:
            self._changed(name)
        return max(n, 0)

    # -- export / import -------------------------------------------------------------

    def export_lines(self, name: str) -> Iterator[str]:
        for doc in self.find(name):
            yield json.dumps(doc, ensure_ascii=False, separators=(",", ":"))

    def import_lines(self, name: str, lines: Iterable[str], source: str = "<input>") -> int:
        docs = []
        for no, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as e:
                raise QueryError(f"{source}:{no}:{e.colno}: not JSON: {e.msg}") from None
            if not isinstance(doc, dict):
                raise QueryError(f"{source}:{no}:1: each line must be a JSON object")
            docs.append(doc)
        return self.add_many(name, docs)

    # -- change listeners ------------------------------------------------------------

    def _changed(self, name: str) -> None:
        for fn in list(self.listeners):
            fn(name)

    def close(self) -> None:
        self.backend.close()


def parse_order(order: Any) -> list[tuple[str, str]]:
    if not order:
        return []
    if not isinstance(order, list) or not all(isinstance(o, list) and len(o) == 2 for o in order):
        raise QueryError("orderBy: expected [[field, 'asc'|'desc'], …]")
    return [(str(o[0]), str(o[1]).lower()) for o in order]


def and_filters(*fs: Filter) -> Filter:
    items = tuple(f for f in fs if not (isinstance(f, Logic) and f.op == "and" and not f.items))
    return items[0] if len(items) == 1 else Logic("and", items)


__all__ = ["Database", "DocumentNotFound", "QueryError", "and_filters", "check_collection",
           "parse_order", "parse_where"]
