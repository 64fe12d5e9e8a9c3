"""Papers in no theme that hold together -> a theme of their own. Pure, no I/O.

A new paper joins the closest theme's grouping however far it is, and is shown there only
if it fits what readers see of that theme (``placement``, ``evidence``); one that fits
nothing is listed under "Other papers". A dump on a subject the library has no theme for
(13 graph-network papers among 150 arXiv papers as a fifth dump on the seeds) put them all
there: the grouping joined them to seed themes, which showed none of them. Here
the papers in Other are grouped again (NMF, as ``themes``), and a group becomes a theme
when it holds together far better than it fits the themes readers see (its members'
mean silhouette against them, leave-one-out as ``coherence``) and a phrase of its titles
names it. The theme is carried to the next edition like any other.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
from scipy import sparse

from ..model import Library, Theme
from .coherence import fits
from .naming import Namer, name_parts, slug_for
from .themes import memberships, nmf_groups

#: the fewest papers of Other that make a theme
MIN_FORMED = 4
#: the mean silhouette a group must reach against the themes readers see: on the seeds
#: with 150 arXiv papers as a fifth dump, graph networks reach 0.45, a group of
#: adversarial-robustness, inpainting and geology papers 0.09 ("Robustness"), and on a
#: 49-paper fifth dump a group named "Compression" -0.29
FORMED_SILHOUETTE = 0.3


def from_other(lib: Library, X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str],
               kept: frozenset[str], taken: frozenset[str]) -> Library:
    """``lib`` with a theme for each group of papers in no theme that holds together
    (see the module's docstring); not of the papers the maintainer placed (``kept``), and
    under slugs not in ``taken`` (views readers were shown) nor any the library knows."""
    keys = [p.key for p in lib.papers]
    rows = _in_no_theme(lib, keys, kept)
    if len(rows) < 2 * MIN_FORMED or not lib.themes:
        return lib
    at = {k: i for i, k in enumerate(keys)}
    seen = [[at[k] for k in t.papers] for t in lib.themes]
    known = lib.themes + lib.unshown + lib.facets
    namer = Namer(lib.papers, X, terms, forms, {t.slug: t.name_phrases for t in known})
    used = {t.slug for t in known} | set(lib.theme_aliases) | set(taken)
    formed: list[Theme] = []
    for members, weights in _holding(X, rows, seen):
        if namer.best_phrase(members):
            name = namer(members, weights)
            formed.append(Theme(slug=slug_for(name, used), name=name, terms=(),
                                papers=tuple(keys[i] for i in members),
                                name_phrases=tuple(name_parts(name))))
            seen.append(members)
    if not formed:
        return lib
    themes = lib.themes + tuple(formed)
    return replace(lib, themes=themes, paper_themes=memberships(list(themes), keys))


def _in_no_theme(lib: Library, keys: list[str], kept: frozenset[str]) -> list[int]:
    return [i for i, k in enumerate(keys) if not lib.paper_themes.get(k) and k not in kept]


def _holding(X: sparse.csr_matrix, rows: list[int], seen: list[list[int]],
             ) -> Iterator[tuple[list[int], np.ndarray]]:
    """The NMF groups of these rows (and their weights) of at least MIN_FORMED papers
    whose silhouette against ``seen`` (and the groups taken before) reaches
    FORMED_SILHOUETTE."""
    groups, H = nmf_groups(X[rows], max(2, round(math.sqrt(len(rows)))))
    for g, weights in zip(groups, H, strict=True):
        members = sorted({rows[i] for _, i in g})
        if len(members) >= MIN_FORMED and _silhouette(X, seen, members) >= FORMED_SILHOUETTE:
            yield members, weights


def _silhouette(X: sparse.csr_matrix, seen: list[list[int]], members: list[int]) -> float:
    """The members' mean silhouette: cosine to the group's centroid without them against
    the best cosine to a theme's centroid."""
    F = fits(X, [*seen, members])
    a = F[members, -1]
    b = F[members, :-1].max(axis=1)
    return float(np.mean((a - b) / np.maximum(np.maximum(a, b), 1e-9)))
