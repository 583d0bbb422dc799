"""Parameter schemas: validate the argument object of an API call.

A schema maps parameter names to a spec. A spec is a type string such as
``"string"``, ``"number|string"`` or ``"any"``, with a trailing ``!`` when the
parameter is required, or a dict ``{"type": ..., "required": bool, "enum": [...],
"default": ...}``. Failures raise ``ApiError`` naming the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import BAD_PARAM, ApiError

TYPES = ("string", "number", "boolean", "object", "array", "any", "null")


@dataclass(frozen=True)
class Param:
    """One parameter: accepted JS types, required flag, allowed values, default."""

    types: tuple[str, ...]
    required: bool = False
    enum: tuple[Any, ...] | None = None
    default: Any = field(default=None)

    @classmethod
    def parse(cls, spec: str | dict[str, Any] | Param) -> Param:
        if isinstance(spec, Param):
            return spec
        if isinstance(spec, str):
            required = spec.endswith("!")
            spec = {"type": spec.rstrip("!"), "required": required}
        types = tuple(t.strip() for t in str(spec.get("type", "any")).split("|"))
        for t in types:
            if t not in TYPES:
                raise ValueError(f"unknown parameter type {t!r} (known: {', '.join(TYPES)})")
        enum = spec.get("enum")
        return cls(types, bool(spec.get("required")), tuple(enum) if enum else None,
                   spec.get("default"))

    def to_json(self) -> dict[str, Any]:
        """The form bridge/js/api.js checks ``*Sync`` arguments and ``canIUse`` with."""
        out: dict[str, Any] = {"types": list(self.types), "required": self.required}
        if self.enum is not None:
            out["enum"] = list(self.enum)
        return out


def js_type(value: Any) -> str:
    """The JS type name WeChat uses in parameter errors (``String``, ``Undefined``…)."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Number"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    return "Object"


def _matches(value: Any, t: str) -> bool:
    return t == "any" or js_type(value).lower() == t


def compile_schema(schema: dict[str, Any] | None) -> dict[str, Param]:
    """Turn a user-written schema into ``{name: Param}``."""
    return {name: Param.parse(spec) for name, spec in (schema or {}).items()}


def validate(params: dict[str, Param], args: Any) -> dict[str, Any]:
    """Check ``args`` against ``params``; return a copy with defaults filled in.

    Unknown parameters pass through untouched (the platforms ignore them too).
    """
    if args is None:
        args = {}
    if not isinstance(args, dict):
        raise ApiError(
            f"parameter error: options should be Object instead of {js_type(args)}",
            code=BAD_PARAM,
            wx=f"parameter error: options should be Object instead of {js_type(args)};",
        )
    out = dict(args)
    for name, p in params.items():
        if name not in out or out[name] is None and "null" not in p.types:
            if p.required:
                _fail(name, p, "Undefined" if name not in out else "Null")
            if p.default is not None:
                out[name] = p.default
            continue
        value = out[name]
        if not any(_matches(value, t) for t in p.types):
            _fail(name, p, js_type(value))
        if p.enum is not None and value not in p.enum:
            allowed = ", ".join(repr(v) for v in p.enum)
            msg = f"parameter error: parameter.{name} should be one of {allowed}, got {value!r}"
            raise ApiError(msg, code=BAD_PARAM, wx=msg + ";")
    return out


def _fail(name: str, p: Param, got: str) -> None:
    want = " or ".join(t.capitalize() for t in p.types)
    msg = f"parameter error: parameter.{name} should be {want} instead of {got}"
    raise ApiError(msg, code=BAD_PARAM, wx=msg + ";")
