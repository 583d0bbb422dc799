"""The module table: app JavaScript (and SJS/WXS) as CommonJS modules with resolved requires.

:func:`transform_module` rewrites ES module syntax to CommonJS with tree-sitter, keeping
every line where it was (the added code goes on line 1 and on the lines of the statements
it replaces), so runtime stack traces point at the user's lines.

* Imports are hoisted to line 1 as ``var __fx_m1 = require("./a")``, in source order, as ES
  modules evaluate their imports first. Imported bindings are live: each use of an imported
  name is rewritten to a member read (``x`` → ``__fx_m1.x``, ``f()`` → ``(0, __fx_m1.f)()``),
  unless a local declaration shadows it. Default imports go through Babel's interop
  (``m.__esModule ? m : {default: m}``) and namespace imports of CommonJS modules get the
  module's own properties plus ``default``.
* Exports are getters on ``exports`` defined on line 1 (like esbuild/TypeScript), so
  exported ``let`` bindings stay live and cycles see hoisted functions; ``__esModule`` is set.
  ``export default expr`` becomes ``exports.default = expr`` in place.
* Files with ES module syntax become strict-mode code (``"use strict"``), as modules are.
* ``import("./x")`` becomes a promise of the namespace of ``require("./x")``.

:func:`build_module_table` follows ``require``/``import`` requests from the entry modules.
Resolution of a request from module ``m``:

1. ``./a``, ``../a``: relative to ``m``'s folder; ``/a``: from the app root.
2. WeChat ``resolveAlias`` from ``app.json`` (longest matching ``prefix/*``).
3. Bare names (``lodash``, ``@scope/pkg/sub``): ``miniprogram_npm/<name>`` then
   ``node_modules/<name>`` in ``m``'s folder and each parent up to the app root, laid out
   as the tools' "build npm" step does (:mod:`fanxing.compiler.npm`); a package folder
   resolves through ``package.json`` ``main``, then ``index``.
4. Still unresolved bare names: relative to ``m``'s folder (WeChat's historical
   ``require('util.js')``), then from the app root (``require('utils/x')``).

A path is tried as written, then with the kind's extensions (``.ts``, ``.js``, ``.json`` for
logic, a ``.ts`` first as the tools' TypeScript plugin compiles it over a ``.js``;
``.sjs``, ``.wxs`` for view modules), then as a folder with ``index``. A required ``.json``
file becomes a module exporting the parsed JSON.
"""

from __future__ import annotations

import codecs
import json
import os
import posixpath
import re
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path

import quickjs
import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

from . import jsonpos, npm
from .diagnostics import Diagnostic, DiagnosticSink
from .js_module import JsModule
from .memo import StepMemo
from .typescript import TypeScript, emit_options, is_typescript

_LANGUAGE = Language(tree_sitter_javascript.language())
_PARSER = Parser(_LANGUAGE)
# ``require(x)``, WeChat's async forms ``require(x, onLoad, onError)`` and
# ``require.async(x)``, and ``import(x)``.
_CALL_RE = re.compile(rb"(?<![\w$\x80-\xff.])(require\s*\.\s*async|require|import)\s*\(")
_NOT_IDENT = rb"[\w$\x80-\xff]"

_EXTENSIONS = {"logic": (".ts", ".js", ".json"), "view": (".sjs", ".wxs")}
_FUNCTION_SCOPES = {
    "function_declaration", "function_expression", "arrow_function", "method_definition",
    "generator_function", "generator_function_declaration", "class_static_block", "program",
}
_BLOCK_SCOPES = _FUNCTION_SCOPES | {
    "statement_block", "for_statement", "for_in_statement", "switch_body", "class_body",
}
_NAME_NODES = {
    "identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern",
}
_PATTERNS = {
    "object_pattern", "array_pattern", "pair_pattern", "assignment_pattern", "rest_pattern",
    "object_assignment_pattern",
}

_HELPERS = {
    "interop": "function __fx_interop(m){return m&&m.__esModule?m:{default:m};}",
    "ns": ("function __fx_ns(m){if(m&&m.__esModule)return m;var n={};"
           "if(m!=null&&(typeof m==='object'||typeof m==='function'))"
           "for(var k in m)if(Object.prototype.hasOwnProperty.call(m,k))n[k]=m[k];"
           "n.default=m;return n;}"),
    "star": ("function __fx_star(e,m){Object.keys(m).forEach(function(k){"
             "if(k!=='default'&&k!=='__esModule'&&!Object.prototype.hasOwnProperty.call(e,k))"
             "Object.defineProperty(e,k,{enumerable:true,get:function(){return m[k];}});});}"),
    "dynamic": ("function __fx_import(s){return Promise.resolve().then(function(){"
                "return __fx_ns(require(s));});}"),
}


@dataclass
class _Request:
    """A literal module request and where it is written (1-based line and column)."""

    request: str
    line: int
    col: int


@dataclass
class _Rewrite:
    """The edits and line-1 prelude of one module's ES-to-CommonJS rewrite."""

    text: bytes
    edits: list[tuple[int, int, bytes]] = field(default_factory=list)
    helpers: set[str] = field(default_factory=set)
    getters: list[tuple[str, str]] = field(default_factory=list)  # (export name, JS expr)
    hoisted: list[str] = field(default_factory=list)  # statements for line 1
    imports: dict[str, str] = field(default_factory=dict)  # local name -> member expression
    module_vars: dict[str, str] = field(default_factory=dict)  # request -> module variable
    wrapped: set[str] = field(default_factory=set)  # helper views of module variables
    requests: list[_Request] = field(default_factory=list)
    esm: bool = False

    def text_of(self, node: Node) -> str:
        return self.text[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def position(self, node: Node) -> tuple[int, int]:
        """1-based line and character column where ``node`` starts."""
        byte = node.start_byte
        start = self.text.rfind(b"\n", 0, byte) + 1
        return node.start_point[0] + 1, len(self.text[start:byte].decode("utf-8", "replace")) + 1

    def blank(self, start: int, end: int, replacement: str = "") -> None:
        """Replace bytes with ``replacement``, keeping the newlines the range held."""
        newlines = self.text.count(b"\n", start, end)
        self.edits.append((start, end, replacement.encode() + b"\n" * newlines))

    def module_var(self, node: Node, request: str, wrap: str = "") -> str:
        """The hoisted variable holding ``require(request)``, or a helper's view of it."""
        if request not in self.module_vars:
            name = f"__fx_m{len(self.module_vars) + 1}"
            self.hoisted.append(f"var {name}=require({json.dumps(request)});")
            self.module_vars[request] = name
            line, col = self.position(node)
            self.requests.append(_Request(request, line, col))
        name = self.module_vars[request]
        if not wrap:
            return name
        wrapped = f"{name}_{wrap}"
        if wrapped not in self.wrapped:
            self.wrapped.add(wrapped)
            self.helpers.add(wrap)
            self.hoisted.append(f"var {wrapped}=__fx_{wrap}({name});")
        return wrapped


def transform_module(module_id: str, path: str, source: str, *,
                     sink: DiagnosticSink) -> JsModule | None:
    """Rewrite one JS/SJS/WXS source to CommonJS; ``None`` (and diagnostics) on syntax errors.

    ``deps`` of the result maps each literal request to ``""``; :func:`build_module_table`
    fills in the resolved module ids.
    """
    result = _transform(path, source, sink)
    if result is None:
        return None
    code, requests = result
    return JsModule(module_id, path, code, {r.request: "" for r in requests})


def _transform(path: str, source: str, sink: DiagnosticSink) -> tuple[str, list[_Request]] | None:
    text = source.encode("utf-8", "surrogatepass")
    tree = _PARSER.parse(text)
    rw = _Rewrite(text)
    root = tree.root_node
    if root.has_error:
        _report_syntax_errors(rw, root, path, sink)
        return None
    try:
        code, requests = _rewrite(rw, root, source)
    except (AttributeError, IndexError, TypeError) as exc:
        # A tree shape the rewrite does not know (tree-sitter accepts some non-JS): report
        # QuickJS's view of the source rather than a traceback.
        if not _report_syntax_errors(rw, root, path, sink):
            sink.error(path, 1, 1, f"cannot compile this module ({type(exc).__name__})")
        return None
    problem = _compile_problem(code)
    if problem is not None:
        # tree-sitter accepted it but QuickJS (the runtime's engine) does not.
        if "call stack" in problem or "stack overflow" in problem:
            line, col = rw.position(_deepest(root))
            sink.error(path, line, col, "nested too deeply for the JavaScript engine "
                                        f"({problem})")
        elif not _report_syntax_errors(rw, root, path, sink):
            sink.error(path, 1, 1, f"the compiled module does not compile: {problem}")
        return None
    return code, requests


def _rewrite(rw: _Rewrite, root: Node, source: str) -> tuple[str, list[_Request]]:
    for stmt in root.named_children:
        if stmt.type == "import_statement":
            _rewrite_import(rw, stmt)
        elif stmt.type == "export_statement":
            _rewrite_export(rw, stmt)
    if rw.imports:
        _rewrite_references(rw, root)
    _collect_requires(rw, root)
    if not rw.edits and not rw.esm and not rw.helpers:
        return source, rw.requests
    text = rw.text
    prelude = []
    if rw.esm:
        prelude.append('"use strict";Object.defineProperty(exports,"__esModule",{value:true});')
    for name in ("interop", "ns", "star", "dynamic"):
        if name in rw.helpers:
            prelude.append(_HELPERS[name])
    for name, expr in rw.getters:
        prelude.append(f"Object.defineProperty(exports,{json.dumps(name)},"
                       f"{{enumerable:true,get:function(){{return {expr};}}}});")
    prelude.extend(rw.hoisted)
    rw.edits.append((0, 0, "".join(prelude).encode()))
    rw.edits.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for start, end, replacement in rw.edits:
        out.append(text[pos:start])
        out.append(replacement)
        pos = max(pos, end)
    out.append(text[pos:])
    return b"".join(out).decode("utf-8", "surrogatepass"), rw.requests


def _string_value(rw: _Rewrite, node: Node) -> str | None:
    """The value of a string literal (or a template literal without substitutions)."""
    parts = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(rw.text_of(child))
        elif child.type == "escape_sequence":
            seq = rw.text_of(child)
            try:
                parts.append(codecs.decode(seq, "unicode_escape"))
            except UnicodeDecodeError:
                parts.append(seq[1:])
        else:  # a template substitution: not a literal request
            return None
    return "".join(parts)


def _rewrite_import(rw: _Rewrite, stmt: Node) -> None:
    rw.esm = True
    source = stmt.child_by_field_name("source")
    request = _string_value(rw, source)
    clause = next((c for c in stmt.named_children if c.type == "import_clause"), None)
    if clause is None:  # import "./side-effect"
        rw.module_var(source, request)
    else:
        for part in clause.named_children:
            if part.type == "identifier":  # default import
                var = rw.module_var(source, request, "interop")
                rw.imports[rw.text_of(part)] = f"{var}.default"
            elif part.type == "namespace_import":
                local = rw.text_of(part.named_children[-1])
                rw.imports[local] = rw.module_var(source, request, "ns")
            elif part.type == "named_imports":
                for spec in part.named_children:
                    if spec.type != "import_specifier":
                        continue
                    name = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias") or name
                    imported = _export_name(rw, name)
                    var = rw.module_var(source, request, "interop" if imported == "default" else "")
                    rw.imports[rw.text_of(alias)] = _member(var, imported)
    rw.blank(stmt.start_byte, stmt.end_byte)


def _rewrite_export(rw: _Rewrite, stmt: Node) -> None:
    rw.esm = True
    source = stmt.child_by_field_name("source")
    declaration = stmt.child_by_field_name("declaration")
    value = stmt.child_by_field_name("value")
    is_default = any(c.type == "default" for c in stmt.children)
    if source is not None:  # export * / export {a as b} / export * as ns  ... from "x"
        request = _string_value(rw, source)
        clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
        namespace = next((c for c in stmt.named_children if c.type == "namespace_export"), None)
        if clause is not None:
            for spec in clause.named_children:
                name = _export_name(rw, spec.child_by_field_name("name"))
                alias = spec.child_by_field_name("alias")
                var = rw.module_var(source, request, "interop" if name == "default" else "")
                rw.getters.append((_export_name(rw, alias) if alias else name,
                                   _member(var, name)))
        elif namespace is not None:
            rw.getters.append((_export_name(rw, namespace.named_children[-1]),
                               rw.module_var(source, request, "ns")))
        else:
            rw.helpers.add("star")
            rw.hoisted.append(f"__fx_star(exports,{rw.module_var(source, request)});")
        rw.blank(stmt.start_byte, stmt.end_byte)
        return
    if declaration is not None:
        # `export [default] <declaration>`: drop the keywords, keep the declaration.
        keywords = rw.text[stmt.start_byte:declaration.start_byte]
        rw.blank(stmt.start_byte, declaration.start_byte,
                 "" if b"\n" in keywords else " " * len(keywords))
        if is_default:
            name = declaration.child_by_field_name("name")
            if name is None:  # not JS (`export default var x`): QuickJS will say so
                rw.edits.append((declaration.start_byte, declaration.start_byte,
                                 b"exports.default="))
                return
            rw.getters.append(("default", rw.text_of(name)))
        else:
            for name in _declared_names(rw, declaration):
                rw.getters.append((name, name))
        return
    if value is not None:
        if is_default and value.type in ("function_expression", "generator_function", "class") \
                and value.child_by_field_name("name") is None:
            # Anonymous default function/class: make it a declaration named __fx_default.
            rw.blank(stmt.start_byte, value.start_byte)
            anchor = value.child_by_field_name("parameters") if value.type != "class" else None
            if anchor is not None:
                rw.edits.append((anchor.start_byte, anchor.start_byte, b" __fx_default"))
            else:
                keyword = value.children[0]
                rw.edits.append((keyword.end_byte, keyword.end_byte, b" __fx_default"))
            rw.getters.append(("default", "__fx_default"))
        else:
            rw.blank(stmt.start_byte, value.start_byte, "exports.default=")
        return
    clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
    if clause is not None:  # export {a, b as c}
        for spec in clause.named_children:
            local = rw.text_of(spec.child_by_field_name("name"))
            alias = spec.child_by_field_name("alias")
            rw.getters.append((_export_name(rw, alias) if alias else local,
                               rw.imports.get(local, local)))
        rw.blank(stmt.start_byte, stmt.end_byte)


def _export_name(rw: _Rewrite, node: Node) -> str:
    if node.type == "string":
        return _string_value(rw, node) or ""
    return rw.text_of(node)


def _member(var: str, name: str) -> str:
    if name.isidentifier():
        return f"{var}.{name}"
    return f"{var}[{json.dumps(name)}]"


def _declared_names(rw: _Rewrite, declaration: Node) -> list[str]:
    """Names bound by ``export``-ed declarations (``const {a, b: [c]} = …`` gives a, c)."""
    if declaration.type in ("lexical_declaration", "variable_declaration"):
        names: list[str] = []
        for declarator in declaration.named_children:
            if declarator.type == "variable_declarator":
                _pattern_names(rw, declarator.child_by_field_name("name"), names)
        return names
    name = declaration.child_by_field_name("name")
    return [rw.text_of(name)] if name is not None else []


def _pattern_names(rw: _Rewrite, node: Node | None, out: list[str]) -> None:
    if node is None:
        return
    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
        out.append(rw.text_of(node))
    elif node.type == "pair_pattern":
        _pattern_names(rw, node.child_by_field_name("value"), out)
    elif node.type == "assignment_pattern":
        _pattern_names(rw, node.child_by_field_name("left"), out)
    elif node.type in ("object_pattern", "array_pattern", "rest_pattern",
                       "object_assignment_pattern"):
        for child in node.named_children:
            if child.type == "object_assignment_pattern":
                _pattern_names(rw, child.child_by_field_name("left"), out)
            else:
                _pattern_names(rw, child, out)


def _rewrite_references(rw: _Rewrite, root: Node) -> None:
    """Point every use of an imported name at the module object (live bindings)."""
    names = b"|".join(re.escape(n.encode()) for n in sorted(rw.imports, key=len, reverse=True))
    pattern = re.compile(rb"(?<!" + _NOT_IDENT + rb")(?:" + names + rb")(?!" + _NOT_IDENT + rb")")
    uses: list[tuple[Node, str, bool]] = []
    shadows: dict[str, set[int]] = {}
    for match in pattern.finditer(rw.text):
        node = root.named_descendant_for_byte_range(match.start(), match.end())
        if node is None or node.start_byte != match.start() or node.end_byte != match.end() \
                or node.type not in _NAME_NODES:
            continue
        parent = node.parent
        if parent is None or parent.type in (
            "import_specifier", "namespace_import", "import_clause", "export_specifier"
        ):
            continue
        name = match.group().decode()
        scope = _binding_scope(node)
        if scope is not None:
            shadows.setdefault(name, set()).add(scope.id)
        elif node.type != "shorthand_property_identifier_pattern":
            uses.append((node, name, node.type == "shorthand_property_identifier"))
    for node, name, short in uses:
        scopes = shadows.get(name)
        if scopes and _shadowed(node, scopes):
            continue
        expr = rw.imports[name]
        parent = node.parent
        if short:
            replacement = f"{name}:{expr}"
        elif parent.type == "call_expression" and parent.child_by_field_name("function") == node:
            # A statement that now starts with "(" would continue the previous line when
            # that line has no semicolon (`require(x)\n(0,f)()`): guard it like ASI-safe code.
            replacement = f";(0,{expr})" if _starts_statement(node) else f"(0,{expr})"
        else:
            replacement = expr
        rw.edits.append((node.start_byte, node.end_byte, replacement.encode()))


def _starts_statement(node: Node) -> bool:
    """Whether ``node`` is the first token of an expression statement."""
    ancestor = node.parent
    while ancestor is not None and ancestor.start_byte == node.start_byte:
        if ancestor.type == "expression_statement":
            return True
        ancestor = ancestor.parent
    return False


def _shadowed(node: Node, scopes: set[int]) -> bool:
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.id in scopes:
            return True
        ancestor = ancestor.parent
    return False


def _binding_scope(node: Node) -> Node | None:
    """The scope a binding occurrence declares its name in, or None for a reference."""
    child, parent = node, node.parent
    while parent is not None and parent.type in _PATTERNS:
        if parent.type == "pair_pattern" and parent.child_by_field_name("key") == child:
            return None
        if parent.type in ("assignment_pattern", "object_assignment_pattern") and \
                parent.child_by_field_name("left") != child:
            return None  # a default value is a reference
        child, parent = parent, parent.parent
    if parent is None:
        return None
    kind = parent.type
    if kind == "variable_declarator" and parent.child_by_field_name("name") == child:
        declaration = parent.parent
        var = declaration is not None and declaration.type == "variable_declaration"
        return _enclosing(declaration, _FUNCTION_SCOPES if var else _BLOCK_SCOPES)
    if kind == "formal_parameters":
        return parent.parent
    if kind == "arrow_function" and parent.child_by_field_name("parameter") == child:
        return parent
    if kind == "catch_clause" and parent.child_by_field_name("parameter") == child:
        return parent
    if kind == "for_in_statement" and parent.child_by_field_name("left") == child:
        keyword = parent.child_by_field_name("kind")
        if keyword is None:
            return None  # `for (x of y)` assigns an existing binding
        if keyword.type == "var":
            return _enclosing(parent, _FUNCTION_SCOPES)
        return parent
    if kind in ("function_declaration", "generator_function_declaration",
                "class_declaration") and parent.child_by_field_name("name") == child:
        return _enclosing(parent, _BLOCK_SCOPES)
    if kind in ("function_expression", "generator_function", "class") and \
            parent.child_by_field_name("name") == child:
        return parent
    return None


def _enclosing(node: Node | None, types: set[str]) -> Node | None:
    node = node.parent if node is not None else None
    while node is not None and node.type not in types:
        node = node.parent
    return node


def _collect_requires(rw: _Rewrite, root: Node) -> None:
    """Literal ``require("x")`` and ``import("x")`` requests; ``import(`` gets a helper.

    A regex finds the candidates and the tree confirms each one (not in a string or a
    comment, a real call): much cheaper than a tree query over a large bundle.
    """
    for match in _CALL_RE.finditer(rw.text):
        node = root.named_descendant_for_byte_range(match.start(1), match.end(1))
        parent = node.parent if node is not None else None
        if parent is None or parent.type != "call_expression" \
                or parent.child_by_field_name("function") != node:
            continue
        callback_form = False
        if node.type == "import":
            rw.helpers.update(("dynamic", "ns"))
            rw.edits.append((node.start_byte, node.end_byte, b"__fx_import"))
        elif node.type == "member_expression":  # require.async("x")
            obj = node.child_by_field_name("object")
            if obj is None or obj.type != "identifier" or rw.text_of(obj) != "require":
                continue
        elif node.type != "identifier":
            continue
        else:
            callback_form = True  # require("x", onLoad, onError) is a request too
        args = parent.child_by_field_name("arguments")
        literal = args.named_children[0] if args is not None and args.named_child_count else None
        count = args.named_child_count if args is not None else 0
        if literal is None or literal.type not in ("string", "template_string") \
                or not (count == 1 or (callback_form and count <= 3)):
            continue
        request = _string_value(rw, literal)
        if request is not None:
            line, col = rw.position(literal)
            rw.requests.append(_Request(request, line, col))


def _report_syntax_errors(rw: _Rewrite, root: Node, path: str, sink: DiagnosticSink) -> bool:
    """Report a syntax error: QuickJS's message and position, else tree-sitter's first error.

    tree-sitter finds that there is an error quickly but places it loosely; QuickJS (only
    asked on this rare path, with a ``throw`` in front so nothing runs) says exactly what
    and where.
    """
    # JS also ends lines at U+2028/U+2029; diagnostics count "\n" only.
    plain = rw.text.decode("utf-8", "replace").replace("\u2028", " ").replace("\u2029", " ")
    precise = _quickjs_syntax_error(plain)
    if precise is not None:
        sink.error(path, *precise)
        return True
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing:
            line, col = rw.position(node)
            sink.error(path, line, col, f"syntax error: missing '{node.type}'")
            return True
        if node.is_error:
            leaf = node
            while leaf.child_count:
                leaf = leaf.children[0]
            line, col = rw.position(leaf)
            token = rw.text_of(leaf).strip()
            what = f"unexpected '{token[:40]}'" if token else "unexpected end of input"
            sink.error(path, line, col, f"syntax error: {what}")
            return True
        if node.has_error:
            stack.extend(reversed(node.children))
    return False


_CHECKERS = threading.local()


def _deepest(root: Node) -> Node:
    """The first of the most deeply nested nodes (walked without recursion)."""
    cursor = root.walk()
    best, best_depth, depth = root, 0, 0
    while True:
        if depth > best_depth:
            best, best_depth = cursor.node, depth
        if cursor.goto_first_child():
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return best
            depth -= 1


def _compile_problem(code: str) -> str | None:
    """QuickJS's SyntaxError for CommonJS ``code`` (compiled as a function body, never run)."""
    context = getattr(_CHECKERS, "context", None)
    if context is None:
        context = _CHECKERS.context = quickjs.Context()
    try:
        context.eval("(function(module,exports,require){" + code + "\n})")
    except quickjs.JSException as exc:
        return str(exc).split("\n", 1)[0]
    except Exception as exc:  # stack overflow on absurd nesting: report, don't crash
        return str(exc) or type(exc).__name__
    return None


_GUARD = "throw 0;"
_QJS_POSITION = re.compile(r"at <input>:(\d+):(\d+)")
_MODULE_SYNTAX = re.compile(r"^\s*(import|export)\b", re.MULTILINE)


def _quickjs_syntax_error(source: str) -> tuple[int, int, str] | None:
    """(line, col, message) of QuickJS's SyntaxError for ``source``, or None."""
    context = quickjs.Context()
    context.set_time_limit(1)
    context.set_memory_limit(64 << 20)
    try:
        if _MODULE_SYNTAX.search(source):
            context.module(_GUARD + source)
        else:
            context.eval(_GUARD + source)
    except quickjs.JSException as exc:
        text = str(exc)
        position = _QJS_POSITION.search(text)
        if not text.startswith("SyntaxError") or position is None:
            return None
        line, col = int(position.group(1)), int(position.group(2))
        if line == 1:
            col = max(1, col - len(_GUARD))
        # QuickJS counts columns in UTF-8 bytes; diagnostics count characters.
        lines = source.split("\n")
        if line <= len(lines):
            prefix = lines[line - 1].encode("utf-8")[:col - 1]
            col = len(prefix.decode("utf-8", "ignore")) + 1
        message = text.split("\n", 1)[0].replace("SyntaxError: ", "syntax error: ", 1)
        if message.endswith(": ''"):
            message = message[:-2] + "end of input"
        return line, col, message
    except Exception:  # a stack overflow or limit: no precise message, use tree-sitter's
        return None
    return None


# -- the table ---------------------------------------------------------------------------


#: Transform results by source text: (result, diagnostics naming the path ``""``). The
#: rewrite does not depend on the path (copies of a library in several folders share it);
#: ``computed`` lists the paths transformed.
TransformMemo = StepMemo[str, tuple["tuple[str, list[_Request]] | None", list[Diagnostic]]]


def build_module_table(root: Path, entries: list[str], *, sink: DiagnosticSink,
                       kind: str = "logic",
                       inline: dict[str, str] | None = None,
                       memo: TransformMemo | None = None,
                       dialect: str | None = None,
                       typescript: TypeScript | None = None) -> dict[str, JsModule]:
    """Transform the entry modules and everything they require, transitively.

    ``entries`` are module ids (paths from ``root`` with extension). Unresolvable requests
    and syntax errors become diagnostics; a module with syntax errors is left out.
    ``kind`` is ``"logic"`` (``.js``/``.json``) or ``"view"`` (``.sjs``/``.wxs``).
    ``inline`` adds modules written inside templates, ``{"pages/a/a.wxml#fmt": source}``:
    they are entries too, report against the template file and resolve requests from its
    folder. To get exact positions, pad the source with the newlines and spaces that
    precede the body in the template (positions and lines are kept as written).
    ``memo`` skips transforming a source seen before (in this or an earlier build).
    ``dialect`` (``"wechat"``/``"alipay"``) picks the npm package layout
    (:mod:`fanxing.compiler.npm`); None tries both. ``.ts`` modules are compiled with
    ``typescript`` (default: the ``tsconfig.json`` options found at ``root``) first.
    """
    if kind not in _EXTENSIONS:
        raise ValueError(f"build_module_table: kind must be 'logic' or 'view', not {kind!r}")
    inline = inline or {}
    resolver = _Resolver(Path(root), kind, dialect)
    table: dict[str, JsModule] = {}
    queue = deque(posixpath.normpath(e.replace("\\", "/").lstrip("/")) for e in entries)
    queue.extend(inline)
    seen: set[str] = set()
    while queue:
        module_id = queue.popleft()
        if module_id in seen:
            continue
        seen.add(module_id)
        path = module_id.partition("#")[0]
        source = inline[module_id] if module_id in inline else \
            _read(Path(root) / module_id, module_id, sink)
        if source is None:
            continue
        if module_id.endswith(".json"):
            module = _json_module(module_id, source, sink)
            if module is not None:
                table[module_id] = module
            continue
        if is_typescript(path):
            if typescript is None:
                typescript = TypeScript(emit_options(Path(root)))
            source = typescript.compile(path, source, sink)
            if source is None:
                continue
        result = _transform(path, source, sink) if memo is None else \
            _transform_memoized(memo, path, source, sink)
        if result is None:
            continue
        code, requests = result
        module = JsModule(module_id, path, code, {})
        for req in requests:
            if req.request in module.deps:
                continue
            target = resolver.resolve(req.request, path)
            if target is None:
                sink.error(path, req.line, req.col, resolver.explain(req.request, path))
                continue
            module.deps[req.request] = target
            queue.append(target)
        table[module_id] = module
    return table


def _transform_memoized(memo: TransformMemo, path: str, source: str,
                        sink: DiagnosticSink) -> tuple[str, list[_Request]] | None:
    def compute() -> tuple[tuple[str, list[_Request]] | None, list[Diagnostic]]:
        own = DiagnosticSink()
        return _transform("", source, own), own.items

    result, diagnostics = memo.get(source, compute, label=path)
    sink.extend([replace(d, path=path) for d in diagnostics])
    return result


def _read(file: Path, module_id: str, sink: DiagnosticSink) -> str | None:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        sink.error(module_id, 1, 1, "file not found")
    except UnicodeDecodeError as exc:
        sink.error(module_id, 1, 1, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        sink.error(module_id, 1, 1, f"cannot read file: {exc.strerror}")
    return None


def _json_module(module_id: str, source: str, sink: DiagnosticSink) -> JsModule | None:
    try:
        jsonpos.loads(source)
    except json.JSONDecodeError as exc:
        sink.error(module_id, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")
        return None
    except jsonpos.JsonSyntaxError as exc:
        sink.error(module_id, exc.line, exc.col, f"invalid JSON: {exc.message}")
        return None
    return JsModule(module_id, module_id, f"module.exports={source.rstrip()};", {})


def _in_package(path: str) -> bool:
    return any(part in npm.NPM_DIRS for part in path.split("/"))


class _Resolver:
    """Maps a request written in one module to a module id (see the module docstring)."""

    def __init__(self, root: Path, kind: str, dialect: str | None = None):
        self.root = root
        self.dialect = dialect
        self.extensions = _EXTENSIONS[kind]
        self.aliases = self._aliases() if kind == "logic" else []
        self._files: dict[str, bool] = {}

    def _aliases(self) -> list[tuple[str, str]]:
        try:
            config = jsonpos.loads((self.root / "app.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        aliases = config.get("resolveAlias") if isinstance(config, dict) else None
        if not isinstance(aliases, dict):
            return []
        pairs = [(k[:-1], v[:-1]) for k, v in aliases.items()
                 if isinstance(v, str) and k.endswith("/*") and v.endswith("/*")]
        return sorted(pairs, key=lambda kv: -len(kv[0]))

    def is_file(self, module_id: str) -> bool:
        if module_id not in self._files:
            self._files[module_id] = os.path.isfile(self.root / module_id)
        return self._files[module_id]

    def resolve(self, request: str, importer: str) -> str | None:
        if not request:
            return None
        here = posixpath.dirname(importer)
        if request.startswith(("./", "../")) or request in (".", ".."):
            return self.path(posixpath.join(here, request))
        if request.startswith("/"):
            return self.path(request)
        for prefix, target in self.aliases:
            if request.startswith(prefix):
                return self.path(target + request[len(prefix):])
        return (self.package(request, here) or self.path(posixpath.join(here, request))
                or self.path(request))

    def explain(self, request: str, importer: str) -> str:
        """Why ``request`` did not resolve, for the diagnostic."""
        message = f"cannot resolve module '{request}'"
        if request.startswith(("./", "../", "/")):
            base = request if request.startswith("/") else \
                posixpath.join(posixpath.dirname(importer), request)
            normalized = posixpath.normpath(base.lstrip("/"))
            if normalized == ".." or normalized.startswith("../"):
                return f"{message}: it points outside the app root"
            return f"{message}: no file {normalized}[{'|'.join(self.extensions)}]"
        if not request:
            return "empty module request"
        hint = npm.missing_package_hint(self.root, posixpath.dirname(importer), request)
        return f"{message}: {hint}" if hint else \
            f"{message}: no such file in its package, the app or miniprogram_npm/"

    def path(self, joined: str) -> str | None:
        """A file or folder path from the root, tried with extensions and ``index``
        (a path into a ``miniprogram_npm`` never built: in ``node_modules``)."""
        normalized = posixpath.normpath(joined.lstrip("/"))
        if normalized == ".." or normalized.startswith("../"):
            return None
        found = self.file_or_dir(normalized)
        for cand in ([] if found else npm.built_path(self.root, normalized, self.dialect)):
            found = self.file_or_dir(cand)
            if found:
                break
        return found

    def file_or_dir(self, base: str) -> str | None:
        if base != "." and self.is_file(base):
            return base
        extensions = self.extensions
        if _in_package(base):  # packages ship JavaScript; a .ts beside it is its source
            extensions = tuple(sorted(extensions, key=lambda e: e == ".ts"))
        elif base.endswith(".js") and ".ts" in extensions and self.is_file(base[:-3] + ".ts"):
            return base[:-3] + ".ts"  # TypeScript written with ES-module style extensions
        for ext in extensions:
            if self.is_file(base + ext):
                return base + ext
        for ext in extensions:
            index = posixpath.join(base, "index" + ext) if base != "." else "index" + ext
            if self.is_file(index):
                return index
        return None

    def package(self, request: str, here: str) -> str | None:
        name, sub = npm.split_request(request)
        for store, pkg in npm.package_dirs(self.root, here, name):
            for base in npm.package_bases(self.root, pkg, store, self.dialect):
                found = self.in_base(base, sub, base == pkg)
                if found:
                    return found
        return None

    def in_base(self, base: str, sub: str, is_root: bool) -> str | None:
        if sub:
            return self.file_or_dir(posixpath.join(base, sub))
        main = npm.read_manifest(self.root / base / "package.json").get("main") \
            if is_root else None
        return (self.file_or_dir(posixpath.normpath(posixpath.join(base, main)))
                if isinstance(main, str) else None) or self.file_or_dir(base)
