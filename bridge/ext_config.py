"""Template-app configuration: ``getExtConfig`` / ``getExtConfigSync`` read the ``ext``
field of the app's ``ext.json`` (the file a third-party platform puts into each instance).

Alipay (opendocs.alipay.com/mini/api/getextconfig): the async call answers
``{data: ext, extConfig: ext}``, the sync one ``ext`` itself; a missing file or empty
``ext`` is error 20, ``extEnable: false`` error 21. WeChat answers ``{extConfig}`` /
``extConfig`` and an empty object when there is none.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .context import ApiContext
from .errors import ApiError
from .registry import Registry

if TYPE_CHECKING:
    from .bridge import Bridge

EXT_EMPTY = 20     # 模板配置为空
EXT_DISABLED = 21  # 已停用模板配置


def read_ext_config(bridge: Bridge) -> dict[str, Any] | None:
    """``{"enabled": bool, "ext": {...}}`` from the app's ``ext.json``, or None when it is
    missing or unreadable (the mirror the sync call answers from)."""
    root = bridge.package_dir
    if root is None:
        return None
    try:
        data = json.loads((root / "ext.json").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    ext = data.get("ext")
    return {"enabled": data.get("extEnable", True) is not False,
            "ext": ext if isinstance(ext, dict) else {}}


async def get_ext_config(ctx: ApiContext, args: dict[str, Any]) -> Any:
    found = read_ext_config(ctx.bridge)
    if ctx.wx:
        return {"extConfig": found["ext"] if found and found["enabled"] else {}}
    if found is None or not found["ext"]:
        raise ApiError("ext config is empty: no ext.json or no `ext` in it", code=EXT_EMPTY)
    if not found["enabled"]:
        raise ApiError("ext config is disabled: set extEnable to true in ext.json",
                       code=EXT_DISABLED)
    return {"data": found["ext"], "extConfig": found["ext"]}


def register(reg: Registry) -> None:
    reg.add("getExtConfig", get_ext_config, returns=("data", "extConfig"))
    reg.add("getExtConfigSync", None, kind="sync", mirror="extConfig")
