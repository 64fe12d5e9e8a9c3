"""Atom feeds (site-wide and per theme), written with feedgen. Pure: returns bytes.

Every URL is absolute (from the configured base URL). Entry ids are a paper's permanent
page URL (``papers/<key>.html`` at the site root), so they never change. Every edition's
feed names ``latest/`` as itself, so a reader subscribed to any copy follows the feed
that keeps growing. A feed holds every paper its edition added, and at least the newest
FEED_SIZE papers.
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..contract import paper_url
from ..model import Library, Paper
from ..text import normalise, unicode_scripts
from .citation import Cite

FEED_SIZE = 50
TITLE = "Daily Papers Review"


def first_edition(paper: Paper, edition_of: dict[str, str]) -> str:
    """The edition (by name) of the earliest dump that listed the paper."""
    return min((edition_of[s.dump] for s in paper.sources), default="")


def _when(day: str) -> dt.datetime:
    """Midnight UTC of an ISO date (``YYYY-MM`` means the first of the month)."""
    return dt.datetime.fromisoformat((day + "-01")[:10]).replace(tzinfo=dt.UTC)


def atom(lib: Library, keys: list[str], cited: dict[str, Cite], edition_of: dict[str, str],
         base_url: str, path: str, title: str) -> bytes:
    """A feed of the papers of ``keys`` that the newest edition added, or of the newest
    FEED_SIZE of them if that is more (by first edition, then key). ``path`` is the
    feed's place in an edition (``feed.xml``): it calls itself ``latest/<path>``."""
    by_key = lib.by_key
    dated = sorted(((first_edition(by_key[k], edition_of), k) for k in keys), reverse=True)
    newest = dated[0][0] if dated else "1970-01-01"
    size = max(FEED_SIZE, sum(1 for edition, _ in dated if edition == newest))
    fg = FeedGenerator()
    fg.id(f"{base_url}latest/{path}")
    fg.title(title)
    fg.author({"name": TITLE})
    fg.link(href=f"{base_url}latest/{path}", rel="self", type="application/atom+xml")
    fg.link(href=base_url + "latest/", rel="alternate", type="text/html")
    fg.language("en")
    fg.updated(_when(newest))
    for edition, key in reversed(dated[:size]):
        p, cite = by_key[key], cited[key]
        url = base_url + paper_url(key)  # the paper's one page, whatever the edition
        fe = fg.add_entry()
        fe.id(url)
        fe.title(p.title_text)
        fe.link(href=url, rel="alternate", type="text/html")
        for name in cite.authors:
            fe.author({"name": name})
        fe.updated(_when(edition))
        # the first arXiv version when known; else the day it was first listed here
        fe.published(_when(cite.date or edition))
        if p.abstract:
            fe.summary(normalise(unicode_scripts(p.abstract_text)))
    return bytes(fg.atom_str(pretty=True))


def site_feeds(lib: Library, cited: dict[str, Cite], edition_of: dict[str, str],
               base_url: str, old: dict[str, tuple[str, tuple[str, ...]]] | None = None,
               ) -> dict[str, bytes]:
    """``feed.xml`` for the whole review and ``feeds/<slug>.xml`` per theme and facet, and
    per ``old`` slug (slug -> the name and papers its feed keeps serving)."""
    out = {"feed.xml": atom(lib, [p.key for p in lib.papers], cited, edition_of, base_url,
                            "feed.xml", f"{TITLE}: newest papers")}
    for t in lib.themes + lib.facets:
        out[f"feeds/{t.slug}.xml"] = atom(lib, list(t.papers), cited, edition_of, base_url,
                                          f"feeds/{t.slug}.xml", f"{TITLE}: {t.name}")
    for slug, (name, keys) in (old or {}).items():
        out[f"feeds/{slug}.xml"] = atom(lib, list(keys), cited, edition_of, base_url,
                                        f"feeds/{slug}.xml", f"{TITLE}: {name}")
    return out
