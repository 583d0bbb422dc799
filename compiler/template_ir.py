"""Element tree → directive-level IR for one template file.

The IR says what a template *does*: conditionals, loops, template calls, includes,
slots and plain elements whose attributes are already sorted into props, id, class,
style, dataset, marks, events and model bindings. Expressions stay as
:class:`~fanxing.compiler.template_parser.Value` (literal text and ``{{ }}`` parts with
their offsets) for the code generator to compile and to report errors against.

Dialect rules applied here:

* directive prefix ``a:`` (Alipay) or ``wx:`` (WeChat);
* ``for`` wraps ``if`` when both are on one element (the condition is per item);
* a ``for`` key is a property name, ``*this``, or a ``{{ }}`` expression (Alipay
  ``key="{{…}}"`` on the loop element, or ``a:key``/``wx:key``); in Alipay a plain
  ``key`` on any other element sets ``Node.key``;
* ``slot-scope`` (Alipay) turns slot content into a :class:`ScopedSlot` rendered later
  by the component with its slot values.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from .diagnostics import did_you_mean
from .events import Dialect, EventSpec, parse_event_attr
from .template_parser import Attr, Document, Element, Mustache, Text, Value

EXTENSIONS = {"alipay": ".axml", "wechat": ".wxml"}
PREFIXES = {"alipay": "a:", "wechat": "wx:"}
_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")
_DATA_PATH = re.compile(r"^\s*[A-Za-z_$][\w$]*(\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*\d+\s*\])*\s*$")


@dataclass(slots=True)
class Loc:
    file: str
    offset: int


@dataclass(slots=True)
class ElementNode:
    tag: str
    loc: Loc
    props: list[tuple[str, Value | None]] = field(default_factory=list)
    id: Value | None = None
    cls: Value | None = None
    style: Value | None = None
    #: Alipay: ``style="{{ color: c }}"`` (an object without braces) and object values
    #: become CSS declarations.
    style_object: bool = False
    slot: Value | None = None
    key: Value | None = None
    dataset: list[tuple[str, Value | None]] = field(default_factory=list)
    marks: list[tuple[str, Value | None]] = field(default_factory=list)
    events: list[tuple[EventSpec, Value | None]] = field(default_factory=list)
    model: list[tuple[str, str]] = field(default_factory=list)  # (attr, data path)
    #: WeChat ``change:prop="{{m.fn}}"``: (prop, value) WXS property observers.
    observers: list[tuple[str, Value]] = field(default_factory=list)
    children: list[IRNode] = field(default_factory=list)


@dataclass(slots=True)
class TextNode:
    value: Value
    loc: Loc


@dataclass(slots=True)
class IfNode:
    branches: list[tuple[Value | None, IRNode]]  # None condition = else
    loc: Loc


@dataclass(slots=True)
class ForNode:
    items: Value
    item: str
    index: str
    key_prop: str | None  # property name, '*this', or None
    key_expr: Value | None  # a {{ }} key evaluated per item
    body: IRNode
    loc: Loc


@dataclass(slots=True)
class Fragment:
    children: list[IRNode]
    loc: Loc


@dataclass(slots=True)
class TemplateCall:
    name: Value
    data: Value | None
    loc: Loc


@dataclass(slots=True)
class IncludeNode:
    target: str  # resolved template path
    loc: Loc


@dataclass(slots=True)
class SlotNode:
    name: Value | None
    props: list[tuple[str, Value | None]]
    children: list[IRNode]
    loc: Loc


@dataclass(slots=True)
class ScopedSlot:
    slot: Value | None
    alias: str
    body: IRNode
    loc: Loc


IRNode = (ElementNode | TextNode | IfNode | ForNode | Fragment | TemplateCall | IncludeNode
          | SlotNode | ScopedSlot)


@dataclass(slots=True)
class TemplateDef:
    name: str
    body: list[IRNode]
    loc: Loc


@dataclass(slots=True)
class ModuleDecl:
    """A WXS/SJS module in scope: ``name`` → ``module_id`` (``member`` for named imports)."""

    name: str
    module_id: str
    member: str | None
    loc: Loc
    inline_source: str | None = None


@dataclass(slots=True)
class FileIR:
    path: str
    body: list[IRNode] = field(default_factory=list)
    templates: dict[str, TemplateDef] = field(default_factory=dict)
    imports: list[tuple[str, Loc]] = field(default_factory=list)
    includes: list[tuple[str, Loc]] = field(default_factory=list)
    modules: list[ModuleDecl] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def resolve_path(base_file: str, src: str) -> str:
    """Resolve ``src`` (``./a``, ``../a``, ``/a`` or ``a``) against the file that names it.

    ``..`` stops at the app root, as in URLs (real apps rely on it: miniprogram-demo's
    ``packageComponent/pages/x/x.wxml`` imports ``../../../../common/head.wxml``).
    """
    src = src.strip()
    base = "/" + posixpath.dirname(base_file)
    joined = src if src.startswith("/") else posixpath.join(base, src)
    return posixpath.normpath(joined).lstrip("/")


def dataset_key(attr_rest: str) -> str:
    """``user-id`` → ``userId``; upper case in the attribute is lowered first, as both hosts do."""
    parts = attr_rest.lower().split("-")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


_Cond = tuple[Literal["if", "elif", "else"], Value | None, int] | None


class _Builder:
    def __init__(self, path: str, dialect: Dialect, files: Collection[str] | None,
                 module_files: Collection[str] | None):
        self.path = path
        self.dialect: Dialect = dialect
        self.prefix = PREFIXES[dialect]
        self.ext = EXTENSIONS[dialect]
        self.files = files
        self.module_files = module_files
        self.ir = FileIR(path)

    def loc(self, offset: int) -> Loc:
        return Loc(self.path, offset)

    def error(self, offset: int, message: str) -> None:
        self.ir.errors.append((offset, message))

    def warn(self, offset: int, message: str) -> None:
        self.ir.warnings.append((offset, message))

    # -- sibling lists and if-chains -------------------------------------------------------

    def children(self, items: list[Element | Text]) -> list[IRNode]:
        out: list[IRNode] = []
        open_if: IfNode | None = None
        for item in items:
            if isinstance(item, Text):
                out.append(TextNode(item.value, self.loc(item.offset)))
                open_if = None
                continue
            built = self.element(item)
            if built is None:
                continue  # definitions (template, import, wxs) do not break a chain
            node, cond = built
            if cond is None:
                out.append(node)
                open_if = None
            elif cond[0] == "if":
                open_if = IfNode([(cond[1], node)], self.loc(item.offset))
                out.append(open_if)
            elif open_if is None:
                name = self.prefix + cond[0]
                self.error(cond[2], f"{name} without a preceding {self.prefix}if")
            else:
                open_if.branches.append((cond[1], node))
                if cond[0] == "else":
                    open_if = None
        return out

    # -- one element ---------------------------------------------------------------------

    def element(self, el: Element) -> tuple[IRNode, _Cond] | None:
        tag = el.tag
        if tag == "template" and el.attr("name") is not None:
            self.template_def(el)
            return None
        include_target = ""
        if tag == "import":
            self.link(el)
            return None
        if tag == "include":
            include_target = self.link(el)
        if tag in ("wxs", "import-sjs"):
            self.module(el)
            return None

        p = self.prefix
        cond: _Cond = None
        for_attr: Attr | None = None
        item_name, index_name = "item", "index"
        key_prop: str | None = None
        key_expr: Value | None = None
        rest: list[Attr] = []
        for a in el.attrs:
            name = a.name
            if not name.startswith(p) and not (self.dialect == "alipay" and name == "key"):
                rest.append(a)
                continue
            d = name[len(p):] if name.startswith(p) else "key"
            if d in ("if", "elif", "else"):
                if cond is not None:
                    self.error(a.offset, f"{p}{cond[0]} and {name} on the same element")
                    continue
                if d != "else" and a.value is None:
                    self.error(a.offset, f"{name} needs a condition")
                    continue
                cond = (d, a.value if d != "else" else None, a.offset)
            elif d == "for" or (d == "for-items" and self.dialect == "wechat"):
                for_attr = a
            elif d in ("for-item", "for-index"):
                value = (a.value.literal if a.value else "").strip()
                if not _IDENT.match(value):
                    self.error(a.offset, f"{name} must be an identifier, got {value!r}")
                elif d == "for-item":
                    item_name = value
                else:
                    index_name = value
            elif d == "key":
                if a.value is None:
                    self.error(a.offset, f"{name} needs a value")
                elif a.value.is_static:
                    key_prop = a.value.literal.strip() or None
                else:
                    key_expr = a.value
            else:
                prefix = name[: len(name) - len(d)]
                known = [prefix + k for k in ("if", "elif", "else", "for", "for-item",
                                              "for-index", "key")]
                self.warn(a.offset, f"unknown directive {name}{did_you_mean(name, known)}")

        key_value: Value | None = None
        if for_attr is None:  # a key on a non-loop element is the node's own diff key
            key_value = key_expr or (Value([key_prop], el.offset) if key_prop else None)

        if tag == "include":
            node: IRNode = IncludeNode(include_target, self.loc(el.offset))
        else:
            node = self.base(el, tag, rest, key_value)
        scoped: ScopedSlot | None = None
        if isinstance(node, ScopedSlot):  # slot-scope wraps the loop: it may iterate props
            scoped, node = node, node.body
        if for_attr is not None:
            if for_attr.value is None:
                self.error(for_attr.offset, f"{for_attr.name} needs a list")
            else:
                body = node
                if cond is not None and cond[0] == "if":
                    body = IfNode([(cond[1], node)], self.loc(el.offset))
                    cond = None
                node = ForNode(for_attr.value, item_name, index_name, key_prop, key_expr, body,
                               self.loc(el.offset))
        if scoped is not None:
            scoped.body = node
            node = scoped
        return node, cond

    def base(self, el: Element, tag: str, attrs: list[Attr], key: Value | None) -> IRNode:
        loc = self.loc(el.offset)
        if tag == "block":
            return Fragment(self.children(el.children), loc)
        if tag == "template":
            is_attr = el.attr("is")
            if is_attr is None or is_attr.value is None:
                self.error(el.offset, "<template> needs a name or an is attribute")
                return Fragment([], loc)
            data = el.attr("data")
            return TemplateCall(is_attr.value, data.value if data else None, loc)
        scope_alias: str | None = None
        slot_value: Value | None = None
        if tag == "slot":
            name: Value | None = None
            props: list[tuple[str, Value | None]] = []
            for a in attrs:
                if a.name == "name":
                    name = a.value
                else:
                    props.append((a.name, a.value))
            return SlotNode(name, props, self.children(el.children), loc)

        node = ElementNode(tag, loc, key=key)
        for a in attrs:
            name, value = a.name, a.value
            if name == "slot-scope":
                alias = (value.literal if value else "").strip()
                if not _IDENT.match(alias):
                    self.error(a.offset, f"slot-scope must be an identifier, got {alias!r}")
                else:
                    scope_alias = alias
                continue
            if name == "slot":
                slot_value = value
                node.slot = value
                continue
            event = parse_event_attr(name, self.dialect)
            if event is not None:
                node.events.append((event, value))
            elif name == "id":
                node.id = value
            elif name == "class":
                node.cls = value
            elif name == "style":
                node.style = value
                node.style_object = self.dialect == "alipay"
            elif name.startswith("data-") and len(name) > 5:
                node.dataset.append((dataset_key(name[5:]), value))
            elif name.startswith("mark:") and len(name) > 5:
                node.marks.append((name[5:], value))
            elif name.startswith("change:") and len(name) > 7 and self.dialect == "wechat":
                if value is None or value.single is None:
                    self.error(a.offset, f"{name} must bind a WXS function like {{{{m.fn}}}}")
                    continue
                node.observers.append((name[7:], value))
            elif name.startswith("model:") and len(name) > 6:
                target = name[6:]
                single = value.single if value else None
                if single is None or not _DATA_PATH.match(single.src):
                    self.error(a.offset, f"{name} must bind a data path like {{{{value}}}}")
                    continue
                node.props.append((target, value))
                node.model.append((target, re.sub(r"\s+", "", single.src)))
            else:
                node.props.append((name, value))
        node.children = self.children(el.children)
        if scope_alias is not None:
            return ScopedSlot(slot_value, scope_alias, node, loc)
        return node

    # -- definitions ----------------------------------------------------------------------

    def template_def(self, el: Element) -> None:
        attr = el.attr("name")
        assert attr is not None
        name = (attr.value.literal if attr.value else "").strip()
        if not name or (attr.value is not None and not attr.value.is_static):
            self.error(attr.offset, "<template name> must be a plain name")
            return
        if name in self.ir.templates:
            self.warn(el.offset, f"template '{name}' is defined twice; the last one wins")
        self.ir.templates[name] = TemplateDef(name, self.children(el.children),
                                              self.loc(el.offset))

    def link(self, el: Element) -> str:
        """Record an import/include; the resolved target, or '' when unusable."""
        attr = el.attr("src")
        if attr is None or attr.value is None or not attr.value.literal.strip():
            self.error(el.offset, f"<{el.tag}> needs a src attribute")
            return ""
        if not attr.value.is_static:
            self.error(attr.value.offset, f"<{el.tag} src> must be a plain path")
            return ""
        target = resolve_path(self.path, attr.value.literal)
        if not posixpath.splitext(target)[1]:
            target += self.ext
        if self.files is not None and target not in self.files:
            self.error(attr.value.offset, f"unknown {el.tag} target '{attr.value.literal}'"
                       f" (resolved to {target})")
            return ""
        entry = (target, self.loc(attr.value.offset))
        (self.ir.imports if el.tag == "import" else self.ir.includes).append(entry)
        return target

    def module(self, el: Element) -> None:
        loc = self.loc(el.offset)
        if el.tag == "wxs":
            name_attr, src_attr = el.attr("module"), el.attr("src")
        else:
            name_attr, src_attr = el.attr("name"), el.attr("from") or el.attr("src")
        name = (name_attr.value.literal if name_attr and name_attr.value else "").strip()
        if not name:
            which = "module" if el.tag == "wxs" else "name"
            self.error(el.offset, f"<{el.tag}> needs a {which} attribute")
            return
        inline = el.raw if el.raw is not None and el.raw.strip() else None
        if src_attr is not None and src_attr.value is not None and inline is None:
            src = src_attr.value.literal
            module_id = resolve_path(self.path, src)
            if self.module_files is not None and module_id not in self.module_files:
                self.error(src_attr.value.offset, f"unknown module '{src}'"
                           f" (resolved to {module_id})")
                return
        elif inline is not None:
            module_id = f"{self.path}#{name}"
        else:
            self.error(el.offset, f"<{el.tag}> needs a src or an inline body")
            return
        assert name_attr is not None and name_attr.value is not None
        if name.startswith("{"):
            self.named_imports(name, module_id, name_attr.value.offset, loc)
            return
        if not _IDENT.match(name):
            self.error(name_attr.value.offset, f"module name must be an identifier, got {name!r}")
            return
        self.ir.modules.append(ModuleDecl(name, module_id, None, loc, inline))

    def named_imports(self, spec: str, module_id: str, offset: int, loc: Loc) -> None:
        """Alipay ``name="{ a, b: c }"``: ``a`` is export ``a``, ``c`` is export ``b``."""
        body = spec.strip()
        if not body.endswith("}"):
            self.error(offset, f"bad named import {spec!r}")
            return
        for entry in body[1:-1].split(","):
            entry = entry.strip()
            if not entry:
                continue
            member, _, local = (s.strip() for s in entry.partition(":"))
            local = local or member
            if not (_IDENT.match(member) and _IDENT.match(local)):
                self.error(offset, f"bad named import {entry!r}")
                continue
            self.ir.modules.append(ModuleDecl(local, module_id, member, loc))


def build_ir(doc: Document, path: str, dialect: Dialect, *, files: Collection[str] | None = None,
             module_files: Collection[str] | None = None) -> FileIR:
    """Turn a parsed template into IR; problems land in ``FileIR.errors``/``warnings``.

    ``files`` (template paths) checks import/include targets; ``module_files`` checks
    WXS/SJS sources; ``None`` skips the check.
    """
    b = _Builder(path, dialect, files, module_files)
    b.ir.body = b.children(doc.children)
    return b.ir


def mustaches(value: Value | None) -> list[Mustache]:
    """The ``{{ }}`` parts of a value."""
    return [p for p in value.parts if isinstance(p, Mustache)] if value else []
