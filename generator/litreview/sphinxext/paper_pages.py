"""Paper pages without docutils documents: ``html-collect-pages`` renders each paper
through the theme's ``page.html`` around the article the generator made
(``contract.PAPER_PAGES``), so 10,000 papers cost no parsing (see docs/scaling.md).

Every value arrives finished from the generator (escaped HTML, or plain text escaped
here). Pages that show paper lists are read again when the paper data changed; the set of
those pages is kept on ``env`` and merged after parallel reads.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..contract import (
    PAPER_LISTS,
    PAPER_PAGES,
    REFERENCES,
    SAFE_ID,
    PaperLists,
    PaperPages,
)


def load(app: Sphinx) -> None:
    """Read the generator's paper data; note whether it changed since the last build."""
    raw = {}
    for name in (PAPER_PAGES, PAPER_LISTS, REFERENCES):
        path = Path(app.srcdir) / name
        raw[name] = path.read_bytes() if path.is_file() else b"{}"
    env: Any = app.env
    pages: PaperPages = json.loads(raw[PAPER_PAGES])
    lists: PaperLists = json.loads(raw[PAPER_LISTS])
    env.litreview_papers, env.litreview_lists = pages, lists
    env.litreview_references = json.loads(raw[REFERENCES]) or None
    digest = hashlib.sha256(b"\0".join(raw[n] for n in (PAPER_PAGES, PAPER_LISTS, REFERENCES))
                            ).hexdigest()
    env.litreview_papers_changed = getattr(env, "litreview_papers_digest", None) != digest
    env.litreview_papers_digest = digest
    if not hasattr(env, "litreview_paper_users"):
        env.litreview_paper_users = set()


def outdated(app: Sphinx, env: Any, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """Pages with paper lists are read again when the paper data changed."""
    if not getattr(env, "litreview_papers_changed", False):
        return []
    return sorted(d for d in env.litreview_paper_users if d in env.found_docs)


def purge(app: Sphinx, env: Any, docname: str) -> None:
    """A page read again registers its paper lists again."""
    getattr(env, "litreview_paper_users", set()).discard(docname)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
          other: BuildEnvironment) -> None:
    """After a parallel read, the pages with paper lists of every worker."""
    mine: set[str] = getattr(env, "litreview_paper_users", set())
    mine.update(d for d in getattr(other, "litreview_paper_users", set()) if d in docnames)
    env.litreview_paper_users = mine  # type: ignore[attr-defined]


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """One page per paper, rendered by the theme's ``page.html`` around the generator's
    article."""
    pages: PaperPages = getattr(app.env, "litreview_papers", {})
    for key, page in sorted(pages.items()):
        if not SAFE_ID.match(key) or "/" in key:
            raise ValueError(f"paper page: unsafe key {key!r}")
        yield (f"papers/{key}", {
            "title": html.escape(page["title"]),
            "body": page["body"],
            "metatags": page["metatags"],
            "display_toc": False,
            "meta": {"html_theme.sidebar_secondary.remove": True},
            "theme_back_to_top_button": False,
            "litreview_paper": True,
        }, "page.html")


#: assets a paper page does not use (no tabs, no code highlighting)
NOT_ON_PAPER_PAGES = ("design-tabs.js", "sphinx_highlight.js", "pygments.css", "sort-lists.js")


def lean_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    """A paper page loads no script or stylesheet it does not use."""
    if not context.get("litreview_paper"):
        return
    for name in ("script_files", "css_files"):
        # in place: the list is the builder's own for this page (restored after it), and the
        # inline scripts other handlers add (pydata's version switcher settings) land in it
        context[name][:] = [f for f in context.get(name, [])
                            if not str(getattr(f, "filename", f)).endswith(NOT_ON_PAPER_PAGES)]


def no_edition(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    """A paper page belongs to no edition (its one page serves them all): no version
    switcher and no "older edition" banner (the banner script reads an empty edition)."""
    if not context.get("litreview_paper"):
        return
    context["theme_navbar_end"] = ["theme-switcher"]
    switcher = context.get("theme_switcher")
    if isinstance(switcher, dict):
        context["theme_switcher"] = {**switcher, "version_match": ""}


def edition_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    """The header's search form (the theme links it by the page name ``search``) leads to
    the search page of the pages' folder (``<folder>/search``; ``latest/search`` from a
    paper page, built with the newest edition)."""
    folder = app.config.litreview_folder or app.config.litreview_edition
    if not folder or "pathto" not in context:
        return
    pathto = context["pathto"]

    def folder_pathto(otheruri: str, resource: bool = False, *args: Any) -> str:
        if not resource and otheruri == "search":
            otheruri = folder + "/search"
        return str(pathto(otheruri, resource, *args))

    context["pathto"] = folder_pathto
