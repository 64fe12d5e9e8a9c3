"""Which themes are related, and by what terms: centred centroids compared with what
random groups of papers of the same sizes reach. Pure, no I/O."""

from __future__ import annotations

import itertools

import numpy as np
from scipy import sparse

from .vectors import is_written
from .words import says_what

#: two themes are related when the cosine of their centred centroids is this many standard
#: deviations above what two random groups of papers of the same sizes give
#: (``related_bar``): "Time series" (3 papers) and "Segmentation" (28) at +0.012 are not,
#: against a bar of +0.015; "Post-training quantization" and "Pruning" at +0.029 are (+0.022)
RELATED_SIGMAS = 2.0
#: the most papers the spread of random groups is estimated from (evenly spaced rows)
RELATED_SAMPLE = 500


def unit(v: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector stays zero)."""
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def _shared_terms(a: np.ndarray, b: np.ndarray, terms: np.ndarray, forms: dict[str, str],
                  n: int = 3) -> tuple[str, ...]:
    """The ``n`` terms that contribute most to the cosine of two (centred) theme
    centroids, among those both use more than the library does."""
    product = np.where((a > 0) & (b > 0), a * b, 0.0)
    best = [j for j in np.argsort(-product, kind="stable")[:3 * n].tolist()
            if product[j] > 0 and says_what(str(terms[j]))
            and is_written(str(terms[j]), forms)]
    return tuple(forms.get(str(terms[j]), str(terms[j])) for j in best[:n])


def related_themes(X: sparse.csr_matrix, themes: dict[str, tuple[str, list[int]]],
                   terms: np.ndarray, forms: dict[str, str], n: int = 3,
                   ) -> list[list[tuple[int, tuple[str, ...]]]]:
    """For each theme, up to ``n`` closest others, each with the terms that make them
    close. Themes are related by what sets them apart from the library: their centroids
    less the library's mean (raw centroids made the largest, most generic themes
    everyone's neighbours: "Post-training quantization" was nearest to "Complexity and
    layer", not to "Pruning"), and only when closer than random groups of their sizes
    would be (``related_bar``); a theme close to none shows none. A paper shown in both
    themes counts for neither (``_apart``): two small themes that share one paper are not
    related by that paper's words (a reader found "Segmentation" related to "Distillation"
    only through the one paper in both)."""
    mean = np.asarray(X.mean(axis=0)).ravel()
    members = [set(rows) for _, rows in themes.values()]
    sums = np.vstack([np.asarray(X[sorted(m)].sum(axis=0)).ravel() for m in members])
    D = np.vstack([unit(sums[t] / len(m) - mean) for t, m in enumerate(members)])
    sim = D @ D.T
    spread = _spread(X, mean)
    bar = _bar(X.shape[0], spread, [len(m) for m in members])
    apart = _overlaps(X, sums, members, mean, spread, sim, bar)
    out = []
    for t in range(len(themes)):
        order = [u for u in np.argsort(-sim[t], kind="stable").tolist()
                 if u != t and sim[t, u] >= bar[t, u]]
        close = []
        for u in order:
            a, b = (_apart(X, sums, members, t, u, apart[t, u], mean) if (t, u) in apart
                    else (D[t], D[u]))
            if why := _shared_terms(a, b, terms, forms):
                close.append((u, why))
        out.append(close[:n])
    return out


def _overlaps(X: sparse.csr_matrix, sums: np.ndarray, members: list[set[int]],
              mean: np.ndarray, spread: float, sim: np.ndarray, bar: np.ndarray,
              ) -> dict[tuple[int, int], set[int]]:
    """(t, u) -> the papers themes t and u share, for the pairs that share some and keep
    some of their own; ``sim`` and ``bar`` become those of the two without them (a theme
    all of whose papers are in the other is related to it as it is)."""
    apart: dict[tuple[int, int], set[int]] = {}
    for t, u in itertools.combinations(range(len(members)), 2):
        shared = members[t] & members[u]
        if shared and shared != members[t] and shared != members[u]:
            apart[t, u] = apart[u, t] = shared
            a, b = _apart(X, sums, members, t, u, shared, mean)
            sim[t, u] = sim[u, t] = float(a @ b)
            bar[t, u] = bar[u, t] = _bar(X.shape[0], spread, [
                len(members[t]) - len(shared), len(members[u]) - len(shared)])[0, 1]
    return apart


def _apart(X: sparse.csr_matrix, sums: np.ndarray, members: list[set[int]], t: int, u: int,
           shared: set[int], mean: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The centred centroids of themes ``t`` and ``u`` without their ``shared`` papers
    (each keeps some): their papers' ``sums`` less the shared ones'."""
    less = np.asarray(X[sorted(shared)].sum(axis=0)).ravel()
    return (unit((sums[t] - less) / (len(members[t]) - len(shared)) - mean),
            unit((sums[u] - less) / (len(members[u]) - len(shared)) - mean))


def related_bar(X: sparse.csr_matrix, mean: np.ndarray, sizes: list[int]) -> np.ndarray:
    """sizes x sizes: the centred-centroid cosine two themes of these sizes must reach to
    be related: RELATED_SIGMAS standard deviations above the cosine of two random disjoint
    groups of papers of the same sizes. For groups of a and b of N papers that cosine
    averages -sqrt(ab / ((N-a)(N-b))) (the groups' means pull apart, since all papers'
    centred vectors sum to 0); its spread is about sqrt(q) N / S, whatever the sizes,
    where S is the papers' summed squared centred norm and q the mean squared centred dot
    product of two different papers (estimated on at most RELATED_SAMPLE papers). On the
    seeds this agrees with 100 random regroupings per pair of themes to about 0.01."""
    return _bar(X.shape[0], _spread(X, mean), sizes)


def _spread(X: sparse.csr_matrix, mean: np.ndarray) -> float:
    """The spread of the centred cosine of random groups (``related_bar``)."""
    N = X.shape[0]
    m2 = float(mean @ mean)
    xm = np.asarray(X @ mean).ravel()
    norms = np.asarray(X.multiply(X).sum(axis=1)).ravel()
    S = float(norms.sum()) - N * m2
    rows = np.unique(np.linspace(0, N - 1, min(N, RELATED_SAMPLE)).astype(int))
    G = np.asarray((X[rows] @ X.T).todense()) - xm[rows, None] - xm[None, :] + m2
    G[np.arange(len(rows)), rows] = 0.0  # a paper with itself is not a pair
    pairs = len(rows) * (N - 1)
    return float(np.sqrt((G ** 2).sum() / max(pairs, 1))) * N / S if S > 0 else 0.0


def _bar(N: int, spread: float, sizes: list[int]) -> np.ndarray:
    """The bar of ``related_bar`` for groups of these sizes among N papers."""
    a = np.array(sizes, dtype=float)
    rest = np.maximum(N - a, 1.0)
    return -np.sqrt(np.outer(a, a) / np.outer(rest, rest)) + RELATED_SIGMAS * spread
