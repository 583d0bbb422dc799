"""``fanxing lint``: quality audits of a mini-program, on its files and on a scripted run.

``lint_app(app_dir) -> LintReport``; ``report.findings`` are ``Finding``s (rule,
severity, path relative to the app root, line, col, message); ``formats`` turns a report
into text, JSON or SARIF. The rules are listed in ``findings.RULES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fanxing.compiler.build import compile_app
from fanxing.compiler.diagnostics import CompileError
from fanxing.compiler.project import load_project

from .findings import RULES, SEVERITY_ORDER, Finding, Rule, make
from .run_audits import run_findings
from .source_audits import source_findings

__all__ = ["RULES", "SEVERITY_ORDER", "Finding", "LintReport", "Rule", "lint_app"]


@dataclass
class LintReport:
    """What one lint found, about the app at ``root`` (``stats``: per-page measures)."""

    root: Path
    dialect: str | None
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def worst(self) -> str | None:
        """The highest severity found, or None."""
        return max((f.severity for f in self.findings), key=SEVERITY_ORDER.get, default=None)


def lint_app(app_dir: str | Path, *, profiles: Iterable[str] | None = None,
             run: bool = True, routes: Iterable[str] | None = None,
             actions: list[str] | None = None, device: str = "iphone-14",
             settle_ms: float = 2000, data_dir: str | Path | None = None,
             rules: Iterable[str] | None = None) -> LintReport:
    """Audit the app at ``app_dir``. ``profiles`` are the hosts it targets (default:
    every builtin profile of its dialect); ``run=False`` skips the scripted run;
    ``routes`` limits the pages opened, ``actions`` (``tap:SEL``…) run on the first;
    ``rules`` keeps only those rule ids."""
    wanted = set(rules) if rules else None
    if wanted and (unknown := wanted - set(RULES)):
        raise ValueError(f"unknown rule(s) {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(RULES)})")
    try:
        project = load_project(app_dir)
        app = compile_app(app_dir)
    except CompileError as e:
        root = Path(app_dir)
        return LintReport(root, None, [make("compile", d.path, d.line, d.col, d.message,
                                            severity=d.severity) for d in e.diagnostics])
    profiles = list(profiles or [])
    report = LintReport(Path(project.root), app.dialect)
    report.findings += source_findings(app, project, profiles or None)
    if run and app.ok:
        report.findings += run_findings(app, routes=routes, profile=profiles[0] if profiles
                                        else None, device=device, actions=actions,
                                        settle_ms=settle_ms, data_dir=data_dir,
                                        stats=report.stats)
    found = list(dict.fromkeys(report.findings))
    if wanted:
        found = [f for f in found if f.rule in wanted]
    report.findings = sorted(found, key=lambda f: (f.path, f.line, f.col, f.rule))
    return report
