"""The maintainer's corrections (``bib/themes.toml``) checked against the newest edition,
before anything is published. Pure, no I/O.

Each check stops the build with a message naming the file and what to write instead; a
correction that would do nothing, or something else than it says, is an error rather than
a silent no-op:

- every slug and key exists (with "did you mean");
- a [view] theme takes no slug that a theme of the grouping, a facet or a published theme
  URL has (it would replace that theme, or land on the page of another); a [seed] or
  [split] theme no facet's or old URL's slug, and is not also renamed;
- a paper is not both pinned (or in [other], or in a view) and seeded (``overrides``);
- [pin], [rename], [merge] and [split] do not name a [view] theme (a view is made after
  them, from its own table: its papers and name are edited there);
- no two themes readers see are called alike by the maintainer (where one is the
  generator's, the build summary says so: a new dump may bring it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ..errors import BuildWarning, LitReviewError, did_you_mean
from ..model import Library, Theme
from .areas import known_slugs, unknown_hint, validate_areas
from .overrides import Overrides, final_target, named_by_hand


def validate(overrides: Overrides, lib: Library, name: str,
             published: Mapping[str, Collection[str]] | Collection[str] | None = None,
             ) -> None:
    """Check ``overrides`` against ``lib`` (the newest edition, corrected). A merged theme
    may be one of the ``published`` slugs (what the maintainer saw on the site). A theme
    left with no paper to show (``lib.unshown``) is still a theme."""
    slugs = [t.slug for t in lib.themes + lib.unshown]
    seen: Mapping[str, Collection[str]] = (
        published if isinstance(published, Mapping) else dict.fromkeys(published or (), ()))
    # a mistyped key first: it leaves a view short of papers, which the slug checks
    # would otherwise report as a view no longer made at a URL readers know
    keys = [p.key for p in lib.papers]
    for where, key in _paper_entries(overrides):
        if key not in keys:
            raise LitReviewError(f"{where}: no paper {key!r}{did_you_mean(key, keys)}", name)
    _check_made_slugs(overrides, lib, name, seen)
    _check_not_views(overrides, name)
    for where, slug in ([(f"[rename] {s}", s) for s in overrides.rename]
                        + [(f"[pin] {k} = {s!r}", s) for k, s in overrides.pin.items()]):
        if slug not in slugs and slug not in lib.theme_aliases:  # renamed: its old slug
            raise LitReviewError(f"{where}: no theme {slug!r}"
                                 f"{unknown_hint(slug, lib, seen)}", name)
    _check_moves(overrides, lib, slugs, name, seen)
    validate_areas(overrides.areas, lib, name, seen)
    _check_names(overrides, lib, name)


def _paper_entries(overrides: Overrides) -> list[tuple[str, str]]:
    """(the table and key that name it, paper key) for every paper the corrections name."""
    return ([(f"[pin] {k}", k) for k in overrides.pin]
            + [(f"[other] {k}", k) for k in overrides.other]
            + [(f"[{'split' if t.source else 'seed'}.{t.slug}]", k)
               for t in overrides.new for k in t.papers]
            + [(f"[view.{v.slug}]", k) for v in overrides.views for k in v.papers])


def _check_not_views(overrides: Overrides, name: str) -> None:
    """No [pin], [rename], [merge] or [split] names a [view] theme."""
    views = {v.slug for v in overrides.views}
    for key, slug in overrides.pin.items():
        if slug in views:
            raise LitReviewError(f"[pin] {key} = {slug!r}: {slug!r} is a [view] theme; list "
                                 f"{key!r} in the papers of [view.{slug}] instead", name)
    for slug in set(overrides.rename) & views:
        raise LitReviewError(f"[rename] {slug}: a [view] theme's name is the name in "
                             f"[view.{slug}]; change it there", name)
    for source, target in overrides.merge.items():
        if {source, target} & views:
            raise LitReviewError(f"[merge] {source} = {target!r}: a [view] theme is not "
                                 "merged; move papers by editing its [view] table", name)
    for t in overrides.new:
        if t.source in views:
            raise LitReviewError(f"[split.{t.slug}]: {t.source!r} is a [view] theme; take "
                                 f"the papers out of [view.{t.source}] instead", name)


def _check_made_slugs(overrides: Overrides, lib: Library, name: str,
                      published: Mapping[str, Collection[str]]) -> None:
    """A [view]'s slug is its own: not a theme's of the grouping (the view would replace
    it), a facet's, nor an old URL that points to another theme or was published for one
    (readers following it would land elsewhere). A [seed] or [split] may take a theme's
    slug (that theme takes its name and papers), but not a facet's or an old URL's."""
    for t in overrides.new:
        table = f"[{'split' if t.source else 'seed'}.{t.slug}]"
        if t.slug in overrides.rename:
            raise LitReviewError(f"[rename] {t.slug}: the theme is made by {table}, whose "
                                 "name it shows; change the name there", name)
        _check_own_slug(table, t.slug, lib, name, t.slug in lib.theme_aliases)
    for v in overrides.views:
        taken = next((t for t in lib.themes + lib.unshown
                      if t.slug == v.slug and t.slug not in lib.views), None)
        if taken is not None:
            raise LitReviewError(f"[view.{v.slug}]: the slug {v.slug!r} is taken by the "
                                 f"theme {taken.name!r}; choose another", name)
        _check_own_slug(f"[view.{v.slug}]", v.slug, lib, name, v.slug in lib.theme_aliases
                        or (v.slug in published and v.slug not in lib.views))


def _check_own_slug(table: str, slug: str, lib: Library, name: str, old_url: bool) -> None:
    """A slug the maintainer makes a theme at is not a facet's, nor (``old_url``) an old
    theme URL's."""
    facet = next((f.name for f in lib.facets if f.slug == slug), None)
    if facet is not None:
        raise LitReviewError(f"{table}: the slug {slug!r} is the page of {facet!r}, a field "
                             "shown across themes; choose another", name)
    if old_url:
        raise LitReviewError(f"{table}: the slug {slug!r} is the address of a theme readers "
                             "were shown (it keeps pointing to where its papers are); choose "
                             "another", name)


def _check_moves(overrides: Overrides, lib: Library, slugs: list[str], name: str,
                 published: Mapping[str, Collection[str]]) -> None:
    """Every theme a split takes papers from, and both ends of every merge, exist."""
    known = known_slugs(lib)
    for t in overrides.new:
        if t.source and t.source not in slugs and t.source not in lib.theme_aliases:
            raise LitReviewError(f"[split.{t.slug}]: no theme {t.source!r}"
                                 f"{did_you_mean(t.source, known)}", name)
    for source, target in overrides.merge.items():
        final = final_target(overrides.merge, target)
        if final not in slugs and lib.theme_aliases.get(final) not in slugs:
            raise LitReviewError(f"[merge]: no theme {target!r}"
                                 f"{unknown_hint(target, lib, published)}", name)
        if source not in lib.theme_aliases and source not in published:
            raise LitReviewError(f"[merge]: no theme {source!r}{did_you_mean(source, known)}",
                                 name)


def _check_names(overrides: Overrides, lib: Library, name: str) -> None:
    """No two themes readers see are called alike (ignoring case) by the maintainer's
    hand ([rename], [view], [seed], [split]), nor is such a name a facet's ("LLMs"): two
    themes called "Distillation" make every list that names them ambiguous. (A name the
    maintainer gave that a theme of the generator has too is only reported,
    ``notices``: a new dump may bring such a theme, and a routine dump must not stop
    the build.)"""
    for a, b, hand in _alike(overrides, lib):
        if hand:
            raise LitReviewError(f"two themes would be called {b.name!r} ({a.slug!r} and "
                                 f"{b.slug!r}); give one another name", name)


def _alike(overrides: Overrides, lib: Library) -> list[tuple[Theme, Theme, bool]]:
    """Pairs of themes or facets called alike where the maintainer named at least one,
    each with whether the other is the maintainer's or a facet too."""
    by_hand = named_by_hand(overrides, lib)
    facets = {f.slug for f in lib.facets}
    seen: dict[str, Theme] = {}
    out = []
    for t in lib.themes + lib.facets:
        other = seen.setdefault(t.name.casefold(), t)
        if other is not t and {t.slug, other.slug} & by_hand:
            out.append((other, t, {t.slug, other.slug} <= by_hand | facets))
    return out


def notices(overrides: Overrides, lib: Library, name: str) -> tuple[BuildWarning, ...]:
    """What the corrections leave unclear without being wrong, for the build summary: an
    area none of whose themes is shown in ``lib`` (the newest edition, corrected: their
    papers were all pinned elsewhere) has no heading on the themes page; a name the
    maintainer gave is a theme's of the generator's too."""
    shown = {a.slug for a in lib.areas}
    empty = [BuildWarning("empty-area", f"[area.{a.slug}] is not shown: none of its "
                          "themes shows a paper", name)
             for a in overrides.areas if a.slug not in shown]
    return tuple(empty) + tuple(
        BuildWarning("same-name", f"two themes are called {b.name!r} ({a.slug!r} and "
                     f"{b.slug!r}); give the maintainer's one another name", name)
        for a, b, hand in _alike(overrides, lib) if not hand)
