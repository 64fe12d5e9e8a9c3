"""Merging across dumps and citation keys that never change."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from litreview.analysis.library import base_key, merge, title_fingerprint
from litreview.model import Dump, Entry, Source
from litreview.reading.parse import parse_dump

from .conftest import seed_dumps

KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")


def parsed(k: int | None = None) -> list[Dump]:
    return [parse_dump(data, name, int(captured[:4])) for name, data, captured in seed_dumps(k)]


def entry(title: str, dump: str = "d.txt", pos: int = 1, date: dt.date | None = None,
          authors: int | None = None, abstract: str = "An abstract.") -> Entry:
    return Entry(title, abstract, Source(dump, pos, pos * 2), authors, date)


def test_seeds_merge_to_251() -> None:
    papers, merges = merge(parsed())
    assert len(papers) == 251
    assert sum(len(p.sources) for p in papers) == 311
    assert sum(len(s) - 1 for _, s in merges) == 311 - 251
    assert all(KEY.match(p.key) for p in papers)
    assert len({p.key.lower() for p in papers}) == 251


@pytest.mark.parametrize(("a", "b"), [
    ("Deep Learning: A Survey", "deep learning a survey"),
    ("Deep   Learning -- a Survey!", "Deep Learning: A Survey"),
    ("Naïve Bayes, Revisited", "Naive Bayes revisited"),
    ("ResNet\u00a0Strikes Back", "ResNet Strikes Back"),
    # an emoji is no word (anyascii spells \U0001F40D "snake": a second MambaOut paper)
    ("MambaOut: Do We Really Need Mamba for Vision? \U0001F40D",
     "MambaOut: Do We Really Need Mamba for Vision?"),
    ("\U0001F680 Point Transformer \u2764\ufe0f", "Point Transformer"),
])
def test_same_paper_different_spelling(a: str, b: str) -> None:
    assert title_fingerprint(a) == title_fingerprint(b)


def test_different_titles_stay_apart() -> None:
    assert title_fingerprint("Learning to Rank") != title_fingerprint("Learning to Rank 2")


def test_merge_keeps_sources_and_richest_metadata() -> None:
    d1 = Dump("a.txt", None, (entry("Sparse Models Work", "a.txt", 1, abstract="Short."),))
    d2 = Dump("b.txt", None, (entry("sparse models work!", "b.txt", 4, dt.date(2024, 5, 1), 7,
                                    abstract="A much longer abstract."),))
    (p,), merges = merge([d1, d2])
    assert p.title == "Sparse Models Work"  # first sighting's title
    assert p.abstract == "A much longer abstract."
    assert (p.authors_count, p.date) == (7, dt.date(2024, 5, 1))
    assert [(s.dump, s.position) for s in p.sources] == [("a.txt", 1), ("b.txt", 4)]
    assert merges == ((p.key, p.sources),)


@pytest.mark.parametrize(("title", "date", "key"), [
    ("CFSP: An Efficient Structured Pruning Framework", None, "cfspEfficientStructured"),
    ("On the Foundations of Shortcut Learning", dt.date(2023, 10, 24),
     "foundationsShortcutLearning2023"),
    ("Naïve Bayes", None, "naiveBayes"),
    ("???", None, "paper"),
    ("深度学习", None, "shenduxuexi"),
    ("The Of And", None, "theOfAnd"),
    ("\U0001F680 Point Transformer \U0001F525", None, "pointTransformer"),  # not "rocket…"
])
def test_base_key(title: str, date: dt.date | None, key: str) -> None:
    assert base_key(entry(title, date=date)) == key


def test_collisions_get_suffixes_in_order_of_first_sighting() -> None:
    d1 = Dump("a.txt", None, (entry("Graph Neural Networks for X", "a.txt", 1),
                              entry("Graph Neural Networks for Y", "a.txt", 2)))
    d2 = Dump("b.txt", None, (entry("Graph neural networks: Z", "b.txt", 1),
                              entry("Index", "b.txt", 2)))
    papers, _ = merge([d1, d2])
    by_title = {p.title: p.key for p in papers}
    assert by_title == {"Graph Neural Networks for X": "graphNeuralNetworks",
                        "Graph Neural Networks for Y": "graphNeuralNetworksa",
                        "Graph neural networks: Z": "graphNeuralNetworksb",
                        "Index": "indexa"}  # 'index' is taken by the papers/ overview page


@pytest.mark.parametrize("k", [1, 2, 3])
def test_keys_survive_the_next_dump(k: int) -> None:
    before = {p.title: p.key for p in merge(parsed(k))[0]}
    after = {p.title: p.key for p in merge(parsed(k + 1))[0]}
    assert len(after) > len(before)
    assert {t: after[t] for t in before} == before


def test_key_does_not_take_a_year_first_seen_later() -> None:
    d1 = Dump("a.txt", None, (entry("Sparse Models Work", "a.txt", 1),))
    d2 = Dump("b.txt", None, (entry("Sparse Models Work", "b.txt", 1, dt.date(2024, 1, 1)),))
    (alone,), _ = merge([d1])
    (both,), _ = merge([d1, d2])
    assert alone.key == both.key == "sparseModelsWork"
    assert both.date == dt.date(2024, 1, 1)


def test_titles_without_letters_do_not_merge_with_each_other() -> None:
    d = Dump("a.txt", None, (entry("???", "a.txt", 1), entry("!!! ...", "a.txt", 2),
                             entry("???", "a.txt", 3)))
    papers, merges = merge([d])
    assert sorted(p.key for p in papers) == ["paper", "papera"]
    assert [len(s) for _, s in merges] == [2]


def test_themes_and_related_are_deterministic() -> None:
    from litreview.analysis.chain import make_library
    dumps = tuple(parsed())
    a, b = make_library(dumps), make_library(dumps)
    assert a.themes == b.themes
    assert a.related == b.related
    assert a.paper_themes == b.paper_themes
    assert 8 <= len(a.themes) <= 40


MOE_A = ("Mixture-of-experts models route each token to a few expert networks. We survey "
         "routing functions, load balancing losses and expert capacity, and compare sparse "
         "and dense variants across language and vision tasks.")
MOE_B = ("Large language models are costly to serve. This survey reviews how conditional "
         "computation lowers inference cost, covering hardware kernels, expert parallelism "
         "and deployment systems in production clusters.")
MOE_A2 = MOE_A + " In this revision we add a section on expert merging and new benchmarks."


def test_twins_with_different_abstracts_stay_two_papers() -> None:
    """Same title once normalised, abstracts that clearly differ: two papers, with keys
    in order of first sighting, and the split is reported."""
    from litreview.analysis.library import splits
    d1 = Dump("a.txt", None, (entry("Mixture of Experts: A Survey", "a.txt", 1, abstract=MOE_A),
                              entry("Mixture-of-Experts: a survey", "a.txt", 2,
                                    abstract=MOE_B)))
    papers, merges = merge([d1])
    assert sorted(p.key for p in papers) == ["mixtureExpertsSurvey", "mixtureExpertsSurveya"]
    assert merges == ()
    by_key = {p.key: p for p in papers}
    assert by_key["mixtureExpertsSurvey"].abstract == MOE_A
    assert by_key["mixtureExpertsSurveya"].abstract == MOE_B
    assert splits(papers) == (("Mixture of Experts: A Survey",
                               ("mixtureExpertsSurvey", "mixtureExpertsSurveya")),)
    # a later listing of either one joins the right paper
    d2 = Dump("b.txt", None, (entry("MIXTURE OF EXPERTS: A SURVEY", "b.txt", 1,
                                    abstract=MOE_B),))
    again = {p.key: p for p in merge([d1, d2])[0]}
    assert len(again["mixtureExpertsSurveya"].sources) == 2
    assert len(again["mixtureExpertsSurvey"].sources) == 1


def test_a_revision_takes_the_newest_abstract_and_a_v2_tag_is_folded() -> None:
    d1 = Dump("a.txt", None, (entry("Mixture of Experts: A Survey", "a.txt", 1,
                                    abstract=MOE_A2),))
    d2 = Dump("b.txt", None, (entry("Mixture of Experts: A Survey (v2)", "b.txt", 1,
                                    abstract=MOE_A),))
    (p,), merges = merge([d1, d2])
    assert p.abstract == MOE_A  # the newer listing's, though shorter
    assert p.key == "mixtureExpertsSurvey"
    assert [k for k, _ in merges] == [p.key]


@pytest.mark.parametrize("title", ["Paper (v2)", "Paper [V3]", "Paper v2", "Paper  (v12) "])
def test_revision_tags_are_folded(title: str) -> None:
    assert title_fingerprint(title) == title_fingerprint("Paper")


def test_a_version_in_a_name_is_kept() -> None:
    assert title_fingerprint("YOLOv2") != title_fingerprint("YOLO")


def test_a_published_paper_keeps_its_key_when_the_generator_changes() -> None:
    """Keys and URLs of published papers never change, even when the generator now keys
    or compares titles otherwise (an upgrade that took emoji out of titles, read "&amp;"
    and moved "Dec 31" captured in January a year back refused to build a published
    site: hostile pass). Published as two papers, two sightings stay two; a new sighting
    joins the published paper its title names, and a new paper gets no published key."""
    snake = "MambaOut: Do We Really Need Mamba for Vision? \U0001F40D"
    plain = "MambaOut: Do We Really Need Mamba for Vision?"
    d1 = Dump("a.txt", None, (entry(plain, "a.txt", 1),
                              entry("Scaling Laws", "a.txt", 2, dt.date(2025, 12, 31))))
    d2 = Dump("b.txt", None, (entry(snake, "b.txt", 1),))
    d3 = Dump("c.txt", None, (entry(plain, "c.txt", 1), entry("Scaling Laws", "c.txt", 2),
                              entry("A New Paper", "c.txt", 3)))
    published = {("a.txt", 1): "mambaoutDoWe", ("a.txt", 2): "scalingLaws2026",
                 ("b.txt", 1): "snakeMambaoutDo2026"}
    papers, _ = merge([d1, d2, d3], published)
    sources = {p.key: [(s.dump, s.position) for s in p.sources] for p in papers}
    assert sources == {"mambaoutDoWe": [("a.txt", 1), ("c.txt", 1)],
                       "snakeMambaoutDo2026": [("b.txt", 1)],
                       "scalingLaws2026": [("a.txt", 2), ("c.txt", 2)],
                       "newPaper": [("c.txt", 3)]}
    # without the published keys, today's rules: one MambaOut, "Scaling Laws" of 2025
    fresh = {p.key for p in merge([d1, d2, d3])[0]}
    assert fresh == {"mambaoutDoWe", "scalingLaws2025", "newPaper"}
