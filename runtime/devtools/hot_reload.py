"""Hot reload: watch an app's folder (watchdog) and reload the driver when a source
file is saved.

Saving a template, style, script, view module or config recompiles the app and
relaunches it on the page that was open (storage and consent persist on disk). While the
app does not compile, clients show the diagnostics (``compileError``); the next good
save brings the app back. Bursts of events (an editor writing a temp file then renaming
it, a ``git checkout``) become one reload after a short quiet time.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from fanxing.runtime.devtools.driver import AppDriver
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger("fanxing.hot_reload")

SOURCE_SUFFIXES = frozenset({".wxml", ".wxss", ".wxs", ".axml", ".acss", ".sjs", ".js", ".mjs",
                             ".ts", ".json", ".css", ".less", ".scss", ".sass"})
QUIET_SECONDS = 0.15


def is_source(path: str, root: Path) -> bool:
    """Whether a change to ``path`` should reload (sources only; no dot-folders)."""
    p = Path(path)
    if p.suffix.lower() not in SOURCE_SUFFIXES:
        return False
    try:
        rel = p.resolve().relative_to(root)
    except ValueError:
        return False
    return not any(part.startswith(".") or part in ("node_modules", "__pycache__")
                   for part in rel.parts)


class _Events(FileSystemEventHandler):
    def __init__(self, owner: HotReloader) -> None:
        self.owner = owner

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path and is_source(str(path), self.owner.root):
                self.owner.changed(str(path))


class HotReloader:
    """Watches ``driver.app_dir`` and reloads the driver on its loop."""

    def __init__(self, driver: AppDriver, *, quiet: float = QUIET_SECONDS) -> None:
        self.driver = driver
        self.root = Path(driver.app_dir).resolve()
        self.quiet = quiet
        self.reloads = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._observer: Observer | None = None  # type: ignore[valid-type]
        self._pending: set[str] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Start watching; reloads run on ``loop`` (default: the running loop)."""
        self._loop = loop or asyncio.get_running_loop()
        observer = Observer()
        observer.schedule(_Events(self), str(self.root), recursive=True)
        observer.daemon = True
        observer.start()
        self._observer = observer

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
            self._observer = None
        if self._timer is not None:
            self._timer.cancel()

    def changed(self, path: str) -> None:
        """A source file changed (any thread)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._schedule, path)

    def _schedule(self, path: str) -> None:
        self._pending.add(path)
        if self._timer is not None:
            self._timer.cancel()
        assert self._loop is not None
        self._timer = self._loop.call_later(self.quiet, self._fire)

    def _fire(self) -> None:
        self._timer = None
        if self._task is not None and not self._task.done():
            # a reload is running: reload again when it ends (the files changed meanwhile)
            self._timer = self._loop.call_later(self.quiet, self._fire) if self._loop else None
            return
        changed, self._pending = sorted(self._pending), set()
        if changed:
            self._task = asyncio.ensure_future(self._reload(changed))

    async def _reload(self, changed: list[str]) -> None:
        rel = [str(Path(p).resolve().relative_to(self.root)) for p in changed]
        log.info("reloading after changes to %s", ", ".join(rel))
        self.reloads += 1
        try:
            await self.driver.reload(rel)
        except Exception:  # keep watching whatever happened
            log.exception("hot reload failed")
