"""The view layer: page data → render tree → keyed diff → patch ops (``protocol``).

``PageView`` owns one page's tree; ``events`` dispatches client events; ``script_modules``
runs SJS/WXS in its own QuickJS context; ``query`` answers selector queries;
``html``/``selectors`` read a tree as HTML and by CSS selector.
"""
