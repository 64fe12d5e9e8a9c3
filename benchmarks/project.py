"""Synthetic projects for the benchmarks: the repository's docs/ and a dumps/ folder of
dumps made by ``generator.synth`` from the arXiv corpus (deterministic)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from litreview.contract import GENERATED_DIRS
from litreview_dev.synth import make_dump, read_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpora" / "arxiv-ml-1000.csv"
#: the capture date of the big dump; the added 100-paper dump is a week later
FIRST = dt.date(2026, 10, 1)


def corpus_rows() -> tuple:  # type: ignore[type-arg]
    return read_corpus(CORPUS.read_text("utf-8"))


def make_project(where: Path, papers: int, extra_dumps: int = 0) -> Path:
    """A project whose first dump lists ``papers`` papers; ``extra_dumps`` 100-paper dumps
    follow, each a new edition. Returns the project root (site/ not built)."""
    rows = corpus_rows()
    if where.exists():
        shutil.rmtree(where)
    (where / "dumps").mkdir(parents=True)
    (where / "bib").mkdir()
    shutil.copytree(ROOT / "docs", where / "docs",
                    ignore=shutil.ignore_patterns(*GENERATED_DIRS, "_build"))
    write_dump(where, "000_big.txt", make_dump(rows, papers, 1, FIRST, True), FIRST)
    for i in range(extra_dumps):
        add_small_dump(where, i + 1, rows)
    return where


def add_small_dump(project: Path, n: int, rows: tuple | None = None) -> None:  # type: ignore[type-arg]
    """Append the ``n``-th 100-paper dump (captured ``n`` weeks after the first)."""
    day = FIRST + dt.timedelta(weeks=n)
    write_dump(project, f"{n:03d}_small.txt",
               make_dump(rows or corpus_rows(), 100, 1000 + n, day, n % 2 == 0), day)


def write_dump(project: Path, name: str, text: str, captured: dt.date) -> None:
    (project / "dumps" / name).write_text(text, "utf-8")
    with (project / "dumps" / "manifest.toml").open("a", encoding="utf-8") as f:
        f.write(f'[[dump]]\nfile = "{name}"\ncaptured = {captured.isoformat()}\n\n')
