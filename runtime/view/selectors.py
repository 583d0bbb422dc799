"""CSS selectors over a page's render tree (components' content included).

Selectors see the page the way ``fanxing.runtime.view.html`` prints it: mini-program tag
names, classes as the template's author wrote them, ``#id``, attributes (``[name]``,
``[name=value]`` and the other CSS attribute forms), ``data-*`` from the dataset,
descendant and child combinators, ``:first-child``, ``:nth-child()``, groups with ``,``…
(CSS3 via ``cssselect``). A custom component's host is an ordinary element whose
children are the component's rendered template, so ``todo-item .remove`` finds the
remove button of every item.
"""

from __future__ import annotations

from functools import lru_cache

import cssselect
from fanxing.runtime.view.diff import VNode
from fanxing.runtime.view.html import NODE_ID_ATTR, element_tree
from lxml import etree


class SelectorError(ValueError):
    """A selector that cannot be parsed (the message names it)."""


@lru_cache(maxsize=512)
def _xpath(selector: str) -> etree.XPath:
    try:
        expr = cssselect.GenericTranslator().css_to_xpath(selector, prefix="descendant::")
    except cssselect.SelectorError as e:
        raise SelectorError(f"selector {selector!r}: {e}") from None
    return etree.XPath(expr)


def select(root: VNode, selector: str, nodes: dict[int, VNode],
           scope: VNode | None = None) -> list[VNode]:
    """The vnodes matching ``selector`` below ``scope`` (default: ``root``), in document
    order; the whole selector matches inside ``scope`` (jQuery's ``find``, not the DOM's
    ``querySelectorAll``). ``root`` is the page root; ``nodes`` maps ids to vnodes."""
    if not isinstance(selector, str) or not selector.strip():
        raise SelectorError(f"selector {selector!r}: expected a non-empty CSS selector")
    xpath = _xpath(selector.strip())
    tree = element_tree(root)
    start = tree
    if scope is not None and scope is not root:
        found = tree.xpath(f"descendant::*[@{NODE_ID_ATTR}='{scope.id}']")
        if not found:
            return []
        start = found[0]
    out = []
    for el in xpath(start):
        v = nodes.get(int(el.get(NODE_ID_ATTR)))
        if v is not None:
            out.append(v)
    return out
