"""API mocks: canned answers for bridge APIs (``my.getLocation``, ``wx.login``…).

What miniprogram-automator calls ``mockWxMethod``: a test (or the simulator) replaces
what an API answers without touching the app. An async API's mock answers inside
``Bridge.call`` after the arguments were checked against the API's schema, so a bad call
still fails as on the device and every mocked call shows in the API log. A ``*Sync``
API is answered in the logic layer from mirrored state (``bridge/js/api.js``), so its
mock travels there (``syncState.apiMocks``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fanxing.compiler.diagnostics import did_you_mean

from .errors import ApiError


@dataclass
class ApiMock:
    """The answer of one mocked API.

    ``result`` is the success value (WeChat's ``errMsg`` is added as for a real call),
    or ``fn(args) -> result`` computes it; ``fail`` makes the call fail instead with that
    message (``code`` is the Alipay error code). ``times`` limits how often the mock
    answers (then the real API does again); ``calls`` counts its answers.
    """

    name: str
    result: Any = None
    fn: Callable[[dict[str, Any]], Any] | None = None
    fail: str | None = None
    code: int = 3
    times: int | None = None
    calls: int = 0

    @property
    def active(self) -> bool:
        return self.times is None or self.calls < self.times

    def answer(self, args: dict[str, Any]) -> Any:
        """The mocked answer (raises ``ApiError`` for a failing mock)."""
        self.calls += 1
        if self.fail is not None:
            raise ApiError(self.fail, code=self.code)
        if self.fn is not None:
            return self.fn(args)
        return self.result

    def sync_json(self) -> dict[str, Any]:
        """What the JS ``*Sync`` mirror needs (a value or a failure)."""
        if self.fn is not None:
            raise ValueError(f"{self.name}: a *Sync API is answered in the logic layer; "
                             "mock it with a value, not a function")
        if self.fail is not None:
            return {"fail": self.fail, "code": self.code}
        return {"value": self.result}


def unknown_api(name: str, known: Iterable[str], profile: str) -> ValueError:
    """The error for mocking an API the profile does not offer, with a suggestion."""
    return ValueError(f"mock_api: {name!r} is not an API of profile {profile!r}"
                      f"{did_you_mean(name, known)}")
