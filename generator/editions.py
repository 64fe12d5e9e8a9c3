"""Editions: one per dump, in capture order; what each adds; the switcher. Pure, no I/O.

Edition k holds exactly the papers of dumps 1..k and is named by the capture date of
dump k. An edition is built once: it is rebuilt only when its dumps or the generator
version change (and, while it is the newest, when curation or the docs sources change).
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass

from .manifest import DumpSpec
from .model import Library


@dataclass(frozen=True)
class Edition:
    """One published version of the review."""

    #: folder and switcher name: the capture date of its last dump (``2026-03-11``)
    name: str
    #: the dumps it contains, in capture order
    specs: tuple[DumpSpec, ...]

    @property
    def label(self) -> str:
        return self.specs[-1].label

    @property
    def captured(self) -> str:
        return self.specs[-1].captured.isoformat()


@dataclass(frozen=True)
class Changes:
    """What an edition changed relative to the previous one."""

    #: the previous edition's name, or ``""`` for the first edition
    previous: str
    #: keys of papers first listed in this edition
    added: tuple[str, ...]
    #: keys of papers already present whose themes (by name) changed
    moved: tuple[str, ...]
    #: names of themes that did not exist before
    new_themes: tuple[str, ...]
    #: (theme name, papers before, papers now) for themes that grew
    grown: tuple[tuple[str, int, int], ...]


def plan(specs: tuple[DumpSpec, ...]) -> tuple[Edition, ...]:
    """One edition per dump; two dumps captured the same day get ``-2``, ``-3`` names."""
    editions: list[Edition] = []
    seen: dict[str, int] = {}
    for k, spec in enumerate(specs, 1):
        day = spec.captured.isoformat()
        seen[day] = seen.get(day, 0) + 1
        name = day if seen[day] == 1 else f"{day}-{seen[day]}"
        editions.append(Edition(name, specs[:k]))
    return tuple(editions)


def digest(parts: list[tuple[str, bytes]]) -> str:
    """A content hash over named byte strings (order matters)."""
    h = hashlib.sha256()
    for name, data in parts:
        h.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()


def changes(prev: Library | None, cur: Library, previous_name: str) -> Changes:
    """Compare two consecutive editions' libraries."""
    if prev is None:
        return Changes("", tuple(p.key for p in cur.papers), (),
                       tuple(t.name for t in cur.themes), ())
    old_keys = {p.key for p in prev.papers}
    added = tuple(p.key for p in cur.papers if p.key not in old_keys)
    # themes keep their slug from edition to edition (themes.find_themes), so compare slugs
    moved = tuple(p.key for p in cur.papers if p.key in old_keys
                  and set(cur.paper_themes.get(p.key, ()))
                  != set(prev.paper_themes.get(p.key, ())))
    before = {t.slug: len(t.papers) for t in prev.themes}
    new_themes = tuple(t.name for t in cur.themes if t.slug not in before)
    grown = tuple((t.name, before[t.slug], len(t.papers)) for t in cur.themes
                  if t.slug in before and len(t.papers) > before[t.slug])
    return Changes(previous_name, added, moved, new_themes, grown)


def switcher_json(editions: tuple[Edition, ...], base_path: str) -> str:
    """pydata-sphinx-theme's switcher.json: newest first, exactly one ``preferred``.

    URLs are root-relative (``base_path`` is ``/`` or ``/repo/``) and end with ``/``; the
    newest edition points at ``latest/``, which is a copy of it.
    """
    items = []
    for ed in reversed(editions):
        newest = ed is editions[-1]
        label = f" – {ed.label}" if ed.label else ""
        items.append({
            "name": f"{ed.name}{label}" + (" (latest)" if newest else ""),
            "version": ed.name,
            "url": f"{base_path}{'latest' if newest else ed.name}/",
            **({"preferred": True} if newest else {}),
        })
    return json.dumps(items, indent=1) + "\n"


def redirect_html(target: str) -> str:
    """The site root's index.html: send readers to the newest edition."""
    t = html.escape(target, quote=True)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={t}">\n'
            f'<link rel="canonical" href="{t}">\n<title>Daily Papers Review</title></head>\n'
            f'<body><p><a href="{t}">Go to the latest edition</a>.</p></body></html>\n')
