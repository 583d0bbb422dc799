"""Which host APIs an app's scripts call (``my.getLocation``, ``wx.request``,
``my.tb.openCart``), where, and whether each call is guarded by ``canIUse`` or a
feature test; checked against the profiles the app targets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from fanxing.bridge.availability import deprecated_apis, public_api_names
from fanxing.bridge.profiles import builtin_profiles, load_profile
from fanxing.compiler.build_output import CompiledApp
from fanxing.compiler.diagnostics import did_you_mean, line_col

from .findings import Finding, make

# Comments and string/template literals are blanked (same length, newlines kept) before
# looking for API uses, so `// wx.foo` or 'my.bar' never count.
_MASK = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|"
                   r"`(?:\\.|[^`\\])*`", re.S)
_USE = re.compile(r"(?<![\w$.])(my|wx|dd)\.([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?")
# Members that are not APIs of the table (properties, the cloud namespace, canIUse…).
_NOT_APIS = {"canIUse", "SDKVersion", "env", "cloud", "version", "call", "ap", "tb", "tg",
             "extJson", "getExtConfigSync", "getExtConfig", "qy", "serviceMarket"}


@dataclass(frozen=True)
class ApiUse:
    name: str  # full name: my.getLocation, my.tb.openCart
    short: str  # getLocation
    path: str
    line: int
    col: int
    guarded: bool  # set by api_findings from the app's feature tests


def _masked(text: str) -> str:
    return _MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _guards(text: str) -> set[str]:
    """Full API names and namespaces a file feature-tests anywhere: ``my.canIUse('x')``,
    ``my.canIUse('tb.x')``, ``typeof dd.x``, ``typeof my.tb``, ``if (wx.x)``, ``wx.x &&``.
    Apps often test once in a helper module, so a test anywhere guards every use."""
    out = {f"{m.group(1)}.{m.group(2)}" for m in
           re.finditer(r"(my|wx|dd)\.canIUse\(\s*['\"`]([\w.]+)", text)}
    out |= set(re.findall(r"typeof\s+((?:my|wx|dd)(?:\.[\w$]+)*)", text))
    out |= {m.group(1) for m in re.finditer(
        r"(?<![\w$.])((?:my|wx|dd)(?:\.[\w$]+)+)\s*(?:&&|\?(?!\.)|\|\||\)\s*\{)", text)}
    out |= set(re.findall(r"if\s*\(\s*!?\s*((?:my|wx|dd)(?:\.[\w$]+)*)\s*\)", text))
    return out


def api_uses(app: CompiledApp, namespaces: set[str]) -> list[ApiUse]:
    """Every host API call in the app's logic scripts (their source files)."""
    out, guards = [], set()
    for module in app.modules.values():
        path = module.path
        if not path or path.startswith(("miniprogram_npm/", "node_modules/")):
            continue
        try:
            text = (app.root / path).read_text("utf-8", errors="replace")
        except OSError:
            continue
        guards |= _guards(text)
        masked = _masked(text)
        for m in _USE.finditer(masked):
            ns, first, second = m.group(1), m.group(2), m.group(3)
            sub = f"{ns}.{first}"
            if second and sub in namespaces:
                ns, short = sub, second
            elif first in _NOT_APIS:
                continue
            else:
                short = first
            line, col = line_col(text, m.start())
            out.append(ApiUse(f"{ns}.{short}", short, path, line, col, False))
    return [replace(u, guarded=u.name in guards or u.name.rsplit(".", 1)[0] in guards)
            for u in out]


def api_findings(app: CompiledApp, targets: Iterable[str] | None = None) -> list[Finding]:
    """Deprecated, missing (without canIUse) and unknown APIs for the target profiles
    (default: every builtin profile of the app's dialect)."""
    all_profiles = [p for p in builtin_profiles() if load_profile(p).dialect == app.dialect]
    chosen = list(targets) if targets else all_profiles
    loaded = {str(t): load_profile(t) for t in chosen}
    offered = {name: set(public_api_names(p)) for name, p in loaded.items()}
    family: set[str] = set()
    deprecated: dict[str, dict[str, str]] = {}
    namespaces: set[str] = set()
    for p in [*(load_profile(n) for n in all_profiles), *loaded.values()]:
        family |= set(public_api_names(p))
        namespaces |= set(p.namespaces) | set(p.aliases)
    for name, p in loaded.items():
        for api, instead in deprecated_apis(p).items():
            deprecated.setdefault(api, {})[name] = instead
    found: list[Finding] = []
    for use in api_uses(app, namespaces):
        if use.name in deprecated:
            hosts = deprecated[use.name]
            instead = next(iter(hosts.values()))
            found.append(make("deprecated-api", use.path, use.line, use.col,
                              f"{use.name} is deprecated ({', '.join(sorted(hosts))}); "
                              f"use {instead}"))
            continue
        if use.name not in family:
            hint = did_you_mean(use.name, family)
            found.append(make("unknown-api", use.path, use.line, use.col,
                              f"{use.name} is not an API of any {app.dialect} profile{hint}",
                              severity=None if hint else "note"))
            continue
        lacking = sorted(n for n, names in offered.items() if use.name not in names)
        if lacking and not use.guarded:
            base = use.name.split(".")[0]
            found.append(make("missing-api", use.path, use.line, use.col,
                              f"{use.name} is missing in {', '.join(lacking)}; check "
                              f"{base}.canIUse('{use.name.split('.', 1)[1]}') first"))
    return found
