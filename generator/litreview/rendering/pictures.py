"""Pictures of the field as static SVG: a map of all papers, a monthly chart per theme.
Pure: returns SVG text. Every text from a dump is XML-escaped; links use keys only.
Where each paper sits on the map is the analysis' (``analysis.layout``), given to
``map_svg``.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from ..contract import paper_url
from ..model import Library
from .wording import count

#: Kelly's colours of maximum contrast (white and black left out), then four of
#: Glasbey's that look like none of them (cyan, plum, aquamarine, pure blue: the seeds
#: have 22 themes, and with 20 colours two pairs of them shared one), cycled past that
PALETTE = ["#F3C300", "#875692", "#F38400", "#A1CAF1", "#BE0032", "#C2B280", "#848482",
           "#008856", "#E68FAC", "#0067A5", "#F99379", "#604E97", "#F6A600", "#B3446C",
           "#DCD300", "#882D17", "#8DB600", "#654522", "#E25822", "#2B3D26",
           "#00ACC6", "#6B004F", "#00FDCF", "#0000DD"]
UNTHEMED = "#BBBBBB"


def _colours(lib: Library) -> dict[str, str]:
    return {t.slug: PALETTE[i % len(PALETTE)] for i, t in enumerate(lib.themes)}


def map_svg(lib: Library, positions: dict[str, tuple[float, float]]) -> str:
    """Every paper as a linked dot at its place in ``positions``, coloured by its first
    theme; each theme's name where its papers gather, linked to its page. Links are
    relative to the SVG's own place, the edition's root (an SVG shown through ``<object>``
    resolves its links against its own URL; paper pages live at the site root, one level
    up). The legend is an HTML list on the page (``legend``)."""
    colour = _colours(lib)
    pos = np.array([positions[p.key] for p in lib.papers]).reshape(-1, 2)
    w, h, pad = 900, 640, 20
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
            f'role="img" aria-labelledby="map-title" font-family="sans-serif" font-size="12">'),
           ('<title id="map-title">Map of the papers: each dot is a paper, placed near papers '
            'with similar text and coloured by theme</title>'),
           f'<rect width="{w}" height="{h}" fill="#ffffff"/>']
    for (x, y), p in zip(pos, lib.papers, strict=True):
        slugs = lib.paper_themes.get(p.key, ())
        fill = colour[slugs[0]] if slugs else UNTHEMED
        cx, cy = pad + x * (w - 2 * pad), pad + y * (h - 2 * pad)
        out.append(f'<a href={quoteattr("../" + paper_url(p.key))} target="_top">'
                   f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" fill="{fill}" '
                   f'fill-opacity="0.9" stroke="#333" stroke-width="0.5">'
                   f'<title>{escape(p.title_text)}</title></circle></a>')
    out.extend(_theme_labels(lib, pos, w, h, pad))
    out.append("</svg>\n")
    return "\n".join(out)


def legend(lib: Library) -> list[tuple[str, str, str, int]]:
    """The map's legend, shown as an HTML list under it (its text wraps on a phone and
    follows the colour mode): each theme's colour, slug, name and size."""
    colour = _colours(lib)
    return [(colour[t.slug], t.slug, t.name, len(t.papers)) for t in lib.themes]


#: the widest line of a theme label on the map, in characters, and the width of one (16 px
#: bold sans-serif, measured in Chromium: 8.2 to 11.1 px, 9.6 on average; at 8.8, labels
#: pushed in from an edge were still cut, "entiment and emotion")
LABEL_CHARS, CHAR_WIDTH = 24, 10.4


def _densest(points: np.ndarray, radius: float = 0.06, sample: int = 300) -> np.ndarray:
    """The point with the most others within ``radius`` (among an even sample of at most
    ``sample`` candidates): where a theme's papers gather, which its median may miss."""
    candidates = points[:: max(1, len(points) // sample)]
    d = np.linalg.norm(candidates[:, None, :] - points[None, :, :], axis=2)
    return np.asarray(candidates[int(np.argmax((d <= radius).sum(axis=1)))])


Box = tuple[float, float, float, float]


def _theme_labels(lib: Library, pos: np.ndarray, w: int, h: int, pad: int) -> list[str]:
    """Each theme's name where its papers gather most, largest theme first; a label that
    would cover one already placed is left out (the legend still names it)."""
    row = {p.key: i for i, p in enumerate(lib.papers)}
    placed: list[Box] = []
    out = []
    for t in lib.themes:
        # the dots in the theme's colour (papers whose first theme it is), else all of its
        rows = [row[k] for k in t.papers if k in row
                and lib.paper_themes.get(k, ("",))[0] == t.slug] or \
            [row[k] for k in t.papers if k in row]
        if not rows:
            continue
        x, y = _densest(pos[rows]).tolist()
        lines = _wrapped(t.name)
        cx, cy, box = _label_box(pad + x * (w - 2 * pad), pad + y * (h - 2 * pad), lines, w, h)
        if any(_overlap(box, b) for b in placed):
            continue
        placed.append(box)
        spans = "".join(f'<tspan x="{cx:.1f}" dy="{0 if n == 0 else LINE}">{escape(line)}'
                        "</tspan>" for n, line in enumerate(lines))
        out.append(f'<a href={quoteattr("themes/" + t.slug + ".html")} target="_top">'
                   f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" font-weight="bold" '
                   'font-size="16" '
                   'fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">'
                   f"{spans}</text></a>")
    return out


def _label_box(x: float, y: float, lines: list[str], w: int, h: int
               ) -> tuple[float, float, Box]:
    """Where a label of ``lines`` goes for a dot at (x, y): centred over it, the last
    line's baseline 8 px above it, inside the picture; and the box it covers."""
    half, extra = CHAR_WIDTH * max(map(len, lines)) / 2, LINE * (len(lines) - 1)
    cx = min(max(x, half + 4), w - half - 4)
    cy = min(max(y - 8 - extra, 18.0), h - 6.0 - extra)
    return cx, cy, (cx - half, cy - 16, cx + half, cy + 5 + extra)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


#: a map label's line height, in px
LINE = 18


def _wrapped(name: str) -> list[str]:
    """A theme's name in at most two lines of LABEL_CHARS; a longer one ends with "…"."""
    lines = textwrap.wrap(name, LABEL_CHARS, break_long_words=True) or [name]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LABEL_CHARS - 1] + "…"]
    return lines


#: past this many months between the first and the last date, a chart counts years
MONTHS_SHOWN = 48


Period = tuple[int, int]


def chart_unit(dates: list[dt.date]) -> str:
    """"month" or "year": what one bar of the chart of these dates counts."""
    first, last = min(dates), max(dates)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    return "year" if span > MONTHS_SHOWN else "month"


def _periods(dates: list[dt.date]) -> tuple[str, list[Period], dict[Period, int]]:
    """("month" or "year", every period from the first date's to the last's, counts)."""
    first, last = min(dates), max(dates)
    if chart_unit(dates) == "year":
        periods = [(y, 0) for y in range(first.year, last.year + 1)]
        counts = dict.fromkeys(periods, 0)
        for d in dates:
            counts[(d.year, 0)] += 1
        return "year", periods, counts
    periods = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        periods.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    counts = dict.fromkeys(periods, 0)
    for d in dates:
        counts[(d.year, d.month)] += 1
    return "month", periods, counts


#: a chart's font size, in its own units: 640 units are shown at least 480 px wide (a phone
#: scrolls the chart sideways below that), so text is never under 12 px
CHART_FONT = 16


def chart_svg(dates: list[dt.date], name: str) -> str:
    """A theme's papers per month (per year past MONTHS_SHOWN months) as bars; empty
    periods between the first and the last are shown. Call it only with dates."""
    unit, periods, counts = _periods(dates)
    title = f"{name}: papers per {unit}"
    w, h, left, bottom = 640, 220, 40, 40
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
            f'aria-label={quoteattr(title)} font-family="sans-serif" font-size="{CHART_FONT}">'),
           f"<title>{escape(title)}</title>", f'<rect width="{w}" height="{h}" fill="#ffffff"/>']
    top = max(counts.values())
    bar_w = min(36.0, (w - left - 10) / len(periods))

    def label(p: tuple[int, int]) -> str:
        return f"{p[0]}" if unit == "year" else f"{p[0]}-{p[1]:02d}"

    for i, p in enumerate(periods):
        bh = (h - bottom - 20) * counts[p] / top
        x = left + i * bar_w
        out.append(f'<rect x="{x:.1f}" y="{h - bottom - bh:.1f}" width="{max(bar_w - 1, 1):.1f}"'
                   f' height="{bh:.1f}" fill="#0072B2"><title>{label(p)}: '
                   f"{count(counts[p], 'paper')}</title></rect>")
    # a label every ``step`` bars: as many as fit side by side, never on one another
    digit = 0.6 * CHART_FONT  # a digit's width in a sans-serif font, about
    step = max(1, math.ceil((digit * len(label(periods[0])) + 6) / bar_w))
    placed: list[tuple[int, float, float]] = []  # (bar, centre, half width), newest first
    for i in reversed(_labelled(len(periods), step)):
        # centred under its bar, and never past either edge; one that the newest label,
        # pushed in from the edge, would touch is left out ("2025-092026-03")
        half = digit / 2 * len(label(periods[i]))
        x = min(max(left + (i + 0.5) * bar_w, half + 2), w - half - 2)
        if not placed or x + half + 6 <= placed[-1][1] - placed[-1][2]:
            placed.append((i, x, half))
    for i, x, _ in reversed(placed):
        out.append(f'<text x="{x:.1f}" y="{h - bottom + CHART_FONT + 4}" '
                   'text-anchor="middle">'
                   f"{label(periods[i])}</text>")
    out.append(f'<text x="4" y="{h - bottom - (h - bottom - 20)}">{top}</text>'
               f'<text x="4" y="{h - bottom}">0</text></svg>\n')
    return "\n".join(out)


def _labelled(n: int, step: int) -> list[int]:
    """Which of ``n`` bars get a label, evenly, ``step`` bars apart at least: the first and
    the last when a spacing of up to twice ``step`` fits between them, else the last
    (the newest period) and every ``step``-th before it."""
    for every in range(step, 2 * step + 1):
        if (n - 1) % every == 0:
            return list(range(0, n, every))
    return list(range((n - 1) % step, n, step))
