"""The page stack rules: which pages open, close, hide and show for each navigation.

The router only decides; the container carries the decisions out (logic messages, view
updates). Keeping the rules apart makes them testable without a JS engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

MAX_STACK = 10  # the platforms' page stack limit


class NavigationError(ValueError):
    """A navigation the platform would refuse (unknown page, full stack, bad tab)."""


@dataclass
class PageEntry:
    """One live page."""

    page_id: str
    route: str
    query: dict[str, str]


@dataclass
class Plan:
    """What a navigation does, in order: hide, unload, open (create), show."""

    hide: list[PageEntry] = field(default_factory=list)
    unload: list[PageEntry] = field(default_factory=list)
    open: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (route, query)
    show: list[PageEntry] = field(default_factory=list)


def split_url(url: str, base_route: str | None = None) -> tuple[str, dict[str, str]]:
    """``"/pages/a/a?x=1"`` → ``("pages/a/a", {"x": "1"})``; relative to ``base_route``."""
    parts = urlsplit(url.strip())
    path = parts.path
    if path.startswith("/"):
        route = path.lstrip("/")
    elif base_route and (path.startswith("./") or path.startswith("../")):
        stack = base_route.split("/")[:-1]
        for seg in path.split("/"):
            if seg == "..":
                if stack:
                    stack.pop()
            elif seg not in (".", ""):
                stack.append(seg)
        route = "/".join(stack)
    else:
        route = path
    for ext in (".html",):
        if route.endswith(ext):
            route = route[: -len(ext)]
    return route, dict(parse_qsl(parts.query, keep_blank_values=True))


class PageStack:
    """The stack of live pages plus the tab pages kept alive by ``switchTab``."""

    def __init__(self, routes: list[str], tab_routes: list[str] | None = None,
                 limit: int = MAX_STACK) -> None:
        self.routes = set(routes)
        self.tab_routes = list(tab_routes or [])
        self.limit = limit
        self.stack: list[PageEntry] = []
        self.tabs: dict[str, PageEntry] = {}  # tab route → its live page

    @property
    def top(self) -> PageEntry | None:
        return self.stack[-1] if self.stack else None

    def check(self, route: str) -> None:
        if route not in self.routes:
            raise NavigationError(f'page "{route}" is not found')

    def navigate_to(self, route: str, query: dict[str, str]) -> Plan:
        self.check(route)
        if route in self.tab_routes:
            raise NavigationError(f'can not navigateTo a tabbar page "{route}"')
        if len(self.stack) >= self.limit:
            raise NavigationError(f"page stack is full ({self.limit} pages); use redirectTo")
        return Plan(hide=[self.top] if self.top else [], open=[(route, query)])

    def redirect_to(self, route: str, query: dict[str, str]) -> Plan:
        self.check(route)
        if route in self.tab_routes:
            raise NavigationError(f'can not redirectTo a tabbar page "{route}"')
        return Plan(unload=[self.top] if self.top else [], open=[(route, query)])

    def navigate_back(self, delta: int = 1) -> Plan:
        if len(self.stack) <= 1:
            raise NavigationError("cannot navigate back at the first page")
        delta = max(1, min(int(delta), len(self.stack) - 1))
        gone = list(reversed(self.stack[-delta:]))
        return Plan(unload=gone, show=[self.stack[-delta - 1]])

    def switch_tab(self, route: str) -> Plan:
        self.check(route)
        if route not in self.tab_routes:
            raise NavigationError(f'"{route}" is not a tabbar page')
        plan = Plan()
        non_tab = [p for p in self.stack if p.route not in self.tab_routes]
        top = self.top
        if top and top.route == route:
            plan.unload = list(reversed(non_tab))
            return plan
        if top and top.route in self.tab_routes:
            plan.hide = [top]
        plan.unload = list(reversed(non_tab))
        if route in self.tabs:
            plan.show = [self.tabs[route]]
        else:
            plan.open = [(route, {})]
        return plan

    def relaunch(self, route: str, query: dict[str, str]) -> Plan:
        self.check(route)
        live = list(reversed(self.stack)) + [p for p in self.tabs.values() if p not in self.stack]
        return Plan(unload=live, open=[(route, query)])

    # -- bookkeeping after the container carried a plan out ------------------------

    def opened(self, entry: PageEntry) -> None:
        if entry.route in self.tab_routes:
            self.tabs[entry.route] = entry
            self.stack = [p for p in self.stack if p.route not in self.tab_routes]
        self.stack.append(entry)

    def unloaded(self, entry: PageEntry) -> None:
        self.stack = [p for p in self.stack if p.page_id != entry.page_id]
        if self.tabs.get(entry.route) is entry:
            del self.tabs[entry.route]

    def shown(self, entry: PageEntry) -> None:
        if entry not in self.stack:
            self.stack = [p for p in self.stack if p.route not in self.tab_routes]
            self.stack.append(entry)
