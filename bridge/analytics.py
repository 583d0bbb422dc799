"""Analytics: ``wx.reportEvent`` / ``wx.reportAnalytics`` / ``my.reportAnalytics``.

Every report lands in ``Bridge.analytics`` (an ``AnalyticsLog``) that the host and the
simulator read; nothing leaves the machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .context import ApiContext
from .registry import Registry


@dataclass
class AnalyticsLog:
    """Reported events, oldest first: ``{api, event, data, time}`` (time in ms)."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    def record(self, api: str, event: str, data: Any) -> None:
        self.entries.append({"api": api, "event": event, "data": data,
                             "time": int(time.time() * 1000)})

    def events(self, name: str) -> list[dict[str, Any]]:
        """The entries of one event name."""
        return [e for e in self.entries if e["event"] == name]


async def report(ctx: ApiContext, args: dict[str, Any]) -> Any:
    name = args.get("eventId") if ctx.spec.name == "reportEvent" else args["eventName"]
    ctx.bridge.analytics.record(ctx.name, str(name), args.get("data"))
    return None


def register(reg: Registry) -> None:
    # wx.reportEvent(eventId, data) / wx.reportAnalytics(eventName, data) /
    # my.reportAnalytics(eventName, data): positional arguments.
    reg.add("reportEvent", report, family="wechat", positional=("eventId", "data"),
            schema={"eventId": "string!", "data": "object"})
    reg.add("reportAnalytics", report, positional=("eventName", "data"),
            schema={"eventName": "string!", "data": "object"})
