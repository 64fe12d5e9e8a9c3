"""Dumps -> the library of every edition, each carrying the themes of the one before.
Pure, no I/O: the composition of the analysis stages.

    dumps -> merge (library) -> vectors -> themes (naming) -> related papers
          -> the maintainer's corrections (overrides) -> where new papers are shown
          (placement)

The map's positions (``layout``) are not part of the chain: only the edition a build
shows in full (``latest/``) has a map, so they are computed where it is drawn.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import sparse

from ..model import Dump, Library
from .evidence import as_facets, titled
from .leftovers import from_other
from .library import Published, merge
from .overrides import Overrides, named_by_hand
from .overrides import apply as apply_overrides
from .placement import place_new
from .themes import as_shown, find_themes, memberships
from .vectors import (
    close_counts,
    documents,
    related_papers,
    shared_terms_all,
    surface_forms,
    vectorise,
)
from .view import without_empty


def make_library(dumps: tuple[Dump, ...], previous: Library | None = None,
                 overrides: Overrides | None = None, published: Published | None = None,
                 ) -> Library:
    """Merge, theme and relate the papers of the given dumps and correct the themes.

    ``previous`` is the library of the same dumps but the last, whose themes are carried
    over (see ``themes.find_themes``); ``make_libraries`` builds that chain. ``published``:
    the keys the site published its papers under (``library.merge``).
    """
    papers, merges = merge(dumps, published)
    docs = documents(papers)
    X, terms = vectorise(docs)
    forms = surface_forms(docs)
    # a theme made only to be shown ([view]) is made again from bib/themes.toml, not carried
    carried = tuple(t for t in previous.themes + previous.unshown
                    if t.slug not in previous.views) + previous.facets if previous else ()
    # a new theme does not take the slug of a view readers were shown (a theme that has
    # it before the view forms stops the build: ``checks``); one that forms again at a
    # merged theme's slug is merged again (``overrides``)
    taken = previous.views if previous else frozenset()
    grouped, _ = find_themes(papers, X, terms, forms, carried, taken, _merged_into(previous))
    themes, facets = as_facets(grouped, papers)
    keys = [p.key for p in papers]
    paper_themes = memberships(list(themes), keys)
    warnings = tuple(w for d in dumps for w in d.warnings)
    lib = Library(papers=papers, themes=themes, paper_themes=paper_themes, dumps=dumps,
                  merges=merges, warnings=warnings, facets=facets)
    placed: frozenset[str] = frozenset()
    if overrides:
        lib, placed = _corrected(lib, overrides, previous, X)
    elif previous is not None:  # new papers are shown only where they fit (``placement``)
        lib = place_new(X, lib, previous, set())
    moved = lib.themes != themes
    # a paper is also shown in each theme its title names (after its members: the
    # themes are described and ranked again only where the maintainer or placement moved
    # papers)
    lib = titled(lib, placed, frozenset(named_by_hand(overrides, lib)) if overrides
                 else frozenset())
    # papers left in no theme that hold together form one (``leftovers``)
    before = len(lib.themes)
    lib = from_other(lib, X, terms, forms, _kept(overrides, placed), taken)
    moved = moved or len(lib.themes) != before
    if overrides or moved:
        lib = without_empty(replace(lib, themes=as_shown(X, terms, forms, keys, lib.themes)))
    return _related(lib, X, terms, forms, docs, previous)


def _merged_into(previous: Library | None) -> frozenset[str]:
    """The themes that absorbed a [merge]: not split for their size (the maintainer made
    them; split, a merged theme's papers had left the theme that absorbed them)."""
    if previous is None:
        return frozenset()
    return frozenset(previous.theme_aliases.get(s, s) for s in previous.merged)


def _kept(overrides: Overrides | None, placed: frozenset[str]) -> frozenset[str]:
    """The papers the maintainer placed: pinned, in [other] or listed in a view."""
    if not overrides:
        return placed
    return placed | frozenset(k for v in overrides.views for k in v.papers)


def _related(lib: Library, X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str],
             docs: list[str], previous: Library | None) -> Library:
    """The library with each paper's related papers, once the themes are as readers see
    them (two papers in one count closer), the terms each pair shares and how many are
    closely related; where they are as good, those the paper had in the ``previous``
    edition (``vectors.related_papers``)."""
    keys = [p.key for p in lib.papers]
    had = previous or Library(papers=())
    related = related_papers(X, keys, themes=lib.paper_themes, before=had.related)
    return replace(lib, related=related,
                   related_terms=shared_terms_all(X, terms, forms, keys, related, docs=docs,
                                                  before=(had.related, had.related_terms)),
                   related_close=close_counts(X, keys, related, lib.paper_themes,
                                              (had.related, had.related_close)))


def _corrected(lib: Library, overrides: Overrides, previous: Library | None,
               X: sparse.csr_matrix) -> tuple[Library, frozenset[str]]:
    """``lib`` with the maintainer's corrections, new papers placed where readers are shown
    them (``placement``), and the papers the maintainer pinned or put in [other] (shown
    where the maintainer said, and nowhere else: a paper listed in a [view] is shown
    there, and also in a theme its title names, ``evidence.titled``)."""
    lib = apply_overrides(overrides, lib, previous)
    pinned = set(overrides.pin) | set(overrides.other)
    if previous is not None:
        lib = place_new(X, lib, previous, pinned | {k for v in overrides.views for k in v.papers},
                        frozenset(v.slug for v in overrides.views),
                        frozenset(named_by_hand(overrides, lib)))
    return lib, frozenset(pinned)


def make_libraries(dumps: tuple[Dump, ...], overrides: Overrides | None = None,
                   published: Published | None = None) -> list[Library]:
    """The library of every edition, each carrying the themes of the one before, with the
    maintainer's theme corrections applied (so they carry forward too)."""
    libs: list[Library] = []
    for k in range(len(dumps)):
        libs.append(make_library(dumps[: k + 1], libs[-1] if libs else None, overrides,
                                 published))
    return libs
