"""Who may read and write a collection from the mini-program (functions are admin).

Presets, as both consoles name them: ``PRIVATE`` (only the creator reads and writes; the
default), ``READONLY`` (everyone reads, the creator writes), ``ADMINWRITE`` (everyone
reads, only functions write), ``ADMINONLY`` (only functions) and ``CUSTOM`` with rules
``{"read": expr, "write": expr}``. A rule expression is ``true``, ``false``,
``auth != null``, ``doc.<field> == auth.openid`` or ``doc.<field> == <literal>``,
joined with ``&&`` / ``||``. A read or write then applies to the documents the rule
allows (the rule is added to the query), and ``add`` needs the write rule to hold for
the new document.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .query import Cmp, Filter, Logic, QueryError, matches, split_path

PRESETS = ("PRIVATE", "READONLY", "ADMINWRITE", "ADMINONLY", "CUSTOM")
ALLOW, DENY = Logic("and", ()), Logic("or", ())


class PermissionDenied(QueryError):
    """A mini-program read or write the collection's permission does not allow."""


_TOKEN = re.compile(r"""\s*(&&|\|\||==|!=|\(|\)|'[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|[A-Za-z_][\w.]*)""")


def _tokens(expr: str) -> list[str]:
    out, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise QueryError(f"permission rule: cannot read {expr[pos:]!r}")
        out.append(m.group(1))
        pos = m.end()
    return out


def rule_filter(expr: Any, openid: str | None) -> Filter:
    """A custom rule as a filter over documents for this caller."""
    if isinstance(expr, bool):
        return ALLOW if expr else DENY
    if not isinstance(expr, str):
        raise QueryError("permission rule: expected a string or boolean")
    toks = _tokens(expr)
    pos = 0

    def peek() -> str | None:
        return toks[pos] if pos < len(toks) else None

    def take() -> str:
        nonlocal pos
        if pos >= len(toks):
            raise QueryError(f"permission rule {expr!r}: unexpected end")
        pos += 1
        return toks[pos - 1]

    def operand(t: str) -> tuple[str, Any]:
        if t == "auth.openid":
            return "value", openid
        if t in ("null", "true", "false"):
            return "value", {"null": None, "true": True, "false": False}[t]
        if t[0] in "'\"":
            return "value", t[1:-1]
        if re.fullmatch(r"-?\d+(\.\d+)?", t):
            return "value", float(t) if "." in t else int(t)
        if t.startswith("doc."):
            return "field", split_path(t[4:], "permission rule")
        if t == "auth":
            return "value", {"openid": openid} if openid else None
        raise QueryError(f"permission rule {expr!r}: unknown name {t!r}")

    def atom() -> Filter:
        t = take()
        if t == "(":
            f = disj()
            if take() != ")":
                raise QueryError(f"permission rule {expr!r}: missing )")
            return f
        if t in ("true", "false") and peek() not in ("==", "!="):
            return ALLOW if t == "true" else DENY
        left = operand(t)
        op = take()
        if op not in ("==", "!="):
            raise QueryError(f"permission rule {expr!r}: expected == or !=")
        right = operand(take())
        if left[0] == "field" and right[0] == "field":
            raise QueryError(f"permission rule {expr!r}: compare a field with a value")
        if left[0] == "value" and right[0] == "value":
            return ALLOW if (left[1] == right[1]) == (op == "==") else DENY
        path, value = (left[1], right[1]) if left[0] == "field" else (right[1], left[1])
        if value is None and path and op == "==":
            return Cmp(path, "eq", None)
        return Cmp(path, "eq" if op == "==" else "neq", value)

    def conj() -> Filter:
        items = [atom()]
        while peek() == "&&":
            take()
            items.append(atom())
        return items[0] if len(items) == 1 else Logic("and", tuple(items))

    def disj() -> Filter:
        items = [conj()]
        while peek() == "||":
            take()
            items.append(conj())
        return items[0] if len(items) == 1 else Logic("or", tuple(items))

    f = disj()
    if pos != len(toks):
        raise QueryError(f"permission rule {expr!r}: unexpected {toks[pos]!r}")
    return f


def access_filter(acl: str, rules: Any, mode: str, openid: str | None) -> Filter:
    """The documents a mini-program caller may ``read`` or ``write`` (``DENY`` = none)."""
    mine = Cmp(("_openid",), "eq", openid) if openid else DENY
    if acl == "PRIVATE":
        return mine
    if acl == "READONLY":
        return ALLOW if mode == "read" else mine
    if acl == "ADMINWRITE":
        return ALLOW if mode == "read" else DENY
    if acl == "ADMINONLY":
        return DENY
    if acl == "CUSTOM":
        if isinstance(rules, str):
            rules = json.loads(rules)
        if not isinstance(rules, dict):
            raise QueryError('permission: CUSTOM rules must be {"read": …, "write": …}')
        rule = rules.get(mode, False)
        return rule_filter(rule, openid)
    raise QueryError(f"permission: unknown preset {acl!r} (one of {', '.join(PRESETS)})")


def denies_all(f: Filter) -> bool:
    return isinstance(f, Logic) and f.op == "or" and not f.items


def may_create(acl: str, rules: Any, doc: dict[str, Any], openid: str | None) -> bool:
    f = access_filter(acl, rules, "write", openid)
    return not denies_all(f) and matches(doc, f)
