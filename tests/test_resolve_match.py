"""The match rule: title normalisation, abstract agreement, and the measured threshold."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litreview.analysis import match
from litreview.analysis.match import THRESHOLD, abstract_score, judge, norm_title
from litreview_dev import measure_match as measure

pytestmark = pytest.mark.usefixtures("loopback_only")


@pytest.mark.parametrize(("a", "b"), [
    ("Pointer Networks", "pointer  networks"),
    ("Schr\\\"odinger Bridges", "Schrödinger Bridges"),
    ("$\\alpha$-Nets: A Study", "α-Nets: a study"),
    ("T-FREX: A Transformer", "T FREX a transformer"),
    ("Zoë's Model (v2)", "Zoe's model"),
    ("Deep Learning [V3]", "deep learning"),
    ("100\\% Accuracy", "100% accuracy"),
    ("\\textbf{Bold} Claims", "Bold Claims"),
])
def test_titles_that_are_equal(a: str, b: str) -> None:
    assert norm_title(a) == norm_title(b) != ""


@pytest.mark.parametrize(("a", "b"), [
    ("Pointer Networks", "Pointer Network"),
    ("Deep Learning v2", "Deep Learning"),
    ("Part I: Theory", "Part II: Theory"),
    ("YOLOv2", "YOLOv3"),
])
def test_titles_that_differ(a: str, b: str) -> None:
    assert norm_title(a) != norm_title(b)


@pytest.fixture(scope="module")
def seeds_abstracts(recordings: dict[str, Any]) -> list[tuple[str, str]]:
    """(title, abstract) of every seed."""
    return [(p["hf"]["title"], p["hf"]["summary"]) for p in recordings["papers"]]


def test_same_abstract_in_other_clothes_fits(seeds_abstracts: list[tuple[str, str]]) -> None:
    title, a = seeds_abstracts[0]
    other = seeds_abstracts[1][1]
    for variant in (a, measure.arxivify(a), measure.truncate(a, 0.3),
                    measure.replace_sentence(a, 1, other), " ".join(a.split()).upper()):
        assert judge(title, a, title, variant).fits, variant[:80]


def test_other_paper_same_title_does_not_fit(seeds_abstracts: list[tuple[str, str]]) -> None:
    (title, a), (_, b) = seeds_abstracts[:2]
    verdict = judge(title, a, title, b)
    assert verdict.title
    assert verdict.score is not None
    assert not verdict.fits


@pytest.mark.parametrize("summary", [None, "", "   "])
def test_no_abstract_never_fits(summary: str | None) -> None:
    assert judge("T", "some abstract text here", "T", summary).fits is False


def test_short_abstracts_must_be_equal() -> None:
    assert judge("T", "We study cats.", "T", "we study CATS").fits
    assert not judge("T", "We study cats.", "T", "We study dogs.").fits
    assert not judge("T", "", "T", "").fits


def test_title_mismatch_never_fits() -> None:
    assert not judge("Cats", "same words in both of these abstracts here today",
                     "Dogs", "same words in both of these abstracts here today").fits


def test_threshold_separates_measured_pairs(seeds_abstracts: list[tuple[str, str]]) -> None:
    rng = random.Random(7)
    lowest = 1.0
    for _title, a in seeds_abstracts:
        other = rng.choice(seeds_abstracts)[1]
        mangled = measure.truncate(measure.arxivify(measure.replace_sentence(a, 1, other)), 0.6)
        lowest = min(lowest, abstract_score(a, mangled))
    highest = max(abstract_score(a, b) for t, a in seeds_abstracts
                  for b in measure.nearest(t, seeds_abstracts, 3, t))
    assert highest < THRESHOLD <= lowest
    assert lowest - THRESHOLD > 0.15
    assert THRESHOLD - highest > 0.15


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.text(max_size=400))
def test_normalising_never_crashes(a: str, b: str) -> None:
    score = abstract_score(a, b)
    assert 0.0 <= score <= 1.0
    assert all(w.isascii() and w.isalnum() for w in match.words(a))
    assert judge(a, b, a, b).title == bool(norm_title(a))


@pytest.mark.parametrize("text", ["\\href{javascript:1}{x}", "\\emph" + "{" * 3000, "\\" * 100,
                                  "$" * 99,
                                  "\\input{/etc/passwd}", "%" * 50 + "\\emph{"])
def test_latex_that_breaks_pylatexenc_falls_back(text: str) -> None:
    assert isinstance(match.words(text), list)
