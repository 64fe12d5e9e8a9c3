"""Where each paper sits on the map of the field. Pure, no I/O; deterministic (fixed seeds).

- up to MAP_TSNE_MAX papers, t-SNE over a 50-dimensional SVD of the tf-idf matrix;
- past that (t-SNE would take minutes), as islands: each theme at a place given by
  classical MDS of the distances between theme centroids, its papers in a disc around
  it (area in proportion to its size), spread along their own two main directions.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.manifold import TSNE

from ..model import Library
from .vectors import documents, vectorise

MAP_TSNE_MAX = 5000


def map_positions(lib: Library) -> dict[str, tuple[float, float]]:
    """Each paper's place on the map (key -> both coordinates in [0, 1]), from the same
    tf-idf vectors the themes are found in. Only the edition shown in full has a map, so
    the chain of editions does not compute this (t-SNE is most of an edition's analysis:
    2.4 of 8.8 s for the four seed editions)."""
    return positions(lib, vectorise(documents(lib.papers))[0]) if lib.papers else {}


def positions(lib: Library, X: sparse.csr_matrix) -> dict[str, tuple[float, float]]:
    """Each paper's place on the map (rows of ``X`` in ``lib.papers`` order), laid out by
    its first theme past the t-SNE limit."""
    number = {t.slug: i for i, t in enumerate(lib.themes)}
    groups = [number[lib.paper_themes[p.key][0]] if lib.paper_themes.get(p.key) else -1
              for p in lib.papers]
    pos = layout(X, groups)
    return {p.key: (float(x), float(y)) for p, (x, y) in zip(lib.papers, pos, strict=True)}


def layout(X: sparse.csr_matrix, groups: list[int] | None = None) -> np.ndarray:
    """2-D positions in [0, 1] for every row of X; ``groups`` (each row's theme number,
    -1 for none) lays a large library out as islands."""
    n = X.shape[0]
    if n < 3 or X.shape[1] < 3:
        return np.column_stack([np.linspace(0, 1, n), np.full(n, 0.5)])
    dims = min(50, X.shape[1] - 1, n - 1)
    Y = TruncatedSVD(n_components=dims, random_state=0).fit_transform(X)
    if n <= MAP_TSNE_MAX and n > 5:
        Y = TSNE(n_components=2, init="pca", random_state=0, perplexity=min(30, n // 4),
                 max_iter=500).fit_transform(Y)
    elif groups is not None and len(set(groups)) > 1:
        Y = islands(Y, np.asarray(groups))
    else:
        Y = Y[:, :2]
    lo, hi = Y.min(axis=0), Y.max(axis=0)
    return np.asarray((Y - lo) / np.where(hi - lo == 0, 1, hi - lo))


def islands(Y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """One island per group: centres by classical MDS of the cosine distances between the
    groups' mean vectors; each member in a disc of area in proportion to the group's
    size, placed by its coordinates along the group's two main directions."""
    labels = sorted(set(groups.tolist()))
    means = np.vstack([Y[groups == g].mean(axis=0) for g in labels])
    unit = means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
    centres = _classical_mds(np.clip(1 - unit @ unit.T, 0, 2))
    centres = centres / (np.ptp(centres, axis=0).max() or 1.0)
    # islands cover about 40 % of a unit square, each in proportion to its papers
    sizes = np.array([np.count_nonzero(groups == g) for g in labels])
    radii = np.sqrt(ISLAND_AREA / np.pi * sizes / sizes.sum())
    centres = _apart(centres, radii)
    out = np.zeros((len(Y), 2))
    for c, radius, g in zip(centres, radii, labels, strict=True):
        rows = np.flatnonzero(groups == g)
        Z = Y[rows] - Y[rows].mean(axis=0)
        # the members' two main directions (an SVD of a few hundred rows x 50 columns)
        _, _, Vt = np.linalg.svd(Z, full_matrices=False)
        P = Z @ Vt[:2].T if Vt.shape[0] >= 2 else np.zeros((len(rows), 2))
        reach = np.percentile(np.linalg.norm(P, axis=1), 95) if len(rows) > 1 else 0.0
        P = P / reach * radius if reach > 0 else P
        # the last 5 % are pulled to the rim, so islands keep their size
        norms = np.linalg.norm(P, axis=1, keepdims=True)
        P = np.where(norms > radius, P / np.maximum(norms, 1e-12) * radius, P)
        out[rows] = c + P
    return out


#: the share of the map's square the islands cover, and the gap kept between two islands
ISLAND_AREA, ISLAND_GAP = 0.4, 0.01


def _apart(centres: np.ndarray, radii: np.ndarray, rounds: int = 500) -> np.ndarray:
    """Move overlapping discs apart, a little at a time, until none overlap (or after
    ``rounds``); discs that do not touch keep their places."""
    c = centres.copy()
    k = len(c)
    for _ in range(rounds):
        diff = c[:, None, :] - c[None, :, :]
        dist = np.linalg.norm(diff, axis=2)
        need = radii[:, None] + radii[None, :] + ISLAND_GAP
        overlap = np.triu(need - dist, 1)
        if overlap.max() <= 1e-9:
            break
        # coincident centres get a fixed direction, so the result never depends on chance
        angle = np.arange(k)[:, None] - np.arange(k)[None, :]
        fallback = np.stack([np.cos(angle), np.sin(angle)], axis=2)
        direction = np.where(dist[..., None] > 1e-12,
                             diff / np.maximum(dist, 1e-12)[..., None], fallback)
        push = np.clip(overlap + overlap.T, 0, None)[..., None] / 2 * direction
        c += push.sum(axis=1)
    return c


def _classical_mds(D: np.ndarray) -> np.ndarray:
    """2-D coordinates whose distances best keep ``D`` (Torgerson's classical MDS)."""
    k = len(D)
    if k < 3:
        return np.column_stack([np.arange(k, dtype=float), np.zeros(k)])
    J = np.eye(k) - 1 / k
    B = -0.5 * J @ (D ** 2) @ J
    values, vectors = np.linalg.eigh(B)
    top = np.argsort(values)[::-1][:2]
    coords = vectors[:, top] * np.sqrt(np.maximum(values[top], 0))
    # eigenvectors' signs are arbitrary: fix them so the picture does not flip
    signs = np.sign(coords[np.argmax(np.abs(coords), axis=0), [0, 1]])
    return np.asarray(coords * np.where(signs == 0, 1, signs))

