"""Which APIs a profile offers: the registry filtered by the profile's dialect,
namespaces, aliases and exclusions, and the APIs it marks deprecated.

The bridge resolves its API table with ``profile_apis``; ``fanxing profiles`` and the
lint read the same answer without starting a bridge.
"""

from __future__ import annotations

from pathlib import Path

from .profiles import Profile, load_profile
from .registry import ApiSpec, Registry, builtin_registry

INTERNAL_NS = "fx"  # bridge-internal calls from api.js (fx.abortTask); never in the table


def profile_apis(profile: str | Path | Profile, extra: Registry | None = None
                 ) -> dict[str, ApiSpec]:
    """``{full name: spec}`` of every API ``profile`` offers (``my.getLocation``, ``dd.…``),
    plus bridge-internal ``fx.*`` calls; ``extra`` adds a host program's own APIs."""
    p, out = load_profile(profile), {}
    registry = builtin_registry().merged(extra) if extra is not None else builtin_registry()
    # Base-namespace APIs first (and their aliases, e.g. dd.* in DingTalk), then the
    # explicit namespaces, which win over an alias of the same name (dd.getAuthCode).
    specs = sorted(registry, key=lambda s: s.namespace != "")
    for spec in specs:
        if spec.namespace == INTERNAL_NS:
            out[f"{INTERNAL_NS}.{spec.name}"] = spec
            continue
        if spec.family not in (p.dialect, "any"):
            continue
        if spec.custom and spec.namespace == "":
            continue  # reachable through my.call only
        ns = spec.namespace or p.base
        if ns not in p.namespaces and not spec.custom:
            continue
        names = [f"{ns}.{spec.name}"]
        if spec.namespace == "":
            names += [f"{a}.{spec.name}" for a, t in p.aliases.items() if t == p.base]
        for full in names:
            if full not in p.exclude:
                out[full] = spec
    return out


def public_api_names(profile: str | Path | Profile) -> list[str]:
    """The names an app can call under ``profile``, events as ``onX``/``offX`` (sorted)."""
    names = []
    for full, spec in profile_apis(profile).items():
        if full.startswith(INTERNAL_NS + "."):
            continue
        if spec.kind == "event":
            ns, _, short = full.rpartition(".")
            names += [f"{ns}.on{short}", f"{ns}.off{short}"]
        else:
            names.append(full)
    return sorted(names)


def deprecated_apis(profile: str | Path | Profile) -> dict[str, str]:
    """``{full API name: what to use instead}`` the profile marks deprecated."""
    return dict(load_profile(profile).get("deprecated") or {})
