"""Areas: the second level above themes, written by the maintainer. Pure, no I/O.

A wide field reads better in two levels: areas such as "Efficient models" hold themes
such as "Pruning" and "Distillation". Naming an area well takes a person (the generator
names themes from their papers' titles, and no title names an area), so areas are the
maintainer's, in ``bib/themes.toml``:

    [area.efficient-models]
    name = "Efficient models"
    themes = ["pruning", "distillation", "post-training-quantization"]

A theme sits in one area at most; the themes page lists each area with its themes, then
the themes of no area. A slug may be an old one (a theme renamed or merged away): it
stands for the theme that has its papers now. Without areas the themes page is one list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import replace

from ..errors import LitReviewError, did_you_mean
from ..model import Area, Library

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
KEYS = ("name", "themes")


def parse_areas(table: object, name: str) -> tuple[Area, ...]:
    """The [area.<slug>] tables, checked, in the file's order (the order readers see); no
    theme in two areas."""
    if not isinstance(table, dict):
        raise LitReviewError("[area] must hold tables: [area.<slug>]", name)
    areas = tuple(_area(slug, spec, name) for slug, spec in table.items())
    seen: dict[str, str] = {}
    for area in areas:
        for theme in area.themes:
            if theme in seen:
                raise LitReviewError(f"theme {theme!r} is in two areas: [area.{seen[theme]}] "
                                     f"and [area.{area.slug}]", name)
            seen[theme] = area.slug
    return areas


def _area(slug: str, spec: object, name: str) -> Area:
    """One [area.<slug>] table: a name and a non-empty list of theme slugs."""
    where = f"[area.{slug}]"
    if not SLUG.fullmatch(slug):
        raise LitReviewError(f"{where}: an area slug is lower-case letters, digits and "
                             "single hyphens", name)
    if not isinstance(spec, dict):
        raise LitReviewError(f"{where} must be a table with name and themes", name)
    for key in spec:
        if key not in KEYS:
            raise LitReviewError(
                f"{where}: unknown key {key!r}{did_you_mean(key, list(KEYS))}", name)
    title, themes = spec.get("name"), spec.get("themes")
    if not isinstance(title, str) or not title.strip():
        raise LitReviewError(f"{where}: name must be a non-empty string", name)
    if not (isinstance(themes, list) and themes
            and all(isinstance(s, str) and s for s in themes)):
        raise LitReviewError(f"{where}: themes must be a non-empty list of theme slugs", name)
    return Area(slug, title.strip(), tuple(dict.fromkeys(themes)))


def validate_areas(areas: tuple[Area, ...], lib: Library, name: str,
                   published: Mapping[str, Collection[str]] | None = None) -> None:
    """Every theme an area names exists in ``lib`` (the newest edition), by its slug or
    an old one (a theme left with no paper to show is still a theme)."""
    slugs = [t.slug for t in lib.themes + lib.unshown]
    for area in areas:
        for theme in area.themes:
            if theme not in slugs and theme not in lib.theme_aliases:
                raise LitReviewError(f"[area.{area.slug}]: no theme {theme!r}"
                                     f"{unknown_hint(theme, lib, published or {})}", name)


def known_slugs(lib: Library) -> list[str]:
    """The slugs a correction may name a theme by: its themes' (shown or not) and the old
    slugs of renamed ones, which lead to their themes too."""
    return [t.slug for t in lib.themes + lib.unshown] + sorted(lib.theme_aliases)


def unknown_hint(slug: str, lib: Library, published: Mapping[str, Collection[str]]) -> str:
    """What to say of a theme slug the newest edition does not have: that the site showed
    it (a merge or a rename in bib/themes.toml has moved its papers since, and the other
    entries name that theme by its slug now) and which theme holds most of the papers it
    showed, or the nearest slug; or that it is a facet's."""
    slugs = known_slugs(lib)
    facet = next((f.name for f in lib.facets if f.slug == slug), None)
    if facet is not None:
        return (f": {facet!r} is a field shown across themes (a facet), not a theme; name "
                "a theme")
    if slug not in published:
        return did_you_mean(slug, slugs)
    held = Counter(s for k in published[slug] or lib.moved_papers.get(slug, ())
                   for s in lib.paper_themes.get(k, ()))
    if held:
        holder = min(held, key=lambda s: (-held[s], s))
        where = f"; most of its papers are in {holder!r}"
    else:
        where = did_you_mean(slug, slugs)
    return (" now: the site showed it, but a merge or rename has moved its papers since; "
            f"name the theme that holds them{where}")


def apply_areas(areas: tuple[Area, ...], lib: Library) -> Library:
    """``lib`` with its areas: each theme slug resolved to the theme that holds its papers
    now, themes the edition lacks left out, and areas left empty dropped."""
    slugs = {t.slug for t in lib.themes}
    out = []
    placed: set[str] = set()
    for area in areas:
        themes = [lib.theme_aliases.get(s, s) for s in area.themes]
        kept = tuple(s for s in dict.fromkeys(themes) if s in slugs and s not in placed)
        placed.update(kept)
        if kept:
            out.append(replace(area, themes=kept))
    return replace(lib, areas=tuple(out))
