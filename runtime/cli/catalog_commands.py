"""``fanxing profiles`` and ``fanxing devices``: what host profiles and device presets
exist (the builtins and your own files) and what each offers."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click


def _profile_row(ref: str | Path) -> dict[str, Any]:
    from fanxing.bridge.availability import deprecated_apis, public_api_names
    from fanxing.bridge.profiles import load_profile

    p = load_profile(ref)
    apis = public_api_names(p)
    client = p.get("client") or {}
    return {
        "name": p.name, "source": str(ref) if isinstance(ref, Path) else "builtin",
        "dialect": p.dialect, "host": client.get("displayName") or client.get("name"),
        "namespaces": p.namespaces, "aliases": p.aliases, "SDKVersion": p.get("SDKVersion"),
        "payment": (p.payment or {}).get("api"), "apis": len(apis),
        "excluded": sorted(p.exclude), "deprecated": deprecated_apis(p),
        "components": sorted(k for k, v in (p.get("components") or {}).items()
                             if v is not None),
        "api_names": apis,
    }


def _rel(path: Path) -> str:
    return os.path.relpath(path) if path.is_absolute() else str(path)


@click.command("profiles")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True,
              help="Also list the profile files found here (and in its profiles/ folder).")
@click.option("--apis", "show_apis", is_flag=True, help="List every API each profile offers.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def profiles_command(files: tuple[Path, ...], folder: Path, show_apis: bool,
                     as_json: bool) -> None:
    """List the host profiles: the builtins, profile FILES and those found in --dir."""
    from fanxing.bridge.profiles import builtin_profiles, find_profile_files

    refs: list[str | Path] = [*builtin_profiles()]
    refs += [Path(_rel(p)) for p in dict.fromkeys([*find_profile_files(folder), *files])]
    rows, problems = [], []
    for ref in refs:
        try:
            rows.append(_profile_row(ref))
        except (ValueError, OSError) as e:
            problems.append(f"{ref}: {e}")
    if as_json:
        for row in rows:
            if not show_apis:
                row.pop("api_names")
        click.echo(json.dumps({"profiles": rows, "problems": problems}, indent=2,
                              ensure_ascii=False))
    else:
        for row in rows:
            src = "" if row["source"] == "builtin" else f"  [{row['source']}]"
            pay = row["payment"] or "no payment"
            click.echo(f"{row['name']:<12} {row['dialect']:<7} {row['host'] or '':<14} "
                       f"{', '.join(row['namespaces']):<16} {row['apis']:>3} APIs  {pay}{src}")
            extra = []
            if row["aliases"]:
                extra.append("aliases " + ", ".join(f"{a}={t}" for a, t in
                                                    row["aliases"].items()))
            if row["excluded"]:
                extra.append("lacks " + ", ".join(row["excluded"]))
            if row["deprecated"]:
                extra.append(f"{len(row['deprecated'])} deprecated")
            if extra:
                click.echo(" " * 13 + "; ".join(extra))
            if show_apis:
                click.echo(" " * 13 + " ".join(row["api_names"]))
    for problem in problems:
        click.echo(f"fanxing profiles: {problem}", err=True)
    raise SystemExit(1 if problems else 0)


@click.command("devices")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def devices_command(files: tuple[Path, ...], as_json: bool) -> None:
    """List the device presets (and device FILES of your own): screen, pixel ratio, bars."""
    from dataclasses import asdict

    from fanxing.bridge.devices import builtin_devices, load_device

    rows, problems = [], []
    for ref in [*builtin_devices(), *(Path(_rel(f)) for f in files)]:
        try:
            d = load_device(ref)
        except (ValueError, OSError, TypeError) as e:
            problems.append(f"{ref}: {e}")
            continue
        rows.append({**asdict(d), "source": str(ref) if isinstance(ref, Path) else "builtin"})
    if as_json:
        click.echo(json.dumps({"devices": rows, "problems": problems}, indent=2))
    else:
        for r in rows:
            src = "" if r["source"] == "builtin" else f"  [{r['source']}]"
            click.echo(f"{r['name']:<10} {r['model']:<18} {r['system']:<12} "
                       f"{r['screen_width']}x{r['screen_height']} @{r['pixel_ratio']:g}x  "
                       f"status bar {r['status_bar_height']}, title bar "
                       f"{r['title_bar_height']}{src}")
    for problem in problems:
        click.echo(f"fanxing devices: {problem}", err=True)
    raise SystemExit(1 if problems else 0)


COMMANDS = [profiles_command, devices_command]
