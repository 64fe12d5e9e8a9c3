"""Atom feeds (site-wide and per theme), written with feedgen. Pure: returns bytes.

Every URL is absolute (from the configured base URL); ids are the permanent page URL of
the edition where a paper first appeared, so they never change.
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..contract import paper_url
from ..model import Library, Paper
from ..text import normalise

FEED_SIZE = 50
TITLE = "Daily Papers Review"


def first_edition(paper: Paper, edition_of: dict[str, str]) -> str:
    """The edition (by name) of the earliest dump that listed the paper."""
    return min((edition_of[s.dump] for s in paper.sources), default="")


def _when(edition: str) -> dt.datetime:
    return dt.datetime.fromisoformat(edition[:10]).replace(tzinfo=dt.UTC)


def atom(lib: Library, keys: list[str], edition_of: dict[str, str], base_url: str,
         self_path: str, title: str, feed_id: str) -> bytes:
    """A feed of the newest of ``keys`` (by first edition, then key)."""
    by_key = lib.by_key
    dated = sorted(((first_edition(by_key[k], edition_of), k) for k in keys), reverse=True)
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.author({"name": TITLE})
    fg.link(href=base_url + self_path, rel="self", type="application/atom+xml")
    fg.link(href=base_url + "latest/", rel="alternate", type="text/html")
    fg.language("en")
    newest = dated[0][0] if dated else "1970-01-01"
    fg.updated(_when(newest))
    for edition, key in reversed(dated[:FEED_SIZE]):
        p = by_key[key]
        url = f"{base_url}{edition}/{paper_url(key)}"
        fe = fg.add_entry()
        fe.id(url)
        fe.title(p.title_text)
        fe.link(href=url, rel="alternate", type="text/html")
        fe.updated(_when(edition))
        fe.published(_when(edition))
        if p.abstract:
            fe.summary(normalise(p.abstract_text))
    return bytes(fg.atom_str(pretty=True))


def site_feeds(lib: Library, edition_of: dict[str, str], base_url: str,
               edition: str) -> dict[str, bytes]:
    """``feed.xml`` for the whole review and ``feeds/<slug>.xml`` per theme."""
    out = {"feed.xml": atom(lib, [p.key for p in lib.papers], edition_of, base_url,
                            f"{edition}/feed.xml", f"{TITLE}: newest papers",
                            f"{base_url}latest/feed.xml")}
    for t in lib.themes:
        out[f"feeds/{t.slug}.xml"] = atom(lib, list(t.papers), edition_of, base_url,
                                          f"{edition}/feeds/{t.slug}.xml",
                                          f"{TITLE}: {t.name}",
                                          f"{base_url}latest/feeds/{t.slug}.xml")
    return out
