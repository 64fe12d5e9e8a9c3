"""Papers in no theme that hold together form a theme (analysis.leftovers): 150 arXiv papers
as a fifth dump on the seeds bring 14 graph-network papers, which no seed theme is about."""

from __future__ import annotations

import functools

from litreview.analysis.chain import make_libraries
from litreview.analysis.overrides import Overrides, parse_overrides
from litreview.model import Library
from litreview.reading.parse import parse_dump

from .conftest import ROOT, seed_dumps
from .test_placement import _with_mixed_49


def _overrides(other: str = "") -> Overrides:
    """The repository's bib/themes.toml, with these lines added to its [other]."""
    path = ROOT / "bib" / "themes.toml"
    text = path.read_text("utf-8")
    assert text.count("\n[other]\n") == 1
    return parse_overrides(text.replace("\n[other]\n", f"\n[other]\n{other}"), str(path))


@functools.lru_cache(maxsize=2)
def _editions(other: str = "") -> list[Library]:
    """The seeds, then tests/data/dumps/arxiv-150.txt, then mixed-49.txt."""
    dumps = tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps())
    more = tuple(parse_dump((ROOT / "tests/data/dumps" / f).read_bytes(), f"00{5 + i}.txt", 2026)
                 for i, f in enumerate(("arxiv-150.txt", "mixed-49.txt")))
    return make_libraries((*dumps, *more), _overrides(other))


def _graph_papers(before: Library, after: Library) -> set[str]:
    return {p.key for p in after.papers
            if p.key not in before.by_key and "graph" in p.title.lower()}


def test_papers_no_theme_is_about_form_one_that_the_next_edition_carries() -> None:
    seeds, fifth, sixth = _editions()[-3:]
    graph = _graph_papers(seeds, fifth)
    formed = [t for t in fifth.themes if t.slug not in seeds.theme_names
              and "graph" in t.name.lower()]
    assert len(formed) == 1, [t.name for t in fifth.themes]
    theme = formed[0]
    # 12 of its 13 papers say "graph" in their titles (the other: tensor networks for
    # non-Euclidean data); 19 new titles do, some on pose estimation or baggage scans
    assert len(graph & set(theme.papers)) >= max(10, 3 * len(theme.papers) // 4)
    assert all(k not in seeds.by_key for k in theme.papers)
    assert theme.terms  # described like any theme
    assert theme.slug in sixth.theme_names
    assert set(theme.papers) & graph <= set(next(t for t in sixth.themes
                                                  if t.slug == theme.slug).papers)


def test_papers_the_maintainer_put_in_other_stay_there() -> None:
    seeds, fifth = _editions()[-3:-1]
    graph = sorted(_graph_papers(seeds, fifth))
    placed = _editions("".join(f'{k} = "not this review\'s subject"\n' for k in graph))[-2]
    assert all(placed.paper_themes[k] == () for k in graph)
    assert "graph" not in " ".join(t.name.lower() for t in placed.themes)


def test_a_group_of_other_papers_that_does_not_hold_together_forms_no_theme() -> None:
    # mixed-49's papers in Other group best as "Compression" (silhouette -0.29)
    before, after, _ = _with_mixed_49()
    assert {t.slug for t in after.themes} == {t.slug for t in before.themes}
    assert sum(1 for p in after.papers if not after.paper_themes[p.key]) >= 12
