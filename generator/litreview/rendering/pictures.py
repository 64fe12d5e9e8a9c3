"""Pictures of the field as static SVG: a map of all papers, a monthly chart per theme.
Pure: returns SVG text. Every text from a dump is XML-escaped; links use keys only.
Where each paper sits on the map is the analysis' (``analysis.layout``), kept in
``Library.positions``.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from ..model import Library
from .wording import count

#: Okabe-Ito and Tol palettes (colour-blind safe), cycled
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#6699CC",
           "#661100", "#888888"]
UNTHEMED = "#BBBBBB"


def map_svg(lib: Library) -> str:
    """Every paper as a linked dot coloured by its first theme; each theme's name at the
    middle of its papers and in a legend, linked to its page. Links are relative to the
    SVG's own place, the edition's root (an SVG shown through ``<object>`` resolves its
    links against its own URL)."""
    colour = {t.slug: PALETTE[i % len(PALETTE)] for i, t in enumerate(lib.themes)}
    pos = np.array([lib.positions[p.key] for p in lib.papers]).reshape(-1, 2)
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
                   f'<title>{escape(p.title_text)}</title></circle></a>')
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
                   f"{count(counts[ym], 'paper')}</title></rect>")
    step = max(1, len(months) // 8)
    for i in range(0, len(months), step):
        yy, mm = months[i]
        out.append(f'<text x="{left + i * bar_w:.1f}" y="{h - bottom + 14}">{yy}-{mm:02d}</text>')
    out.append(f'<text x="4" y="{h - bottom - (h - bottom - 20)}">{top}</text>'
               f'<text x="4" y="{h - bottom}">0</text></svg>\n')
    return "\n".join(out)
