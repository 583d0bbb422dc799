"""One translation of the filter tree to SQL, with the two engines' spellings.

Documents are JSON (SQLite ``TEXT`` read with ``json_extract``/``json_type``; PostgreSQL
``JSONB`` read with ``#>``/``jsonb_typeof``). Field paths are validated names rendered as
path literals (so an index declared on a field is the very expression the query uses);
every value is a bound parameter. MongoDB's array rules hold: ``{tags: 'x'}`` also
matches an array holding ``'x'``, and ``{'items.sku': 'x'}`` looks inside arrays of
objects; that branch is added only for paths the collection has ever held an array at,
so a plain equality on a scalar field stays a single indexable term.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .query import DATE, Cmp, Filter, Logic, is_date

_NUM = (int, float)


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if v is None:
        return "null"
    if isinstance(v, _NUM):
        return "num"
    if isinstance(v, str):
        return "str"
    if is_date(v):
        return "date"
    return "json"


def regex_pattern(value: dict[str, str]) -> str:
    """A JS-style regexp with its options as an inline-flag prefix (both engines read it)."""
    flags = "".join(f for f in "ims" if f in value["options"])
    return (f"(?{flags})" if flags else "") + value["regexp"]


@dataclass
class Scope:
    """Where paths are read from: the row's document, or an array element (``alias``)."""

    doc: str
    alias: str | None = None  # set for an element of json_each / jsonb_array_elements


@dataclass
class Sql:
    """Accumulates parameters while rendering."""

    dialect: Dialect
    arrays: set[tuple[str, ...]] = field(default_factory=set)
    params: list[Any] = field(default_factory=list)
    n: int = 0

    def p(self, value: Any) -> str:
        self.params.append(value)
        return self.dialect.ph

    def alias(self) -> str:
        self.n += 1
        return f"e{self.n}"


class Dialect:
    """What differs between the engines; ``translate`` is shared."""

    name = ""
    ph = "?"
    true, false = "TRUE", "FALSE"

    def x(self, s: Scope, path: tuple[str, ...]) -> str:  # value at path
        raise NotImplementedError

    def t(self, s: Scope, path: tuple[str, ...]) -> str:  # JSON type at path
        raise NotImplementedError

    def cond(self, q: Sql, op: str, value: Any, s: Scope, path: tuple[str, ...]) -> str:
        raise NotImplementedError

    def elements(self, q: Sql, s: Scope, path: tuple[str, ...]) -> tuple[str, Scope, str]:
        """(FROM clause, element scope, guard) over the array at ``path``."""
        raise NotImplementedError

    def object_guard(self, s: Scope) -> str:
        raise NotImplementedError

    def size(self, q: Sql, s: Scope, path: tuple[str, ...], n: int) -> str:
        raise NotImplementedError

    def mod(self, q: Sql, s: Scope, path: tuple[str, ...], d: float, r: float) -> str:
        raise NotImplementedError

    def regex(self, q: Sql, s: Scope, path: tuple[str, ...], pattern: str) -> str:
        raise NotImplementedError

    def order_expr(self, path: tuple[str, ...]) -> str:
        raise NotImplementedError

    def index_expr(self, path: tuple[str, ...]) -> str:
        return self.x(Scope("doc"), path)

    # -- shared -------------------------------------------------------------------

    def translate(self, f: Filter, arrays: set[tuple[str, ...]] | None = None) -> tuple[str, list[Any]]:
        q = Sql(self, set(arrays or ()))
        return self._filter(q, f, Scope("doc")), q.params

    def _filter(self, q: Sql, f: Filter, s: Scope) -> str:
        if isinstance(f, Logic):
            if f.op == "not":
                return f"NOT COALESCE({self._filter(q, f.items[0], s)}, {self.false})"
            if not f.items:
                return self.true if f.op == "and" else self.false
            joined = f" {'AND' if f.op == 'and' else 'OR'} ".join(
                f"({self._filter(q, i, s)})" for i in f.items)
            return f"NOT COALESCE(({joined}), {self.false})" if f.op == "nor" else joined
        return self._cmp(q, f, s)

    def _cmp(self, q: Sql, c: Cmp, s: Scope) -> str:
        if c.op == "neq":
            return f"NOT COALESCE(({self._cmp(q, Cmp(c.path, 'eq', c.value), s)}), {self.false})"
        if c.op == "nin":
            return f"NOT COALESCE(({self._cmp(q, Cmp(c.path, 'in', c.value), s)}), {self.false})"
        if c.op == "in":
            if not c.value:
                return self.false
            return " OR ".join(f"({self._cmp(q, Cmp(c.path, 'eq', v), s)})" for v in c.value)
        if c.op == "exists":
            known = f"{self.t(s, c.path)} IS NOT NULL"
            return known if c.value else f"NOT COALESCE({known}, {self.false})"
        if c.op == "all":
            if not c.value:
                return self.false
            return " AND ".join(f"({self._elem_any(q, s, c.path, 'eq', v)})" for v in c.value)
        if c.op == "size":
            return self.size(q, s, c.path, c.value)
        if c.op == "elemMatch":
            frm, es, guard = self.elements(q, s, c.path)
            sub = c.value
            if isinstance(sub, Cmp) and not sub.path:
                inner = self._scalar(q, sub.op, sub.value, es, ())
            else:
                inner = f"{self.object_guard(es)} AND ({self._filter(q, sub, Scope(es.doc))})"
            return f"{guard} AND EXISTS (SELECT 1 FROM {frm} WHERE {inner})"
        return self._traverse(q, c, s)

    def _traverse(self, q: Sql, c: Cmp, s: Scope) -> str:
        """A scalar operator on a path, with MongoDB's descent into known arrays."""
        direct = self._scalar(q, c.op, c.value, s, c.path)
        terms = [direct]
        if s.alias is None:
            if c.path in q.arrays:
                terms.append(self._elem_any(q, s, c.path, c.op, c.value))
            for k in range(1, len(c.path)):
                if c.path[:k] in q.arrays:
                    frm, es, guard = self.elements(q, s, c.path[:k])
                    rest = c.path[k:]
                    inner = self._scalar(q, c.op, c.value, Scope(es.doc), rest)
                    terms.append(f"{guard} AND EXISTS (SELECT 1 FROM {frm} WHERE "
                                 f"{self.object_guard(es)} AND ({inner}))")
                    break
        if len(terms) == 1:
            return direct
        return " OR ".join(f"({t})" for t in terms)

    def _elem_any(self, q: Sql, s: Scope, path: tuple[str, ...], op: str, value: Any) -> str:
        frm, es, guard = self.elements(q, s, path)
        return f"{guard} AND EXISTS (SELECT 1 FROM {frm} WHERE {self._scalar(q, op, value, es, ())})"

    def _scalar(self, q: Sql, op: str, value: Any, s: Scope, path: tuple[str, ...]) -> str:
        if op == "regex":
            return self.regex(q, s, path, regex_pattern(value))
        if op == "mod":
            return self.mod(q, s, path, value[0], value[1])
        return self.cond(q, op, value, s, path)


_SQL_OPS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


class SQLiteDialect(Dialect):
    """SQLite 3.38+: ``json_extract``/``json_type``/``json_each``."""

    name = "sqlite"
    ph = "?"

    @staticmethod
    def jpath(path: tuple[str, ...]) -> str:
        out = "$"
        for k in path:
            out += f"[{k}]" if k.isdigit() else f'."{k}"'
        return "'" + out + "'"

    def x(self, s: Scope, path: tuple[str, ...]) -> str:
        if s.alias and not path:
            return f"{s.alias}.value"
        return f"json_extract({s.doc}, {self.jpath(path)})"

    def t(self, s: Scope, path: tuple[str, ...]) -> str:
        if s.alias and not path:
            return f"{s.alias}.type"
        return f"json_type({s.doc}, {self.jpath(path)})"

    def cond(self, q: Sql, op: str, value: Any, s: Scope, path: tuple[str, ...]) -> str:
        kind, sop = _kind(value), _SQL_OPS[op]
        if kind == "date":
            dpath = (*path, DATE)
            return (f"{self.t(s, dpath)} IN ('integer','real') AND "
                    f"{self.x(s, dpath)} {sop} {q.p(value[DATE])}")
        x, t = self.x(s, path), self.t(s, path)
        # Equality needs no type guard where no other JSON type can extract to the same
        # SQL value: true/false extract to 1/0 and arrays/objects to text starting with
        # [ or {. Without the guard an index on the field answers alone (no JSON parse).
        if op == "eq" and kind == "num" and value not in (0, 1):
            return f"{x} = {q.p(value)}"
        if op == "eq" and kind == "str" and not value.startswith(("[", "{")):
            return f"{x} = {q.p(value)}"
        if kind == "num":
            return f"{t} IN ('integer','real') AND {x} {sop} {q.p(value)}"
        if kind == "str":
            return f"{t} = 'text' AND {x} {sop} {q.p(value)}"
        if kind == "bool":
            return f"{t} = '{'true' if value else 'false'}'"
        if kind == "null":
            return f"{t} = 'null'" if s.alias and not path else f"({t} IS NULL OR {t} = 'null')"
        return (f"{t} IN ('object','array') AND {x} = "
                f"json({q.p(json.dumps(value, separators=(',', ':'), ensure_ascii=False))})")

    def elements(self, q: Sql, s: Scope, path: tuple[str, ...]) -> tuple[str, Scope, str]:
        a = q.alias()
        src = s.doc if not (s.alias and not path) else f"{s.alias}.value"
        frm = f"json_each({src}, {self.jpath(path)}) AS {a}" if path else f"json_each({src}) AS {a}"
        return frm, Scope(f"{a}.value", a), f"{self.t(s, path)} = 'array'"

    def object_guard(self, s: Scope) -> str:
        return f"{s.alias}.type = 'object'"

    def size(self, q: Sql, s: Scope, path: tuple[str, ...], n: int) -> str:
        return (f"{self.t(s, path)} = 'array' AND "
                f"json_array_length({s.doc}, {self.jpath(path)}) = {q.p(n)}")

    def mod(self, q: Sql, s: Scope, path: tuple[str, ...], d: float, r: float) -> str:
        x = self.x(s, path)
        return (f"{self.t(s, path)} IN ('integer','real') AND "
                f"({x} - {q.p(d)} * CAST({x} / {q.p(d)} AS INTEGER)) = {q.p(r)}")

    def regex(self, q: Sql, s: Scope, path: tuple[str, ...], pattern: str) -> str:
        return f"{self.t(s, path)} = 'text' AND fx_regexp({q.p(pattern)}, {self.x(s, path)})"

    def order_expr(self, path: tuple[str, ...]) -> str:
        s = Scope("doc")
        return f"COALESCE({self.x(s, (*path, DATE))}, {self.x(s, path)})"


class PostgresDialect(Dialect):
    """PostgreSQL JSONB: ``#>``, ``jsonb_typeof``, ``jsonb_array_elements``."""

    name = "postgres"
    ph = "%s"

    @staticmethod
    def jpath(path: tuple[str, ...]) -> str:
        # Keys never hold quotes, backslashes or braces (query.check_key); % is doubled
        # because psycopg reads the query text for %s placeholders.
        inner = ",".join(f'"{k}"' for k in path).replace("%", "%%")
        return "'{" + inner + "}'"

    def x(self, s: Scope, path: tuple[str, ...]) -> str:
        if not path:
            return s.doc
        return f"({s.doc} #> {self.jpath(path)})"

    def t(self, s: Scope, path: tuple[str, ...]) -> str:
        return f"jsonb_typeof({self.x(s, path)})"

    def cond(self, q: Sql, op: str, value: Any, s: Scope, path: tuple[str, ...]) -> str:
        kind, sop = _kind(value), _SQL_OPS[op]
        if kind == "date":
            dpath = (*path, DATE)
            return (f"jsonb_typeof({self.x(s, dpath)}) = 'number' AND "
                    f"{self.x(s, dpath)} {sop} {q.p(json.dumps(value[DATE]))}::jsonb")
        x = self.x(s, path)
        if kind == "null":
            if op != "eq":
                return self.false
            return f"{x} = 'null'::jsonb" if s.alias and not path else \
                f"({x} IS NULL OR {x} = 'null'::jsonb)"
        lit = f"{q.p(json.dumps(value, separators=(',', ':'), ensure_ascii=False))}::jsonb"
        if op == "eq":
            return f"{x} = {lit}"
        jtype = {"num": "number", "str": "string"}.get(kind)
        if jtype is None:
            return self.false
        return f"jsonb_typeof({x}) = '{jtype}' AND {x} {sop} {lit}"

    def elements(self, q: Sql, s: Scope, path: tuple[str, ...]) -> tuple[str, Scope, str]:
        a = q.alias()
        x = self.x(s, path)
        frm = (f"jsonb_array_elements(CASE WHEN jsonb_typeof({x}) = 'array' THEN {x} "
               f"ELSE '[]'::jsonb END) AS {a}(v)")
        return frm, Scope(f"{a}.v", a), f"jsonb_typeof({x}) = 'array'"

    def object_guard(self, s: Scope) -> str:
        return f"jsonb_typeof({s.doc}) = 'object'"

    def size(self, q: Sql, s: Scope, path: tuple[str, ...], n: int) -> str:
        x = self.x(s, path)
        return (f"CASE WHEN jsonb_typeof({x}) = 'array' THEN jsonb_array_length({x}) = {q.p(n)} "
                f"ELSE FALSE END")

    def mod(self, q: Sql, s: Scope, path: tuple[str, ...], d: float, r: float) -> str:
        x = self.x(s, path)
        return (f"CASE WHEN jsonb_typeof({x}) = 'number' THEN "
                f"mod(({x} #>> '{{}}')::numeric, {q.p(d)}) = {q.p(r)} ELSE FALSE END")

    def regex(self, q: Sql, s: Scope, path: tuple[str, ...], pattern: str) -> str:
        x = self.x(s, path)
        return (f"CASE WHEN jsonb_typeof({x}) = 'string' THEN ({x} #>> '{{}}') ~ {q.p(pattern)} "
                f"ELSE FALSE END")

    def order_expr(self, path: tuple[str, ...]) -> str:
        s = Scope("doc")
        return f"COALESCE({self.x(s, (*path, DATE))}, {self.x(s, path)})"

