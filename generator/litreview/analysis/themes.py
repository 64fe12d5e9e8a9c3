"""Papers -> themes: tf-idf vectors grouped by NMF, carried from edition to edition.
Pure, no I/O.

Deterministic: NMF is initialised with NNDSVDA, whose randomised SVD gets a fixed seed, and
every output order is explicit. Names come from ``naming``; vectors from ``vectors``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning

from ..model import Paper, Theme
from .coherence import refine
from .evidence import named_by_fields, shown, supporters, texts
from .kinship import related_themes, unit
from .naming import Namer, folded_words, name_parts, slug_for
from .vectors import distinct, top_terms

MIN_THEMES, MAX_THEMES = 8, 40
#: a paper is also a member of each topic whose NMF weight reaches this share of its best
SECONDARY_RATIO = 0.6
#: the number of terms (most widespread first) that NMF factorises over
NMF_FEATURES = 8000


def theme_count(n: int) -> int:
    """About sqrt(n) themes, within [8, 40] (fewer only when there are very few papers)."""
    return max(1, min(MAX_THEMES, max(MIN_THEMES, round(math.sqrt(n))), n // 3 or 1))


def nmf_groups(X: sparse.csr_matrix, k: int) -> tuple[list[list[tuple[float, int]]], np.ndarray]:
    """NMF into ``k`` groups of row indices (with secondary memberships) and the topic
    weights; rows with no weight at all are left out."""
    nmf = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=800, tol=1e-4)
    # factorise over the most widespread terms only: the rare tail of a large library's
    # vocabulary costs most of the time (k^2 per column per iteration) and names no theme
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    cols = np.sort(np.argsort(-df, kind="stable")[:NMF_FEATURES])
    with warnings.catch_warnings():
        # an unconverged NMF is still a deterministic, usable grouping; not the user's concern
        warnings.simplefilter("ignore", ConvergenceWarning)
        # on degenerate input (a few near-empty rows) sklearn's loss report takes the
        # square root of a tiny negative number; the factorisation itself is fine
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        W = nmf.fit_transform(X[:, cols])
    H = np.zeros((k, X.shape[1]))
    H[:, cols] = nmf.components_
    best = W.max(axis=1)
    groups: list[list[tuple[float, int]]] = [[] for _ in range(k)]
    for i in range(X.shape[0]):
        if best[i] > 1e-9:
            for t in np.flatnonzero(W[i] >= SECONDARY_RATIO * best[i]).tolist():
                groups[t].append((float(W[i, t]), i))
    return groups, H


def find_themes(papers: tuple[Paper, ...], X: sparse.csr_matrix, terms: np.ndarray,
                forms: dict[str, str], previous: tuple[Theme, ...] = (),
                taken: frozenset[str] = frozenset(), whole: frozenset[str] = frozenset(),
                ) -> tuple[tuple[Theme, ...], dict[str, tuple[str, ...]]]:
    """Group papers into themes; return themes (largest first) and key -> theme slugs.

    With ``previous`` (the themes of the edition before), themes are carried over: their
    papers stay, new papers join the theme whose centroid is closest, papers that fit no
    theme form new ones, and a theme past ``split_size`` is split in two (the larger
    part keeps its slug and name). Without it, themes come from one NMF. New themes are
    named by ``naming.Namer``, with slugs not in ``taken`` (nor a carried theme's); a
    new group (or a split-off part) whose best name is that of a theme formed in the same
    edition joins it (``_Draft.add``).
    """
    keys = [p.key for p in papers]
    if X.shape[1] == 0 or len(papers) < 3:
        return (), {k: () for k in keys}
    draft = _Draft(papers, X, terms, forms, previous, taken)
    if not draft.themes:
        groups, H = nmf_groups(X, theme_count(len(papers)))
        for t in sorted(range(len(groups)), key=lambda u: (-len(groups[u]), u)):
            if groups[t]:
                draft.add([i for _, i in groups[t]], H[t])
    else:
        _place_new(draft)
    _join_by_name(papers, draft.themes, draft.phrases_of)
    _split_large(X, draft.themes, lambda rows, h: draft.add(rows, h, join=True), len(papers),
                 whole)
    # (again: a theme split off just now draws in its papers by name too)
    themes = refine(X, draft.themes, _join_by_name(papers, draft.themes, draft.phrases_of),
                    draft.carried)
    fields = frozenset(s for s, p in draft.phrases_of.items() if named_by_fields(p))
    seen = shown(X, themes, supporters(texts(papers), themes, draft.phrases_of), fields)
    return _finish(X, terms, forms, keys, seen, draft.phrases_of, themes)


class _Draft:
    """Themes being formed: slug -> (name, member rows). Names and slugs of themes carried
    from the edition before never change."""

    def __init__(self, papers: tuple[Paper, ...], X: sparse.csr_matrix, terms: np.ndarray,
                 forms: dict[str, str], previous: tuple[Theme, ...],
                 taken: frozenset[str] = frozenset()) -> None:
        self.X = X
        row = {p.key: i for i, p in enumerate(papers)}
        self.themes: dict[str, tuple[str, list[int]]] = {}
        #: slug -> the phrases the generator named it by (a maintainer's rename leaves them)
        self.phrases_of: dict[str, tuple[str, ...]] = {}
        self.used: set[str] = set(taken)
        #: slug -> the rows a theme carried from the edition before
        self.carried: dict[str, set[int]] = {}
        for old in previous:
            rows = [row[k] for k in old.grouping or old.papers if k in row]
            if rows:
                self.themes[old.slug] = (old.name, rows)
                self.carried[old.slug] = set(rows)
                self.phrases_of[old.slug] = old.name_phrases
                self.used.add(old.slug)
        self.namer = Namer(papers, X, terms, forms, self.phrases_of)

    def add(self, rows: list[int], weights: np.ndarray | None = None,
            join: bool = False) -> None:
        """A new theme of these rows, named by its papers. With ``join``, rows whose best
        name phrase is that of a theme formed in this edition join it instead: a second
        group of time-series papers could not reuse "Time series" and was named after the
        2 of its 16 papers on generative adversarial networks. So do rows named like any
        theme (the fallback name of terms can repeat one: the same subject)."""
        best = self.namer.best_phrase(rows) if join else ""
        twin = next((s for s, phrases in self.phrases_of.items()
                     if best and s not in self.carried and best in phrases), None)
        if twin is not None:
            return self._join(twin, rows)
        name = self.namer(rows, weights)
        same = next((s for s, (other, _) in self.themes.items()
                     if join and other.casefold() == name.casefold()), None)
        if same is not None:
            return self._join(same, rows)
        slug = slug_for(name, self.used)
        self.themes[slug] = (name, rows)
        self.phrases_of[slug] = tuple(name_parts(name))

    def _join(self, slug: str, rows: list[int]) -> None:
        """Add these rows to the theme ``slug`` (those it does not hold yet)."""
        name, had = self.themes[slug]
        held = set(had)
        self.themes[slug] = (name, had + [i for i in rows if i not in held])


def _place_new(draft: _Draft) -> None:
    """Papers not in a carried theme join the closest one; those that fit none form new
    themes of at least MIN_THEME papers, and the rest join the closest theme after all."""
    X, themes = draft.X, draft.themes
    placed = {i for _, rows in themes.values() for i in rows}
    fresh = [i for i in range(X.shape[0]) if i not in placed]
    leftovers = _join_nearest(X, themes, fresh, FIT_MIN)
    if len(leftovers) >= 2 * MIN_THEME:
        groups, H = nmf_groups(X[leftovers], max(1, round(math.sqrt(len(leftovers)) / 2)))
        lonely = set(leftovers)
        for t, g in enumerate(groups):
            if len(g) >= MIN_THEME:
                rows = [leftovers[i] for _, i in g]
                draft.add(rows, H[t], join=True)
                lonely -= set(rows)
        leftovers = sorted(lonely)
    _join_nearest(X, themes, leftovers, 0.0)


#: a new paper joins a theme when its cosine to the theme's centroid reaches this
FIT_MIN = 0.12
#: the smallest theme made from papers that fit no existing theme
MIN_THEME = 3
MAX_SHARE = 0.20
#: ... or past this many times the size of a theme of a first edition of as many papers
#: (``split_size``)
SPLIT_FACTOR = 4
#: a theme's name draws in the papers whose titles contain it, unless more titles than this
#: share do
NAME_JOIN_MAX = 0.04
#: a joining paper also enters its second-closest theme only when nearly as close
JOIN_SECOND_RATIO = 0.85


def _centroids(X: sparse.csr_matrix, themes: dict[str, tuple[str, list[int]]]) -> np.ndarray:
    return np.vstack([unit(np.asarray(X[rows].mean(axis=0)).ravel())
                      for _, rows in themes.values()])


def _join_nearest(X: sparse.csr_matrix, themes: dict[str, tuple[str, list[int]]],
                  rows: list[int], fit_min: float) -> list[int]:
    """Add each row to its closest theme(s) if the cosine reaches ``fit_min``; return the
    rows that fit nowhere."""
    if not rows or not themes:
        return rows
    C = _centroids(X, themes)
    S = np.asarray(X[rows] @ C.T)
    slugs = list(themes)
    left = []
    for r, sims in zip(rows, S, strict=True):
        best = float(sims.max())
        if best <= fit_min or best <= 0:
            left.append(r)
            continue
        order = np.argsort(-sims, kind="stable")[:2].tolist()
        themes[slugs[order[0]]][1].append(r)
        if len(order) > 1 and sims[order[1]] >= max(JOIN_SECOND_RATIO * best, fit_min):
            themes[slugs[order[1]]][1].append(r)
    return left


def _join_by_name(papers: tuple[Paper, ...], themes: dict[str, tuple[str, list[int]]],
                  phrases_of: dict[str, tuple[str, ...]]) -> dict[str, set[int]]:
    """A paper whose title contains a theme's name ("... Structured Pruning for LLMs" and
    the theme "Pruning") belongs to that theme too: a reader expects to find it there.
    The name is the generator's (``phrases_of``): a maintainer's rename changes no
    membership. Returns slug -> the rows that joined or were already there by name."""
    titles = [folded_words(p.title) for p in papers]
    named: dict[str, set[int]] = {}
    for slug, (_, rows) in themes.items():
        inside = set(rows)
        for part in phrases_of.get(slug, ()):
            having = [i for i, t in enumerate(titles) if f" {part} " in t]
            # a phrase in many titles ("LLMs") is a field, not a theme's definition
            if len(having) <= NAME_JOIN_MAX * len(titles):
                rows.extend(i for i in having if i not in inside)
                inside.update(having)
                named.setdefault(slug, set()).update(having)
    return named


def _split_large(X: sparse.csr_matrix, themes: dict[str, tuple[str, list[int]]],
                 new_theme: Callable[[list[int], np.ndarray], None], n: int,
                 whole: frozenset[str] = frozenset()) -> None:
    """Split themes over MAX_SHARE of the papers; the larger part keeps slug and name,
    the other becomes a theme of its own (``new_theme``). Not the themes in ``whole``."""
    for _ in range(MAX_THEMES):
        if len(themes) >= MAX_THEMES:
            return
        slug, (name, rows) = max(((s, v) for s, v in themes.items() if s not in whole),
                                 key=lambda kv: (len(kv[1][1]), kv[0]), default=("", ("", [])))
        if len(rows) <= split_size(n) or len(rows) < 2 * MIN_THEME:
            return
        rows = sorted(set(rows))
        groups, H = nmf_groups(X[rows], 2)
        parts = [sorted({rows[i] for _, i in g}) for g in groups]
        if min(len(p) for p in parts) < MIN_THEME:
            return
        keep, split = sorted(range(2), key=lambda t: (-len(parts[t]), t))
        themes[slug] = (name, parts[keep])
        new_theme(parts[split], H[split])


def split_size(n: int) -> float:
    """The size past which a theme of a library of ``n`` papers is split: MAX_SHARE of the
    papers, or SPLIT_FACTOR times the size a first edition of ``n`` papers gives a theme,
    whichever is smaller (the second from about 420 papers on). New papers join the
    closest theme, so a library grown a week at a time keeps the few broad themes of its
    first edition: from 150 arXiv papers plus 16 new ones a week, after 40 weeks (784
    papers) it had 13 themes, the largest 141 papers, where a first edition of the same
    784 papers has 28, the largest 67; with this, 16, the largest 110."""
    return min(MAX_SHARE * n, SPLIT_FACTOR * n / theme_count(n))


def _finish(X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str], keys: list[str],
            themes: dict[str, tuple[str, list[int]]],
            phrases_of: dict[str, tuple[str, ...]] | None = None,
            grouped: dict[str, tuple[str, list[int]]] | None = None,
            ) -> tuple[tuple[Theme, ...], dict[str, tuple[str, ...]]]:
    """Themes with ranked members, distinctive terms and neighbours; largest first.
    ``grouped``: the members as the grouping holds them, where they differ from those
    shown (``Theme.grouping``); a theme that would show none shows those."""
    themes, held = _with_grouping(themes, grouped or {})
    if not themes:
        return (), {k: () for k in keys}
    built = [Theme(slug=slug, name=name, terms=words, papers=ranked, related=near,
                   related_terms=why, name_phrases=(phrases_of or {}).get(slug, ()),
                   grouping=tuple(keys[i] for i in held.get(slug, ())))
             for (slug, (name, _)), (ranked, words, near, why)
             in zip(themes.items(), _described(X, terms, forms, keys, themes), strict=True)]
    built.sort(key=lambda th: (-len(th.papers), th.slug))
    return tuple(built), memberships(built, keys)


def as_shown(X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str],
             keys: list[str], themes: tuple[Theme, ...]) -> tuple[Theme, ...]:
    """The themes described by the papers readers are shown, once the maintainer's
    corrections have moved some (``overrides``): members ranked, distinctive terms and
    related themes from those papers, not from the grouping they came from; largest
    first. Names, name phrases and groupings stay."""
    row = {k: i for i, k in enumerate(keys)}
    live = {t.slug: (t.name, sorted(row[k] for k in t.papers)) for t in themes if t.papers}
    if not live:
        return themes
    fresh = dict(zip(live, _described(X, terms, forms, keys, live), strict=True))
    out = [replace(t, papers=fresh[t.slug][0], terms=fresh[t.slug][1],
                   related=fresh[t.slug][2], related_terms=fresh[t.slug][3])
           if t.slug in fresh else t for t in themes]
    return tuple(sorted(out, key=lambda th: (-len(th.papers), th.slug)))


def _described(X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str],
               keys: list[str], themes: dict[str, tuple[str, list[int]]],
               ) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...],
                               tuple[tuple[str, ...], ...]]]:
    """For each theme (slug -> name and rows): its members, closest to its centroid
    first; its distinctive terms; its related themes and the terms that relate them."""
    C = _centroids(X, themes)
    slugs = list(themes)
    near = related_themes(X, themes, terms, forms)
    out = []
    for t, (_, rows) in enumerate(themes.values()):
        closeness = np.asarray(X[rows] @ C[t]).ravel()
        ranked = tuple(keys[rows[i]] for i in np.lexsort((np.array(rows), -closeness)))
        words = tuple(forms.get(x, x) for x in distinct(top_terms(X, rows, terms, forms))[:8])
        out.append((ranked, words, tuple(slugs[u] for u, _ in near[t]),
                    tuple(w for _, w in near[t])))
    return out


def _with_grouping(themes: dict[str, tuple[str, list[int]]],
                   grouped: dict[str, tuple[str, list[int]]],
                   ) -> tuple[dict[str, tuple[str, list[int]]], dict[str, list[int]]]:
    """The shown themes with sorted rows (a theme that would show none shows its
    grouping), and slug -> its grouping's rows where they differ from those shown."""
    out: dict[str, tuple[str, list[int]]] = {}
    held: dict[str, list[int]] = {}
    for slug, (name, rows) in themes.items():
        group = sorted(set(grouped[slug][1])) if slug in grouped else []
        visible = sorted(set(rows)) or group
        if visible:
            out[slug] = (name, visible)
        if group and group != visible:
            held[slug] = group
    return out, held


def memberships(themes: list[Theme], keys: list[str]) -> dict[str, tuple[str, ...]]:
    """key -> the slugs of its themes, in the themes' order."""
    paper_themes: dict[str, list[str]] = {key: [] for key in keys}
    for th in themes:
        for key in th.papers:
            paper_themes[key].append(th.slug)
    return {key: tuple(v) for key, v in paper_themes.items()}
