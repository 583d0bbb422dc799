"""The build engines that run under Node (esbuild for TypeScript, less, dart-sass): where
they are installed and one long-lived worker process that answers compile requests.

The npm packages live in a folder fanxing owns, never in the user's project:
``$FANXING_NODE_TOOLS``, else ``~/.cache/fanxing/node-tools``. The README's set-up
fills it with ``python -m fanxing.compiler.node_worker`` (the versions pinned in
``node_tools/package.json``). One worker serves a whole process (a build, hot reload's
rebuilds), so Node and the engines start once; requests are JSON lines.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from .nodejs import NodeNotFound, node_executable, npm_command

_HERE = Path(__file__).resolve().parent / "node_tools"
ENGINES = {"ts": "esbuild", "less": "less", "sass": "sass"}


class ToolError(RuntimeError):
    """Node or an engine is missing; the message says how to install it."""


class EngineError(Exception):
    """The engine rejected the input: ``message`` at ``file:line:col`` (1-based)."""

    def __init__(self, message: str, file: str | None, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.file, self.line, self.col = message, file, line, col


def tools_dir() -> Path:
    """The folder holding the engines' ``node_modules``."""
    env = os.environ.get("FANXING_NODE_TOOLS")
    return Path(env) if env else Path.home() / ".cache" / "fanxing" / "node-tools"


def install_hint(package: str) -> str:
    return (f"the npm package `{package}` is not installed in {tools_dir()}: run "
            f"`{Path(sys.executable).name} -m fanxing.compiler.node_worker` (the README's "
            "set-up, .ci/setup, does)")


def install_tools(target: Path | None = None) -> Path:
    """Install the pinned engines into ``target`` (default :func:`tools_dir`) with npm
    (``npm ci``: the versions of ``node_tools/package-lock.json``, dependencies too)."""
    target = target or tools_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(_HERE / name, target / name)
    subprocess.run([*npm_command(), "ci", "--no-audit", "--no-fund", "--omit=dev",
                    "--loglevel=error"], cwd=target, check=True)
    return target


class NodeWorker:
    """One Node process running ``node_tools/worker.js``; :meth:`call` is thread-safe."""

    def __init__(self, tools: Path | None = None, timeout: float = 60.0) -> None:
        self.tools = tools or tools_dir()
        self.timeout = timeout  # seconds one request may take
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self._next = 0

    def _start(self) -> subprocess.Popen[str]:
        try:
            node = node_executable()
        except NodeNotFound as exc:
            raise ToolError(str(exc)) from None
        return subprocess.Popen([node, str(_HERE / "worker.js"), str(self.tools)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
                                bufsize=1)

    def call(self, op: str, **args: Any) -> dict[str, Any]:
        """Run ``op`` (see worker.js); raises :class:`EngineError` for bad input and
        :class:`ToolError` when Node or the engine is missing."""
        with self._lock:
            for attempt in (1, 2):  # a worker that died (killed, crashed) is restarted once
                if self._proc is None or self._proc.poll() is not None:
                    self._proc = self._start()
                self._next += 1
                request = json.dumps({"id": self._next, "op": op, **args})
                try:
                    assert self._proc.stdin is not None and self._proc.stdout is not None
                    self._proc.stdin.write(request + "\n")
                    self._proc.stdin.flush()
                    # a stylesheet or module that keeps an engine busy must not hang the
                    # build: stop the worker (the next call starts a new one)
                    ready, _, _ = select.select([self._proc.stdout], [], [], self.timeout)
                    if not ready:
                        self._proc.kill()
                        self._proc.wait()
                        self._proc = None
                        raise EngineError(f"the {ENGINES.get(op, op)} engine took longer "
                                          f"than {self.timeout:g} s", None, 1, 1)
                    line = self._proc.stdout.readline()
                except (BrokenPipeError, OSError):
                    line = ""
                if line:
                    break
                self._proc = None
                if attempt == 2:
                    raise ToolError("the Node build worker stopped unexpectedly")
        answer = json.loads(line)
        if answer.get("ok"):
            return answer
        error = answer.get("error") or {}
        if error.get("missing"):
            raise ToolError(install_hint(error["missing"]))
        raise EngineError(str(error.get("message", "failed")), error.get("file"),
                          int(error.get("line") or 1), int(error.get("col") or 1))

    def close(self) -> None:
        """Stop the process (it also ends by itself when its stdin closes)."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            assert proc.stdin is not None
            proc.stdin.close()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


_shared: NodeWorker | None = None
_shared_lock = threading.Lock()


def shared_worker() -> NodeWorker:
    """The process's worker, started on first use and stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = NodeWorker()
            atexit.register(_shared.close)
        return _shared


if __name__ == "__main__":
    print(f"installed the build engines in {install_tools()}")
