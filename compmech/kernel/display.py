"""Rich display: a registry of renderers that higher rooms fill, and the text of HTML tables.

The classes that display themselves in Jupyter live in low rooms (``models``, ``presentations``,
``measures``), but drawing a state graph is the business of the ``plot`` room, above them.  A low
room may not import a higher one, so the drawing reaches them through this registry: the ``plot``
room registers its SVG renderer when it is imported (``compmech/__init__.py`` imports it, so the
registry is filled as soon as any part of compmech is imported), and ``HMM._repr_svg_`` asks the
registry.  A format with no renderer registered gives ``None``, which Jupyter reads as "no such
representation".

Examples
--------
>>> register_renderer("example/text", lambda obj: f"<{obj}>")
>>> render("example/text", 3)
'<3>'
>>> render("example/none", 3) is None
True
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

__all__ = ["register_renderer", "render", "html_table", "html_escape", "dot_escape"]

_RENDERERS: dict[str, Callable[[object], str | None]] = {}


def register_renderer(fmt: str, renderer: Callable[[object], str | None]) -> None:
    """Register ``renderer(obj) -> text or None`` for the display format ``fmt`` (such as ``"svg"``).

    A later registration for the same format replaces the earlier one.
    """
    _RENDERERS[fmt] = renderer


def render(fmt: str, obj: object) -> str | None:
    """The registered renderer's text for ``obj``, or ``None`` when no renderer is registered for ``fmt``."""
    renderer = _RENDERERS.get(fmt)
    return None if renderer is None else renderer(obj)


def html_escape(value: object) -> str:
    """``str(value)`` with ``&``, ``<``, ``>`` and quotes escaped for HTML.

    Examples
    --------
    >>> html_escape("a < b & 'c'")
    'a &lt; b &amp; &#x27;c&#x27;'
    """
    return html.escape(str(value), quote=True)


def html_table(header: Sequence[str], rows: Sequence[Sequence[object]], caption: str | None = None) -> str:
    """An HTML table of text cells (each escaped), with an optional caption.

    Examples
    --------
    >>> print(html_table(["a", "b"], [[1, "<x>"]], caption="t"))
    <table class="compmech">
    <caption>t</caption>
    <thead><tr><th>a</th><th>b</th></tr></thead>
    <tbody>
    <tr><td>1</td><td>&lt;x&gt;</td></tr>
    </tbody>
    </table>
    """
    lines = ['<table class="compmech">']
    if caption:
        lines.append(f"<caption>{html_escape(caption)}</caption>")
    lines.append("<thead><tr>" + "".join(f"<th>{html_escape(h)}</th>" for h in header) + "</tr></thead>")
    lines.append("<tbody>")
    lines += ["<tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in row) + "</tr>" for row in rows]
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def dot_escape(text: str) -> str:
    """Text safe inside a double-quoted DOT string: quotes, backslashes and control characters escaped.

    Examples
    --------
    >>> print(dot_escape('a"]; evil [label="x'))
    a\\"]; evil [label=\\"x
    """
    out = []
    for c in str(text):
        if c in '"\\':
            out.append("\\" + c)
        elif not c.isprintable():
            out.append(c.encode("unicode_escape").decode("ascii").replace("\\", "\\\\"))
        else:
            out.append(c)
    return "".join(out)
