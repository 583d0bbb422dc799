"""``fanxing render``: run an app headless, perform user actions, report the page.

Actions, in the order given (a selector matches anywhere on the page, components'
content included, and the action takes the first match):

=====================  ===========================================================
``tap:SEL``            tap (``longpress:SEL`` presses and holds)
``input:SEL=TEXT``     replace a field's text (``input`` event, ``model:value``)
``confirm:SEL``        press the keyboard's done key in a field
``change:SEL=VALUE``   set a switch/checkbox/slider/picker…; VALUE is JSON when it
                       parses (``true``, ``3``, ``[0,1]``), else text
``submit:SEL``         submit the form SEL is (in)
``scroll:SEL=TOP``     scroll a scroll-view
``wait:MS``            let MS milliseconds of runtime time pass (timers fire)
``back``               press back
``navigate:URL``       open a page as ``navigateTo`` would
=====================  ===========================================================

A run that cannot happen raises ``RunFailed`` with a message for the user (the app
does not compile, the page does not exist, a selector matches nothing, an action is
malformed); errors thrown by the app are collected in the result and the run goes on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fanxing.runtime.container.container import ContainerError
from fanxing.runtime.view.selectors import SelectorError
from fanxing.testing.harness import AppCompileError, HarnessError, MiniProgram, launch
from fanxing.testing.mocks import parse_cli_mock

# Actions and whether they take a selector / a value after "=".
_ACTIONS: dict[str, tuple[bool, bool]] = {
    "tap": (True, False), "longpress": (True, False), "confirm": (True, False),
    "submit": (True, False), "input": (True, True), "change": (True, True),
    "scroll": (True, True), "wait": (False, True), "back": (False, False),
    "navigate": (False, True),
}


class RunFailed(Exception):
    """The run cannot happen; the message says why (``diagnostics`` for compile errors)."""

    def __init__(self, message: str, diagnostics: list[Any] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass
class Action:
    """One parsed ``--do`` action."""

    kind: str
    selector: str = ""
    value: str = ""
    text: str = ""  # as the user wrote it, for messages


def _split_value(rest: str) -> tuple[str, str] | None:
    """``SEL=VALUE`` split at the first ``=`` outside ``[...]`` and quotes."""
    depth, quote = 0, ""
    for i, ch in enumerate(rest):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "=" and depth == 0:
            return rest[:i], rest[i + 1:]
    return None


def parse_action(text: str, actions: Mapping[str, tuple[bool, bool]] | None = None) -> Action:
    """Parse one action (see module docstring); raises ``ValueError`` naming it.

    ``actions`` (default: ``fanxing render``'s) tells for each kind whether it takes a
    selector and a value after ``=``; ``fanxing screenshot`` passes its own.
    """
    actions = _ACTIONS if actions is None else actions
    kind, _, rest = text.partition(":")
    kind = kind.strip()
    if kind not in actions:
        raise ValueError(f"action {text!r}: unknown action {kind!r} "
                         f"(expected one of {', '.join(actions)})")
    wants_sel, wants_value = actions[kind]
    if not wants_sel and not wants_value:
        if rest.strip():
            raise ValueError(f"action {text!r}: {kind!r} takes nothing after it")
        return Action(kind, text=text)
    if not wants_sel:
        if not rest.strip():
            raise ValueError(f"action {text!r}: expected {kind}:VALUE")
        return Action(kind, value=rest.strip(), text=text)
    if wants_value:
        split = _split_value(rest)
        if split is None:
            raise ValueError(f"action {text!r}: expected {kind}:SELECTOR=VALUE")
        selector, value = split
    else:
        selector, value = rest, ""
    if not selector.strip():
        raise ValueError(f"action {text!r}: the selector is empty")
    return Action(kind, selector.strip(), value, text)


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def perform(mp: MiniProgram, n: int, action: Action) -> None:
    """Run parsed action number ``n`` on ``mp``; raises ``RunFailed`` naming it."""
    where = f"action {n} ({action.text})"
    if action.kind == "wait":
        try:
            ms = float(action.value)
        except ValueError:
            raise RunFailed(f"{where}: {action.value!r} is not a number of milliseconds") from None
        if ms < 0:
            raise RunFailed(f"{where}: the wait must not be negative")
        mp.advance(ms)
        return
    if action.kind == "back":
        try:
            mp.back()
        except HarnessError as e:
            raise RunFailed(f"{where}: {e}") from None
        return
    if action.kind == "navigate":
        try:
            mp.navigate(action.value)
        except HarnessError as e:
            raise RunFailed(f"{where}: {e}") from None
        return
    page = mp.page
    try:
        node = page.query_selector(action.selector)
    except SelectorError as e:
        raise RunFailed(f"{where}: {e}") from None
    if node is None:
        raise RunFailed(f"{where}: no node matches {action.selector!r} on {page.route}")
    try:
        if action.kind == "input":
            node.input(action.value)
        elif action.kind == "change":
            node.change(_json_or_text(action.value))
        elif action.kind == "scroll":
            node.scroll(top=float(action.value))
        else:
            getattr(node, action.kind)()
    except (HarnessError, ValueError) as e:
        raise RunFailed(f"{where}: {e}") from None


@dataclass
class RenderResult:
    """What ``fanxing render`` prints."""

    route: str
    query: dict[str, str]
    data: dict[str, Any]
    html: str
    console: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    api_calls: list[dict[str, Any]] = field(default_factory=list)
    network: list[dict[str, Any]] = field(default_factory=list)
    # compile errors in files the rendered page does not reach (path:line:col: ...)
    compile_errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"route": self.route, "query": self.query, "data": self.data,
                "html": self.html, "console": self.console, "errors": self.errors,
                "api_calls": self.api_calls, "network": self.network,
                "compile_errors": self.compile_errors}


def run_render(app_dir: str | Path, *, page: str | None = None,
               query: dict[str, str] | None = None, profile: str | None = None,
               device: str = "iphone-14", actions: list[str] | None = None,
               answers: dict[str, str] | None = None, data_dir: str | Path | None = None,
               user: str = "default", settle_ms: float = 5000,
               pretty: bool = True, mocks: list[str] | None = None,
               url_check: bool | list[str] | None = None) -> RenderResult:
    """Run the app headless (see module docstring); raises ``RunFailed``.

    ``mocks`` are ``--mock`` texts (``fanxing.testing.mocks.parse_cli_mock``, files
    relative to the current folder), in place before the app starts; ``url_check`` as
    for ``launch``."""
    try:
        parsed = [parse_action(a) for a in actions or []]
        mock_map = dict(parse_cli_mock(m, Path.cwd()) for m in mocks or [])
    except ValueError as e:
        raise RunFailed(str(e)) from None
    try:
        mp = launch(app_dir, profile=profile, device=device, page=page, query=query,
                    answers=answers, data_dir=data_dir, user=user, settle_ms=settle_ms,
                    mocks=mock_map, url_check=url_check)
    except AppCompileError as e:
        raise RunFailed(f"{app_dir}: the app does not compile", e.diagnostics) from None
    except (ContainerError, HarnessError) as e:
        raise RunFailed(str(e)) from None
    with mp:
        for n, action in enumerate(parsed, 1):
            perform(mp, n, action)
        current = mp.page
        return RenderResult(current.route, current.query, current.data,
                            current.html(pretty=pretty), list(mp.console), list(mp.errors),
                            mp.api_calls, mp.network,
                            [d.format() for d in mp.compile_errors])
