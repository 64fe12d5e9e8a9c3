"""Theme and related-paper quality, measured. Pure: libraries and labels in, numbers out.

- ``score``: on a library with hand-labelled pairs (``tests/data/theme_pairs.tsv``):
  must-link rate, cannot-link violations, related-paper hit rate, theme count, largest
  theme share, unthemed share.
- ``agreement``: themes against reference labels (arXiv primary categories): purity, NMI.
- ``stability``: from one edition to the next, the share of papers that keep their theme
  (themes matched one-to-one by shared members) and the share of theme slugs that survive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import normalized_mutual_info_score

from litreview.errors import LitReviewError
from litreview.model import Library


@dataclass(frozen=True)
class Pair:
    """One hand-labelled check."""

    #: ``"must"`` (same theme expected) or ``"cannot"`` (clearly different fields)
    kind: str
    #: the two paper keys
    a: str
    b: str
    #: the topic (or the two topics) the label is about
    group: str


@dataclass(frozen=True)
class Scores:
    """Theme quality on one library."""

    papers: int
    themes: int
    largest_share: float
    unthemed_share: float
    must_link_rate: float
    cannot_link_violations: int
    related_hit_rate: float


def read_pairs(text: str, name: str) -> tuple[Pair, ...]:
    """Parse the TSV of labelled pairs (``#`` comments allowed)."""
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[0] not in ("must", "cannot"):
            raise LitReviewError("expected 'must|cannot<TAB>key<TAB>key<TAB>group'", name, n)
        pairs.append(Pair(*parts))
    return tuple(pairs)


def score(lib: Library, pairs: tuple[Pair, ...]) -> Scores:
    """Must-link / cannot-link / related-hit scores plus the shape of the themes."""
    themes = {k: set(v) for k, v in lib.paper_themes.items()}
    missing = sorted({k for p in pairs for k in (p.a, p.b)} - set(themes))
    if missing:
        raise LitReviewError(f"labelled keys not in the library: {missing[:5]}")
    must = [p for p in pairs if p.kind == "must"]
    cannot = [p for p in pairs if p.kind == "cannot"]
    together = sum(bool(themes[p.a] & themes[p.b]) for p in must)
    violations = sum(bool(themes[p.a] & themes[p.b]) for p in cannot)
    partners: dict[str, set[str]] = {}
    for p in must:
        partners.setdefault(p.a, set()).add(p.b)
        partners.setdefault(p.b, set()).add(p.a)
    hits = sum(bool(set(lib.related.get(k, ())) & ps) for k, ps in partners.items())
    n = len(lib.papers)
    return Scores(
        papers=n, themes=len(lib.themes),
        largest_share=max((len(t.papers) for t in lib.themes), default=0) / max(n, 1),
        unthemed_share=sum(not v for v in themes.values()) / max(n, 1),
        must_link_rate=together / max(len(must), 1),
        cannot_link_violations=violations,
        related_hit_rate=hits / max(len(partners), 1))


def primary_themes(lib: Library) -> dict[str, str]:
    """Each paper's strongest theme (themes list members by weight, strongest first)."""
    rank: dict[str, tuple[int, str]] = {}
    for t in lib.themes:
        for pos, key in enumerate(t.papers):
            # the theme where the paper ranks highest relative to the theme's size
            score = (pos * 1000) // max(len(t.papers), 1)
            if key not in rank or score < rank[key][0]:
                rank[key] = (score, t.slug)
    return {k: s for k, (_, s) in rank.items()}


def agreement(lib: Library, labels: dict[str, str]) -> tuple[float, float]:
    """(purity, NMI) of primary themes against reference labels, over labelled papers."""
    primary = primary_themes(lib)
    keys = [k for k in sorted(labels) if k in primary]
    if not keys:
        return 0.0, 0.0
    pred = [primary[k] for k in keys]
    true = [labels[k] for k in keys]
    by_theme: dict[str, dict[str, int]] = {}
    for p, t in zip(pred, true, strict=True):
        by_theme.setdefault(p, {}).setdefault(t, 0)
        by_theme[p][t] += 1
    purity = sum(max(c.values()) for c in by_theme.values()) / len(keys)
    return purity, float(normalized_mutual_info_score(true, pred))


def stability(prev: Library, cur: Library) -> tuple[float, float]:
    """(share of earlier papers keeping their theme, share of earlier slugs surviving).
    A facet counts as a theme: its page lists its papers at the URL the theme had."""
    old = list(prev.themes + prev.facets)
    new = list(cur.themes + cur.facets)
    if not old or not new:
        return 0.0, 0.0
    overlap = np.array([[len(set(a.papers) & set(b.papers)) for b in new] for a in old])
    rows, cols = linear_sum_assignment(-overlap)
    match = {old[r].slug: new[c].slug for r, c in zip(rows, cols, strict=True)
             if overlap[r, c] > 0}

    def places(lib: Library, key: str) -> set[str]:
        return set(lib.paper_themes.get(key, ())) | {f.slug for f in lib.facets
                                                     if key in f.papers}
    kept = total = 0
    for p in prev.papers:
        before = places(prev, p.key)
        if not before:
            continue
        total += 1
        now = places(cur, p.key)
        kept += bool({match[s] for s in before if s in match} & now)
    survived = len({t.slug for t in old} & {t.slug for t in new}) / len(old)
    return kept / max(total, 1), survived
