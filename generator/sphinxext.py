"""Sphinx extension: stable file links, and citation metadata for reference managers.

- ``{sitefile}`label <bib/key.bib>``` links to a file that ``html_extra_path`` copies to
  the site root, relative to the current page, so the URL stays stable (unlike
  ``{download}``, which copies into hashed ``_downloads`` folders). Only generated pages
  use it, with paths made of keys and slugs; anything else is refused with a warning.
- ``litreview-figure`` shows a generated SVG (a theme's chart, the map of the field).
- ``paper-list`` inserts a list of papers that the generator rendered (escaped HTML), so
  no dump text goes into markup and a list of 10,000 papers costs no docutils nodes.
- Paper pages are not docutils documents: ``html-collect-pages`` renders each through the
  theme's ``page.html`` around the article the generator made (an autoescaped template,
  ``generator/templates/paper.html``), from ``_generated/paper-pages.json``. They get
  Highwire Press ``<meta name="citation_...">`` tags and a COinS span (what Zotero's
  connector reads). Every value is HTML-escaped here or in that template.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader
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


#: where the generator writes the per-paper data and the long paper lists (finished,
#: escaped HTML), relative to the source folder
PAPER_PAGES = "_generated/paper-pages.json"
PAPER_LISTS = "_generated/paper-lists.json"
_KEY = re.compile(r"^[A-Za-z0-9_.:-]+$")


#: elements whose whitespace is content (or code), left exactly as rendered
_VERBATIM = re.compile(r"(<(pre|textarea|script|style|title)\b.*?</\2\s*>)",
                       re.DOTALL | re.IGNORECASE)
_LINE_BREAK_RUN = re.compile(r"[ \t\r\f]*\n\s*")
#: the templates' comments to their authors ("<!-- Loaded before other Sphinx assets -->");
#: text from a dump never makes one, it is escaped before it reaches a template
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def lean_html(page: str) -> str:
    """Whitespace runs that contain a line break become one line break, and comments go,
    except inside ``pre``, ``textarea``, ``script``, ``style`` and ``title``. A browser
    shows the page the same (a whitespace run renders as one space either way); nothing
    else changes: no entity, attribute or tag is touched."""
    parts = _VERBATIM.split(page)
    out = []
    for i in range(0, len(parts), 3):
        out.append(_LINE_BREAK_RUN.sub("\n", _COMMENT.sub("", parts[i])))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


class LeanTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader, with smaller pages: template tags leave no blank lines
    behind and indentation is dropped (``lean_html``). Set as ``template_bridge``."""

    def init(self, builder: Any, theme: Any = None, dirs: list[str] | None = None) -> None:
        super().init(builder, theme, dirs)
        self.environment.trim_blocks = self.environment.lstrip_blocks = True

    def render(self, template: str, context: dict[str, Any]) -> str:  # type: ignore[override]
        out: str = super().render(template, context)
        return lean_html(out) if template.endswith(".html") else out


def _load_papers(app: Sphinx) -> None:
    raw = {}
    for name in (PAPER_PAGES, PAPER_LISTS):
        path = Path(app.srcdir) / name
        raw[name] = path.read_bytes() if path.is_file() else b"{}"
    app.env.litreview_papers = json.loads(raw[PAPER_PAGES])  # type: ignore[attr-defined]
    app.env.litreview_lists = json.loads(raw[PAPER_LISTS])  # type: ignore[attr-defined]
    digest = hashlib.sha256(raw[PAPER_PAGES] + b"\0" + raw[PAPER_LISTS]).hexdigest()
    app.env.litreview_papers_changed = (  # type: ignore[attr-defined]
        getattr(app.env, "litreview_papers_digest", None) != digest)
    app.env.litreview_papers_digest = digest  # type: ignore[attr-defined]
    if not hasattr(app.env, "litreview_paper_users"):
        app.env.litreview_paper_users = set()  # type: ignore[attr-defined]


class PaperListDirective(SphinxDirective):
    """``paper-list`` NAME: a list of papers the generator rendered (autoescaped template
    ``generator/templates/paper-list.html``), inserted as HTML."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        lists = getattr(self.env, "litreview_lists", {})
        name = self.arguments[0]
        if name not in lists:
            raise self.error(f"paper-list: unknown list {name!r}")
        self.env.litreview_paper_users.add(self.env.docname)  # type: ignore[attr-defined]
        return [nodes.raw("", lists[name], format="html")]


def _outdated(app: Sphinx, env: Any, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    """Pages with paper lists are read again when the paper data changed."""
    if not getattr(env, "litreview_papers_changed", False):
        return []
    return sorted(d for d in env.litreview_paper_users if d in env.found_docs)


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "litreview_paper_users", set()).discard(docname)


def _paper_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """One page per paper, rendered by the theme's ``page.html`` around the generator's
    escaped article: no docutils document per paper (see docs/scaling.md)."""
    for key, data in sorted(getattr(app.env, "litreview_papers", {}).items()):
        if not _KEY.match(key):
            raise ValueError(f"paper page: unsafe key {key!r}")
        yield (f"papers/{key}", {
            "title": html.escape(data["title"]),
            "body": data["body"] + coins_span(data["meta"]),
            "metatags": highwire_tags(data["meta"]),
            "display_toc": False,
            "meta": {"html_theme.sidebar_secondary.remove": True},
            "theme_back_to_top_button": False,
            "litreview_paper": True,
            # the colour-mode menu is on every other page (the choice is stored and
            # applies here too); leaving it out keeps a paper page under 15 KB
            "theme_navbar_end": [item for item in app.config.html_theme_options.get(
                "navbar_end", ["navbar-icon-links"]) if item != "theme-switcher"],
        }, "page.html")


#: assets a paper page does not use (no tabs, no code highlighting, no Sphinx search)
_NOT_ON_PAPER_PAGES = ("design-tabs.js", "sphinx_highlight.js", "pygments.css")


def _lean_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    if not context.get("litreview_paper"):
        return
    for name in ("script_files", "css_files"):
        # in place: the list is the builder's own for this page (restored after it), and the
        # inline scripts other handlers add (pydata's version switcher settings) land in it
        context[name][:] = [f for f in context.get(name, [])
                            if not str(getattr(f, "filename", f)).endswith(_NOT_ON_PAPER_PAGES)]


#: docutils' own viewport tag; Sphinx's layout has one already
_DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*" />\n?')


def _one_viewport(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    """Drop the viewport tag docutils puts into a document's meta tags: the layout's own
    is enough, and two make a page that validators flag."""
    if "metatags" in context:
        context["metatags"] = _DOCUTILS_VIEWPORT.sub("", context["metatags"])


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


def _cache_asset_checksums() -> None:
    """Sphinx resolves the path of every script and stylesheet again on every page to find
    its (already cached) checksum: 7 ``Path.resolve`` calls a page, ~0.3 ms. The result
    only depends on the two arguments, so the outer function is cached too."""
    import sphinx.builders.html as html_builder

    checksum = getattr(html_builder, "_file_checksum", None)
    if checksum is not None and not hasattr(checksum, "cache_info"):
        setattr(html_builder, "_file_checksum", functools.cache(checksum))  # noqa: B010


def setup(app: Sphinx) -> dict[str, Any]:
    _cache_asset_checksums()
    app.add_role("sitefile", sitefile_role)
    app.add_directive("litreview-figure", FigureDirective)
    app.add_directive("paper-list", PaperListDirective)
    app.connect("builder-inited", _load_papers)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("html-collect-pages", _paper_pages)
    # after pydata-sphinx-theme's handler (priority 500), which adds the switcher settings
    app.connect("html-page-context", _lean_assets, priority=900)
    app.connect("html-page-context", _one_viewport)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
