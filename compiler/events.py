"""Event attributes of both dialects → one dialect-neutral description.

Alipay: ``onTap``, ``catchTap``, ``capture-onTap``, ``capture-catchTap`` (the event
name is the rest of the attribute with its first letter lower-cased, then all
lower-cased: ``onLongTap`` → ``longtap``, ``onTouchStart`` → ``touchstart``).

WeChat: ``bindtap``, ``bind:tap``, ``catchtap``, ``catch:tap``, ``mut-bind:tap``,
``mut-bindtap``, ``capture-bind:tap``, ``capture-catch:tap``. WeChat event names are
case-sensitive (a component's ``triggerEvent('myEvent')`` is matched by
``bind:myEvent``), so they are kept as written.

Rule for custom components: the compiler does not know which tags are components,
so every event attribute becomes an :class:`EventSpec` (and an ``EventBinding`` in
``Node.events``), never an entry in ``Node.attrs``. For Alipay, an ``onXxx`` on a
custom component is really a function prop; ``EventBinding.attr`` keeps the attribute
as written (``onChange``) so the view layer can turn it back into that prop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Dialect = Literal["alipay", "wechat"]

_ALIPAY = re.compile(r"^(capture-)?(on|catch)([A-Z][\w-]*)$")
_WECHAT = re.compile(r"^(capture-|mut-)?(bind|catch):?([A-Za-z_][\w\-.:]*)$")


@dataclass(frozen=True, slots=True)
class EventSpec:
    """What an event attribute's name says (the handler is the attribute's value)."""

    name: str
    phase: Literal["bubble", "capture"] = "bubble"
    catch: bool = False
    mut: bool = False
    attr: str = ""  # the attribute as written


def parse_event_attr(attr: str, dialect: Dialect) -> EventSpec | None:
    """The event an attribute binds, or None when it is not an event attribute."""
    if dialect == "alipay":
        m = _ALIPAY.match(attr)
        if m is None:
            return None
        capture, kind, rest = m.groups()
        return EventSpec(rest.lower(), "capture" if capture else "bubble", kind == "catch",
                         False, attr)
    m = _WECHAT.match(attr)
    if m is None:
        return None
    prefix, kind, name = m.groups()
    if prefix == "mut-" and kind != "bind":
        return None  # there is no mut-catch
    return EventSpec(name, "capture" if prefix == "capture-" else "bubble", kind == "catch",
                     prefix == "mut-", attr)
