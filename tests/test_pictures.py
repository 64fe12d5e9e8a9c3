"""The map's layout (generator/pictures.py)."""

from __future__ import annotations

import itertools

import pytest


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_large_maps_are_islands_that_never_overlap(seed: int) -> None:
    """Past the t-SNE limit the map lays each theme out as its own disc: papers of two
    themes are never mixed, and the same input gives the same picture."""
    import numpy as np

    from litreview.analysis.layout import ISLAND_GAP, islands

    rng = np.random.default_rng(seed)
    groups = rng.integers(-1, 12, size=600)
    Y = rng.normal(size=(600, 8)) + groups[:, None] * 0.3
    pos = islands(Y, groups)
    assert np.array_equal(pos, islands(Y, groups))
    labels = sorted(set(groups.tolist()))
    for a in labels:
        for b in labels:
            if a < b:
                pa, pb = pos[groups == a], pos[groups == b]
                gap = np.linalg.norm(pa[:, None, :] - pb[None, :, :], axis=2).min()
                assert gap >= ISLAND_GAP - 1e-9, (a, b, gap)


# --- a theme's chart ---------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def _chart(dates: list[str]) -> object:
    import datetime as dt
    import xml.etree.ElementTree as ET

    from litreview.rendering.pictures import chart_svg

    return ET.fromstring(chart_svg([dt.date.fromisoformat(d) for d in dates], "Pruning"))


def test_chart_counts_months_and_says_paper_once() -> None:
    root = _chart(["2024-01-05", "2024-01-20", "2024-03-02"])
    bars = root.findall(f"{SVG}rect")[1:]  # the first is the white ground
    tips = [b.find(f"{SVG}title").text for b in bars]  # type: ignore[union-attr]
    # every month from the first to the last, the empty one too, and "1 paper"
    assert tips == ["2024-01: 2 papers", "2024-02: 0 papers", "2024-03: 1 paper"]


def test_a_long_span_is_counted_in_years() -> None:
    root = _chart(["2015-06-01", "2020-02-01", "2024-12-31"])
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert "2015" in labels
    assert "2024" in labels
    assert not any(label and "-" in label for label in labels)


@pytest.mark.parametrize("dates", [["2024-05-01"], ["2019-01-01", "2024-12-01"],
                                   ["2016-01-01", "2025-06-01"],
                                   ["2015-06-01", "2024-12-31"], ["2024-01-01", "2024-02-01"],
                                   [f"2022-{m:02d}-01" for m in range(1, 13)] + ["2023-01-01"],
                                   [f"2023-{m:02d}-01" for m in range(1, 13)],
                                   # 47 months: the newest label, pushed in from the right
                                   # edge, ran into the one before ("2025-092026-03")
                                   ["2022-05-01", "2026-03-01"]])
def test_axis_labels_stay_inside_the_picture(dates: list[str]) -> None:
    """A label centred under the first or last bar is moved in, never cut ("2026-0")."""
    from litreview.rendering.pictures import CHART_FONT

    root = _chart(dates)
    width = float(root.get("viewBox", "").split()[2])
    spans = []
    for t in root.findall(f"{SVG}text"):
        if t.get("text-anchor") == "middle":
            half = 0.3 * CHART_FONT * len(t.text or "")  # sans-serif digits: 0.6 em wide
            x = float(t.get("x", "0"))
            assert half <= x <= width - half, t.text
            spans.append((x - half, x + half))
    # and never on one another ("20162017")
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), spans


# --- the map ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "Pruning", "What networks learn: representations and training dynamics", "A" * 70])
def test_map_labels_wrap_instead_of_cutting(name: str) -> None:
    from litreview.rendering.pictures import LABEL_CHARS, _wrapped

    lines = _wrapped(name)
    assert 1 <= len(lines) <= 2
    assert all(len(line) <= LABEL_CHARS for line in lines)
    if len(name) <= 2 * LABEL_CHARS - 4:  # two lines hold it: nothing is lost
        assert " ".join(lines).replace(" ", "") == name.replace(" ", "")
    else:
        assert lines[-1].endswith("…")
