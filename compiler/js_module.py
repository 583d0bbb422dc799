"""The unit of the module table: one JavaScript (or SJS/WXS) module after compilation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class JsModule:
    """One module, ready for the runtime's ``require``.

    ``id`` is the path from the app root with its extension (``pages/index/index.js``,
    ``miniprogram_npm/foo/index.js``, ``utils/fmt.sjs``; inline WXS/SJS use
    ``file.wxml#name``). ``code`` is CommonJS (ES ``import``/``export`` rewritten) with the
    same line numbers as ``path``'s source, so error stacks point at the user's lines.
    ``deps`` maps every literal ``require()`` request in ``code`` to a module id.
    """

    id: str
    path: str
    code: str
    deps: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"id": self.id, "path": self.path, "code": self.code, "deps": self.deps}

    @classmethod
    def from_json(cls, obj: dict) -> JsModule:
        return cls(obj["id"], obj["path"], obj["code"], dict(obj.get("deps", {})))
