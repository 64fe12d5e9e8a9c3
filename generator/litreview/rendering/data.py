"""Library -> the machine-readable export of an edition (``papers.json``): in full in
``latest/``, as a snapshot in each edition's folder. Pure, no I/O.

``title`` and ``abstract`` are the text as the dump printed it (raw: LaTeX remnants
included); ``title_text`` is the title as the pages show it (LaTeX converted).
"""

from __future__ import annotations

import json

from .. import __version__
from ..contract import paper_url
from ..model import Identity, Library
from .citation import Cite


def papers_json(lib: Library, cited: dict[str, Cite], snapshot: bool = False) -> str:
    """The machine-readable export (``papers.json``). ``date`` is the listing date the
    dump printed; ``published`` the first arXiv version. An edition's ``snapshot`` records
    what the edition held (each paper's key, each theme's name and papers): the papers'
    texts, listings and identities are in the newest edition's export."""
    if snapshot:
        return _snapshot(lib)
    data = {
        "generator": f"litreview {__version__}",
        "papers": [{
            "key": p.key, "title": p.title, "title_text": p.title_text,
            "abstract": p.abstract,
            "url": paper_url(p.key),
            **_identity(lib.identities.get(p.key), cited[p.key]),
            "themes": list(lib.paper_themes.get(p.key, ())),
            "related": list(lib.related.get(p.key, ())),
            "related_close": lib.related_close.get(p.key, len(lib.related.get(p.key, ()))),
            "sources": [{"dump": s.dump, "position": s.position} for s in p.sources],
            "authors_count": p.authors_count,
            "date": p.date.isoformat() if p.date else None,
            "code_urls": [c.url for c in p.code_links],
        } for p in lib.papers],
        "themes": [{"slug": t.slug, "name": t.name, "terms": list(t.terms),
                    "papers": list(t.papers)} for t in lib.themes],
        "facets": [{"slug": f.slug, "name": f.name, "papers": list(f.papers)}
                   for f in lib.facets],
        "merged_themes": dict(sorted(lib.theme_aliases.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _snapshot(lib: Library) -> str:
    data = {
        "generator": f"litreview {__version__}",
        "snapshot": True,
        "papers": [{"key": p.key} for p in lib.papers],
        "themes": [{"slug": t.slug, "name": t.name, "papers": list(t.papers)}
                   for t in lib.themes],
        "facets": [{"slug": f.slug, "name": f.name, "papers": list(f.papers)}
                   for f in lib.facets],
        "merged_themes": dict(sorted(lib.theme_aliases.items())),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _identity(identity: Identity | None, cite: Cite) -> dict[str, object]:
    """The identity fields of one paper (all null or empty when it has none)."""
    return {
        "authors": list(cite.authors), "arxiv_id": cite.arxiv_id or None,
        "published": cite.date or None, "venue": cite.venue or None,
        "primary_class": identity.primary_class or None if identity else None,
        "identity_source": identity.source if identity else None,
    }
