"""What ``compile_app`` keeps between builds of one app, for fast recompiles (hot reload).

Pass the same :class:`BuildCache` to every ``compile_app(root, cache=...)`` of an app.
Each build still reads every file and redoes the cheap whole-app steps (file listing,
app and page config, units, lints), but the costly per-file steps are looked up by their
inputs, source texts included, so only the work that depends on an edited file is
redone, and a result is always the same as a fresh build's:

* templates: parsing to IR (per file), generating Python (per file and the files it
  includes) and compiling it; a file added or removed re-parses every template, since
  targets' existence is checked;
* styles: each Less/Sass file's CSS (by its text and the texts it imported:
  :class:`~fanxing.compiler.style_preprocess.StylePreprocessor`), each style source's compiled rules (:class:`~fanxing.compiler.styles.StyleMemo`);
  stylesheets that @import an edited file are re-assembled from their pieces;
* modules: each JS/SJS/WXS source's ES-module rewrite (by text: copies of a file in
  several folders share it), and before it each ``.ts`` file's TypeScript compile (by
  text and tsconfig options); requires are resolved anew.

A changed ``app.json`` or page ``.json`` needs nothing special: config is always
re-read and the per-file keys include what it decides (class prefixes, scoping).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .memo import StepMemo
from .modules import TransformMemo
from .style_preprocess import StylePreprocessor
from .styles import StyleMemo
from .templates import TemplateMemo
from .typescript import TsMemo


@dataclass
class BuildWork:
    """What the last build with a cache computed anew (the rest came from the cache)."""

    templates_parsed: list[str] = field(default_factory=list)  # template paths
    templates_generated: list[str] = field(default_factory=list)  # paths, once per pass
    templates_compiled: list[str] = field(default_factory=list)
    styles_compiled: int = 0  # style sources (each file once per kind of scoping)
    modules_transformed: list[str] = field(default_factory=list)  # module paths
    typescript_compiled: list[str] = field(default_factory=list)  # .ts paths
    styles_preprocessed: list[str] = field(default_factory=list)  # .less/.scss/.sass paths


class BuildCache:
    """Per-file results of earlier builds of one app; see the module docstring."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.templates = TemplateMemo()
        self.styles = StyleMemo()
        self.modules: TransformMemo = StepMemo()
        self.typescript: TsMemo = StepMemo()
        self.preprocessor = StylePreprocessor(Path())
        self.last = BuildWork()

    def _memos(self) -> tuple[StepMemo[Any, Any], ...]:
        return (*self.templates.steps, self.styles.memo, self.modules, self.typescript)

    def begin(self, root: Path) -> None:
        """Start a build of the app at ``root`` (another app empties the cache)."""
        if self.root is not None and self.root != root:
            self.__init__()  # type: ignore[misc]
        self.root = root
        for memo in self._memos():
            memo.begin()

    def finish(self) -> None:
        """Record what the build computed and drop results no longer used."""
        t = self.templates
        self.last = BuildWork(
            templates_parsed=[key[0] for key in t.irs.computed],
            templates_generated=[key[2][0][0] for key in t.generated.computed],
            templates_compiled=[key[0] for key in t.code.computed],
            styles_compiled=len(self.styles.memo.computed),
            modules_transformed=list(self.modules.computed),
            typescript_compiled=list(self.typescript.computed),
            styles_preprocessed=list(self.preprocessor.computed),
        )
        for memo in self._memos():
            memo.prune()
