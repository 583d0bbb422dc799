"""A lint report as text (``path:line:col: severity: message [rule]``), JSON or SARIF
2.1.0 (for editors and CI code-scanning)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import LintReport
from .findings import RULES, Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def _where(f: Finding, shown: Callable[[str], str]) -> str:
    path = shown(f.path)
    return f"{path}:{f.line}:{f.col}" if f.line else path


def as_text(report: LintReport, shown: Callable[[str], str] = str) -> str:
    """One line per finding, then a summary line."""
    lines = [f"{_where(f, shown)}: {f.severity}: {f.message} [{f.rule}]"
             for f in report.findings]
    counts = ", ".join(f"{report.count(s)} {s}(s)" for s in ("error", "warning", "note"))
    lines.append(f"{counts}" if report.findings else "no problems found")
    return "\n".join(lines)


def as_json(report: LintReport, shown: Callable[[str], str] = str) -> str:
    return json.dumps({
        "app": shown(""), "dialect": report.dialect,
        "findings": [{**f.to_json(), "path": shown(f.path)} for f in report.findings],
        "summary": {s: report.count(s) for s in ("error", "warning", "note")},
        "pages": report.stats,
    }, indent=2, ensure_ascii=False)


def as_sarif(report: LintReport, shown: Callable[[str], str] = str,
             version: str = "") -> str:
    """SARIF 2.1.0 with one run, the rule catalog and one result per finding."""
    rules = list(RULES.values())
    index = {r.id: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for f in report.findings:
        region = {"startLine": f.line, "startColumn": max(f.col, 1)} if f.line else None
        location: dict[str, Any] = {"artifactLocation": {"uri": shown(f.path)}}
        if region:
            location["region"] = region
        results.append({"ruleId": f.rule, "ruleIndex": index[f.rule],
                        "level": _SARIF_LEVEL[f.severity], "message": {"text": f.message},
                        "locations": [{"physicalLocation": location}]})
    sarif = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "fanxing lint", "version": version or "0",
                "rules": [{"id": r.id, "shortDescription": {"text": r.description},
                           "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]}}
                          for r in rules]}},
            "results": results,
        }],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)
