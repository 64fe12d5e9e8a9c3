"""The paragraph that opens a theme page (rendering.describe)."""

from __future__ import annotations

import datetime as dt

import pytest

from litreview.analysis.library import paper
from litreview.model import Library, Source, Theme
from litreview.rendering.citation import Cite
from litreview.rendering.describe import contribution, theme_description


def library(dates: list[dt.date | None], abstracts: list[str] | None = None) -> Library:
    abstracts = abstracts or [""] * len(dates)
    papers = tuple(paper(f"p{i}", f"Title {i}", a, (Source("d.txt", i, i),), date=d)
                   for i, (d, a) in enumerate(zip(dates, abstracts, strict=True)))
    keys = tuple(p.key for p in papers)
    themes = (Theme("pruning", "Pruning", ("pruning", "channel", "ViTs"), keys, ("other",)),
              Theme("other", "Object detection", ("object",), ("p0",)))
    return Library(papers=papers, themes=themes,
                   paper_themes={k: ("pruning",) for k in keys})


def dates(lib: Library) -> dict[str, str]:
    return {p.key: p.date.isoformat() for p in lib.papers if p.date}


def test_description_says_size_span_what_papers_do_and_neighbours() -> None:
    lib = library([dt.date(2024, 4, 2), dt.date(2022, 10, 12), dt.date(2023, 1, 1)],
                  ["Pruning is costly. In this paper, we propose a pruning method that keeps "
                   "our accuracy. We show it works.", "We show that channels matter.", ""])
    cites = {"p0": Cite(short_authors="Lin et al.", date="2024-04-02", cited_year="2024"),
             "p1": Cite(short_authors="Wu and Li", date="2022-10-12", cited_year="2022")}
    assert theme_description(lib.themes[0], lib, dates(lib), cites) == (
        "3 papers on pruning, dated from October 2022 to April 2024. Among the most "
        "representative, \u201cTitle 0\u201d (Lin et al., 2024) proposes a pruning method "
        "that keeps their accuracy; and \u201cTitle 1\u201d (Wu and Li, 2022) shows that "
        "channels matter. Another is \u201cTitle 2\u201d. The closest theme is "
        "\u201cObject detection\u201d.")


@pytest.mark.parametrize(("abstract", "said"), [
    # after a lead that says where the idea came from
    ("Prompts are hand-made. Inspired by recent advances in prompt learning in NLP, we "
     "propose CoOp, a simple approach.", "proposes CoOp, a simple approach"),
    ("Labels are noisy. Based on this observation, we introduce a cleaning method.",
     "introduces a cleaning method"),
    ("Pseudo labels mislead tuning. In light of this, we propose TFUP, a training-free "
     "prompt.", "proposes TFUP, a training-free prompt"),
    ("Scans are slow. To tackle these problems, we design an atrous scan for small models.",
     "designs an atrous scan for small models"),
    ("Models are big. We propose X, which we train.", "proposes X, which they train"),
    ("To address this issue, we introduce Y, a cache for LLMs.",
     "introduces Y, a cache for LLMs"),
    ("This paper presents a study of Z and its limits.", "presents a study of Z and its limits"),
    # what a paper makes wins over what it finds, wherever it is
    ("We show that A holds in general. We propose B to fix it.", "proposes B to fix it"),
    ("We study A on three models. Results are good.", "studies A on three models"),
    ("Models are big. They are slow.", ""),
    ("We propose X.", ""),  # too short to say anything
    # a sentence leaning on the one before by "such" says nothing quoted alone
    ("Tuning is costly. We offer a proper solution to such issue. We find that X works.",
     "finds that X works"),
    # the verbs that go on from the first after a comma are the paper's too; after a bare
    # "and" the subject may be another; "e.g.the" gets its space
    ("In this paper we introduce A, describe B, and organize C, e.g.the choice of D.",
     "introduces A, describes B, and organizes C, e.g. the choice of D"),
    ("Models are big. We propose X, which we train and use on Y.",
     "proposes X, which they train and use on Y"),
    # an acronym the abstract defined before is spelled out at its first use
    ("Remote sensing (RS) images matter. We propose CRS-Diff, a new RS framework for RS.",
     "proposes CRS-Diff, a new remote sensing (RS) framework for RS"),
    ("Source-Free domain adaptive Object Detection (SFOD) is hard. We propose a loss for SFOD.",
     "proposes a loss for Source-Free domain adaptive Object Detection (SFOD)"),
    # "these two aims" (which?) leans on the sentence before as "such" does ...
    ("A and B are two aims. We demonstrate that these two aims diverge. We show that C "
     "holds.", "shows that C holds"),
    # ... but "these" can point inside its own sentence
    ("We investigate how models encode X and update these implicit models.",
     "investigates how models encode X and update these implicit models"),
    ("X fails. We show this phenomenon in two domains. We study Y on three models.",
     "studies Y on three models"),
    # a purpose that leans, at the end, goes; so do "in this work" and "instead" at the ends
    ("Both are slow. We propose a novel method named OptFS to address these problems.",
     "proposes a novel method named OptFS"),
    ("Both are slow. We propose in this work to use A and B in parallel instead.",
     "proposes to use A and B in parallel"),
    # too long to quote whole: cut where a clause starts, with no "…" ...
    ("We propose a context-aware multimodal deep learning model that combines bidirectional "
     "encoders and cross-attention transformers for the detection of sarcasm in dialogues, "
     "which dynamically changes the attention weights at each step of every turn of every "
     "dialogue in the corpus.",
     "proposes a context-aware multimodal deep learning model that combines bidirectional "
     "encoders and cross-attention transformers for the detection of sarcasm in dialogues"),
    # ... never at ", and" (the last of a list would go) nor inside parentheses
    ("We propose a model (built from an encoder, which reads the audio, and a decoder) made of "
     "two parts that read long inputs of audio and video and their captions, and a third "
     "that fuses the outputs of both parts into one representation for retrieval.",
     "proposes a model (built from an encoder, which reads the audio, and a decoder) made of "
     "two parts that read long inputs of audio and video and their captions, and a third "
     "that fuses the outputs of both parts into one…"),
    # a seed paper's: it ended "… due to the scarcity of user…"
    ("This paper proposes a cold start recommendation model that integrates contrastive "
     "learning, aiming to solve the problem of performance degradation of recommendation "
     "systems in cold start scenarios due to the scarcity of user behavior data.",
     "proposes a cold start recommendation model that integrates contrastive learning"),
])
def test_contribution_is_the_sentence_that_says_what_the_paper_does(
        abstract: str, said: str) -> None:
    assert contribution(abstract) == said


def test_a_long_contribution_is_cut_at_a_word() -> None:
    said = contribution("We propose " + "a very long method name " * 20 + ".")
    assert said.endswith("…")
    assert len(said) <= 220
    assert said.startswith("proposes a very long")
    lib = library([None], ["We propose " + "a very long method name " * 20 + "."])
    assert "… The closest theme" in theme_description(lib.themes[0], lib, {}, {})


def test_description_says_how_many_papers_its_dates_come_from() -> None:
    lib = library([dt.date(2024, 4, 2), None, None])
    text = theme_description(lib.themes[0], lib, dates(lib), {})
    assert text.startswith("3 papers on pruning (1 of them dated, in April 2024).")
    one = library([None])
    assert theme_description(one.themes[0], one, {}, {}).startswith("1 paper on pruning. ")
    assert "The most representative is \u201cTitle 0\u201d." in theme_description(
        one.themes[0], one, {}, {})
    # papers whose abstracts say nothing quotable are named, not left without a verb
    assert "The most representative are \u201cTitle 0\u201d, \u201cTitle 1\u201d and " \
        "\u201cTitle 2\u201d." in text


def test_whats_new_says_one_paper_and_one_theme_in_the_singular() -> None:
    from litreview.analysis.editions import Changes
    from litreview.rendering.pages import whats_new

    lib = library([None, None, None])
    news = Changes(previous="2026-01-01", added=("p0",), moved=("p1",),
                   new_themes=("Pruning",), grown=(("Object detection", 1, 2),))
    text = whats_new(lib, "2026-02-01", "2026-02-01", news)
    assert ("**1 paper added**, 0 papers updated, 1 paper changed theme, 1 new theme, "
            "1 theme grew. "
            "The review now holds 3 papers.") in text
    assert "(3 papers)" in text  # the new theme's size


def test_map_page_says_how_the_map_was_made() -> None:
    from litreview.rendering.pages import map_page

    lib = library([None])
    assert "t-SNE over tf-idf" in map_page(lib)
    islands = map_page(lib, islands=True)
    assert "each theme is an island" in islands
    assert "t-SNE" not in islands


@pytest.mark.parametrize(("abstract", "expected"), [
    ("Short first. Second sentence.", "Short first."),
    ("No full stop at all", "No full stop at all"),
    ("Version 2.5 of the model works. Then.", "Version 2.5 of the model works."),
    # abbreviations end no sentence (seen cut as "Recently, Ainsworth et al.")
    ("Recently, Ainsworth et al. showed it. We extend it.",
     "Recently, Ainsworth et al. showed it."),
    ("Models need biases (e.g. convolutions) to learn. We measure them.",
     "Models need biases (e.g. convolutions) to learn."),
    ("", ""),
    ("word " * 60, ("word " * 27).strip() + "…"),
    # the sentence that says what the paper does, not the field's background
    ("Large language models have shown excellent performance. We propose AWQ, a "
     "hardware-friendly approach.", "We propose AWQ, a hardware-friendly approach."),
    # without a lead that points back ("this limitation": which one?)
    ("Pseudo labels are noisy. To address this limitation, we introduce the LPLD loss.",
     "We introduce the LPLD loss."),
    # a sentence about something named before is no teaser ("it"?)
    ("Noisy labels hurt. We analyze it for both single model and Co-teaching.",
     "Noisy labels hurt."),
    ("Transcoders are sparse. We then introduce a circuit method.",
     "We introduce a circuit method."),
    ("Models are large. In this paper, we present CodeNet, a dataset.",
     "We present CodeNet, a dataset."),
    ("Prompts are hand-made. Motivated by prompt learning in NLP, we propose CoOp, a "
     "prompt learner.", "We propose CoOp, a prompt learner."),
    # a paper that makes something beats one that finds something
    ("We find that X holds. We propose Y to exploit it.", "We propose Y to exploit it."),
])
def test_a_teaser_says_what_the_paper_does_else_its_first_sentence(abstract: str,
                                                                   expected: str) -> None:
    from litreview.rendering.paper_html import TEASER_CHARS, teaser

    got = teaser(abstract)
    assert got == expected
    assert len(got) <= TEASER_CHARS


@pytest.mark.parametrize(("abstract", "expected"), [
    # how it does it: the next sentence that stands alone, without its lead
    ("Pruning is costly. We propose FLAP, a pruning framework. It is hardware-friendly. "
     "Specifically, the method scores channels by fluctuation.",
     "The method scores channels by fluctuation."),
    ("We propose FLAP, a pruning framework. Moreover, FLAP needs no retraining at all.",
     "FLAP needs no retraining at all."),
    ("We present CodeNet, a dataset of code. In addition to its large scale, CodeNet has "
     "rich annotations.", "In addition to its large scale, CodeNet has rich annotations."),
    # a sentence that leans on the one before is passed over
    ("We propose LightGCN, a graph model. Such simple model is much easier to train. We "
     "design them by hand for every graph. To validate this, we run many experiments. "
     "LightGCN beats NGCF on three public benchmarks.",
     "LightGCN beats NGCF on three public benchmarks."),
    # none after it: the opening sentence, when it is another one
    ("Pruning is costly. We propose FLAP, a pruning framework. It needs no retraining.",
     "Pruning is costly."),
    ("We propose FLAP, a pruning framework.", ""),
    # a paper that states nothing was not quoted with a sentence: its first one, as ever
    ("Pruning is costly. Channels differ.", "Pruning is costly."),
])
def test_a_teaser_under_a_quote_of_what_the_paper_does_says_how(abstract: str,
                                                                expected: str) -> None:
    from litreview.rendering.paper_html import teaser

    assert teaser(abstract, quoted=True) == expected


def test_a_theme_list_never_repeats_the_sentence_its_description_quotes() -> None:
    """On a theme page, the list under the description repeated, as "We propose …", the
    sentence the description had just quoted as "proposes …" (FLAP and CFSP on Pruning)."""
    import json

    from litreview.analysis.editions import changes
    from litreview.rendering.describe import quoted, stated
    from litreview.rendering.paper_html import paper_lists_json, teaser

    abstracts = ["Pruning is costly. We propose FLAP, a retraining-free pruning framework for "
                 "LLMs. It is hardware-friendly. Specifically, the method scores each channel "
                 "by its fluctuation.",
                 "We introduce CFSP, a structured pruning framework. The pruning needs one "
                 "forward pass.", "Channels matter for pruning."]
    lib = library([dt.date(2024, 4, 2), dt.date(2024, 9, 1), None], abstracts)
    theme, cites = lib.themes[0], {p.key: Cite() for p in lib.papers}
    assert quoted(theme, lib) == ["p0", "p1", "p2"]
    description = theme_description(theme, lib, dates(lib), cites)
    page = json.loads(paper_lists_json(lib, changes(None, lib, ""), cites, quoted={
        "pruning": frozenset(quoted(theme, lib))}))["theme-pruning"]
    assert "proposes FLAP, a retraining-free pruning framework for LLMs" in description
    assert "introduces CFSP, a structured pruning framework" in description
    for a in abstracts[:2]:
        assert stated(a) not in page
        assert teaser(a, quoted=True) in page
    assert "The method scores each channel by its fluctuation." in page
    assert "The pruning needs one forward pass." in page
    # a paper the description names by its title alone keeps its teaser
    assert "Channels matter for pruning." in page


def test_papers_with_the_same_authors_and_year_are_cited_2023a_and_2023b() -> None:
    """Two papers that read "Yvinec et al., 2023" are told apart as natbib's plainnat
    does: by every author's full name, then by title (without a leading article); a paper
    alone in its author-year keeps its plain year."""
    from pybtex.database import Entry, Person

    from litreview.rendering.citation import _with_year_suffixes, natbib_order

    def entry(title: str, *authors: str) -> Entry:
        return Entry("article", fields={"title": title},
                     persons={"author": [Person(a) for a in authors]})

    entries = {
        # the same first author: the second author decides (Dapogny before Kahn), not the
        # title; the same authors: the title decides, "The" left out
        "q": entry("Gradient-based PTQ", "Edouard Yvinec", "Arnaud Kahn", "Kevin Bailly"),
        "p": entry("NUPES: non-uniform PTQ", "Edouard Yvinec", "Arnaud Dapogny",
                   "Kevin Bailly"),
        "u": entry("The Zeta method", "Edouard Yvinec", "Arnaud Kahn", "Kevin Bailly"),
        "v": entry("Alpha", "Edouard Yvinec", "Arnaud Kahn", "Kevin Bailly"),
        "r": entry("R", "Edouard Yvinec", "Arnaud Dapogny", "Kevin Bailly"),
        "s": entry("AWQ", "Ji Lin", "Jiaming Tang", "Song Han"), "t": entry("T")}
    cited = {k: Cite(short_authors="Yvinec et al.", date="2023-01-01", cited_year="2023")
             for k in "pquv"}
    # first on arXiv in 2023 too, but cited by its venue's year
    cited |= {"r": Cite(short_authors="Yvinec et al.", date="2023-01-01", cited_year="2024"),
              "s": Cite(short_authors="Lin et al.", date="2023-06-01", cited_year="2023"),
              "t": Cite()}
    out = _with_year_suffixes(cited, {k: natbib_order(e) for k, e in entries.items()})
    assert [out[k].year for k in "pvqurst"] == [
        "2023a", "2023b", "2023c", "2023d", "2024", "2023", ""]
    assert out["q"].byline() == "Yvinec et al. · 2023c"


def test_an_old_theme_url_lists_where_its_papers_went_when_they_went_apart() -> None:
    """A moved theme's page takes the reader to its successor when that holds most of the
    papers the old page showed; when they went apart it lists every theme they are in
    now (and Other papers), and takes the reader nowhere by itself."""
    from litreview.rendering.pages import merged_theme_page

    a, b = Theme("a", "Alpha", (), ("p1",)), Theme("b", "Beta", (), ("p2", "p3"))
    lib = Library(papers=(), themes=(a, b), paper_themes={
        "p1": ("a",), "p2": ("b",), "p3": ("b",), "p4": ()})
    split = merged_theme_page("old", a, lib, ("p1", "p2", "p3", "p4"))
    assert "refresh" not in split
    assert "showed 4 papers" in split
    assert split.index("[Beta](b.md): 2 papers") < split.index("[Alpha](a.md): 1 paper")
    assert "[Other papers](index.md)): 1 paper" in split
    moved = merged_theme_page("old", b, lib, ("p2", "p3", "p4"))
    assert '"http-equiv=refresh": "0; url=b.html"' in moved
    # it does not claim all of them went there
    assert ("2 of the 3 papers of the theme that was at this address (old) are now in "
            "[Beta](b.md); the other is in [Other papers](index.md) (1).") in moved
    assert "The papers of the theme" in merged_theme_page("old", b, lib, ("p2", "p3"))
    assert merged_theme_page("old", a) == merged_theme_page("old", a, lib, ())
    # a URL that leads to no theme says where its papers are when some are in one (a
    # [view] took them), and "Other papers" only when none is
    nowhere = merged_theme_page("old", None, lib, ("p2", "p3"))
    assert "[Beta](b.md): 2 papers" in nowhere
    assert "Other papers" not in nowhere
    assert "in no theme" in merged_theme_page("old", None, lib, ("p4",))


def test_representative_papers_say_what_the_theme_is_called() -> None:
    """Among the papers nearest the theme's centre, those whose text says its name are
    quoted first; a name with a colon is not dropped into the sentence."""
    from dataclasses import replace

    lib = library([None] * 3, ["We show that channels matter a lot.",
                               "We propose a pruning method for ViTs.", ""])
    text = theme_description(lib.themes[0], lib, {}, {})
    assert text.index("Title 1") < text.index("Title 0") < text.index("Title 2")
    assert text.startswith("3 papers on pruning.")
    named = replace(lib.themes[0], name="What networks learn: representations")
    assert theme_description(named, lib, {}, {}).startswith("3 papers in this theme.")


def test_representatives_are_titled_by_the_name_part_after_part() -> None:
    """"Audio, speech and music": a paper whose title says each part comes first, in the
    order of the parts, each the nearest the centre that says it; then a paper whose
    abstract alone says one; the nearest paper that says none comes last."""
    from dataclasses import replace

    from litreview.rendering.describe import exemplary

    titles = ["Graph networks", "Audio tagging at scale", "Audio event detection",
              "Music generation", "Speech enhancement", "Voice analysis"]
    abstracts = ["We study graphs.", "We tag audio.", "We detect audio events.",
                 "We generate music.", "We enhance speech.", "We analyse speech and voices."]
    papers = tuple(paper(f"p{i}", t, a, (Source("d.txt", i, i),))
                   for i, (t, a) in enumerate(zip(titles, abstracts, strict=True)))
    keys = tuple(p.key for p in papers)
    lib = Library(papers=papers, themes=(Theme("audio", "Audio, speech and music", (), keys),),
                  paper_themes={k: ("audio",) for k in keys})
    assert exemplary(lib.themes[0], lib) == ["p1", "p4", "p3", "p2", "p5", "p0"]
    # a theme whose name no paper says keeps its order
    other = replace(lib.themes[0], name="Calibration")
    assert exemplary(other, lib) == list(keys)
    # a part is taken as written: "action recognition" is not any "recognition" ...
    titles = ["Graph networks", "Face recognition at scale",
              "Skeleton-based action recognition", "Emotion recognition in the wild"]
    recog = tuple(paper(f"r{i}", t, "We study it.", (Source("d.txt", i, i),))
                  for i, t in enumerate(titles))
    rkeys = tuple(p.key for p in recog)
    rlib = Library(papers=recog, themes=(Theme("r", "Face and action recognition", (),
                                                 rkeys),), paper_themes={})
    assert exemplary(rlib.themes[0], rlib) == ["r1", "r2", "r0", "r3"]
    # ... but a name of one part by its head noun too: any recognition paper
    one = replace(rlib.themes[0], name="Visual recognition")
    assert exemplary(one, rlib) == ["r1", "r2", "r3", "r0"]


def test_a_sentence_cut_short_does_not_hang_on_a_small_word() -> None:
    import re

    said = contribution("We propose " + "a long list of words, " * 12
                        + "and then the order in which they come.")
    assert said.endswith("…")
    assert not re.search(r"\b(?:and|the|in|of|which)…$", said)


def test_two_links_of_one_kind_are_told_apart_by_where_they_go() -> None:
    from litreview.rendering.paper_html import _code_links
    one = paper("k", "T", "Code at https://github.com/a/b, demo at https://x.org/demo.",
                (Source("d.txt", 1, 1),))
    assert _code_links(one) == [("Code", "https://github.com/a/b"),
                                ("Project page", "https://x.org/demo")]
    two = paper("k", "T", "See https://anonymous.4open.science/r/CHM/ and "
                "http://137.184.82.109:7080/ and https://x.org/demo and "
                "https://github.com/a/b/tree/main and https://github.com/c/d.",
                (Source("d.txt", 1, 1),))
    assert [label for label, _ in _code_links(two)] == [
        "Code (anonymous.4open.science/r/CHM)", "Project page (137.184.82.109)",
        "Project page (x.org/demo)", "Code (github.com/a/b)", "Code (github.com/c/d)"]


def test_an_old_slug_renamed_before_any_edition_showed_it_says_where_its_papers_went() -> None:
    """A theme renamed in bib/themes.toml before the site published it, whose papers the
    maintainer pinned elsewhere: its old URL listed them all as in the renamed theme (the
    fresh seeds' "recognition", 4 of its 42 papers in "Network architectures and building
    blocks"); it lists where they are, as for a theme readers saw go apart. A rename that
    kept them still points on."""
    from dataclasses import replace

    from litreview.rendering.outputs import old_theme_papers
    from litreview.rendering.pages import merged_theme_page

    lib = library([None] * 4)
    keys = tuple(p.key for p in lib.papers)
    renamed = Theme("blocks", "Building blocks", (), ("p0",), grouping=keys)
    other = Theme("other", "Object detection", (), keys[1:])
    lib = replace(lib, themes=(renamed, other), theme_aliases={"recognition": "blocks"},
                  paper_themes={"p0": ("blocks",)} | {k: ("other",) for k in keys[1:]})
    assert old_theme_papers(lib)["recognition"] == (
        "the papers of the former theme recognition", keys)
    # (outputs gives the page the papers the grouping held, as old_theme_papers takes them)
    page = merged_theme_page("recognition", renamed, lib, keys)
    assert "Object detection" in page
    assert "http-equiv=refresh" not in page
    kept = replace(lib, themes=(replace(renamed, papers=keys, grouping=()), other),
                   paper_themes={k: ("blocks",) for k in keys})
    assert old_theme_papers(kept)["recognition"] == ("Building blocks", keys)


def test_a_paper_in_other_says_where_its_related_papers_are() -> None:
    """A paper in no theme, with no reason written in [other], says in the Other papers
    list which theme most of its related papers are in (when two or more are); the
    maintainer's reason, when written, is what it says."""
    import json
    from dataclasses import replace

    from litreview.analysis.editions import changes
    from litreview.rendering.paper_html import paper_lists_json

    lib = library([None] * 5)
    keys = [p.key for p in lib.papers]
    lib = replace(lib, paper_themes={k: ("pruning",) for k in keys[:3]} | {
        keys[3]: (), keys[4]: ()}, related={keys[3]: (keys[0], keys[1], keys[4]),
                                            keys[4]: (keys[0], keys[3])})
    cites = {k: Cite() for k in keys}
    other = json.loads(paper_lists_json(lib, changes(None, lib, ""), cites))["unthemed"]
    assert "in no theme; 2 of its 3 related papers are in Pruning" in other
    assert other.count("in no theme") == 1  # one related paper in a theme says nothing
    said = replace(lib, other_reasons={keys[3]: "a survey"})
    other = json.loads(paper_lists_json(said, changes(None, said, ""), cites))["unthemed"]
    assert "in no theme: a survey" in other
    assert "related papers are in" not in other
