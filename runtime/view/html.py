"""A page's render tree as HTML with mini-program tag names (for ``fanxing render``,
the test harness and snapshots).

What the user wrote is what they read back:

* tags are the mini-program tags (``view``, ``input``, ``todo-item``); a custom
  component appears as its host tag with its rendered template inside; ``slot`` nodes
  vanish and their content (given or fallback) takes their place;
* ``class`` holds the classes as written in the template (externalClasses resolved to
  what the component's user passed), never the scoped ``fx-c…--`` names the client
  styles with (``scoped=True`` gives those instead);
* attribute values (a component host's are its props, objects and lists left out):
  ``true`` prints as ``"true"``, ``false``/``null``/``undefined`` leave
  the attribute out, numbers use JS formatting, objects and lists print as JSON;
  dataset entries come back as ``data-kebab-name`` attributes;
* text is escaped, attribute values are quoted and escaped.

``element_tree`` builds the same view as an lxml tree whose elements carry the vnode
id in ``NODE_ID_ATTR``; the harness runs CSS selectors over it.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from fanxing.compiler import jsvalue as js
from fanxing.compiler.render_tree import TEXT
from fanxing.runtime.view.diff import Differ, Scope, VNode
from lxml import etree

NODE_ID_ATTR = "fx-node-id"

# Tags printed as ``<tag .../>`` when they have no children.
_SELF_CLOSING = frozenset({"input", "image", "icon", "progress", "switch", "slider",
                           "checkbox", "radio", "textarea", "web-view", "rich-text"})


def attr_text(value: Any) -> str | None:
    """An attribute value as HTML text, or None when the attribute is absent."""
    if value is None or value is False or value is js.UNDEFINED:
        return None
    if value is True:
        return "true"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return js.to_string(value)
    if callable(value):
        return None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def dataset_attr(key: str) -> str:
    """The ``data-*`` attribute name of a dataset key (``fooBar`` → ``data-foo-bar``)."""
    return "data-" + re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key)


def user_classes(vnode: VNode) -> list[str]:
    """The classes of ``vnode`` as the template's author wrote them (externalClasses
    replaced by what the component's user passed)."""
    return _written(vnode.scope, vnode.written_class)  # WXS addClass/removeClass included


def _written(scope: Scope, cls: str) -> list[str]:
    out: list[str] = []
    for name in cls.split():
        host = scope.host
        if name in scope.external and host is not None and scope.parent is not None:
            given = host.node.attrs.get(name)
            out.extend(_written(scope.parent, str(given)) if given else [])
        else:
            out.append(name)
    return out


def node_attributes(vnode: VNode, *, scoped: bool = False) -> list[tuple[str, str]]:
    """The ``(name, value)`` attributes of an element vnode in printing order."""
    node = vnode.node
    out: list[tuple[str, str]] = []
    if node.id:
        out.append(("id", node.id))
    cls = Differ.dom_class(vnode) if scoped else " ".join(user_classes(vnode))
    if cls:
        out.append(("class", cls))
    style = Differ.dom_style(vnode)  # with what WXS setStyle set
    if style:
        out.append(("style", style))
    for name, value in node.attrs.items():
        if vnode.instance is not None and (name in vnode.instance.defn.external_classes
                                           or isinstance(value, dict | list)):
            # an externalClasses value is a class, shown where it lands; object props
            # are data (read them from the component), not something to print
            continue
        text = attr_text(value)
        if text is not None and name not in ("id", "class", "style"):
            out.append((name, text))
    for name, value in node.dataset.items():
        text = attr_text(value)
        if text is not None:
            out.append((dataset_attr(name), text))
    return out


def shown_children(vnode: VNode) -> list[VNode]:
    """Children as the author reads them: ``slot`` wrappers flattened away."""
    out: list[VNode] = []
    for child in vnode.children:
        if child.node.tag == "slot" and child.scope.host is not None:
            out.extend(shown_children(child))
        else:
            out.append(child)
    return out


def text_content(vnode: VNode) -> str:
    """All text below ``vnode`` (its own text for a text node)."""
    if vnode.node.tag == TEXT:
        return vnode.node.text or ""
    return "".join(text_content(c) for c in shown_children(vnode))


def render_html(root: VNode, *, pretty: bool = False, scoped: bool = False) -> str:
    """HTML of the children of ``root`` (a page root or any vnode)."""
    parts: list[str] = []
    for child in shown_children(root):
        _write(child, parts, 0 if pretty else None, scoped)
    return "\n".join(parts) if pretty else "".join(parts)


def _write(v: VNode, out: list[str], indent: int | None, scoped: bool) -> None:
    pad = "  " * indent if indent is not None else ""
    if v.node.tag == TEXT:
        text = escape(v.node.text or "", quote=False)
        if indent is not None:
            text = text.strip()
            if not text:
                return
        out.append(pad + text)
        return
    attrs = "".join(f' {k}="{escape(val)}"' for k, val in node_attributes(v, scoped=scoped))
    tag = v.node.tag
    kids = shown_children(v)
    if not kids:
        out.append(f"{pad}<{tag}{attrs}/>" if tag in _SELF_CLOSING else
                   f"{pad}<{tag}{attrs}></{tag}>")
        return
    if indent is None:
        out.append(f"<{tag}{attrs}>")
        for k in kids:
            _write(k, out, None, scoped)
        out.append(f"</{tag}>")
        return
    if all(k.node.tag == TEXT for k in kids):  # short text stays on the tag's line
        text = escape(" ".join(text_content(v).split()), quote=False)
        out.append(f"{pad}<{tag}{attrs}>{text}</{tag}>")
        return
    out.append(f"{pad}<{tag}{attrs}>")
    for k in kids:
        _write(k, out, indent + 1, scoped)
    out.append(f"{pad}</{tag}>")


def element_tree(root: VNode) -> etree._Element:
    """The vnode tree under ``root`` as lxml elements (``NODE_ID_ATTR`` holds each id)."""
    top = etree.Element("page")
    top.set(NODE_ID_ATTR, str(root.id))
    stack: list[tuple[VNode, etree._Element]] = [(root, top)]
    while stack:
        v, el = stack.pop()
        last: etree._Element | None = None
        for child in shown_children(v):
            if child.node.tag == TEXT:
                text = child.node.text or ""
                if last is None:
                    el.text = (el.text or "") + text
                else:
                    last.tail = (last.tail or "") + text
                continue
            sub = etree.SubElement(el, _xml_name(child.node.tag))
            for name, value in node_attributes(child):
                if _XML_NAME.match(name):
                    sub.set(name, _xml_text(value))
            sub.set(NODE_ID_ATTR, str(child.id))
            last = sub
            stack.append((child, sub))
    return top


_XML_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_name(tag: str) -> str:
    return tag if _XML_NAME.match(tag) else "fx-unknown"


def _xml_text(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)
