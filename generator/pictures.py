"""Pictures of the field as static SVG: a map of all papers, a monthly chart per theme.
Pure: returns SVG text. Every text from a dump is XML-escaped; links use keys only.

The map places papers by text similarity, deterministically (fixed seeds):
- up to MAP_TSNE_MAX papers, t-SNE over a 50-dimensional SVD of the tf-idf matrix;
- past that (t-SNE would take minutes), as islands: each theme at a place given by
  classical MDS of the distances between theme centroids, its papers in a disc around
  it (area in proportion to its size), spread along their own two main directions.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.manifold import TSNE

from .model import Library
from .render import display_title

MAP_TSNE_MAX = 5000
#: Okabe-Ito and Tol palettes (colour-blind safe), cycled
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#6699CC",
           "#661100", "#888888"]
UNTHEMED = "#BBBBBB"


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


def map_svg(lib: Library, pos: np.ndarray) -> str:
    """Every paper as a linked dot coloured by its first theme; each theme's name at the
    middle of its papers and in a legend, linked to its page. Links are relative to the
    SVG's own place, the edition's root (an SVG shown through ``<object>`` resolves its
    links against its own URL)."""
    colour = {t.slug: PALETTE[i % len(PALETTE)] for i, t in enumerate(lib.themes)}
    w, h, pad, legend_w = 900, 640, 20, 330
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w + legend_w} {h}" '
            f'role="img" aria-labelledby="map-title" font-family="sans-serif" font-size="12">'),
           ('<title id="map-title">Map of the papers: each dot is a paper, placed near papers '
            'with similar text and coloured by theme</title>'),
           f'<rect width="{w + legend_w}" height="{h}" fill="#ffffff"/>']
    for (x, y), p in zip(pos, lib.papers, strict=True):
        slugs = lib.paper_themes.get(p.key, ())
        fill = colour[slugs[0]] if slugs else UNTHEMED
        cx, cy = pad + x * (w - 2 * pad), pad + y * (h - 2 * pad)
        out.append(f'<a href={quoteattr("papers/" + p.key + ".html")} target="_top">'
                   f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{fill}" '
                   f'fill-opacity="0.85" stroke="#333" stroke-width="0.5">'
                   f'<title>{escape(display_title(p))}</title></circle></a>')
    out.extend(_theme_labels(lib, pos, w, h, pad))
    y = 24
    for t in lib.themes[:34]:
        out.append(f'<a href={quoteattr("themes/" + t.slug + ".html")} target="_top">'
                   f'<rect x="{w + 8}" y="{y - 10}" width="12" height="12" '
                   f'fill="{colour[t.slug]}"/>'
                   f'<text x="{w + 26}" y="{y}">{escape(_short(t.name, 40))} ({len(t.papers)})'
                   "</text></a>")
        y += 18
    out.append("</svg>\n")
    return "\n".join(out)


#: the widest a theme label on the map may be, in characters, and the width of one
LABEL_CHARS, CHAR_WIDTH = 28, 8.8


def _densest(points: np.ndarray, radius: float = 0.06, sample: int = 300) -> np.ndarray:
    """The point with the most others within ``radius`` (among an even sample of at most
    ``sample`` candidates): where a theme's papers gather, which its median may miss."""
    candidates = points[:: max(1, len(points) // sample)]
    d = np.linalg.norm(candidates[:, None, :] - points[None, :, :], axis=2)
    return np.asarray(candidates[int(np.argmax((d <= radius).sum(axis=1)))])


def _theme_labels(lib: Library, pos: np.ndarray, w: int, h: int, pad: int) -> list[str]:
    """Each theme's name where its papers gather most, largest theme first; a label that
    would cover one already placed is left out (the legend still names it)."""
    row = {p.key: i for i, p in enumerate(lib.papers)}
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for t in lib.themes:
        # the dots in the theme's colour (papers whose first theme it is), else all of its
        rows = [row[k] for k in t.papers if k in row
                and lib.paper_themes.get(k, ("",))[0] == t.slug] or \
            [row[k] for k in t.papers if k in row]
        if not rows:
            continue
        x, y = _densest(pos[rows]).tolist()
        text = _short(t.name, LABEL_CHARS)
        half = CHAR_WIDTH * len(text) / 2
        cx = min(max(pad + x * (w - 2 * pad), half), w - half - 8)  # clear of the legend
        cy = min(max(pad + y * (h - 2 * pad) - 8, 18.0), h - 6.0)  # just above the dot
        box = (cx - half, cy - 16, cx + half, cy + 5)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in placed):
            continue
        placed.append(box)
        out.append(f'<a href={quoteattr("themes/" + t.slug + ".html")} target="_top">'
                   f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" font-weight="bold" '
                   'font-size="16" '
                   'fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">'
                   f"{escape(text)}</text></a>")
    return out


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def month_chart_svg(dates: list[dt.date], title: str) -> str:
    """Papers per month as bars; empty months between the first and last are shown."""
    w, h, left, bottom = 640, 220, 40, 40
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
            f'aria-label={quoteattr(title)} font-family="sans-serif" font-size="11">'),
           f"<title>{escape(title)}</title>", f'<rect width="{w}" height="{h}" fill="#ffffff"/>']
    if not dates:
        out.append(f'<text x="{w // 2}" y="{h // 2}" text-anchor="middle">'
                   "No listing dates for these papers</text></svg>\n")
        return "\n".join(out)
    first, last = min(dates), max(dates)
    months = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    counts = {ym: 0 for ym in months}
    for d in dates:
        counts[(d.year, d.month)] += 1
    top = max(counts.values())
    bar_w = min(36.0, (w - left - 10) / len(months))
    for i, ym in enumerate(months):
        bh = (h - bottom - 20) * counts[ym] / top
        x = left + i * bar_w
        out.append(f'<rect x="{x:.1f}" y="{h - bottom - bh:.1f}" width="{max(bar_w - 1, 1):.1f}"'
                   f' height="{bh:.1f}" fill="#0072B2"><title>{ym[0]}-{ym[1]:02d}: '
                   f"{counts[ym]} papers</title></rect>")
    step = max(1, len(months) // 8)
    for i in range(0, len(months), step):
        yy, mm = months[i]
        out.append(f'<text x="{left + i * bar_w:.1f}" y="{h - bottom + 14}">{yy}-{mm:02d}</text>')
    out.append(f'<text x="4" y="{h - bottom - (h - bottom - 20)}">{top}</text>'
               f'<text x="4" y="{h - bottom}">0</text></svg>\n')
    return "\n".join(out)
