"""What the generator hands Sphinx, typed once and imported by both sides. Pure, no I/O.

The generator writes its sources into folders of ``docs/`` that it owns
(``GENERATED_DIRS``); the Sphinx extension (``litreview.sphinxext``) reads two JSON files
from there (``PAPER_PAGES``, ``PAPER_LISTS``) and takes each edition's settings as Sphinx
configuration values (``sphinx-build -D litreview_edition=...``, see ``EditionSettings``).

Every identifier that reaches markup or a URL (paper keys, theme slugs, edition names)
matches ``SAFE_ID``; ``checked`` enforces it where markup is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

#: folders under docs/ that the generator owns (ignored by git, rewritten by every build)
GENERATED_DIRS = ("papers", "themes", "edition", "_generated")
#: per-paper data that the extension renders as one page per paper, relative to docs/
PAPER_PAGES = "_generated/paper-pages.json"
#: the long paper lists that the ``paper-list`` directive inserts, relative to docs/
PAPER_LISTS = "_generated/paper-lists.json"
#: files published verbatim at the edition's root (Sphinx's ``html_extra_path``)
PUBLISHED_DIR = "_generated/extra"
#: keys, slugs, edition names and the relative paths made of them
SAFE_ID = re.compile(r"^[A-Za-z0-9_.:/-]+$")


def checked(identifier: str) -> str:
    """``identifier`` itself, if it may go into markup and URLs unescaped; else raise."""
    if not SAFE_ID.match(identifier):
        raise ValueError(f"unsafe identifier in markup: {identifier!r}")
    return identifier


def paper_url(key: str) -> str:
    """A paper page, relative to the edition root."""
    return f"papers/{checked(key)}.html"


def theme_url(slug: str) -> str:
    """A theme page, relative to the edition root."""
    return f"themes/{checked(slug)}.html"


class PaperPage(TypedDict):
    """One entry of ``PAPER_PAGES``: a page the extension renders through the theme's
    ``page.html``. Every string is finished, escaped HTML or plain text, as named."""

    #: the page title, plain text (the extension escapes it)
    title: str
    #: the article, finished HTML (an autoescaped template made it)
    body: str
    #: Highwire Press ``<meta name="citation_...">`` tags, finished HTML
    metatags: str


#: ``PAPER_PAGES``: paper key -> its page
PaperPages = dict[str, PaperPage]
#: ``PAPER_LISTS``: list name -> finished HTML of the list
PaperLists = dict[str, str]


@dataclass(frozen=True)
class EditionSettings:
    """What one edition's Sphinx build is told, as ``-D`` configuration values."""

    #: the edition's name (its folder), e.g. ``2026-10-03``
    edition: str
    #: root-relative URL of the site's ``switcher.json``
    switcher_url: str
    #: absolute URL of the site root, ending with ``/`` (feeds, canonical links)
    base_url: str

    def overrides(self) -> list[str]:
        """The ``sphinx-build`` arguments that pass these settings."""
        return ["-D", f"litreview_edition={self.edition}",
                "-D", f"litreview_switcher_url={self.switcher_url}",
                "-D", f"litreview_base_url={self.base_url}"]
