"""Relative URLs in a component's template, resolved against the component's file.

On the hosts a relative ``src`` written in a custom component's template is relative to
that component (``images/a.png`` in ``components/card/card`` is
``/components/card/images/a.png``), not to the page showing it. The view rewrites such
attributes to root-absolute URLs before they reach a client; a page's own relative
URLs stay as written (the client resolves them against the page's route).
"""

from __future__ import annotations

import re
from typing import Any

# attributes that carry a URL (as runtime/webclient/client.js URL_ATTRS, minus link targets
# such as <navigator url>, which name routes, not files)
URL_ATTRS = frozenset({"src", "poster", "background", "icon", "iconPath"})
_ABSOLUTE = re.compile(r"^([a-z][a-z0-9+.\-]*:|/|#)", re.I)


def app_url(url: str, base: str) -> str:
    """``url`` resolved against the template path ``base`` (``components/c/c``) from the
    app root; absolute URLs, schemes and empty strings come back unchanged."""
    if not url or not base or _ABSOLUTE.match(url):
        return url
    cut = re.search(r"[?#]", url)
    path, rest = (url, "") if cut is None else (url[:cut.start()], url[cut.start():])
    parts = base.split("/")[:-1]
    for seg in path.split("/"):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg not in (".", ""):
            parts.append(seg)
    return "/" + "/".join(parts) + rest


def url_attr(name: str, value: Any, base: str) -> Any:
    """The attribute value a client gets: relative URL attributes resolved against ``base``."""
    if base and name in URL_ATTRS and isinstance(value, str):
        return app_url(value, base)
    return value


def url_attrs(attrs: dict[str, Any], base: str) -> dict[str, Any]:
    """``attrs`` with ``url_attr`` applied (the same mapping when nothing changes)."""
    if not base or not any(k in URL_ATTRS for k in attrs):
        return attrs
    return {k: url_attr(k, v, base) for k, v in attrs.items()}
