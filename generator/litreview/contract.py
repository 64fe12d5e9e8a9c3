"""What the generator hands Sphinx, typed once and imported by both sides. Pure, no I/O.

The generator assembles each edition's Sphinx source: the edition's pages under
``<edition>/`` (in the folders it owns, ``GENERATED_DIRS``), and at the root two JSON
files the Sphinx extension (``litreview.sphinxext``) reads (``PAPER_PAGES``,
``PAPER_LISTS``). Sphinx's output root is the site's root: ``<edition>/`` for the
edition, ``papers/`` for the paper pages that changed, ``_static/`` once. Each edition's
settings are Sphinx configuration values (``sphinx-build -D litreview_edition=...``, see
``EditionSettings``).

Every identifier that reaches markup or a URL (paper keys, theme slugs, edition names)
matches ``SAFE_ID``; ``checked`` enforces it where markup is made.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TypedDict

#: folders under docs/ that the generator owns (ignored by git, rewritten by every build)
GENERATED_DIRS = ("papers", "themes", "edition", "_generated")
#: per-paper data that the extension renders as one page per paper, relative to docs/
PAPER_PAGES = "_generated/paper-pages.json"
#: the long paper lists that the ``paper-list`` directive inserts, relative to docs/
PAPER_LISTS = "_generated/paper-lists.json"
#: what the roles ``{paper}``, ``{cite}`` and ``{theme}`` resolve against
REFERENCES = "_generated/references.json"
#: files published verbatim (Sphinx's ``html_extra_path``): ``<edition>/...`` for the
#: edition's own files
PUBLISHED_DIR = "_generated/extra"
#: the class of a theme page's line naming its area and the area's other themes, which
#: search leaves out (``site.search``) as it does the "Related themes" section: a theme
#: page is found by its own subject, not by the names of the themes beside it
AREA_LINE = "litreview-area"
#: keys, slugs, edition names and the relative paths made of them
SAFE_ID = re.compile(r"^[A-Za-z0-9_.:/-]+$")


def checked(identifier: str) -> str:
    """``identifier`` itself, if it may go into markup and URLs unescaped; else raise."""
    if not SAFE_ID.match(identifier):
        raise ValueError(f"unsafe identifier in markup: {identifier!r}")
    return identifier


def paper_url(key: str) -> str:
    """A paper page, relative to the site root: a paper has one page, outside the
    editions, at a URL that never changes (an edition's pages reach it as
    ``../papers/<key>.html`` from the edition root)."""
    return f"papers/{checked(key)}.html"


def theme_url(slug: str) -> str:
    """A theme page, relative to the edition root."""
    return f"themes/{checked(slug)}.html"


#: from a paper page (``papers/<key>.html``) to the newest edition: a paper's themes and
#: the site's menu are the newest edition's, so a page need not change with each edition
LATEST_FROM_PAPER = "../latest/"


class PaperPage(TypedDict):
    """One entry of ``PAPER_PAGES``: a page the extension renders through the theme's
    ``page.html``. Every string is finished, escaped HTML or plain text, as named."""

    #: the page title, plain text (the extension escapes it)
    title: str
    #: the article, finished HTML (an autoescaped template made it)
    body: str
    #: Highwire Press ``<meta name="citation_...">`` tags, finished HTML
    metatags: str


class PaperReference(TypedDict):
    """How the roles show a paper: ``{paper}`` by its title, ``{cite}`` and ``{citep}``
    author-year."""

    title: str
    #: "Wang et al. (2024)" (``{cite}``, natbib's \citet)
    cite: str
    #: "Wang et al., 2024", shown in parentheses (``{citep}``, natbib's \citep)
    citep: str


class References(TypedDict):
    """``REFERENCES``: every paper and theme a page may name, and the slugs of themes
    merged or renamed away (slug -> the theme that holds their papers now)."""

    papers: dict[str, PaperReference]
    themes: dict[str, str]
    aliases: dict[str, str]


def resolve_reference(kind: str, target: str, refs: References) -> tuple[str, str]:
    """(text, key or slug) of a role; raises ``KeyError`` with "did you mean" when the
    target is unknown."""
    target = target.strip()
    if kind == "theme":
        slug = refs["aliases"].get(target, target)
        if slug in refs["themes"]:
            return refs["themes"][slug], slug
        known = list(refs["themes"]) + list(refs["aliases"])
    else:
        if target in refs["papers"]:
            paper = refs["papers"][target]
            shown = {"paper": paper["title"], "cite": paper["cite"], "citep": paper["citep"]}
            return shown[kind], target
        known = list(refs["papers"])
    close = difflib.get_close_matches(target, known, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise KeyError(f"{{{kind}}}: no {'theme' if kind == 'theme' else 'paper'} "
                   f"{target!r}{hint}")


#: ``PAPER_PAGES``: paper key -> its page
PaperPages = dict[str, PaperPage]
#: ``PAPER_LISTS``: list name -> finished HTML of the list
PaperLists = dict[str, str]


@dataclass(frozen=True)
class EditionSettings:
    """What one Sphinx build is told, as ``-D`` configuration values."""

    #: the edition's name, e.g. ``2026-10-03`` (the version switcher's entry)
    edition: str
    #: root-relative URL of the site's ``switcher.json``
    switcher_url: str
    #: absolute URL of the site root, ending with ``/`` (feeds, canonical links)
    base_url: str
    #: where the pages go: the edition's own folder (its snapshot), or ``latest``
    folder: str = ""

    def overrides(self) -> list[str]:
        """The ``sphinx-build`` arguments that pass these settings. The pages are sources
        under ``<folder>/`` (so Sphinx's output root is the site's root, where the paper
        pages and the theme's assets live once for every edition)."""
        folder = checked(self.folder or self.edition)
        return ["-D", f"root_doc={folder}/index",
                "-D", f"litreview_folder={folder}",
                "-D", f"litreview_edition={self.edition}",
                "-D", f"litreview_switcher_url={self.switcher_url}",
                "-D", f"litreview_base_url={self.base_url}"]
