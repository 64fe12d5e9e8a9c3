"""Theme coherence (analysis.coherence): the leave-one-out fits, the silhouette per theme,
and which themes a refine dissolves."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from litreview.analysis.coherence import MIN_COHERENCE, coherence, fits, refine


def unit_rows(rows: list[list[float]]) -> sparse.csr_matrix:
    m = np.array(rows, dtype=float)
    return sparse.csr_matrix(m / np.linalg.norm(m, axis=1, keepdims=True))


def test_fits_leave_the_paper_out_of_its_own_theme() -> None:
    rng = np.random.default_rng(0)
    X = unit_rows(rng.random((9, 6)).tolist())
    groups = [[0, 1, 2, 3], [3, 4, 5], [6, 7, 8]]
    F = fits(X, groups)
    dense = X.toarray()
    for j, rows in enumerate(groups):
        for i in range(9):
            others = [r for r in rows if r != i]
            c = dense[others].sum(axis=0)
            expected = dense[i] @ c / np.linalg.norm(c)
            assert abs(F[i, j] - expected) < 1e-9, (i, j)


def two_topics_and_a_mixture() -> tuple[sparse.csr_matrix, dict[str, tuple[str, list[int]]]]:
    # papers 0-3 are about topic a, 4-7 about topic b; "mixed" takes two of each and a
    # ninth paper about neither
    a, b, c = [1.0, 0.05, 0.0], [0.0, 0.05, 1.0], [0.0, 1.0, 0.0]
    X = unit_rows([a, a, a, a, b, b, b, b, c])
    return X, {"alpha": ("Alpha", [0, 1, 2]), "beta": ("Beta", [4, 5, 6]),
               "mixed": ("Mixed", [3, 7, 8])}


def test_a_mixed_theme_scores_below_coherent_ones() -> None:
    X, themes = two_topics_and_a_mixture()
    scores = {c.slug: c for c in coherence(X, themes)}
    assert scores["alpha"].silhouette > 0.3
    assert scores["beta"].silhouette > 0.3
    assert scores["mixed"].silhouette < MIN_COHERENCE
    assert scores["alpha"].nearest_own == 1.0
    assert scores["mixed"].nearest_own < 0.5


def test_refine_dissolves_the_mixed_theme_and_leaves_what_fits_nowhere() -> None:
    X, themes = two_topics_and_a_mixture()
    out = refine(X, themes)
    assert out == {"alpha": ("Alpha", [0, 1, 2, 3]), "beta": ("Beta", [4, 5, 6, 7])}
    # paper 8 fits neither: it is left for "Other papers"
    assert 8 not in {i for _, rows in out.values() for i in rows}


def test_a_theme_its_titles_name_is_kept() -> None:
    X, themes = two_topics_and_a_mixture()
    out = refine(X, themes, {"mixed": {3, 7, 8}})
    assert out == themes
