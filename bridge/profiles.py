"""Host profiles: data files describing one host app (Alipay, Taobao, WeChat…).

A profile is JSON (see ``profiles/*.json`` and docs/bridge.md). A user profile may
``"extends": "alipay"`` (a builtin name or a path relative to the file) and override
any field; objects merge key by key, everything else replaces.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fanxing.compiler.diagnostics import did_you_mean

from .errors import ALIPAY, WECHAT

REQUIRED = ("name", "dialect", "namespaces", "client", "SDKVersion")


@dataclass(frozen=True)
class Profile:
    """A loaded, merged profile. ``data`` holds the whole JSON object."""

    data: dict[str, Any]

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def dialect(self) -> str:
        """``alipay`` (``my.*`` family, ``{error, errorMessage}``) or ``wechat``."""
        return self.data["dialect"]

    @property
    def base(self) -> str:
        """The base namespace: ``my`` or ``wx``."""
        return "wx" if self.dialect == WECHAT else "my"

    @property
    def namespaces(self) -> list[str]:
        """Namespaces present in JS (``["my", "my.tb"]``); absent ones are ``undefined``."""
        return list(self.data["namespaces"])

    @property
    def aliases(self) -> dict[str, str]:
        """Namespaces that mirror another one's APIs (DingTalk: ``{"dd": "my"}``)."""
        return dict(self.data.get("aliases", {}))

    @property
    def exclude(self) -> set[str]:
        """Full API names this host lacks (``my.tradePay``)."""
        return set(self.data.get("exclude", []))

    @property
    def payment(self) -> dict[str, Any] | None:
        return self.data.get("payment")

    @property
    def limits(self) -> dict[str, int]:
        return dict(self.data.get("limits", {}))

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@functools.cache
def namespace_hosts(dialect: str) -> dict[str, tuple[str, ...]]:
    """``{namespace: builtin profiles of `dialect` that have it}`` (``my.tg`` →
    ``("tmallgenie",)``), so an app that reaches for another host's namespace can be
    told which profile it needs."""
    out: dict[str, list[str]] = {}
    for name in builtin_profiles():
        p = load_profile(name)
        if p.dialect == dialect:
            for ns in p.namespaces:
                out.setdefault(ns, []).append(name)
    return {ns: tuple(names) for ns, names in out.items()}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def builtin_profiles() -> list[str]:
    """Names of the bundled profiles."""
    folder = resources.files("fanxing.bridge") / "profiles"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def is_file_reference(name_or_path: str | Path) -> bool:
    """Whether a ``--profile``/``--device`` value names a file rather than a builtin.

    A name is a name: ``alipay`` stays the builtin profile even when the current folder
    holds a folder or file called ``alipay`` (Taro/uni-app ``dist/alipay``). A file is
    named by a ``.json`` ending or a path with a folder part."""
    if isinstance(name_or_path, Path):
        return True
    return name_or_path.endswith(".json") or "/" in name_or_path or os.sep in name_or_path


def _read(name_or_path: str | Path, seen: tuple[str, ...]) -> dict[str, Any]:
    if is_file_reference(name_or_path):
        path = Path(name_or_path)
        if not path.is_file():
            raise ValueError(f"profile file not found: {path}")
        where, text, folder = str(path), path.read_text("utf-8"), path.parent
    else:
        res = resources.files("fanxing.bridge") / "profiles" / f"{name_or_path}.json"
        if not res.is_file():
            known = builtin_profiles()
            raise ValueError(f"unknown profile {name_or_path!r}"
                             f"{did_you_mean(name_or_path, known)} (builtin: "
                             f"{', '.join(known)}; or a profile file: my-host.json)")
        where, text, folder = f"<builtin {name_or_path}>", res.read_text("utf-8"), None
    if where in seen:
        raise ValueError(f"profile {where}: 'extends' loops back to itself")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{where}:{e.lineno}:{e.colno}: invalid JSON: {e.msg}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{where}: a profile must be a JSON object")
    parent = data.pop("extends", None)
    if parent:
        parent_ref = parent
        if folder is not None and (folder / parent).suffix == ".json":
            parent_ref = folder / parent
        data = _merge(_read(parent_ref, (*seen, where)), data)
    data.setdefault("_source", where)
    return data


def load_profile(name_or_path: str | Path | Profile) -> Profile:
    """A builtin profile by name (``"taobao"``) or a profile JSON file of your own."""
    if isinstance(name_or_path, Profile):
        return name_or_path
    data = _read(name_or_path, ())
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ValueError(f"profile {data.get('_source')}: missing {', '.join(missing)}")
    if data["dialect"] not in (ALIPAY, WECHAT):
        raise ValueError(
            f"profile {data['name']}: dialect must be 'alipay' or 'wechat', got {data['dialect']!r}"
        )
    return Profile(data)


def find_profile_files(folder: str | Path) -> list[Path]:
    """The profile files of your own in ``folder`` and its ``profiles/`` sub-folder: JSON
    objects with a ``dialect`` and ``namespaces``, or an ``extends`` (project files such
    as ``app.json`` or ``package.json`` are skipped)."""
    found = []
    for sub in (Path(folder), Path(folder) / "profiles"):
        for path in sorted(sub.glob("*.json")) if sub.is_dir() else ():
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(data, dict) and "name" in data and (
                    "extends" in data or {"dialect", "namespaces"} <= data.keys()):
                found.append(path)
    return found
