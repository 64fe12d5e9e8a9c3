"""Themes as a library grows: a theme far larger than a first edition of as many papers
would make is split, and a split-off part named like a theme already there joins it."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from litreview.analysis import themes as th
from litreview.analysis.vectors import vectorise


def _split(X: sparse.csr_matrix, groups: dict[str, tuple[str, list[int]]]) -> None:
    def new_theme(rows: list[int], _: np.ndarray) -> None:
        groups[f"part-{len(groups)}"] = ("Part", rows)
    th._split_large(X, groups, new_theme, X.shape[0])


def _library(corpus_rows: tuple, n: int, big: int,  # type: ignore[type-arg]
             ) -> tuple[sparse.csr_matrix, dict[str, tuple[str, list[int]]]]:
    """``n`` corpus papers: one theme of the first ``big``, the rest in themes of 40."""
    X, _ = vectorise([f"{r.title}. {r.abstract}" for r in corpus_rows[:n]])
    groups = {"big": ("Big", list(range(big)))}
    for start in range(big, n, 40):
        groups[f"small-{start}"] = ("Small", list(range(start, min(n, start + 40))))
    return X, groups


def test_a_theme_four_times_a_first_editions_size_is_split(
        corpus_rows: tuple) -> None:  # type: ignore[type-arg]
    # 600 papers: a first edition makes 24 themes of 25; 110 is under 20 % (120)
    assert th.theme_count(600) == 24
    assert th.split_size(600) == 100
    X, groups = _library(corpus_rows, 600, 110)
    _split(X, groups)
    assert len(groups["big"][1]) < 110
    assert len(groups) == 15
    assert max(len(rows) for _, rows in groups.values()) <= th.split_size(600)


def test_below_about_420_papers_the_share_of_the_library_decides(
        corpus_rows: tuple) -> None:  # type: ignore[type-arg]
    # the seeds' scale: 300 papers, 17 themes of about 18; 58 is 3.3 times that, under 20 %
    assert th.split_size(300) == 60
    X, groups = _library(corpus_rows, 300, 58)
    before = {s: list(rows) for s, (_, rows) in groups.items()}
    _split(X, groups)
    assert {s: rows for s, (_, rows) in groups.items()} == before


class _Namer:
    """Names every group alike, as the fallback of terms can."""

    def best_phrase(self, rows: list[int]) -> str:
        return ""

    def __call__(self, rows: list[int], weights: np.ndarray | None = None) -> str:
        return "Image segmentation and medical"


def test_a_split_off_part_named_like_a_theme_there_joins_it() -> None:
    draft = th._Draft.__new__(th._Draft)
    draft.themes = {"image-segmentation-and-medical":
                    ("Image Segmentation and medical", [0, 1, 2])}
    draft.phrases_of, draft.carried = {}, {"image-segmentation-and-medical": {0}}
    draft.used = {"image-segmentation-and-medical"}
    draft.namer = _Namer()  # type: ignore[assignment]
    draft.add([2, 3, 4], join=True)
    assert draft.themes == {"image-segmentation-and-medical":
                            ("Image Segmentation and medical", [0, 1, 2, 3, 4])}
    draft.add([5, 6, 7])  # a group of the first edition's NMF is named, not joined
    assert len(draft.themes) == 2
