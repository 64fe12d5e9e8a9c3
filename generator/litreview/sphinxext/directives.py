"""The MyST vocabulary of the generated pages: a link to a published file, a generated
picture, and a list of papers the generator rendered.

- ``{sitefile}`label <bib/theme-x.bib>``` links to a file that ``html_extra_path`` copies
  to the edition's root, relative to the current page, so the URL stays stable (unlike
  ``{download}``, which copies into hashed ``_downloads`` folders). Only generated pages
  use it, with paths made of keys and slugs; anything else is refused with a warning.
- ``{latestfile}`label <library.bib>``` links to the same in ``latest/`` (an edition's
  snapshot has no downloads: they are the newest edition's).
- ``litreview-figure`` shows a generated SVG (a theme's chart, the map of the field).
- ``paper-list`` inserts a list of papers that the generator rendered (escaped HTML), so
  no dump text goes into markup and a list of 10,000 papers costs no docutils nodes.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import Inliner
from sphinx.util.docutils import SphinxDirective

from ..contract import References, resolve_reference

_ROLE_RE = re.compile(r"^(?P<label>[^<>]+?)\s*<(?P<path>[A-Za-z0-9_.:-]+(?:/[A-Za-z0-9_.:-]+)*)>$",
                      re.DOTALL)


def to_edition_root(docname: str) -> str:
    """The way from a page (``<edition>/themes/x``) up to its edition's root (``../``)."""
    return "../" * (docname.count("/") - 1)


def sitefile_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
                  options: dict[str, Any] | None = None,
                  content: list[str] | None = None) -> tuple[list[nodes.Node], list[Any]]:
    """Resolve ``label <path>`` to a relative link to ``path`` at the edition root
    (``{latestfile}``: in ``latest/``, the newest edition, which has the downloads)."""
    m = _ROLE_RE.match(text)
    if not m or ".." in m.group("path").split("/"):
        msg = inliner.reporter.error(f"{name}: expected 'label <path>', got {text!r}",
                                     line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    docname = inliner.document.settings.env.docname
    latest = "../latest/" if name == "latestfile" else ""
    uri = to_edition_root(docname) + latest + m.group("path")
    node = nodes.reference(rawtext, m.group("label"), refuri=uri, classes=["sitefile"])
    return [node], []


def reference_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
                   options: dict[str, Any] | None = None,
                   content: list[str] | None = None) -> tuple[list[nodes.Node], list[Any]]:
    """``{paper}`key``` (by title), ``{cite}`key``` (author-year), ``{citep}`key``` (the
    same in parentheses) and ``{theme}`slug``` (by name): a link to the paper's page or
    the theme's, resolved against ``contract.REFERENCES``; an unknown target is an error
    that names the nearest."""
    env = inliner.document.settings.env
    refs: References = getattr(env, "litreview_references", None) or References(
        papers={}, themes={}, aliases={})
    try:
        label, target = resolve_reference(name, text, refs)
    except KeyError as exc:
        msg = inliner.reporter.error(str(exc.args[0]), line=_role_line(f"{{{name}}}`{text}`",
                                                                        lineno, inliner))
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    env.litreview_paper_users.add(env.docname)  # read again when the papers change
    up = to_edition_root(env.docname)
    uri = up + (f"themes/{target}.html" if name == "theme" else f"../papers/{target}.html")
    link = nodes.reference(rawtext, label, refuri=uri, classes=[f"litreview-{name}"])
    if name == "citep":  # "(Wang et al., 2024)", the link inside the parentheses
        return [nodes.Text("("), link, nodes.Text(")")], []
    return [link], []


def _role_line(role: str, lineno: int, inliner: Inliner) -> int:
    """The line of the ``role`` (as MyST writes it, e.g. ``{cite}`key```): MyST gives a
    role its paragraph's first line, so the role is looked for in the source from there
    (``lineno`` when it cannot be read)."""
    source, _ = inliner.reporter.get_source_and_line(lineno)
    try:
        lines = Path(source or "").read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return lineno
    # the same role twice in a paragraph: the n-th time it is met is its n-th place
    met = inliner.document.__dict__.setdefault("litreview_roles_met", Counter())
    met[source, lineno, role] += 1
    places = [i + 1 for i in range(max(lineno - 1, 0), len(lines)) if role in lines[i]
              for _ in range(lines[i].count(role))]
    n = met[source, lineno, role]
    return places[n - 1] if n <= len(places) else lineno


class PaperListDirective(SphinxDirective):
    """``paper-list`` NAME: a list of papers the generator rendered (autoescaped template
    ``litreview/rendering/templates/paper-list.html``), inserted as HTML."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        lists = getattr(self.env, "litreview_lists", {})
        name = self.arguments[0]
        if name not in lists:
            raise self.error(f"paper-list: unknown list {name!r}")
        self.env.litreview_paper_users.add(self.env.docname)  # type: ignore[attr-defined]
        return [nodes.raw("", lists[name], format="html")]


class FigureDirective(SphinxDirective):
    """``litreview-figure`` PATH with ``:alt:`` and ``:interactive:`` (the map: its SVG's
    own links work), else a chart: a picture that html_extra_path publishes at the
    edition root, shown as an <object> either way."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "alt": directives.unchanged_required, "interactive": directives.flag}

    def run(self) -> list[nodes.Node]:
        path = self.arguments[0]
        if not re.fullmatch(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*\.svg", path) or \
                ".." in path.split("/"):
            raise self.error(f"litreview-figure: bad path {path!r}")
        uri = html.escape(to_edition_root(self.env.docname) + path, quote=True)
        alt = html.escape(self.options.get("alt", ""), quote=True)
        if "interactive" in self.options:  # scrolls sideways where the column is narrow
            # a region that may scroll takes the keyboard's focus (arrow keys scroll it)
            markup = (f'<div class="litreview-scroll" tabindex="0" role="region" '
                      f'aria-label="{alt}"><object class="litreview-figure" '
                      f'type="image/svg+xml" data="{uri}" aria-label="{alt}" role="img">'
                      f'<img src="{uri}" alt="{alt}"></object></div>')
        else:
            # a chart: an <object> too, so that each bar's <title> shows on hover ("2023:
            # 2 papers"), which an <img> hides; dark-light: the theme's own dim filter for
            # images stays off, the site's inverts the picture instead (litreview.css);
            # below 480 px it scrolls sideways
            markup = (f'<div class="litreview-scroll" tabindex="0" role="region" '
                      f'aria-label="{alt}"><object class="litreview-figure litreview-chart" '
                      f'type="image/svg+xml" data="{uri}" aria-label="{alt}" role="img">'
                      f'<img class="dark-light" src="{uri}" alt="{alt}"></object></div>')
        return [nodes.raw("", markup, format="html")]
