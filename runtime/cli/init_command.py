"""``fanxing init DIR``: a new mini-program that compiles, runs and has a passing test.

The files come from ``project-templates/``: ``shared/`` (a pytest test, README,
gitignore), then ``<dialect>/blank/``, then ``<dialect>/<template>/`` on top.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

TEMPLATES = ("blank", "tabs")
RENAMED = {"gitignore": ".gitignore"}  # dotfiles are not package data


def _files(folder: Traversable, prefix: str = "") -> dict[str, Traversable]:
    out: dict[str, Traversable] = {}
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue
        rel = f"{prefix}{RENAMED.get(entry.name, entry.name)}"
        if entry.is_dir():
            out.update(_files(entry, rel + "/"))
        else:
            out[rel] = entry
    return out


def template_files(dialect: str, template: str) -> dict[str, Traversable]:
    """``{relative path: template file}`` of a new project (later layers win)."""
    base = resources.files("fanxing.runtime.cli") / "project-templates"
    layers = [base / "shared", base / dialect / "blank"]
    if template != "blank":
        layers.append(base / dialect / template)
    files: dict[str, Traversable] = {}
    for layer in layers:
        files.update(_files(layer))
    return files


def create_project(target: Path, name: str, dialect: str, template: str) -> list[str]:
    """Write the project into ``target`` (which must be missing or empty); the files
    written, relative to it. ``name`` goes into the config files as JSON text only."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise click.ClickException(f"{target} already exists and is not an empty folder")
    files = template_files(dialect, template)
    for rel, source in sorted(files.items()):
        text = source.read_text("utf-8")
        if rel.endswith(".json"):
            text = text.replace("__NAME__", json.dumps(name, ensure_ascii=False)[1:-1])
        elif rel.endswith(".md"):
            text = text.replace("__NAME__", name)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return sorted(files)


@click.command("init")
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--dialect", type=click.Choice(["wechat", "alipay"]), default="wechat",
              show_default=True, help="WeChat (WXML/WXSS, wx.*) or Alipay (AXML/ACSS, my.*).")
@click.option("--template", type=click.Choice(TEMPLATES), default="blank", show_default=True,
              help="blank: one page; tabs: a tab bar with two pages and a component.")
@click.option("--name", help="The app's name (default: the folder's name).")
def init_command(target: Path, dialect: str, template: str, name: str | None) -> None:
    """Create a new mini-program in DIR: it compiles, runs and has one passing test."""
    written = create_project(target, name or target.resolve().name, dialect, template)
    click.echo(f"created {target} ({dialect}, {template}): {len(written)} files")
    click.echo(f"next:\n  fanxing dev {target}\n  python -m pytest {target / 'tests'}")


COMMANDS = [init_command]
