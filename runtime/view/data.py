"""View data: apply the logic layer's setData ops to a page's or component's data.

Ops are ``["set", path, value]`` and ``["splice", path, start, deleteCount, items]``
(``docs/internals.md`` section 2). Paths use setData's grammar: ``a.b[2].c``; a
backslash escapes ``.``, ``[`` and ``\\`` inside a key (``'a\\.b'`` is the key
``a.b``). Missing containers are created (an object before ``.key``, an array before
``[n]``); ``[n]`` on an object is the key ``"n"``; writing past an array's end pads with
``null``, as JSON would show JavaScript's holes.
"""

from __future__ import annotations

from typing import Any

Segment = str | int


class DataPathError(ValueError):
    """A malformed data path or op."""


def parse_path(path: str) -> list[Segment]:
    """``'a.b[2].c'`` → ``['a', 'b', 2, 'c']``; raise ``DataPathError`` naming the offset."""
    if not isinstance(path, str) or not path:
        raise DataPathError(f"data path {path!r}: expected a non-empty string")
    out: list[Segment] = []
    key: list[str] = []
    have_key = False
    i, n = 0, len(path)
    while i < n:
        ch = path[i]
        if ch == "\\" and i + 1 < n:
            key.append(path[i + 1])
            have_key = True
            i += 2
            continue
        if ch == ".":
            if not have_key and (not out or path[i - 1] != "]"):
                raise DataPathError(f"data path {path!r}: empty key at offset {i}")
            if have_key:
                out.append("".join(key))
            key, have_key = [], False
            i += 1
            continue
        if ch == "[":
            if have_key:
                out.append("".join(key))
                key, have_key = [], False
            elif not out:
                raise DataPathError(f"data path {path!r}: index without a key at offset {i}")
            end = path.find("]", i)
            body = path[i + 1:end] if end > 0 else ""
            if end < 0 or not body.strip().isdigit():
                raise DataPathError(f"data path {path!r}: bad index at offset {i}")
            out.append(int(body))
            i = end + 1
            if i < n and path[i] not in ".[":
                raise DataPathError(f"data path {path!r}: expected '.' or '[' at offset {i}")
            continue
        key.append(ch)
        have_key = True
        i += 1
    if have_key:
        out.append("".join(key))
    elif path.endswith("."):
        raise DataPathError(f"data path {path!r}: empty key at the end")
    return out


def _child(container: Any, seg: Segment, next_seg: Segment) -> Any:
    """A fresh copy of the container at ``seg`` inside ``container`` (created if missing),
    stored back in ``container``: copy-on-write, so render trees built from the old data
    never see a later change."""
    if isinstance(container, list) and isinstance(seg, int):
        while len(container) <= seg:
            container.append(None)
        value = container[seg]
    else:
        seg = str(seg)
        value = container.get(seg)
    if isinstance(value, dict | list):
        value = value.copy()
    else:
        value = [] if isinstance(next_seg, int) else {}
    container[seg] = value
    return value


def _assign(container: Any, seg: Segment, value: Any) -> None:
    if isinstance(container, list) and isinstance(seg, int):
        while len(container) <= seg:
            container.append(None)
        container[seg] = value
    elif isinstance(container, list):
        raise DataPathError(f"cannot set key {seg!r} on an array")
    else:
        container[str(seg)] = value


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """``data[path] = value`` with setData's path rules (containers on the path are
    replaced by copies; ``data`` itself is changed in place)."""
    segs = parse_path(path)
    cur: Any = data
    for seg, nxt in zip(segs, segs[1:], strict=False):
        if isinstance(cur, list) and not isinstance(seg, int):
            raise DataPathError(f"data path {path!r}: key {seg!r} on an array")
        cur = _child(cur, seg, nxt)
    _assign(cur, segs[-1], value)


def get_path(data: dict[str, Any], path: str) -> Any:
    """The value at ``path`` or None."""
    cur: Any = data
    for seg in parse_path(path):
        if isinstance(cur, list) and isinstance(seg, int):
            cur = cur[seg] if seg < len(cur) else None
        elif isinstance(cur, dict):
            cur = cur.get(str(seg))
        else:
            return None
    return cur


def splice_path(data: dict[str, Any], path: str, start: int, delete_count: int,
                items: list[Any]) -> None:
    """``Array.prototype.splice`` on the array at ``path`` (created when missing)."""
    target = get_path(data, path)
    target = target.copy() if isinstance(target, list) else []
    set_path(data, path, target)
    length = len(target)
    begin = max(length + start, 0) if start < 0 else min(start, length)
    end = begin + max(0, min(delete_count, length - begin))
    target[begin:end] = items


def apply_ops(data: dict[str, Any], ops: list[list[Any]]) -> dict[str, Any]:
    """Data after the setData ops, as a new dict; ``data`` and every container reachable
    from it are left untouched. Raise ``DataPathError`` naming the bad op."""
    data = dict(data)
    for n, op in enumerate(ops):
        if not isinstance(op, list) or not op:
            raise DataPathError(f"setData op #{n}: expected a list, got {op!r}")
        kind = op[0]
        if kind == "set" and len(op) == 3:
            set_path(data, op[1], op[2])
        elif kind == "splice" and len(op) == 5:
            start, count, items = op[2], op[3], op[4]
            if not (isinstance(start, int) and isinstance(count, int) and isinstance(items, list)):
                raise DataPathError(f"setData op #{n}: splice needs int start, int count, list items")
            splice_path(data, op[1], start, count, items)
        else:
            raise DataPathError(f"setData op #{n}: unknown op {op!r}")
    return data
