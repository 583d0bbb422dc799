"""ACSS/WXSS → CSS: ``rpx`` units, ``@import`` inlining and per-component class scoping.

Parsing and serialization are tinycss2's; this module only rewrites tokens.

What the compiled CSS relies on (the view layer's side of the contract):

* ``rpx``: every ``Nrpx`` (also inside ``calc()``, shorthands, custom properties) becomes
  ``calc(N * var(--fx-rpx))``. The view sets ``--fx-rpx`` on the document root to
  ``screen width / 750`` px, so switching device width needs no recompile. ``rpx`` in an
  ``@media`` condition (where ``var()`` cannot work) is converted with the 375 px design
  width (2 rpx = 1 px) and a warning.
* ``vw`` / ``vh``: ``Nvw`` becomes ``calc(N * var(--fx-vw, 1vw))`` (``vh`` likewise): the
  view sets ``--fx-vw`` to the device width / 100 and ``--fx-vh`` to the page viewport
  height / 100, so that a page inside a simulator frame measures the device, not the
  browser window; elsewhere the fallback keeps the plain unit.
* ``page``: the type selector ``page`` (app/page styles) becomes ``.fx-page``; the view puts
  the class ``fx-page`` on every page's root element.
* ``progress``, ``video``, ``audio``, ``canvas``: a type selector becomes
  ``:is(progress, fx-progress)`` (same specificity), since a web client draws these
  built-ins as ``fx-<tag>`` elements (a native ``<progress>`` shows no children).
* Class scoping: :func:`component_class_prefix` gives each component (or page) a prefix
  such as ``fx-c1a2b3c4--``. Compiled with that ``class_prefix``, every class selector
  ``.foo`` becomes ``.fx-c1a2b3c4--foo``; the view renames each class written in that
  component's template the same way. ``:host`` becomes ``root_selector``, which defaults to
  ``.fx-c1a2b3c4`` (:func:`component_host_class`, the prefix without its dashes): the view
  puts that class on the component's host element. ``:host(.x)`` becomes
  ``.fx-c1a2b3c4.fx-c1a2b3c4--x`` (the host's own scoped classes).
* Alipay's native state classes (``a-checkbox-checked``, ``a-radio-disabled``…,
  :data:`PLATFORM_CLASS`) are never prefixed: the client, not the template, puts them on
  the built-in.
* Tag, id and attribute selectors are left unscoped, as in WeChat, where they are not
  isolated either; a component stylesheet using a tag selector gets one warning (WeChat
  warns too). Keyframe and font names are global, as on the platforms.

How the view maps class names (``styleIsolation``; WeChat defaults to ``isolated`` for
components and ``shared`` for pages; ``addGlobalClass: true`` means ``apply-shared``).
App styles are compiled without a prefix; each page and component stylesheet with its own
prefix, except a ``shared`` component, whose stylesheet the build compiles without a prefix
so that it styles the page and other sharing components (WeChat's "shared" semantics).

* page template: ``class="foo"`` → ``foo <pageprefix>foo`` (app styles and the page's own).
* component, ``isolated``: ``foo`` → ``<compprefix>foo`` only (app and page styles don't
  reach in).
* component, ``apply-shared`` / ``shared``: ``foo`` → ``foo <pageprefix>foo <compprefix>foo``
  (app and page styles reach in; ``pageprefix`` is the prefix of the page the component is on).
* ``externalClasses``: a class name the component declared as external (``my-class``) is
  replaced by the classes the parent passed in the attribute, each mapped with the
  *parent's* rule above (so the parent's stylesheet styles them); the component's own
  prefix is not applied to them.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import tinycss2
from tinycss2 import ast

from .diagnostics import Diagnostic, DiagnosticSink
from .memo import StepMemo

RPX_VARIABLE = "--fx-rpx"
# vw/vh mean the simulated device's screen, not the browser window around it
_VIEWPORT_UNITS = {"vw", "vh"}
PAGE_CLASS = "fx-page"
# built-in tags a view client draws as an inert ``fx-<tag>`` element (docs/protocol.md):
# their tag selectors match both names
FX_DRAWN_TAGS = {"progress", "video", "audio", "canvas"}
_MEDIA_RPX_PER_PX = 2  # 750 rpx over a 375 px design width
_EOF_MARKER = "__fx_eof_marker__"
#: Deepest nesting of blocks and functions (``calc(calc(…))``, ``@media { .a { } }``)
#: a stylesheet may have; real ones stay under ten. Deeper gets a diagnostic.
MAX_NESTING = 64
_BLOCK_NESTING = {"media", "supports", "document", "-moz-document", "layer", "container"}
_DECL_BLOCKS = {"font-face", "page", "viewport", "-ms-viewport", "property", "counter-style"}
_KEYFRAMES = {"keyframes", "-webkit-keyframes", "-moz-keyframes", "-o-keyframes"}
_SELECTOR_LIST_PSEUDOS = {"not", "is", "where", "has", "matches", "-webkit-any", "-moz-any"}
_COMBINATORS = {">", "+", "~"}
_STYLE_EXTENSIONS = (".acss", ".wxss", ".css")

Loader = Callable[[str], "str | None"]

# Stand-ins for a class prefix and a :host selector in shared compiled rules (NUL never
# survives tinycss2, which turns it into U+FFFD, so they cannot clash with real output).
_PREFIX_MARK = "\x00P\x00"
#: State classes Alipay's native checkbox/radio carry (the web client adds them under the
#: alipay dialect); UI libraries select on them (mini-antui's am-checkbox), so a component
#: stylesheet keeps them unscoped.
PLATFORM_CLASS = re.compile(r"a-(?:checkbox|radio)-(?:checked|disabled)")
_ROOT_MARK = "\x00R\x00"
_IMPORT_MARK = "\x00I\x00"


@dataclass
class _Piece:
    """A run of compiled rules (with prefix/root marks) and what compiling it reported,
    or one top-level ``@import`` rule, which is resolved by each importer anew."""

    css: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    import_rule: ast.AtRule | None = None


class StyleMemo:
    """Compiled rules of each style source, shared by every stylesheet that compiles it.

    A file such as ``weui.wxss`` @imported by many pages (or copied into many folders) is
    tokenized and compiled once per (source text, kind of scoping): class prefixes and
    ``:host`` are left as marks and filled in for each use, ``@import``s stay live (they
    depend on the importing file's path and on what was already inlined), and
    diagnostics are replayed in their original order with the file's path, so the
    output is the same as compiling the file afresh. Keep one across builds to reuse the
    sources that did not change (``memo`` prunes the others).
    """

    def __init__(self) -> None:
        self.memo: StepMemo[tuple[str, bool, bool, bool], list[_Piece]] = StepMemo()

    def pieces(self, source: str, warn_tags: bool, prefixed: bool,
               rooted: bool) -> list[_Piece]:
        """The compiled pieces of one source (computed on first use); their diagnostics
        name the path ``""``."""
        return self.memo.get((source, warn_tags, prefixed, rooted),
                             lambda: _compile_pieces(source, warn_tags, prefixed, rooted))


def component_class_prefix(component_path: str) -> str:
    """The class prefix of a component or page: ``fx-c`` + 8 hex digits + ``--``.

    Stable for a path from the app root; a leading ``/`` and a file extension are ignored,
    so ``components/card/card`` and ``/components/card/card.wxss`` give the same prefix.
    """
    return component_host_class(component_path) + "--"


def component_host_class(component_path: str) -> str:
    """The class the view puts on a component's host element (what ``:host`` becomes)."""
    key = component_path.lstrip("/")
    stem, ext = posixpath.splitext(key)
    if ext in _STYLE_EXTENSIONS or ext in (".axml", ".wxml", ".js", ".json"):
        key = stem
    return "fx-c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def compile_stylesheet(
    path: str,
    source: str,
    *,
    loader: Loader,
    sink: DiagnosticSink,
    class_prefix: str = "",
    root_selector: str = "",
    component: bool | None = None,
    memo: StyleMemo | None = None,
) -> str:
    """Compile one ACSS/WXSS file (with its ``@import``s inlined) to CSS.

    ``path`` is relative to the app root; ``loader(path)`` returns the source of another
    style file (path relative to the app root) or ``None`` when it does not exist.
    Problems go to ``sink`` with ``file:line:col``; invalid rules are dropped and the rest
    is compiled. ``class_prefix``/``root_selector`` scope a component's styles (see the
    module docstring); ``root_selector`` defaults to ``.`` + the prefix without its dashes.
    ``component`` (default: whether there is a prefix) warns about tag selectors, which
    are not scoped; page stylesheets are prefixed too but may use tags freely.
    ``memo`` shares the compiled rules of files compiled more than once (see
    :class:`StyleMemo`); the result is the same with or without it.
    """
    if class_prefix and not root_selector:
        root_selector = "." + class_prefix.rstrip("-")
    compiler = _StyleCompiler(loader, sink, class_prefix, root_selector,
                              bool(class_prefix) if component is None else component, memo)
    try:
        body = compiler.compile_file(path, source, [])
    except RecursionError:  # a backstop: tokenize refuses deep nesting before this
        sink.error(path, 1, 1, "stylesheet nested too deeply to compile")
        return ""
    return "".join(compiler.hoisted) + "".join(body)


class _StyleCompiler:
    """One compilation: the import chain, files already inlined and hoisted remote imports."""

    def __init__(self, loader: Loader, sink: DiagnosticSink, prefix: str, root: str,
                 warn_tags: bool = False, memo: StyleMemo | None = None):
        self.loader = loader
        self.memo = memo
        self.warn_tags = warn_tags
        self.sink = sink
        self.prefix = prefix
        self.root = root
        self.inlined: set[str] = set()
        self.hoisted: list[str] = []

    # -- files and imports ---------------------------------------------------------------

    def compile_file(self, path: str, source: str, chain: list[str]) -> list[str]:
        self.inlined.add(path)
        file = _File(path, self.sink)
        if self.memo is None:
            return self.rules(file, file.tokenize(source), chain + [path], top=True)
        out: list[str] = []
        for piece in self.memo.pieces(source, self.warn_tags, bool(self.prefix),
                                      bool(self.root)):
            if piece.import_rule is not None:
                out.extend(self.import_rule(file, piece.import_rule, chain + [path]))
                continue
            self.sink.extend([replace(d, path=path) for d in piece.diagnostics])
            if piece.css:
                out.append(piece.css.replace(_PREFIX_MARK, self.prefix)
                           .replace(_ROOT_MARK, self.root))
        return out

    def import_rule(self, file: _File, rule: ast.AtRule, chain: list[str]) -> list[str]:
        prelude = _strip(rule.prelude)
        if rule.content is not None:
            # `@import "a.wxss"` without `;` swallows the next rule; WeChat accepts that.
            rest = _strip(prelude[1:])
            if not prelude or prelude[0].type not in ("string", "url") or not rest:
                file.error(rule, "@import cannot have a block")
                return []
            file.warning(rest[0], "missing ';' after @import")
            follow = ast.QualifiedRule(rest[0].source_line, rest[0].source_column, rest,
                                       rule.content)
            bare = ast.AtRule(rule.source_line, rule.source_column, rule.at_keyword, "import",
                              prelude[:1], None)
            return self.import_rule(file, bare, chain) + self.style_rule(file, follow)
        target = None
        if prelude and prelude[0].type in ("string", "url"):
            target = prelude[0].value
        elif prelude and prelude[0].type == "function" and prelude[0].lower_name == "url":
            args = _strip(prelude[0].arguments)
            if len(args) == 1 and args[0].type == "string":
                target = args[0].value
        if not target:
            file.error(rule, "@import needs a file name: @import \"file.wxss\";")
            return []
        media = tinycss2.serialize(prelude[1:]).strip()
        if "://" in target or target.startswith("//"):
            self.hoisted.append(f"@import {tinycss2.serialize(prelude).strip()};\n")
            return []
        resolved = _resolve_import(file.path, target)
        if resolved is None:
            file.error(rule, f"@import \"{target}\" points outside the app root")
            return []
        found = self._load(resolved, file.path)
        if found is None:
            file.error(rule, f"@import \"{target}\": file not found ({resolved})")
            return []
        resolved, source = found
        if resolved in chain:
            cycle = " -> ".join(chain[chain.index(resolved):] + [resolved])
            file.error(rule, f"@import cycle: {cycle}")
            return []
        if resolved in self.inlined:
            return []  # each file once, like the platforms' compilers
        body = self.compile_file(resolved, source, chain)
        if media and body:
            return [f"@media {media}{{\n", *body, "}\n"]
        return body

    def _load(self, resolved: str, importer: str) -> tuple[str, str] | None:
        candidates = [resolved]
        if not posixpath.splitext(resolved)[1]:
            candidates.append(resolved + (posixpath.splitext(importer)[1] or ".wxss"))
        for candidate in candidates:
            source = self.loader(candidate)
            if source is not None:
                return candidate, source
        return None

    # -- rules -----------------------------------------------------------------------------

    def rules(self, file: _File, tokens: list, chain: list[str], top: bool = False) -> list[str]:
        """Compile a rule list (a stylesheet or an ``@media`` body) given as component values."""
        out: list[str] = []
        for first, part in _split_rules(tokens):
            if first.type == "error":
                file.parse_error(first)
                continue
            rule = tinycss2.parse_one_rule(part)
            if rule.type == "error":
                if first.type == "at-keyword":
                    file.error(first, f"@{first.value} needs ';' or a '{{…}}' block")
                else:
                    file.error(first, "expected '{' after the selector")
            elif rule.type == "qualified-rule":
                out.extend(self.style_rule(file, rule))
            elif rule.lower_at_keyword == "import":
                if top:
                    out.extend(self.import_rule(file, rule, chain))
                else:
                    file.error(rule, "@import is only allowed at the top level")
            else:
                out.extend(self.at_rule(file, rule, chain))
        return out

    def style_rule(self, file: _File, rule: ast.QualifiedRule) -> list[str]:
        prelude = _strip(rule.prelude)
        if _browser_dropped(prelude) == _SLASHES:
            file.warning(prelude[0], f"{_SLASHES}: the rule is dropped, as a browser does")
            return []
        selector = _Selector(self, file, rule).compile(rule.prelude)
        if selector is None:
            return []
        return [f"{selector}{{{self.block(file, rule.content)}}}\n"]

    def block(self, file: _File, content: list) -> str:
        """A block's declarations as ``a:b;c:d;`` (invalid ones reported and dropped)."""
        parts: list[str] = []
        for chunk in _split_declarations(content):
            first = chunk[0]
            if first.type == "at-keyword":
                file.error(first, f"@{first.value} is not allowed inside a rule's block")
                continue
            decl = tinycss2.parse_one_declaration(chunk)
            if decl.type == "error":
                hack = _browser_dropped(chunk)
                if hack:
                    # Real ACSS ships these; a browser drops the declaration, so do we.
                    file.warning(first, f"{hack}: the declaration is dropped, as a browser does")
                elif first.type == "error":
                    file.parse_error(first)
                elif first.type != "ident":
                    file.error(first, f"expected a property name, got {_describe(first)}")
                elif any(t.type == "{} block" for t in chunk):
                    file.error(first, "nested rules are not supported in ACSS/WXSS")
                else:
                    file.error(first, f"expected ':' after property '{first.value}'")
                continue
            value = file.values(decl.value)
            if value is not None:
                important = "!important" if decl.important else ""
                parts.append(f"{decl.name}:{value.strip()}{important};")
        return "".join(parts)

    def at_rule(self, file: _File, rule: ast.AtRule, chain: list[str]) -> list[str]:
        name = rule.lower_at_keyword
        if name == "charset":
            return []
        prelude = file.values(rule.prelude, media=name == "media")
        if prelude is None:
            return []
        head = f"@{rule.at_keyword}{' ' if prelude.strip() else ''}{prelude.strip()}"
        if rule.content is None:
            if name in _BLOCK_NESTING or name in _KEYFRAMES or name in _DECL_BLOCKS:
                file.error(rule, f"@{rule.at_keyword} needs a '{{…}}' block")
                return []
            return [f"{head};\n"]
        if name in _BLOCK_NESTING:
            body = self.rules(file, rule.content, chain)
            return [f"{head}{{\n", *body, "}\n"] if body else []
        if name in _KEYFRAMES:
            frames = []
            for first, part in _split_rules(rule.content):
                frame = first if first.type == "error" else tinycss2.parse_one_rule(part)
                if frame.type == "error":
                    file.error(first, "expected '{' after the keyframe selector")
                elif frame.type == "qualified-rule":
                    selector = tinycss2.serialize(frame.prelude).strip()
                    frames.append(f"{selector}{{{self.block(file, frame.content)}}}")
                else:
                    file.error(frame, f"unexpected @{frame.at_keyword} inside @{name}")
            return [f"{head}{{{''.join(frames)}}}\n"]
        if name not in _DECL_BLOCKS:
            file.warning(rule, f"unknown at-rule @{rule.at_keyword}, kept as written")
        return [f"{head}{{{self.block(file, rule.content)}}}\n"]


class _PieceRecorder(_StyleCompiler):
    """Compiles one file with marks for the prefix and root, leaving ``@import``s open."""

    def __init__(self, warn_tags: bool, prefixed: bool, rooted: bool):
        super().__init__(lambda rel: None, DiagnosticSink(), _PREFIX_MARK if prefixed else "",
                         _ROOT_MARK if rooted else "", warn_tags)
        self.imports: list[tuple[ast.AtRule, int]] = []  # with the diagnostics count before

    def import_rule(self, file: _File, rule: ast.AtRule, chain: list[str]) -> list[str]:
        self.imports.append((rule, len(self.sink.items)))
        return [_IMPORT_MARK]


def _compile_pieces(source: str, warn_tags: bool, prefixed: bool,
                    rooted: bool) -> list[_Piece]:
    recorder = _PieceRecorder(warn_tags, prefixed, rooted)
    file = _File("", recorder.sink)  # the path only names diagnostics: set on replay
    out = recorder.rules(file, file.tokenize(source), [], top=True)
    diagnostics = recorder.sink.items
    pieces: list[_Piece] = []
    css: list[str] = []
    start = 0
    imports = iter(recorder.imports)
    for text in out:
        if text != _IMPORT_MARK:
            css.append(text)
            continue
        rule, count = next(imports)
        pieces.append(_Piece("".join(css), diagnostics[start:count]))
        pieces.append(_Piece(import_rule=rule))
        css, start = [], count
    pieces.append(_Piece("".join(css), diagnostics[start:]))
    return pieces


class _File:
    """Diagnostics and token rewriting for one source file."""

    def __init__(self, path: str, sink: DiagnosticSink):
        self.path = path
        self.sink = sink

    def error(self, node: ast.Node, message: str) -> None:
        self.sink.error(self.path, node.source_line, node.source_column, message)

    def warning(self, node: ast.Node, message: str) -> None:
        self.sink.warning(self.path, node.source_line, node.source_column, message)

    def parse_error(self, err: ast.ParseError) -> None:
        self.error(err, _PARSE_MESSAGES.get(err.kind, err.message))

    def tokenize(self, source: str) -> list:
        """Component values of ``source``; reports blocks and comments left open at EOF.

        tinycss2 closes open blocks at EOF silently, so a marker token is appended: the
        blocks it ends up nested in are exactly the unclosed ones.
        """
        tokens = tinycss2.parse_component_value_list(
            source + "\n" + _EOF_MARKER, skip_comments=True
        )
        deep = _too_deep(tokens, MAX_NESTING)
        if deep is not None:  # later stages (and tinycss2's serializer) recurse per level
            self.error(deep, f"blocks and functions nested too deeply (over {MAX_NESTING} "
                             "levels); this stylesheet is left out")
            return []
        chain = _last_chain(tokens)
        last = chain[-1][-1] if chain[-1] else None
        if last is not None and last.type == "ident" and last.value == _EOF_MARKER:
            chain[-1].pop()
            self._report_unclosed(chain)
            return tokens
        # The marker was swallowed: by an unclosed comment (reported here) or by a bad
        # url/string token (a ParseError the rule parser reports).
        chain = _last_chain(tinycss2.parse_component_value_list(source))
        last = chain[-1][-1] if chain[-1] else None
        if last is not None and last.type == "comment" and not source.endswith("*/"):
            self._report_unclosed(chain)
            self.error(last, "unclosed comment: missing '*/'")
        return tokens

    def _report_unclosed(self, chain: list[list]) -> None:
        for container in chain[:-1]:
            node = container[-1]
            self.error(node, f"unclosed {_BLOCK_NAMES[node.type]}: missing '{_CLOSERS[node.type]}'")

    def values(self, tokens: list, media: bool = False) -> str | None:
        """Serialize component values with ``rpx`` rewritten; None if they hold a parse error."""
        ok = True

        def rewrite(nodes: list) -> list:
            nonlocal ok
            out = []
            for node in nodes:
                if node.type == "error":
                    self.parse_error(node)
                    ok = False
                elif node.type == "dimension" and node.lower_unit == "rpx":
                    out.append(self._rpx(node, media))
                elif node.type == "dimension" and node.lower_unit in _VIEWPORT_UNITS and not media:
                    out.append(self._scaled(node, f"--fx-{node.lower_unit}",
                                            [ast.LiteralToken(node.source_line, node.source_column, ","),
                                             ast.WhitespaceToken(node.source_line, node.source_column, " "),
                                             ast.DimensionToken(node.source_line, node.source_column,
                                                                1, 1, "1", node.lower_unit)]))
                elif node.type == "function":
                    out.append(ast.FunctionBlock(node.source_line, node.source_column,
                                                 node.name, rewrite(node.arguments)))
                elif node.type in _BLOCK_TYPES:
                    out.append(type(node)(node.source_line, node.source_column,
                                          rewrite(node.content)))
                else:
                    out.append(node)
            return out

        rewritten = rewrite(tokens)
        return tinycss2.serialize(rewritten) if ok else None

    def _rpx(self, node: ast.DimensionToken, media: bool) -> ast.Node:
        line, col = node.source_line, node.source_column
        if media:
            self.warning(node, "rpx in a media query is converted at 2rpx = 1px (375px design width)")
            px = node.value / _MEDIA_RPX_PER_PX
            rep = str(int(px)) if px == int(px) else repr(px)
            return ast.DimensionToken(line, col, px, None, rep, "px")
        return self._scaled(node, RPX_VARIABLE)

    @staticmethod
    def _scaled(node: ast.DimensionToken, variable: str, fallback: list | None = None) -> ast.Node:
        """``calc(N * var(variable[, fallback]))`` for the dimension ``N<unit>``."""
        line, col = node.source_line, node.source_column
        number = ast.NumberToken(line, col, node.value, node.int_value, node.representation)
        var = ast.FunctionBlock(line, col, "var", [ast.IdentToken(line, col, variable)]
                                + (fallback or []))
        space = ast.WhitespaceToken(line, col, " ")
        return ast.FunctionBlock(line, col, "calc",
                                 [number, space, ast.LiteralToken(line, col, "*"), space, var])


class _Selector:
    """Checks and scopes one selector list (a qualified rule's prelude)."""

    def __init__(self, compiler: _StyleCompiler, file: _File, rule: ast.Node):
        self.c = compiler
        self.file = file
        self.rule = rule
        self.failed = False
        self.warned_tag = False

    def compile(self, prelude: list) -> str | None:
        result = self.selector_list(prelude, self.rule)
        return None if self.failed else result

    def fail(self, node: ast.Node, message: str) -> None:
        if not self.failed:
            self.file.error(node, message)
        self.failed = True

    def selector_list(self, tokens: list, where: ast.Node, relative: bool = False) -> str:
        parts: list[tuple[ast.Node, list]] = [(where, [])]
        for token in tokens:
            if token.type == "literal" and token.value == ",":
                parts.append((token, []))
            else:
                parts[-1][1].append(token)
        out = []
        for at, part in parts:
            part = _strip(part)
            if not part:
                self.fail(at, "empty selector")
                return ""
            out.append(self.complex_selector(part, relative))
        return ",".join(out)

    def complex_selector(self, tokens: list, relative: bool) -> str:
        out: list[str] = []
        pending = ""  # combinator waiting for the next compound
        need_compound = not relative
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            if token.type == "whitespace":
                pending = pending or " "
                i += 1
                continue
            if token.type == "literal" and token.value in _COMBINATORS:
                if pending.strip():
                    self.fail(token, f"unexpected combinator '{token.value}'")
                    return ""
                if need_compound and not out:
                    self.fail(token, f"selector cannot start with '{token.value}'")
                    return ""
                pending = token.value
                i += 1
                continue
            if out or pending.strip():
                out.append(pending if pending.strip() else " ")
            pending = ""
            i = self.compound(tokens, i, out)
            if self.failed:
                return ""
        if pending.strip():
            self.fail(tokens[-1], f"selector cannot end with '{pending}'")
            return ""
        return "".join(out).strip()

    def compound(self, tokens: list, i: int, out: list[str]) -> int:
        """Consume one compound selector from ``tokens[i]``; append its CSS; return next index."""
        n = len(tokens)
        while i < n:
            token = tokens[i]
            t = token.type
            if t == "whitespace" or (t == "literal" and token.value in _COMBINATORS):
                return i
            if t == "ident":
                out.append(self.type_selector(token))
            elif t == "literal" and token.value == ".":
                nxt = tokens[i + 1] if i + 1 < n else None
                if nxt is None or nxt.type != "ident":
                    self.fail(token, "expected a class name after '.'")
                    return n
                name = tinycss2.serialize([nxt])
                # a class the platform puts on a built-in is not the author's: never scoped
                out.append("." + ("" if PLATFORM_CLASS.fullmatch(name) else self.c.prefix) + name)
                i += 1
            elif t == "hash":
                if not token.is_identifier:
                    self.fail(token, f"invalid id selector '#{token.value}'")
                    return n
                out.append(tinycss2.serialize([token]))
            elif t == "literal" and token.value == ":":
                i = self.pseudo(tokens, i, out)
                if self.failed:
                    return n
                continue
            elif t == "literal" and token.value in ("*", "&", "|"):
                out.append(token.value)
            elif t == "[] block":
                out.append(tinycss2.serialize([token]))
            elif t == "error":
                if not self.failed:
                    self.file.parse_error(token)
                self.failed = True
                return n
            else:
                self.fail(token, f"unexpected {_describe(token)} in selector")
                return n
            i += 1
        return i

    def type_selector(self, token: ast.IdentToken) -> str:
        name = token.lower_value
        if name == "page":
            return "." + PAGE_CLASS
        if name in FX_DRAWN_TAGS:  # same specificity as the bare tag
            return f":is({name}, fx-{name})"
        if self.c.warn_tags and not self.warned_tag:
            self.warned_tag = True
            self.file.warning(token, f"tag selector '{token.value}' in a component stylesheet "
                              "is not scoped to the component (use a class selector)")
        return tinycss2.serialize([token])

    def pseudo(self, tokens: list, i: int, out: list[str]) -> int:
        n = len(tokens)
        colons = ":"
        i += 1
        if i < n and tokens[i].type == "literal" and tokens[i].value == ":":
            colons = "::"
            i += 1
        token = tokens[i] if i < n else None
        if token is None or token.type not in ("ident", "function"):
            self.fail(tokens[i - 1], f"expected a pseudo-class name after '{colons}'")
            return n
        name = token.lower_value if token.type == "ident" else token.lower_name
        if colons == ":" and name == "host" and self.c.root:
            out.append(self.c.root)
            if token.type == "function":
                inner: list[str] = []
                args = _strip(token.arguments)
                j = self.compound(args, 0, inner) if args else 0
                if not args or j < len(args):
                    self.fail(token, ":host() takes one compound selector")
                    return n
                out.extend(inner)
        elif token.type == "function" and name in _SELECTOR_LIST_PSEUDOS:
            inner_css = self.selector_list(token.arguments, token, relative=(name == "has"))
            out.append(f"{colons}{token.name}({inner_css})")
        elif token.type == "function":
            # Token by token: tinycss2 would put /**/ between `2n` and `+1` in nth-child.
            args = "".join(arg.serialize() for arg in token.arguments)
            out.append(f"{colons}{tinycss2.serialize([ast.IdentToken(0, 0, token.name)])}({args})")
        else:
            out.append(colons + tinycss2.serialize([token]))
        return i + 1


def _resolve_import(importer: str, target: str) -> str | None:
    """App-root-relative path of an ``@import`` target, or None if it leaves the root."""
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(importer), target)
    normalized = posixpath.normpath(joined)
    if normalized.startswith("../") or normalized == ".." or normalized == ".":
        return None
    return normalized


def _split_rules(tokens: list):
    """Yield ``(first token, tokens)`` per rule: up to a ``{}`` block, or ``;`` for at-rules.

    A stray top-level parse error (an unmatched ``}``) is yielded on its own.
    """
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if token.type in ("whitespace", "comment") or (
            token.type == "literal" and token.value in ("<!--", "-->")
        ):
            i += 1
            continue
        if token.type == "error":
            yield token, [token]
            i += 1
            continue
        start = i
        at_rule = token.type == "at-keyword"
        while i < n:
            t = tokens[i]
            i += 1
            if t.type == "{} block" or (at_rule and t.type == "literal" and t.value == ";"):
                break
        yield token, tokens[start:i]


_SLASHES = "'//' starts no comment in CSS"


def _browser_dropped(tokens: list) -> str | None:
    """Why a browser drops what starts with these tokens, for the forms real ACSS ships:
    a ``// property: value`` line, or an old IE ``*property: value`` hack."""
    if not tokens or tokens[0].type != "literal":
        return None
    if tokens[0].value == "/" and len(tokens) > 1 and tokens[1].type == "literal" \
            and tokens[1].value == "/":
        return _SLASHES
    if tokens[0].value == "*" and len(tokens) > 1 and tokens[1].type == "ident":
        return f"'*{tokens[1].value}' is an old IE hack, no CSS property"
    return None


def _split_declarations(tokens: list) -> list[list]:
    """A block's contents split at ``;``: non-empty chunks without surrounding whitespace."""
    chunks: list[list] = []
    current: list = []
    for token in tokens:
        if token.type == "literal" and token.value == ";":
            chunks.append(current)
            current = []
        else:
            current.append(token)
    chunks.append(current)
    return [c for c in map(_strip, chunks) if c]


def _strip(tokens: list) -> list:
    start, end = 0, len(tokens)
    while start < end and tokens[start].type in ("whitespace", "comment"):
        start += 1
    while end > start and tokens[end - 1].type in ("whitespace", "comment"):
        end -= 1
    return tokens[start:end]


def _too_deep(tokens: list, limit: int) -> ast.Node | None:
    """The first block or function nested more than ``limit`` levels deep, or None
    (iterative: the input may be nested far deeper than Python's recursion limit)."""
    stack = [(tokens, 0)]
    while stack:
        nodes, depth = stack.pop()
        for node in nodes:
            content = _block_content(node)
            if content is None:
                continue
            if depth >= limit:
                return node
            stack.append((content, depth + 1))
    return None


def _last_chain(tokens: list) -> list[list]:
    """Containers from the top level down through each last child that is a block."""
    chain = [tokens]
    while chain[-1]:
        content = _block_content(chain[-1][-1])
        if content is None:
            break
        chain.append(content)
    return chain


def _block_content(node: ast.Node) -> list | None:
    if node.type == "function":
        return node.arguments
    if node.type in _BLOCK_TYPES:
        return node.content
    return None


def _describe(token: ast.Node) -> str:
    if token.type == "literal":
        return f"'{token.value}'"
    if token.type in ("number", "percentage", "dimension"):
        return f"number '{tinycss2.serialize([token])}'"
    if token.type == "string":
        return "string"
    if token.type in _BLOCK_NAMES:
        return _BLOCK_NAMES[token.type]
    return token.type


_BLOCK_TYPES = {"() block", "[] block", "{} block"}
_BLOCK_NAMES = {"() block": "'('", "[] block": "'['", "{} block": "block '{'",
                "function": "function '('"}
_CLOSERS = {"() block": ")", "[] block": "]", "{} block": "}", "function": ")"}
_PARSE_MESSAGES = {
    "bad-string": "unclosed string (newline inside quotes)",
    "eof-in-string": "unclosed string at end of file",
    "eof-in-url": "unclosed url( at end of file",
    "bad-url": "invalid url()",
    "}": "unmatched '}'",
    ")": "unmatched ')'",
    "]": "unmatched ']'",
}
