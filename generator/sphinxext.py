"""Sphinx extension: stable file links, and citation metadata for reference managers.

- ``{sitefile}`label <bib/key.bib>``` links to a file that ``html_extra_path`` copies to
  the site root, relative to the current page, so the URL stays stable (unlike
  ``{download}``, which copies into hashed ``_downloads`` folders). Only generated pages
  use it, with paths made of keys and slugs; anything else is refused with a warning.
- ``litreview-figure`` shows a generated SVG (a theme's chart, the map of the field).
- Paper pages get Highwire Press ``<meta name="citation_...">`` tags and a COinS span
  (what Zotero's connector reads), from ``_generated/citation.json``. Every value is
  HTML-escaped here; dump text never passes through front matter or templates.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

_ROLE_RE = re.compile(r"^(?P<label>[^<>]+?)\s*<(?P<path>[A-Za-z0-9_.:-]+(?:/[A-Za-z0-9_.:-]+)*)>$",
                      re.DOTALL)


def sitefile_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
                  options: dict[str, Any] | None = None,
                  content: list[str] | None = None) -> tuple[list[nodes.Node], list[Any]]:
    """Resolve ``label <path>`` to a relative link to ``path`` at the site root."""
    m = _ROLE_RE.match(text)
    if not m or ".." in m.group("path").split("/"):
        msg = inliner.reporter.error(f"sitefile: expected 'label <path>', got {text!r}",
                                     line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    docname = inliner.document.settings.env.docname
    uri = "../" * docname.count("/") + m.group("path")
    node = nodes.reference(rawtext, m.group("label"), refuri=uri, classes=["sitefile"])
    return [node], []


#: where the generator writes per-paper citation metadata, relative to the source folder
CITATION_JSON = "_generated/citation.json"


def _load_citations(app: Sphinx) -> None:
    path = Path(app.srcdir) / CITATION_JSON
    data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    app.env.litreview_citations = data  # type: ignore[attr-defined]


def highwire_tags(meta: dict[str, Any]) -> str:
    """``<meta name="citation_...">`` tags, one ``citation_author`` per author."""
    pairs = [("citation_title", meta["title"])]
    pairs += [("citation_author", a) for a in meta.get("authors", [])]
    if meta.get("date"):
        pairs.append(("citation_publication_date", meta["date"].replace("-", "/")))
    if meta.get("arxiv_id"):
        pairs.append(("citation_arxiv_id", meta["arxiv_id"]))
    if meta.get("url"):
        pairs.append(("citation_public_url", meta["url"]))
    return "".join(f'<meta name="{name}" content="{html.escape(str(value), quote=True)}" />\n'
                   for name, value in pairs)


def coins_span(meta: dict[str, Any]) -> str:
    """A COinS span (OpenURL 1.0 ContextObject in a title attribute)."""
    fields: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
        ("rft.genre", "preprint"), ("rft.atitle", meta["title"]),
        ("rft.jtitle", "Hugging Face Daily Papers")]
    fields += [("rft.au", a) for a in meta.get("authors", [])]
    if meta.get("date"):
        fields.append(("rft.date", meta["date"]))
    if meta.get("url"):
        fields.append(("rft_id", meta["url"]))
    if meta.get("arxiv_id"):
        fields.append(("rft_id", "info:arxiv/" + meta["arxiv_id"]))
    title = urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)
    return f'<span class="Z3988" title="{html.escape(title, quote=True)}"></span>'


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    meta = getattr(app.env, "litreview_citations", {}).get(pagename)
    if not meta:
        return
    context["metatags"] = context.get("metatags", "") + highwire_tags(meta)
    context["body"] = context.get("body", "") + coins_span(meta)


class FigureDirective(SphinxDirective):
    """``litreview-figure`` PATH with ``:alt:`` and ``:interactive:`` (an <object>, so the
    SVG's own links work): a picture that html_extra_path publishes at the site root."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "alt": directives.unchanged_required, "interactive": directives.flag}

    def run(self) -> list[nodes.Node]:
        path = self.arguments[0]
        if not re.fullmatch(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*\.svg", path) or \
                ".." in path.split("/"):
            raise self.error(f"litreview-figure: bad path {path!r}")
        uri = html.escape("../" * self.env.docname.count("/") + path, quote=True)
        alt = html.escape(self.options.get("alt", ""), quote=True)
        if "interactive" in self.options:
            markup = (f'<object class="litreview-figure" type="image/svg+xml" data="{uri}" '
                      f'aria-label="{alt}" role="img">'
                      f'<img src="{uri}" alt="{alt}"></object>')
        else:
            markup = f'<img class="litreview-figure" src="{uri}" alt="{alt}">'
        return [nodes.raw("", markup, format="html")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("sitefile", sitefile_role)
    app.add_directive("litreview-figure", FigureDirective)
    app.connect("builder-inited", _load_citations)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
