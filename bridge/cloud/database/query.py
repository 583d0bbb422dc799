"""The query model both SDKs speak, as JSON from ``database.js``.

A request names a collection and an operation; ``where`` is an object whose values are
plain values (equality; nested objects are flattened into dotted paths, as both
platforms do) or commands ``{"$cmd": name, "$args": [...]}`` (``db.command.gt(1)``...).
Dates travel as ``{"$date": ms}``. This module parses ``where`` into a small filter tree
(the SQL backends translate it), applies update operators and projections in Python,
and validates field names so nothing app-supplied reaches SQL except as a parameter.
"""

from __future__ import annotations

import copy
import re
import time
from dataclasses import dataclass
from typing import Any

CMD, ARGS, DATE = "$cmd", "$args", "$date"
COMPARE = ("eq", "neq", "gt", "gte", "lt", "lte")
FIELD_OPS = (*COMPARE, "in", "nin", "exists", "size", "all", "elemMatch", "regex", "mod")
UPDATE_OPS = ("set", "remove", "inc", "mul", "push", "pull", "pullAll", "addToSet", "pop",
              "shift", "unshift", "min", "max", "rename")
_BAD_KEY = re.compile(r"""[\x00-\x1f"'\\{},]""")
_DIGITS = re.compile(r"\d+")


class QueryError(ValueError):
    """A malformed query; the message names the parameter (``where.age``...)."""


# -- filter tree ---------------------------------------------------------------------

@dataclass(frozen=True)
class Cmp:
    """``path op value`` on one field (``path`` is a tuple of keys / array indexes)."""

    path: tuple[str, ...]
    op: str
    value: Any = None


@dataclass(frozen=True)
class Logic:
    """``and`` / ``or`` / ``nor`` of sub-filters, or ``not`` of one."""

    op: str
    items: tuple[Filter, ...]


Filter = Cmp | Logic
MATCH_ALL = Logic("and", ())


def is_cmd(v: Any) -> bool:
    return isinstance(v, dict) and CMD in v


def is_date(v: Any) -> bool:
    return isinstance(v, dict) and len(v) == 1 and DATE in v


def check_key(key: str, where: str) -> str:
    """A field name that is safe to place in a JSON path literal."""
    if not isinstance(key, str) or not key or key.startswith("$") or _BAD_KEY.search(key):
        raise QueryError(f"{where}: invalid field name {key!r}")
    return key


def split_path(path: str, where: str) -> tuple[str, ...]:
    if not isinstance(path, str) or not path:
        raise QueryError(f"{where}: invalid field path {path!r}")
    return tuple(check_key(k, where) for k in path.split("."))


def parse_where(where: Any, param: str = "where") -> Filter:
    """Parse a ``where`` argument (object or top-level logic command)."""
    if where is None:
        return MATCH_ALL
    if is_cmd(where):
        return _top_command(where, param)
    if not isinstance(where, dict):
        raise QueryError(f"{param}: expected an object, got {type(where).__name__}")
    items: list[Filter] = []
    _flatten(where, (), items, param)
    return items[0] if len(items) == 1 else Logic("and", tuple(items))


def _flatten(obj: dict[str, Any], prefix: tuple[str, ...], out: list[Filter], param: str) -> None:
    for key, value in obj.items():
        path = prefix + split_path(key, f"{param}.{key}")
        where = f"{param}.{'.'.join(path)}"
        if is_cmd(value):
            out.append(_field_command(path, value, where))
        elif isinstance(value, dict) and not is_date(value) and value:
            _flatten(value, path, out, param)
        else:
            out.append(Cmp(path, "eq", _plain(value, where)))


def _plain(value: Any, where: str) -> Any:
    """A literal value: JSON, with dates kept as ``{"$date": ms}``; no commands inside."""
    if is_cmd(value):
        raise QueryError(f"{where}: a command cannot appear inside a value")
    if isinstance(value, dict):
        return {k: _plain(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, where) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise QueryError(f"{where}: unsupported value {value!r}")


def _args(cmd: dict[str, Any], where: str) -> list[Any]:
    args = cmd.get(ARGS, [])
    if not isinstance(args, list):
        raise QueryError(f"{where}: malformed command")
    return args


def _top_command(cmd: dict[str, Any], param: str) -> Filter:
    name, args = cmd[CMD], _args(cmd, param)
    if name in ("and", "or", "nor"):
        subs = args[0] if len(args) == 1 and isinstance(args[0], list) else args
        return Logic(name, tuple(parse_where(s, f"{param}.{name}[{i}]")
                                 for i, s in enumerate(subs)))
    raise QueryError(f"{param}: command {name!r} needs a field (use where({{field: _.{name}(...)}}))")


def _field_command(path: tuple[str, ...], cmd: dict[str, Any], where: str) -> Filter:
    name, args = cmd[CMD], _args(cmd, where)
    if name in ("and", "or", "nor"):
        subs = args[0] if len(args) == 1 and isinstance(args[0], list) else args
        parsed = []
        for s in subs:
            if is_cmd(s):
                parsed.append(_field_command(path, s, where))
            else:
                parsed.append(Cmp(path, "eq", _plain(s, where)))
        return Logic(name, tuple(parsed))
    if name == "not":
        if len(args) != 1 or not is_cmd(args[0]):
            raise QueryError(f"{where}: _.not() takes one command")
        return Logic("not", (_field_command(path, args[0], where),))
    if name not in FIELD_OPS:
        raise QueryError(f"{where}: unknown query command {name!r}")
    if not args and name != "exists":
        raise QueryError(f"{where}: _.{name}() needs an argument")
    arg = args[0] if args else True
    if name in ("in", "nin", "all"):
        if not isinstance(arg, list):
            raise QueryError(f"{where}: _.{name}() takes an array")
        return Cmp(path, name, [_plain(v, where) for v in arg])
    if name == "exists":
        return Cmp(path, name, bool(arg))
    if name == "size":
        if not isinstance(arg, int) or isinstance(arg, bool):
            raise QueryError(f"{where}: _.size() takes an integer")
        return Cmp(path, name, arg)
    if name == "mod":
        if not (isinstance(arg, list) and len(arg) == 2 and all(_is_num(x) for x in arg)) or arg[0] == 0:
            raise QueryError(f"{where}: _.mod() takes [divisor, remainder]")
        return Cmp(path, name, arg)
    if name == "regex":
        if not isinstance(arg, dict) or not isinstance(arg.get("regexp"), str):
            raise QueryError(f"{where}: db.RegExp() needs a regexp string")
        opts = str(arg.get("options") or "")
        try:
            re.compile(arg["regexp"])
        except re.error as e:
            raise QueryError(f"{where}: invalid regexp: {e}") from None
        return Cmp(path, name, {"regexp": arg["regexp"], "options": opts})
    if name == "elemMatch":
        if is_cmd(arg):
            return Cmp(path, name, _field_command((), arg, where))
        return Cmp(path, name, parse_where(arg, where))
    value = _plain(arg, where)
    if name in ("gt", "gte", "lt", "lte") and not (_is_num(value) or isinstance(value, str)
                                                   or is_date(value)):
        raise QueryError(f"{where}: _.{name}() compares numbers, strings or dates")
    return Cmp(path, name, value)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# -- evaluating a filter in Python (watch, permissions, tests of the SQL) -------------

_MISSING = object()


def get_path(doc: Any, path: tuple[str, ...]) -> Any:
    cur = doc
    for key in path:
        if isinstance(cur, dict) and key in cur:
            cur = cur[key]
        elif isinstance(cur, list) and _DIGITS.fullmatch(key) and int(key) < len(cur):
            cur = cur[int(key)]
        else:
            return _MISSING
    return cur


def _values(doc: Any, path: tuple[str, ...]) -> list[Any]:
    """Values at ``path``, descending into arrays of objects as MongoDB does."""
    if not path:
        return [doc]
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return _values(doc[head], rest) if head in doc else []
    if isinstance(doc, list):
        if _DIGITS.fullmatch(head) and int(head) < len(doc):
            return _values(doc[int(head)], rest)
        return [v for item in doc if isinstance(item, dict) for v in _values(item, path)]
    return []


def _order_key(v: Any) -> tuple[int, Any]:
    if is_date(v):
        return (2, v[DATE])
    if _is_num(v):
        return (1, v)
    if isinstance(v, str):
        return (3, v)
    return (9, 0)


def _scalar_match(op: str, have: Any, want: Any) -> bool:
    if op == "eq":
        if isinstance(want, bool) or isinstance(have, bool):
            return have is want
        return have == want
    ka, kb = _order_key(have), _order_key(want)
    if ka[0] != kb[0] or ka[0] == 9:
        return False
    return {"gt": ka > kb, "gte": ka >= kb, "lt": ka < kb, "lte": ka <= kb}[op]


def matches(doc: dict[str, Any], f: Filter) -> bool:
    """Whether ``doc`` matches ``f`` (same semantics as the SQL translation)."""
    if isinstance(f, Logic):
        if f.op == "and":
            return all(matches(doc, s) for s in f.items)
        if f.op == "or":
            return any(matches(doc, s) for s in f.items)
        if f.op == "nor":
            return not any(matches(doc, s) for s in f.items)
        return not matches(doc, f.items[0])
    vals = _values(doc, f.path)
    candidates = vals + [e for v in vals if isinstance(v, list) for e in v]
    if f.op == "eq":
        if f.value is None:
            return not vals or any(v is None for v in candidates)
        return any(_scalar_match("eq", v, f.value) for v in candidates)
    if f.op == "neq":
        return not matches(doc, Cmp(f.path, "eq", f.value))
    if f.op in ("gt", "gte", "lt", "lte"):
        return any(_scalar_match(f.op, v, f.value) for v in candidates)
    if f.op == "in":
        return any(matches(doc, Cmp(f.path, "eq", x)) for x in f.value)
    if f.op == "nin":
        return not matches(doc, Cmp(f.path, "in", f.value))
    if f.op == "exists":
        return bool(vals) == f.value
    if f.op == "size":
        return any(isinstance(v, list) and len(v) == f.value for v in vals)
    if f.op == "all":
        return any(isinstance(v, list) and all(x in v for x in f.value) for v in vals)
    if f.op == "mod":
        d, r = f.value
        return any(_is_num(v) and v % d == r for v in candidates)
    if f.op == "regex":
        flags = re.I if "i" in f.value["options"] else 0
        flags |= re.M if "m" in f.value["options"] else 0
        flags |= re.S if "s" in f.value["options"] else 0
        rx = re.compile(f.value["regexp"], flags)
        return any(isinstance(v, str) and rx.search(v) for v in candidates)
    if f.op == "elemMatch":
        sub = f.value
        for v in vals:
            if isinstance(v, list):
                for e in v:
                    if isinstance(sub, Cmp) and not sub.path:
                        if matches({"v": e}, Cmp(("v",), sub.op, sub.value)):
                            return True
                    elif isinstance(e, dict) and matches(e, sub):
                        return True
        return False
    raise QueryError(f"unknown operator {f.op}")


# -- updates ---------------------------------------------------------------------------

def server_date(offset_ms: float = 0) -> dict[str, Any]:
    return {DATE: int(time.time() * 1000 + offset_ms)}


def resolve_values(value: Any, where: str) -> Any:
    """Turn ``serverDate`` commands into dates; reject other commands inside values."""
    if is_cmd(value):
        if value[CMD] == "serverDate":
            args = _args(value, where)
            offset = (args[0] or {}).get("offset", 0) if args and isinstance(args[0], dict) else 0
            return server_date(offset if _is_num(offset) else 0)
        raise QueryError(f"{where}: command _.{value[CMD]}() is not allowed here")
    if isinstance(value, dict):
        return {check_key(k, f"{where}.{k}") if not k.startswith("$date") else k:
                resolve_values(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_values(v, where) for v in value]
    return _plain(value, where)


def new_document(data: Any, param: str = "data") -> dict[str, Any]:
    if not isinstance(data, dict):
        raise QueryError(f"{param}: expected an object")
    return resolve_values(data, param)


def apply_update(doc: dict[str, Any], data: Any, param: str = "data") -> dict[str, Any]:
    """``doc`` after WeChat ``update`` semantics: nested objects merge, commands apply."""
    if not isinstance(data, dict):
        raise QueryError(f"{param}: expected an object")
    out = copy.deepcopy(doc)
    for path, value in _update_paths(data, (), param):
        if path[0] == "_id":
            raise QueryError(f"{param}._id: _id cannot be updated")
        where = f"{param}.{'.'.join(path)}"
        if is_cmd(value) and value[CMD] != "serverDate":
            _apply_command(out, path, value, where)
        else:
            _set(out, path, resolve_values(value, where))
    return out


def _update_paths(data: dict[str, Any], prefix: tuple[str, ...], param: str):
    for key, value in data.items():
        path = prefix + split_path(key, f"{param}.{key}")
        if isinstance(value, dict) and not is_cmd(value) and not is_date(value) and value:
            yield from _update_paths(value, path, param)
        else:
            yield path, value


def _parent(doc: dict[str, Any], path: tuple[str, ...], create: bool) -> Any:
    cur: Any = doc
    for key in path[:-1]:
        if isinstance(cur, list) and _DIGITS.fullmatch(key) and int(key) < len(cur):
            cur = cur[int(key)]
            continue
        if not isinstance(cur, dict):
            return None
        if key not in cur or not isinstance(cur[key], (dict, list)):
            if not create:
                return None
            cur[key] = {}
        cur = cur[key]
    return cur


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    parent = _parent(doc, path, True)
    key = path[-1]
    if isinstance(parent, list) and _DIGITS.fullmatch(key):
        i = int(key)
        parent.extend([None] * (i + 1 - len(parent)))
        parent[i] = value
    elif isinstance(parent, dict):
        parent[key] = value


def _apply_command(doc: dict[str, Any], path: tuple[str, ...], cmd: dict[str, Any],
                   where: str) -> None:
    name, args = cmd[CMD], _args(cmd, where)
    if name not in UPDATE_OPS:
        raise QueryError(f"{where}: unknown update command {name!r}")
    cur = get_path(doc, path)
    arg = resolve_values(args[0], where) if args else None
    if name == "set":
        _set(doc, path, arg)
    elif name == "remove":
        parent = _parent(doc, path, False)
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
    elif name in ("inc", "mul", "min", "max"):
        if not _is_num(arg):
            raise QueryError(f"{where}: _.{name}() takes a number")
        base = 0 if cur is _MISSING else cur
        if not _is_num(base):
            raise QueryError(f"{where}: _.{name}() on a field that is not a number")
        _set(doc, path, {"inc": lambda: base + arg, "mul": lambda: base * arg,
                         "min": lambda: arg if cur is _MISSING else min(base, arg),
                         "max": lambda: arg if cur is _MISSING else max(base, arg)}[name]())
    elif name == "rename":
        if not isinstance(arg, str):
            raise QueryError(f"{where}: _.rename() takes a field name")
        if cur is not _MISSING:
            _apply_command(doc, path, {CMD: "remove", ARGS: []}, where)
            _set(doc, split_path(arg, where), cur)
    else:
        _array_command(doc, path, name, arg, cur, where)


def _array_command(doc: dict[str, Any], path: tuple[str, ...], name: str, arg: Any, cur: Any,
                   where: str) -> None:
    if cur is _MISSING:
        cur = []
    if not isinstance(cur, list):
        raise QueryError(f"{where}: _.{name}() on a field that is not an array")
    items = arg.get("each") if isinstance(arg, dict) and "each" in arg else arg
    if name in ("push", "unshift", "addToSet", "pullAll") and not isinstance(items, list):
        items = [items]
    if name == "push":
        pos = arg.get("position") if isinstance(arg, dict) else None
        new = cur[:pos] + items + cur[pos:] if isinstance(pos, int) else cur + items
        if isinstance(arg, dict) and isinstance(arg.get("slice"), int):
            s = arg["slice"]
            new = new[:s] if s >= 0 else new[s:]
    elif name == "unshift":
        new = items + cur
    elif name == "addToSet":
        new = list(cur)
        for v in items:
            if v not in new:
                new.append(v)
    elif name == "pullAll":
        new = [v for v in cur if v not in items]
    elif name == "pull":
        if is_cmd(arg):
            sub = _field_command(("v",), arg, where)
            new = [v for v in cur if not matches({"v": v}, sub)]
        elif isinstance(arg, dict):
            sub = parse_where(arg, where)
            new = [v for v in cur if not (isinstance(v, dict) and matches(v, sub))]
        else:
            new = [v for v in cur if v != arg]
    elif name == "pop":
        new = cur[:-1]
    else:  # shift
        new = cur[1:]
    _set(doc, path, new)


# -- projection ----------------------------------------------------------------------

def project(doc: dict[str, Any], field: Any, param: str = "field") -> dict[str, Any]:
    """Apply ``.field({a: true, 'b.c': true})`` (or all-false exclusion)."""
    if not field:
        return doc
    if not isinstance(field, dict):
        raise QueryError(f"{param}: expected an object")
    include = {k for k, v in field.items() if v}
    exclude = {k for k, v in field.items() if not v}
    if include and exclude - {"_id"}:
        raise QueryError(f"{param}: cannot mix included and excluded fields")
    if include:
        out: dict[str, Any] = {} if "_id" in exclude else {"_id": doc.get("_id")}
        for key in include:
            path = split_path(key, f"{param}.{key}")
            value = get_path(doc, path)
            if value is not _MISSING:
                _set(out, path, copy.deepcopy(value))
        return out
    out = copy.deepcopy(doc)
    for key in exclude:
        _apply_command(out, split_path(key, f"{param}.{key}"), {CMD: "remove", ARGS: []}, param)
    return out


def array_paths(doc: Any, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Paths (through objects only) at which ``doc`` holds an array."""
    out: set[tuple[str, ...]] = set()
    if isinstance(doc, dict):
        for k, v in doc.items():
            if isinstance(v, list):
                out.add(prefix + (k,))
            elif isinstance(v, dict):
                out |= array_paths(v, prefix + (k,))
    return out
