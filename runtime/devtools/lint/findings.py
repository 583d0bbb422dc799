"""What the lint reports: ``Finding`` (a rule, a severity, a place, a message) and the
catalog of rules (ids, descriptions and default severities, also used for SARIF)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "note"]
SEVERITY_ORDER = {"note": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    description: str


RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("compile", "error", "The compiler's own problems (errors and warnings)."),
    Rule("package-size", "error", "A (sub)package over 2 MB or all packages over 20 MB."),
    Rule("for-without-key", "warning", "A for list without a key re-renders every item."),
    Rule("unknown-tag", "warning", "A tag that is neither built-in nor in usingComponents."),
    Rule("unknown-event", "warning", "A misspelt event of a built-in component."),
    Rule("unused-component", "warning", "A component declared in usingComponents but unused."),
    Rule("unused-page", "warning", "A page no code, template or tab bar ever opens."),
    Rule("unused-file", "warning", "A file in the package nothing refers to."),
    Rule("deprecated-api", "warning", "An API the host profile marks deprecated."),
    Rule("missing-api", "warning", "An API some target profile lacks, called without canIUse."),
    Rule("unknown-api", "warning", "An API no profile of the dialect offers."),
    Rule("page-nodes", "warning", "A page with more than 1000 nodes (or deeper than 30)."),
    Rule("setdata-size", "warning", "A setData payload over 256 KB (over 1 MB is refused)."),
    Rule("setdata-rate", "warning", "More than 20 setData calls within one second."),
    Rule("image-oversize", "warning", "An image file much larger than it is shown."),
    Rule("run-error", "error", "The app threw while the lint ran it."),
]}


@dataclass(frozen=True)
class Finding:
    """One problem: ``path`` is relative to the app root (``""`` for the app itself);
    ``line``/``col`` are 1-based (0 when unknown)."""

    rule: str
    severity: Severity
    path: str
    line: int
    col: int
    message: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def make(rule: str, path: str, line: int, col: int, message: str,
         severity: Severity | None = None) -> Finding:
    """A finding with the rule's default severity unless ``severity`` is given."""
    return Finding(rule, severity or RULES[rule].severity, path, line, col, message)
