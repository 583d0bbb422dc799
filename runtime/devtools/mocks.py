"""The simulator's Mocks panel: settings that outlive a relaunch and are applied to each
new bridge (location pin, network type and mock rules, API mocks, the domain-check
switch) or answer host questions without asking (payment outcome, consent decision)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fanxing.bridge import Bridge, MockRule
from fanxing.testing.mocks import Fail, is_url_key, network_rule, parse_cli_mock

ASK = "ask"  # auto-answer value meaning "show the dialog"
PAY_CODES = ("9000", "8000", "4000", "6001", "6002", "6004")
NETWORK_TYPES = ("wifi", "5g", "4g", "3g", "2g", "none")


class MockError(ValueError):
    """A mock setting that makes no sense (names the field)."""


@dataclass
class SimMocks:
    """Mock settings of one simulator session."""

    location: dict[str, Any] | None = None  # {latitude, longitude, city?…}
    cashier: str = ASK  # or a tradePay result code
    consent: str = ASK  # or "allow" / "deny"
    network_type: str = "wifi"
    domain_check: bool = False  # the developer tools' "do not check domains" default
    rules: list[dict[str, Any]] = field(default_factory=list)
    # API mocks: {name, result} or {name, fail} (Bridge.mock_api)
    apis: list[dict[str, Any]] = field(default_factory=list)
    # the MockRules this panel put into a bridge (a host program's own rules stay)
    _installed: list[MockRule] = field(default_factory=list, repr=False)
    _mocked_apis: list[str] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if not k.startswith("_")}
        return {**out, "payCodes": list(PAY_CODES), "networkTypes": list(NETWORK_TYPES)}

    def update(self, changes: dict[str, Any]) -> None:
        """Apply a partial update from the panel; raises ``MockError`` for bad values."""
        if "location" in changes:
            loc = changes["location"]
            if loc is not None:
                try:
                    loc = {**loc, "latitude": float(loc["latitude"]),
                           "longitude": float(loc["longitude"])}
                except (KeyError, TypeError, ValueError):
                    raise MockError("location: latitude and longitude must be numbers") from None
                if not (-90 <= loc["latitude"] <= 90 and -180 <= loc["longitude"] <= 180):
                    raise MockError("location: latitude must be in [-90, 90], "
                                    "longitude in [-180, 180]")
            self.location = loc
        if "cashier" in changes:
            if str(changes["cashier"]) not in (ASK, *PAY_CODES):
                raise MockError(f"cashier: expected one of {ASK}, {', '.join(PAY_CODES)}")
            self.cashier = str(changes["cashier"])
        if "consent" in changes:
            if changes["consent"] not in (ASK, "allow", "deny"):
                raise MockError("consent: expected ask, allow or deny")
            self.consent = changes["consent"]
        if "network_type" in changes:
            if changes["network_type"] not in NETWORK_TYPES:
                raise MockError(f"network_type: expected one of {', '.join(NETWORK_TYPES)}")
            self.network_type = changes["network_type"]
        if "domain_check" in changes:
            self.domain_check = bool(changes["domain_check"])
        if "rules" in changes:
            self.rules = [_rule(r, i) for i, r in enumerate(changes["rules"] or [])]
        if "apis" in changes:
            self.apis = [_api_mock(a, i) for i, a in enumerate(changes["apis"] or [])]

    def auto_answer(self, kind: str) -> Any:
        """The answer to give without asking, or ``ASK``."""
        if kind == "cashier":
            return self.cashier
        if kind == "consent":
            return self.consent
        return ASK

    def apply(self, bridge: Bridge, *, launched: bool) -> list[str]:
        """Put the settings into a bridge (``launched``: the JS side is running); returns
        the problems (an API mock the profile cannot take), the rest is applied."""
        bridge.policy.check_domains = self.domain_check
        if self.location and hasattr(bridge.location, "move_to"):
            loc = dict(self.location)
            bridge.location.move_to(loc.pop("latitude"), loc.pop("longitude"),
                                    **{k: v for k, v in loc.items() if v not in (None, "")})
        mine = {id(r) for r in self._installed}
        bridge.network.mocks[:] = [r for r in bridge.network.mocks if id(r) not in mine]
        self._installed = [bridge.network.mock(**rule) for rule in self.rules]
        if launched and bridge.network_type != self.network_type:
            bridge.set_network_type(self.network_type)
        return self._apply_apis(bridge)

    def _apply_apis(self, bridge: Bridge) -> list[str]:
        for name in self._mocked_apis:
            if name not in {a["name"] for a in self.apis}:
                bridge.unmock_api(name)
        self._mocked_apis, problems = [], []
        for api in self.apis:
            try:
                if "fail" in api:
                    bridge.mock_api(api["name"], fail=api["fail"])
                else:
                    bridge.mock_api(api["name"], api.get("result"))
            except ValueError as e:
                problems.append(str(e))
            else:
                self._mocked_apis.append(api["name"])
        return problems


def _api_mock(raw: Any, index: int) -> dict[str, Any]:
    where = f"apis[{index}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or "." not in raw["name"]:
        raise MockError(f"{where}.name: an API name such as my.getLocation is required")
    if raw.get("fail") not in (None, ""):
        return {"name": raw["name"], "fail": str(raw["fail"])}
    return {"name": raw["name"], "result": raw.get("result")}


def cli_changes(texts: list[str], base: Path) -> dict[str, Any]:
    """``--mock`` texts (the forms of ``fanxing render --mock``) as a Mocks-panel update:
    network ``rules`` and API mocks ``apis``; raises ``ValueError`` naming a bad one."""
    rules: list[dict[str, Any]] = []
    apis: list[dict[str, Any]] = []
    for text in texts:
        key, value = parse_cli_mock(text, base)
        if is_url_key(key):
            r = network_rule(key, value)
            rule = {"url": r.url, "method": r.method, "status": r.status, "json": r.json,
                    "body": r.body, "error": r.error}
            rules.append({k: v for k, v in rule.items() if v is not None})
        elif isinstance(value, Fail):
            apis.append({"name": key, "fail": value.message})
        else:
            apis.append({"name": key, "result": value})
    return {"rules": rules, "apis": apis}


def _rule(raw: Any, index: int) -> dict[str, Any]:
    where = f"rules[{index}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str) or not raw["url"]:
        raise MockError(f"{where}.url: a URL or glob pattern is required")
    rule: dict[str, Any] = {"url": raw["url"]}
    if raw.get("method"):
        rule["method"] = str(raw["method"]).upper()
    if raw.get("status") not in (None, ""):
        try:
            rule["status"] = int(raw["status"])
        except (TypeError, ValueError):
            raise MockError(f"{where}.status: expected an HTTP status number") from None
    if raw.get("error"):
        if raw["error"] not in ("timeout", "network"):
            raise MockError(f"{where}.error: expected timeout or network")
        rule["error"] = raw["error"]
    if "json" in raw and raw["json"] is not None:
        rule["json"] = raw["json"]
    elif raw.get("body") is not None:
        rule["body"] = str(raw["body"])
    return rule
