"""What readers are shown of the corrected themes: the maintainer's pins, the papers shown
in no theme ([other]) and the themes made only to be shown ([view]). Pure, no I/O.

None of these moves the grouping that the chain carries to the next edition (the themes
new papers join): a theme keeps its grouping (``Theme.grouping``) when papers are shown
elsewhere, and a [view] theme is not carried at all (``chain`` leaves it out and it is made
again, from bib/themes.toml, in every edition). One pin or one shown theme moves papers on
the page, not the themes that later papers join; ``placement`` then shows the new papers
that joined a theme readers mostly no longer see where they fit what readers see.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import LitReviewError
from ..model import Library, Theme
from .coherence import MIN_MEMBERS


@dataclass(frozen=True)
class Shown:
    """A theme made only to be shown ([view.<slug>] in bib/themes.toml)."""

    slug: str
    name: str
    #: keys of its papers, in the maintainer's order
    papers: tuple[str, ...]


def as_corrected(lib: Library, pins: dict[str, str], other: set[str],
                 views: tuple[Shown, ...]) -> Library:
    """``lib`` as readers are shown it: each pinned paper (key -> theme slug, an old slug
    of a renamed theme too) in its one theme, each [other] paper in none, each [view]
    theme with its papers (only there). Entries this edition lacks are skipped."""
    made = _made(lib, views)
    where = _where(lib, pins, other) | {k: t.slug for t in made for k in t.papers}
    themes = [_shown(t, tuple(k for k in t.papers if where.get(k, t.slug) == t.slug)
                     + tuple(k for k, s in sorted(where.items())
                             if s == t.slug and k not in t.papers))
              for t in lib.themes]
    paper_themes = dict(lib.paper_themes)
    paper_themes.update({k: (s,) if s else () for k, s in where.items()})
    return replace(lib, themes=tuple(themes) + made, paper_themes=paper_themes,
                   views=frozenset(t.slug for t in made))


def _made(lib: Library, views: tuple[Shown, ...]) -> tuple[Theme, ...]:
    """The [view] themes with the papers this edition has. One with fewer than
    MIN_MEMBERS of them is not made in this edition (its papers stay where they were, as
    a small theme of the grouping would give its papers up), nor one whose slug a theme
    of the grouping has (``checks.validate`` stops that build)."""
    slugs = {t.slug for t in lib.themes}
    out = []
    for v in views:
        members = tuple(k for k in v.papers if k in lib.paper_themes)
        if len(members) >= MIN_MEMBERS and v.slug not in slugs:
            out.append(Theme(slug=v.slug, name=v.name, terms=(), papers=members))
    return tuple(out)


def check_shown_once(pin: dict[str, str], other: dict[str, str], views: tuple[Shown, ...],
                     name: str, made: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> None:
    """A paper is placed by one of [pin], [other], one [view] theme and the [seed] and
    [split] themes (``made``: their tables' names, e.g. "[seed.x]", with their papers) at
    most: a pin or [other] moved a seeded paper back out of its theme, and a seed whose
    papers were all pinned was silently not made. (Seeds and splits may share papers: a
    seeded paper keeps its other themes.)"""
    placed = [(k, "[pin]") for k in pin] + [(k, "[other]") for k in other] + [
        (k, f"[view.{v.slug}]") for v in views for k in v.papers] + [
        (k, where) for where, papers in made for k in papers]
    seen: dict[str, str] = {}
    for key, where in placed:
        both_made = where.startswith(("[seed.", "[split.")) and seen.get(key, "").startswith(
            ("[seed.", "[split."))
        if key in seen and not both_made:
            raise LitReviewError(f"{key!r} is placed twice: in {seen[key]} and {where}", name)
        seen.setdefault(key, where)


def _where(lib: Library, pins: dict[str, str], other: set[str]) -> dict[str, str]:
    """paper key -> the one theme it is shown in ("": none), for the papers and themes
    this edition has."""
    slugs = {t.slug for t in lib.themes}
    out = {k: lib.theme_aliases.get(s, s) for k, s in pins.items()}
    out = {k: s for k, s in out.items() if s in slugs and k in lib.paper_themes}
    return out | {k: "" for k in other if k in lib.paper_themes}


def _shown(theme: Theme, papers: tuple[str, ...]) -> Theme:
    """The theme showing ``papers``; its grouping, which the next edition carries, stays
    as it was."""
    if papers == theme.papers:
        return theme
    return replace(theme, papers=papers, grouping=theme.grouping or theme.papers)


def with_namesakes_joined(lib: Library, by_hand: set[str],
                          shown_before: set[str] | None) -> Library:
    """``lib`` where a theme of the grouping that readers were not shown in the edition
    before (``shown_before``: its slugs; None for the first edition) and that is called
    like a theme the maintainer named (``by_hand``: a [view], [seed], [split] or renamed
    theme) shows its papers in that theme: a new dump of domain-adaptation papers formed a
    second "Domain adaptation" beside the maintainer's view. Its grouping is carried on
    (``without_empty`` keeps it), so later papers that join it are shown there too."""
    moves = _namesakes(lib, by_hand, shown_before)
    if not moves:
        return lib
    extra: dict[str, list[str]] = {}
    for t in lib.themes:
        if t.slug in moves:
            extra.setdefault(moves[t.slug], []).extend(t.papers)
    themes = tuple(_shown(t, () if t.slug in moves else t.papers + tuple(
        k for k in dict.fromkeys(extra.get(t.slug, ())) if k not in t.papers))
        for t in lib.themes)
    return replace(lib, themes=themes, paper_themes={
        k: tuple(dict.fromkeys(moves.get(s, s) for s in v))
        for k, v in lib.paper_themes.items()})


def _namesakes(lib: Library, by_hand: set[str],
               shown_before: set[str] | None) -> dict[str, str]:
    """slug of a theme of the grouping new to readers -> the maintainer's theme of the same
    name (see ``with_namesakes_joined``)."""
    if shown_before is None:
        return {}
    named = {t.name.casefold(): t.slug for t in lib.themes if t.slug in by_hand}
    return {t.slug: named[t.name.casefold()] for t in lib.themes
            if t.slug not in by_hand and t.slug not in shown_before
            and t.name.casefold() in named}


def without_empty(lib: Library) -> Library:
    """``lib`` without the themes that show no paper once pins, [other], [view] and
    placement have moved theirs (kept in ``unshown``, so the chain still carries their
    grouping), nor their places in areas; a page published before points on
    (``overrides.keep_published_urls``)."""
    empty = {t.slug for t in lib.themes if not t.papers}
    if not empty:
        return lib
    areas = (replace(a, themes=tuple(s for s in a.themes if s not in empty))
             for a in lib.areas)
    return replace(lib, themes=tuple(t for t in lib.themes if t.papers),
                   unshown=tuple(t for t in lib.themes if not t.papers),
                   areas=tuple(a for a in areas if a.themes))
