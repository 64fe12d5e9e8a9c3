"""Guards the hand-labelled theme checks (tests/data/theme_pairs.tsv) on the seeds.

Thresholds are the quality measured on the themes carried from edition to edition
(must-link 97.1 %, related hit 97.8 %, no cannot-link violation, 96-98 % of papers
keeping their theme); `make eval` prints the full table.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from litreview.analysis.chain import make_libraries
from litreview.errors import LitReviewError
from litreview.model import Library
from litreview.reading.parse import parse_dump
from litreview_dev.evaluate import read_pairs, score, stability

from .conftest import seed_dumps

PAIRS = Path(__file__).parent / "data" / "theme_pairs.tsv"


@pytest.fixture(scope="module")
def libs() -> list[Library]:
    """The four seed editions, each carrying the themes of the one before (as built)."""
    return make_libraries(tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps()))


@pytest.fixture(scope="module")
def lib(libs: list[Library]) -> Library:
    return libs[-1]


def test_labelled_pairs_hold(lib: Library) -> None:
    pairs = read_pairs(PAIRS.read_text("utf-8"), str(PAIRS))
    assert sum(p.kind == "must" for p in pairs) >= 100
    s = score(lib, pairs)
    assert s.cannot_link_violations == 0
    assert s.must_link_rate >= 0.97
    assert s.related_hit_rate >= 0.95
    assert 8 <= s.themes <= 40
    assert s.largest_share <= 0.20
    assert s.unthemed_share < 0.03


def test_themes_are_stable_across_editions(libs: list[Library]) -> None:
    for prev, cur in itertools.pairwise(libs):
        kept, survived = stability(prev, cur)
        assert kept >= 0.95
        assert survived == 1.0


def test_score_sees_a_broken_grouping(lib: Library) -> None:
    """The guard can fail: put everything in one theme and the cannot-link pairs break."""
    from dataclasses import replace
    one = {p.key: ("all",) for p in lib.papers}
    pairs = read_pairs(PAIRS.read_text("utf-8"), str(PAIRS))
    s = score(replace(lib, paper_themes=one), pairs)
    assert s.cannot_link_violations == sum(p.kind == "cannot" for p in pairs)


def test_bad_pairs_file_names_file_and_line() -> None:
    with pytest.raises(LitReviewError, match=r"^pairs\.tsv:2: expected"):
        read_pairs("# header\nmust\tonly-two\n", "pairs.tsv")


def test_related_papers_and_shared_terms_do_not_depend_on_block_sizes(
        corpus_rows: tuple) -> None:  # type: ignore[type-arg]
    from litreview.analysis.vectors import (
        related_papers,
        shared_terms_all,
        surface_forms,
        vectorise,
    )
    docs = [f"{r.title}. {r.abstract}" for r in corpus_rows[:120]]
    X, terms = vectorise(docs)
    forms = surface_forms(docs)
    keys = [f"k{i:03d}" for i in range(len(docs))]
    rel = related_papers(X, keys)
    assert related_papers(X, keys, chunk=7) == rel
    assert sum(len(v) for v in rel.values()) > 4 * len(keys)
    shared = shared_terms_all(X, terms, forms, keys, rel)
    assert shared_terms_all(X, terms, forms, keys, rel, block=11) == shared
    assert all(1 <= len(t) <= 3 for v in shared.values() for t in v)


def test_every_related_theme_comes_with_its_shared_terms(lib: Library) -> None:
    """Theme pages say why a neighbouring theme is related: the terms that make the two
    centroids close, one tuple per related theme."""
    assert all(len(t.related) == len(t.related_terms) for t in lib.themes)
    assert all(1 <= len(terms) <= 3 for t in lib.themes for terms in t.related_terms)
    quant = next(t for t in lib.themes if "quantization" in t.name.lower())
    assert any("quantization" in terms for terms in quant.related_terms)
