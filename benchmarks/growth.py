"""``make bench-growth``: how a library's themes grow over weekly dumps, against a first
edition of the same papers.

A review starts from one dump of ``--first`` arXiv papers of the corpus in
``tests/data/corpora`` (150), then takes ``--weeks`` (40) dumps of ``--per-week`` (20)
papers, a fifth of them listed before. The analysis chain (no Sphinx) runs after each dump,
each edition carrying the themes of the one before, as ``litreview build`` does. Printed
every 5 editions: papers, themes, papers in no theme, the largest theme; then the same for
one first edition of all the papers. New papers join the closest theme, so a grown library
drifts towards fewer, broader themes than a first edition makes (``themes.split_size``).
"""

from __future__ import annotations

import argparse
import datetime as dt

from litreview.analysis.chain import make_library
from litreview.model import Library
from litreview.reading.parse import parse_dump
from litreview_dev.synth import make_series

from .project import corpus_rows


def summary(lib: Library) -> str:
    n = len(lib.papers)
    other = sum(1 for p in lib.papers if not lib.paper_themes[p.key])
    largest = max((len(t.papers) for t in lib.themes), default=0)
    return (f"papers {n:5d}  themes {len(lib.themes):3d}  in no theme {other:4d} "
            f"({other / n:.1%})  largest {largest:4d} ({largest / n:.1%})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", type=int, default=150)
    ap.add_argument("--weeks", type=int, default=40)
    ap.add_argument("--per-week", type=int, default=20)
    args = ap.parse_args()
    series = make_series(corpus_rows(), args.first, args.weeks, args.per_week, 0.2, 7,
                         dt.date(2026, 1, 5))
    dumps = tuple(parse_dump(text.encode(), f"{i:03d}.txt", day.year, day)
                  for i, (text, day) in enumerate(series))
    lib: Library | None = None
    for k in range(len(dumps)):
        lib = make_library(dumps[: k + 1], lib)
        if k % 5 == 0 or k == len(dumps) - 1:
            print(f"edition {k:3d}  {summary(lib)}", flush=True)
    print(f"one first edition  {summary(make_library(dumps))}")


if __name__ == "__main__":
    main()
