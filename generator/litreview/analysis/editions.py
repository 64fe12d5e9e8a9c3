"""Editions: one per dump, in capture order, and what each adds. Pure, no I/O.

Edition k holds exactly the papers of dumps 1..k and is named by the capture date of
dump k. An edition is built once: it is rebuilt only when its dumps or the generator
version change (and, while it is the newest, when curation or the docs sources change).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import Dump, Library, Theme
from ..reading.manifest import DumpSpec


@dataclass(frozen=True)
class Edition:
    """One published version of the review."""

    #: folder and switcher name: the capture date of its last dump (``2026-03-11``)
    name: str
    #: the dumps it contains, in capture order
    specs: tuple[DumpSpec, ...]

    @property
    def label(self) -> str:
        """The maintainer's label of its newest dump (``""`` if none)."""
        return self.specs[-1].label


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
    #: keys of papers already present whose abstract changed (a revision was listed)
    updated: tuple[str, ...] = ()
    #: key -> the names of its themes before, for the papers in ``moved``
    moved_from: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: (name before, name now) of the themes the maintainer renamed
    renamed: tuple[tuple[str, str], ...] = ()
    #: (theme name, papers before, papers now) for themes that shrank
    shrunk: tuple[tuple[str, int, int], ...] = ()
    #: names of the themes of the edition before that no longer show any paper
    gone: tuple[str, ...] = ()
    #: (name before, name of the theme now) of the themes a [merge] folded into another
    merged: tuple[tuple[str, str], ...] = ()


#: a dump is a real day's listing when this share of its dated entries were listed within
#: DAILY_DAYS days of the page's date
DAILY_SHARE, DAILY_DAYS = 0.8, 7


def daily_date(dump: Dump) -> str:
    """The page date of a dump that is one day's real listing (most of its papers listed
    within a week of it), else ``""``: only then can Hugging Face's daily list find them."""
    if dump.page_date is None:
        return ""
    dated = [e.date for e in dump.entries if e.date is not None]
    near = sum(abs((d - dump.page_date).days) <= DAILY_DAYS for d in dated)
    return dump.page_date.isoformat() if dated and near >= DAILY_SHARE * len(dated) else ""


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


def changes(prev: Library | None, cur: Library, previous_name: str,
            shown: tuple[Theme, ...] | None = None) -> Changes:
    """Compare two consecutive editions' libraries. ``shown``: the previous edition's
    themes as its published snapshot shows them (slug, name, papers), when it has one:
    readers compare with what they saw there, which a later correction of
    bib/themes.toml does not change; its slugs are followed to where they lead now."""
    if prev is None:
        return Changes("", tuple(p.key for p in cur.papers), (),
                       tuple(t.name for t in cur.themes), ())
    merged: tuple[tuple[str, str], ...] = ()
    if shown is not None:
        # renames and merges, not the pages kept only so that an old URL still works
        aliases = {s: t for s, t in cur.theme_aliases.items()
                   if s not in cur.url_pointers or _same_theme(s, t, shown, cur)}
        prev = as_published(prev, shown, aliases, cur.merged)
        merged = tuple((t.name, cur.theme_names[aliases[t.slug]]) for t in shown
                       if t.slug in cur.merged and aliases.get(t.slug) in cur.theme_names)
    added, moved, updated = _paper_changes(prev, cur)
    moved_from = {k: tuple(prev.theme_names.get(s, s) for s in prev.paper_themes.get(k, ()))
                  for k in moved}
    themes = _theme_changes(prev, cur)
    return Changes(previous_name, added, moved, themes.new, themes.grown, updated=updated,
                   moved_from=moved_from, renamed=themes.renamed, shrunk=themes.shrunk,
                   gone=themes.gone, merged=merged)


def _same_theme(old: str, now: str, shown: tuple[Theme, ...], cur: Library) -> bool:
    """Whether an old slug kept only as a URL (``Library.url_pointers``: it points to the
    theme holding most of its papers) is the theme at ``now`` under another name, perhaps
    smaller: the papers it showed are most of that theme's (a rename changed since it was
    published; "Applied machine learning, datasets and sentiment", 24 papers, is 7 of the
    9 of "Applied machine learning and datasets", the rest gone to views). A view that
    ended, whose few papers went back into a large theme, is no longer shown."""
    before = next((set(t.papers) for t in shown if t.slug == old), set())
    return mostly_of(before, next((t.papers for t in cur.themes if t.slug == now), ()))


def mostly_of(showed: set[str] | tuple[str, ...], papers: tuple[str, ...]) -> bool:
    """Whether the papers an old theme URL ``showed`` are most of a theme's ``papers``:
    the theme is that one under another name."""
    return 2 * len(set(showed) & set(papers)) > len(papers)


def _paper_changes(prev: Library, cur: Library,
                   ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The keys of the papers added, of those whose themes changed, and of those whose
    abstract changed."""
    before = prev.by_key
    added = tuple(p.key for p in cur.papers if p.key not in before)
    moved = tuple(p.key for p in cur.papers if p.key in before and _moved(p.key, prev, cur))
    updated = tuple(p.key for p in cur.papers
                    if p.key in before and before[p.key].abstract != p.abstract)
    return added, moved, updated


@dataclass(frozen=True)
class _ThemeChanges:
    new: tuple[str, ...]
    grown: tuple[tuple[str, int, int], ...]
    shrunk: tuple[tuple[str, int, int], ...]
    renamed: tuple[tuple[str, str], ...]
    gone: tuple[str, ...]


def _theme_changes(prev: Library, cur: Library) -> _ThemeChanges:
    """New themes, themes that grew or shrank, were renamed, or show no paper now (slugs
    compared: a theme keeps its slug from edition to edition, or leaves an alias)."""
    before = {t.slug: t for t in prev.themes}
    now = {t.slug for t in cur.themes}
    grown, shrunk, renamed = _kept_theme_changes(
        [(before[t.slug], t) for t in cur.themes if t.slug in before])
    return _ThemeChanges(new=tuple(t.name for t in cur.themes if t.slug not in before),
                         grown=grown, shrunk=shrunk, renamed=renamed,
                         gone=tuple(t.name for t in prev.themes if t.slug not in now))


def _kept_theme_changes(kept: list[tuple[Theme, Theme]],
                        ) -> tuple[tuple[tuple[str, int, int], ...],
                                   tuple[tuple[str, int, int], ...], tuple[tuple[str, str], ...]]:
    """Of the themes in both editions (before, now): those that grew, shrank (name, papers
    before, papers now), and were renamed (name before, name now)."""
    sizes = [(t.name, len(b.papers), len(t.papers)) for b, t in kept]
    return (tuple(x for x in sizes if x[2] > x[1]), tuple(x for x in sizes if x[2] < x[1]),
            tuple((b.name, t.name) for b, t in kept if b.name != t.name))


def _moved(key: str, prev: Library, cur: Library) -> bool:
    """Whether a paper's themes changed (themes keep their slug from edition to edition,
    ``themes.find_themes``, so slugs are compared)."""
    return set(cur.paper_themes.get(key, ())) != set(prev.paper_themes.get(key, ()))


def as_published(prev: Library, shown: tuple[Theme, ...], aliases: dict[str, str],
                 merged_away: frozenset[str] = frozenset()) -> Library:
    """``prev`` with the themes its published snapshot shows, their slugs followed through
    ``aliases`` (renamed and merged themes: slug then -> slug now). Of two themes that are
    one now, the one not ``merged_away`` gives the name before (so that a rename of the
    theme a merge went into reads as that theme's rename)."""
    merged: dict[str, Theme] = {}
    # two themes merged since then are one now
    for t in sorted(shown, key=lambda t: t.slug in merged_away):
        slug = aliases.get(t.slug, t.slug)
        had = merged.get(slug)
        merged[slug] = replace(t, slug=slug) if had is None else replace(
            had, papers=had.papers + tuple(k for k in t.papers if k not in had.papers))
    themes = tuple(merged.values())
    paper_themes: dict[str, list[str]] = {p.key: [] for p in prev.papers}
    for t in themes:
        for key in t.papers:
            if key in paper_themes and t.slug not in paper_themes[key]:
                paper_themes[key].append(t.slug)
    return replace(prev, themes=themes,
                   paper_themes={k: tuple(v) for k, v in paper_themes.items()})
