"""Permissions: what each mini-program may call and reach, and the user's consent.

``AppPolicy`` is set by the host app (grant/deny APIs, network domains, the
development switch for the domain check). ``ConsentStore`` remembers the user's
decisions per (profile, app, user) on disk, so the first call asks and later ones
do not; ``getSetting``/``openSetting`` read and change it.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .jsonstore import Reporter, atomic_write_json, read_json, safe_name

# Consent scopes and how each dialect names them in getSetting().authSetting.
SCOPES = {
    "location": {"alipay": "location", "wechat": "scope.userLocation"},
    "userInfo": {"alipay": "userInfo", "wechat": "scope.userInfo"},
    "phoneNumber": {"alipay": "phoneNumber", "wechat": "scope.phoneNumber"},
    "album": {"alipay": "album", "wechat": "scope.writePhotosAlbum"},
    "camera": {"alipay": "camera", "wechat": "scope.camera"},
    "record": {"alipay": "audioRecord", "wechat": "scope.record"},
}


def scope_from_setting(key: str) -> str | None:
    """``scope.userLocation`` / ``location`` → ``location``."""
    for scope, names in SCOPES.items():
        if key in names.values():
            return scope
    return None


@dataclass
class AppPolicy:
    """What one mini-program may do, decided by the host app.

    ``allow_apis``: if not None, only these (full names or glob patterns such as
    ``my.tb.*``) are granted; ``deny_apis`` always wins. ``domains``: hosts the app may
    reach with ``request``/``uploadFile``/``downloadFile`` (``api.example.com``,
    ``https://api.example.com``, ``127.0.0.1:8080``); ``check_domains=False`` is the
    development switch that turns the check off.
    """

    allow_apis: set[str] | None = None
    deny_apis: set[str] = field(default_factory=set)
    domains: list[str] = field(default_factory=list)
    check_domains: bool = True

    def api_allowed(self, full_name: str) -> bool:
        def hit(patterns: set[str]) -> bool:
            return any(fnmatch.fnmatchcase(full_name, p) for p in patterns)

        if hit(self.deny_apis):
            return False
        return self.allow_apis is None or hit(self.allow_apis)

    def domain_allowed(self, url: str) -> bool:
        """Whether ``url`` may be reached: listed, or the check is off."""
        return not self.check_domains or self.domain_listed(url)

    def domain_listed(self, url: str) -> bool:
        """Whether ``url``'s scheme, host and port match a whitelist entry (an
        unparseable URL never does)."""
        try:
            u = urlsplit(url)
            host, port = (u.hostname or "").lower(), u.port
        except ValueError:
            return False
        for entry in self.domains:
            try:
                e = urlsplit(entry if "//" in entry else f"//{entry}")
                e_port = e.port
            except ValueError:
                continue  # a malformed entry matches nothing
            if e.scheme and e.scheme != u.scheme:
                continue
            if (e.hostname or "").lower() != host:
                continue
            if e_port is not None and e_port != port:
                continue
            return True
        return False


class ConsentStore:
    """The user's remembered consent decisions for one (profile, app, user)."""

    def __init__(self, data_dir: Path, profile: str, app_id: str, user: str,
                 report: Reporter | None = None) -> None:
        self.path = (Path(data_dir) / "consent" / safe_name(profile) / safe_name(app_id)
                     / f"{safe_name(user)}.json")
        self._report = report
        self._decisions: dict[str, bool] = read_json(self.path, {}, report)

    def get(self, scope: str) -> bool | None:
        """True (allowed), False (denied) or None (never asked)."""
        value = self._decisions.get(scope)
        return value if isinstance(value, bool) else None

    def set(self, scope: str, allowed: bool) -> None:
        new = {**self._decisions, scope: bool(allowed)}
        atomic_write_json(self.path, new)
        self._decisions = new

    def forget(self, scope: str | None = None) -> None:
        """Forget one decision (or all): the next call asks again."""
        new = {} if scope is None else {k: v for k, v in self._decisions.items() if k != scope}
        atomic_write_json(self.path, new)
        self._decisions = new

    def auth_setting(self, dialect: str) -> dict[str, bool]:
        """The ``authSetting`` object of ``getSetting`` in the dialect's key names."""
        return {SCOPES.get(s, {}).get(dialect, s): v for s, v in self._decisions.items()}
