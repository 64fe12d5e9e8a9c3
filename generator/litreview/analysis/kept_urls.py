"""Theme URLs that stay: a page kept, pointing on, for every published theme that the
newest edition no longer has (merged away, renamed twice, dissolved). Pure, no I/O."""

from __future__ import annotations

from dataclasses import replace

from ..model import Library
from .overrides import Overrides, final_target


def keep_merged_urls(overrides: Overrides, lib: Library, published: set[str]) -> Library:
    """``lib`` with a page kept for every published theme that a merge took away."""
    slugs = {t.slug for t in lib.themes}
    extra = {s: final_target(overrides.merge, s) for s in overrides.merge
             if s in published and s not in slugs and s not in lib.theme_aliases}
    extra = {s: t for s, t in extra.items() if t in slugs}
    return replace(lib, theme_aliases={**lib.theme_aliases, **extra}) if extra else lib


def keep_published_urls(lib: Library, published: dict[str, set[str]],
                        pointed: dict[str, str] | None = None) -> Library:
    """``lib`` with a page kept for every published theme whose slug the newest edition
    no longer has (renamed twice, or dissolved): it points to the theme that now holds
    most of its papers, or, when none holds any (all in Other papers), to no theme
    (``""``: its page says where they are). ``pointed``: slug -> where a published page
    that only ever pointed on pointed; it keeps pointing there (followed to where that
    leads now). Theme URLs, like paper URLs, do not break. The slugs kept only as
    pointers are ``Library.url_pointers``."""
    have = {t.slug for t in lib.themes + lib.facets} | set(lib.theme_aliases)
    slugs = {t.slug for t in lib.themes}
    extra = {}
    for slug, keys in sorted(published.items()):
        if slug in have:
            continue
        # the theme holding most of its papers (ties: the first slug)
        best = sorted((-len(keys & set(t.papers)), t.slug) for t in lib.themes)[:1]
        extra[slug] = best[0][1] if best and best[0][0] < 0 else ""
    for slug, target in sorted((pointed or {}).items()):
        now = lib.theme_aliases.get(target, extra.get(target, target))
        if slug not in have and slug not in extra and now in slugs:
            extra[slug] = now
    return replace(lib, theme_aliases={**lib.theme_aliases, **extra},
                   url_pointers=frozenset(extra)) if extra else lib
