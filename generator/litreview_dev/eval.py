"""``make eval``: theme and related-paper quality on the seeds (hand-labelled pairs) and on
the arXiv corpus (agreement with arXiv's primary categories, stability when the corpus
arrives as four dumps). Prints a table; reads the project, writes nothing.

    python -m litreview_dev.eval [--root .] [--pairs ...] [--corpus ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from itertools import pairwise
from pathlib import Path

from litreview.analysis.chain import make_libraries, make_library
from litreview.analysis.coherence import coherence
from litreview.analysis.library import title_fingerprint
from litreview.analysis.vectors import documents, vectorise
from litreview.errors import LitReviewError
from litreview.model import Library
from litreview.reading.parse import parse_dump
from litreview.site.inputs import Paths, load_dumps, load_overrides

from . import representations
from .evaluate import Pair, agreement, read_pairs, score, stability
from .synth import Row, make_dump, read_corpus

#: the recorded comparison of text representations (``representations.recorded``)
RECORDED_RESULTS = "benchmarks/representations/results.json"


def seeds_report(libs: list[Library], pairs: tuple[Pair, ...],
                 blind: tuple[Pair, ...] = ()) -> list[str]:
    """The seeds' labelled checks and their stability from edition to edition."""
    s = score(libs[-1], pairs)
    must = sum(p.kind == "must" for p in pairs)
    out = [f"seeds ({s.papers} papers, {len(libs)} editions)",
           f"  themes                     {s.themes}",
           f"  largest theme share        {s.largest_share:.1%}",
           f"  unthemed share             {s.unthemed_share:.1%}  (\"Other papers\")",
           f"  facets                     "
           f"{', '.join(f'{f.name} ({len(f.papers)} papers)' for f in libs[-1].facets) or 'none'}",
           f"  must-link rate             {s.must_link_rate:.1%}  ({must} pairs)",
           f"  cannot-link violations     {s.cannot_link_violations}  "
           f"({len(pairs) - must} pairs)",
           f"  related-paper hit rate     {s.related_hit_rate:.1%}",
           *blind_report(libs[-1], blind)]
    for k, (prev, cur) in enumerate(pairwise(libs), 2):
        kept, survived = stability(prev, cur)
        out.append(f"  edition {k - 1} -> {k}: papers keeping their theme {kept:.1%}, "
                   f"theme slugs surviving {survived:.1%}")
    return out + coherence_report(libs[-1])


def blind_report(lib: Library, blind: tuple[Pair, ...]) -> list[str]:
    """The checks on the pairs a reader labelled without seeing the site."""
    if not blind:
        return []
    s = score(lib, blind)
    must = sum(p.kind == "must" for p in blind)
    return [f"  pairs labelled blind ({must} must, {len(blind) - must} cannot): must-link "
            f"{s.must_link_rate:.1%}, cannot-link violations {s.cannot_link_violations}, "
            f"related hit {s.related_hit_rate:.1%}"]


def site_report(libs: list[Library], pairs: tuple[Pair, ...],
                blind: tuple[Pair, ...] = ()) -> list[str]:
    """The same checks on the themes the site publishes: with the maintainer's
    corrections (``bib/themes.toml``)."""
    s = score(libs[-1], pairs)
    kept = ", ".join(f"{stability(a, b)[0]:.1%}" for a, b in pairwise(libs))
    return ["seeds with bib/themes.toml (the published themes)",
            f"  themes {s.themes}, largest share {s.largest_share:.1%}, "
            f"other papers {s.unthemed_share:.1%}",
            f"  must-link {s.must_link_rate:.1%}, cannot-link violations "
            f"{s.cannot_link_violations}, related hit {s.related_hit_rate:.1%}",
            *blind_report(libs[-1], blind),
            f"  papers keeping their theme, edition to edition: {kept}",
            *coherence_report(libs[-1])]


def coherence_report(lib: Library) -> list[str]:
    """Each theme's coherence (``analysis.coherence``) in the newest edition."""
    X, _ = vectorise(documents(lib.papers))
    row = {p.key: i for i, p in enumerate(lib.papers)}
    scores = coherence(X, {t.slug: (t.name, [row[k] for k in t.papers]) for t in lib.themes})
    out = ["  coherence per theme (mean silhouette, leave-one-out centroids; share of "
           "members nearest their own theme)"]
    out += [f"    {c.silhouette:+.3f}  {c.nearest_own:4.0%}  {c.members:3d}  {c.slug}"
            for c in sorted(scores, key=lambda c: -c.silhouette)]
    if scores:
        out.append(f"    lowest {min(c.silhouette for c in scores):+.3f}, median "
                   f"{sorted(c.silhouette for c in scores)[len(scores) // 2]:+.3f}")
    return out


def corpus_library(rows: tuple[Row, ...], name: str) -> tuple[Library, dict[str, str]]:
    """The arXiv corpus as one library, and key -> primary category."""
    text = make_dump(rows, len(rows), 0, dt.date(2026, 1, 1), with_metadata=False)
    lib = make_library((parse_dump(text.encode(), name, 2026),))
    label_of = {title_fingerprint(r.title): r.terms[0] for r in rows if r.terms}
    return lib, {p.key: label_of[title_fingerprint(p.title)] for p in lib.papers
                 if title_fingerprint(p.title) in label_of}


def corpus_report(rows: tuple[Row, ...], lib: Library, labels: dict[str, str]) -> list[str]:
    """Themes of the arXiv corpus against its primary categories, in one library and as
    four dumps."""
    purity, nmi = agreement(lib, labels)
    shares = max(len(t.papers) for t in lib.themes) / len(lib.papers)
    out = [f"arXiv corpus ({len(lib.papers)} papers, {len(set(labels.values()))} "
           "primary categories)",
           f"  themes {len(lib.themes)}, largest share {shares:.1%}, {_rest(lib)}",
           f"  purity vs primary category {purity:.3f}, NMI {nmi:.3f}"]
    # the same papers arriving as four dumps: do the themes stay put at this size?
    cuts = [0, 400, 600, 800, len(rows)]
    chain = tuple(parse_dump(make_dump(rows[a:b], b - a, 0, dt.date(2026, 1 + k, 1),
                                       with_metadata=False).encode(), f"part{k}", 2026)
                  for k, (a, b) in enumerate(pairwise(cuts)))
    parts = make_libraries(chain)
    sizes = ", ".join(str(b - a) for a, b in pairwise(cuts))
    out.append(f"arXiv corpus as {len(parts)} dumps of {sizes} papers")
    for k, (prev, cur) in enumerate(pairwise(parts), 2):
        kept, survived = stability(prev, cur)
        out.append(f"  edition {k - 1} -> {k}: papers keeping their theme {kept:.1%}, "
                   f"theme slugs surviving {survived:.1%}, themes {len(cur.themes)}, largest "
                   f"share {max(len(t.papers) for t in cur.themes) / len(cur.papers):.1%}")
    purity, nmi = agreement(parts[-1], labels)
    out.append(f"  newest edition: purity vs primary category {purity:.3f}, NMI {nmi:.3f}, "
               f"{_rest(parts[-1])}")
    return out


def _rest(lib: Library) -> str:
    """"Other papers" and the facets of a library, in words."""
    other = sum(not v for v in lib.paper_themes.values()) / max(len(lib.papers), 1)
    facets = ", ".join(f"{f.name} ({len(f.papers)})" for f in lib.facets) or "none"
    return f"other papers {other:.1%}, facets: {facets}"


def main(argv: list[str] | None = None) -> int:
    """Print the quality table."""
    ap = argparse.ArgumentParser(prog="python -m litreview_dev.eval", description=__doc__)
    ap.add_argument("--root", default=".", help="project folder (default: current)")
    ap.add_argument("--pairs", default="tests/data/theme_pairs.tsv",
                    help="hand-labelled must-link / cannot-link pairs (TSV), under --root")
    ap.add_argument("--blind-pairs", default="tests/data/theme_pairs_reader.tsv",
                    help="pairs labelled by a reader who had not seen the site (TSV), under "
                         "--root; skipped when missing")
    ap.add_argument("--corpus", default="tests/data/corpora/arxiv-ml-1000.csv",
                    help="arXiv corpus with categories (CSV), under --root")
    args = ap.parse_args(argv)
    root = Path(args.root).resolve()
    try:
        pairs_path = root / args.pairs
        pairs = read_pairs(pairs_path.read_text("utf-8"), str(pairs_path))
        blind_path = root / args.blind_pairs
        blind = read_pairs(blind_path.read_text("utf-8"), str(blind_path)) \
            if blind_path.is_file() else ()
        _, dumps = load_dumps(Paths(root))
        libs = make_libraries(dumps)
        lines = seeds_report(libs, pairs, blind)
        overrides = load_overrides(Paths(root))
        if overrides:
            lines += site_report(make_libraries(dumps, overrides), pairs, blind)
        corpus = root / args.corpus
        rows = read_corpus(corpus.read_text("utf-8"))
        arxiv, labels = corpus_library(rows, corpus.name)
        lines += corpus_report(rows, arxiv, labels)
        lines += representations.table(
            representations.measured(libs[-1], pairs, arxiv, labels)
            + representations.recorded(root / RECORDED_RESULTS))
    except LitReviewError as exc:
        print(f"eval: error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
