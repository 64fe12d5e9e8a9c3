"""The map's layout (generator/pictures.py)."""

from __future__ import annotations

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
