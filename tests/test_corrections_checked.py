"""The maintainer's corrections that would do something else than they say stop the
build with a message (``analysis.checks``), and merges and renames compose."""

from __future__ import annotations

import functools
from dataclasses import replace

import pytest

from litreview.analysis.chain import make_libraries
from litreview.analysis.checks import notices, validate
from litreview.analysis.library import paper
from litreview.analysis.overrides import apply, parse_overrides
from litreview.analysis.view import without_empty
from litreview.errors import LitReviewError
from litreview.model import Dump, Library, Source, Theme
from litreview.reading.parse import parse_dump

from .conftest import seed_dumps
from .test_overrides import lib

KEYS = ["alpha", "beta", "gamma", "delta", "eps"]

VIEW = 'name = "Picked"\npapers = ["alpha", "beta", "gamma"]\n'


def five() -> Library:
    """Five papers in themes "one" (four) and "two"."""
    papers = tuple(paper(k, k.title(), "", (Source("d.txt", i, i),))
                   for i, k in enumerate(KEYS, 1))
    return Library(papers=papers, themes=(Theme("one", "One", (), tuple(KEYS[:4])),
                                          Theme("two", "Two", (), ("eps",))),
                   paper_themes={k: ("one",) for k in KEYS[:4]} | {"eps": ("two",)})


@functools.cache
def dumps() -> tuple[Dump, ...]:
    return tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps())


@functools.cache
def plain() -> tuple[Library, ...]:
    return tuple(make_libraries(dumps()))


def checked(text: str) -> tuple[Library, ...]:
    """The seeds' chain under ``text``, validated against its newest edition."""
    overrides = parse_overrides(text, "bib/themes.toml")
    libs = make_libraries(dumps(), overrides)
    validate(overrides, libs[-1], "bib/themes.toml")
    return tuple(libs)


def a_lasting_theme() -> str:
    """A theme of the plain chain's first edition that every later edition has too."""
    return next(t.slug for t in plain()[0].themes
                if all(t.slug in {u.slug for u in lib.themes} for lib in plain()))


@pytest.mark.parametrize(("text", "message"), [
    ('[pin]\ndelta = "picked"\n[view.picked]\n' + VIEW,
     r"\[pin\] delta = 'picked': 'picked' is a \[view\] theme; list 'delta' in the papers "
     r"of \[view\.picked\] instead"),
    ('[rename]\npicked = "Chosen"\n[view.picked]\n' + VIEW,
     r"\[rename\] picked: a \[view\] theme's name is the name in \[view\.picked\]"),
    ('[merge]\npicked = "one"\n[view.picked]\n' + VIEW,
     r"\[merge\] picked = 'one': a \[view\] theme is not merged"),
    ('[merge]\ntwo = "picked"\n[view.picked]\n' + VIEW,
     r"\[merge\] two = 'picked': a \[view\] theme is not merged"),
])
def test_corrections_naming_a_view_are_errors(text: str, message: str) -> None:
    """A view is made after pins, renames and merges, from its own table: naming it in
    them did nothing, silently."""
    o = parse_overrides(text, "bib/themes.toml")
    with pytest.raises(LitReviewError, match=message):
        validate(o, apply(o, five()), "bib/themes.toml")


@pytest.mark.parametrize(("text", "message"), [
    ('[view.picked]\nname = "Two"\npapers = ["alpha", "beta"]\n',
     r"\[view\.picked\] lists 2 papers; a theme shows at least 3"),
    ('[rename]\none = "Pruning in `torch`"\n', r"holds a backtick"),
    ('[view.picked]\nname = "`x`"\npapers = ["alpha", "beta", "gamma"]\n', r"holds a backtick"),
])
def test_names_and_views_that_cannot_be_shown(text: str, message: str) -> None:
    with pytest.raises(LitReviewError, match=message):
        parse_overrides(text, "bib/themes.toml")


def test_two_themes_may_not_take_one_name() -> None:
    """Two names the maintainer gave may not be alike; one that a theme of the generator
    has too is reported, not an error (a routine new dump may bring such a theme)."""
    o = parse_overrides('[rename]\none = "Shared"\ntwo = "shared"\n', "bib/themes.toml")
    with pytest.raises(LitReviewError, match=r"two themes would be called 'shared' \('shared' "
                                             r"and 'two'\); give one another name"):
        validate(o, apply(o, lib()), "bib/themes.toml")
    o = parse_overrides('[rename]\none = "two"\n', "bib/themes.toml")
    validate(o, apply(o, lib()), "bib/themes.toml")
    assert [str(w) for w in notices(o, apply(o, lib()), "bib/themes.toml")] == [
        "bib/themes.toml: [same-name] two themes are called 'Two' ('one' and 'two'); give "
        "the maintainer's one another name"]
    # the generator's own names are not the maintainer's to fix
    same = Library(papers=lib().papers, themes=tuple(
        t.__class__(t.slug, "Same", t.terms, t.papers) for t in lib().themes),
        paper_themes=lib().paper_themes)
    nothing = parse_overrides("", "t.toml")
    validate(nothing, same, "t.toml")
    assert notices(nothing, same, "t.toml") == ()


def test_a_view_may_not_take_a_slug_readers_know() -> None:
    """A view with the slug of a theme of the grouping replaced that theme (its pins went
    elsewhere); one with a facet's or an old URL's slug had a page that was not its own."""
    slug = a_lasting_theme()
    papers = ", ".join(f'"{k}"' for k in plain()[-1].themes[-1].papers[:3])
    with pytest.raises(LitReviewError, match=rf"\[view\.{slug}\]: the slug '{slug}' is "
                                             r"taken by the theme"):
        checked(f'[view.{slug}]\nname = "Picked"\npapers = [{papers}]\n')
    facet = plain()[-1].facets[0].slug
    with pytest.raises(LitReviewError, match=rf"'{facet}' is the page of .*, a field shown"):
        checked(f'[view.{facet}]\nname = "Picked"\npapers = [{papers}]\n')
    with pytest.raises(LitReviewError, match=rf"'{slug}' is the address of a theme readers "
                                             r"were shown"):
        checked(f'[rename]\n{slug} = "Named by hand"\n'
                f'[view.{slug}]\nname = "Picked"\npapers = [{papers}]\n')
    # a renamed theme may not take a facet's name (it became a second facet, or vanished)
    with pytest.raises(LitReviewError, match="two themes would be called"):
        checked(f'[rename]\n{slug} = "{plain()[-1].facets[0].name}"\n')


def test_a_merge_survives_a_rename_of_the_theme_it_went_into() -> None:
    slug = a_lasting_theme()
    into = next(t.slug for t in plain()[0].themes if t.slug != slug
                and all(t.slug in {u.slug for u in lib.themes} for lib in plain()))
    merged = checked(f'[merge]\n{slug} = "{into}"\n')
    renamed = checked(f'[rename]\n{into} = "Named by hand"\n[merge]\n{slug} = "{into}"\n')
    assert merged[-1].theme_aliases[slug] == into
    assert renamed[-1].theme_aliases[slug] == "named-by-hand"
    assert renamed[-1].theme_aliases[into] == "named-by-hand"
    for a, b in zip(merged, renamed, strict=True):
        assert slug not in {t.slug for t in b.themes + b.unshown}
        assert {k: v for k, v in a.paper_themes.items()} == {
            k: tuple(into if s == "named-by-hand" else s for s in v)
            for k, v in b.paper_themes.items()}


def test_a_merged_themes_papers_stay_in_a_theme() -> None:
    """Each paper the merged theme showed is shown in the theme that absorbed it, and in a
    theme in every later edition (where the grouping, carried on, may move it, or split
    the larger theme): a paper the grouping also put in a field ("LLMs", a facet) fell
    into no theme, and one that joined the merged theme by its name lost it. (A paper
    shown there only because its title says the merged theme's name, and in no theme's
    grouping, is not: the merge takes that name away.)"""
    slug = a_lasting_theme()
    into = next(t.slug for t in plain()[0].themes if t.slug != slug
                and all(t.slug in {u.slug for u in lib.themes} for lib in plain()))
    merged = checked(f'[merge]\n{slug} = "{into}"\n')
    for before, after in zip(plain(), merged, strict=True):
        grouped = {k for t in before.themes for k in t.grouping or t.papers}
        showed = [k for t in before.themes if t.slug == slug for k in t.papers
                  if k in grouped]
        assert all(after.paper_themes[k] for k in showed)
    first = next(t.papers for t in plain()[0].themes if t.slug == slug)
    assert all(into in merged[0].paper_themes[k] for k in first)


def test_an_area_left_without_a_shown_theme_is_reported() -> None:
    """Pinning away every paper of an area's only theme drops the area from the themes
    page; the build summary says so (a new dump could do it too, so it is no error)."""
    text = ('[pin]\neps = "one"\n[area.lonely]\nname = "Lonely"\nthemes = ["two"]\n'
            '[area.main]\nname = "Main"\nthemes = ["one"]\n')
    o = parse_overrides(text, "bib/themes.toml")
    out = without_empty(apply(o, five()))  # as the chain shows it
    validate(o, out, "bib/themes.toml")
    assert [str(w) for w in notices(o, out, "bib/themes.toml")] == [
        "bib/themes.toml: [empty-area] [area.lonely] is not shown: none of its themes shows "
        "a paper"]
    kept = parse_overrides(text.replace('eps = "one"', ""), "t")
    assert notices(kept, without_empty(apply(kept, five())), "t") == ()


def test_a_new_dump_never_makes_an_accepted_file_fail(corpus_rows: tuple) -> None:  # type: ignore[type-arg]
    """A routine dump of compression, medical, domain-adaptation and app papers (from the
    arXiv corpus) formed a second "Domain adaptation" beside the maintainer's view, and
    the shipped bib/themes.toml then stopped the build. A theme the generator forms with
    the name of one the maintainer named shows its papers there instead."""
    import datetime as dt
    import random
    import re

    from litreview_dev.synth import make_dump

    from .conftest import ROOT

    rng, picked = random.Random(7), []
    for pattern, n in (("prun|distill|quantiz|compress", 15), ("medical|clinical", 8),
                       ("domain adapt", 6), (r"mobile|\bapp", 5)):
        found = [r for r in corpus_rows if re.search(pattern, r.title, re.I) and r not in picked]
        rng.shuffle(found)
        picked += found[:n]
    rest = [r for r in corpus_rows if r not in picked]
    rng.shuffle(rest)
    picked += rest[:15]
    fifth = parse_dump(make_dump(tuple(picked), len(picked), 7, dt.date(2026, 11, 25), True)
                       .encode(), "004_new.txt", 2026)
    path = ROOT / "bib" / "themes.toml"
    overrides = parse_overrides(path.read_text("utf-8"), str(path))
    newest = make_libraries((*dumps(), fifth), overrides)[-1]
    validate(overrides, newest, str(path))
    assert notices(overrides, newest, str(path)) == ()
    names = [t.name.casefold() for t in newest.themes + newest.facets]
    assert len(names) == len(set(names))
    # the generator did form its own "Domain adaptation"; readers see one, the view
    assert "domain adaptation" in {t.name.casefold() for t in newest.unshown}
    view = next(t for t in newest.themes if t.slug == "domain-adaptation")
    new_da = [p.key for p in newest.papers
              if re.search("domain adapt", p.title, re.I)
              and any(s.dump == "004_new.txt" for s in p.sources)]
    assert new_da
    assert set(new_da) <= set(view.papers)


def test_seeded_and_split_themes_take_no_slug_readers_know() -> None:
    """[seed.llms] failed inside Sphinx; [split.<old slug>] took the old URL's rename."""
    slug = a_lasting_theme()
    facet = plain()[-1].facets[0].slug
    papers = ", ".join(f'"{k}"' for k in plain()[-1].themes[-1].papers[:3])
    with pytest.raises(LitReviewError, match=rf"\[seed\.{facet}\]: the slug '{facet}' is "
                                             r"the page of .*, a field shown"):
        checked(f'[seed.{facet}]\nname = "Picked"\npapers = [{papers}]\n')
    with pytest.raises(LitReviewError, match=rf"\[rename\] {slug}: the theme is made by "
                                             rf"\[split\.{slug}\]"):
        checked(f'[rename]\n{slug} = "Named by hand"\n[split.{slug}]\nfrom = "{slug}"\n'
                f'name = "Picked"\npapers = [{papers}]\n')


@pytest.mark.parametrize("table", ["seed", "split"])
def test_a_pinned_paper_is_not_also_seeded(table: str) -> None:
    """The pin moved the paper back out, and a seed of pinned papers was silently not
    made; two seeds may share a paper (a seeded paper keeps its other themes)."""
    source = 'from = "one"\n' if table == "split" else ""
    with pytest.raises(LitReviewError, match=rf"'alpha' is placed twice: in \[pin\] and "
                                             rf"\[{table}\.picked\]"):
        parse_overrides(f'[pin]\nalpha = "two"\n[{table}.picked]\n{source}name = "P"\n'
                        'papers = ["alpha", "beta"]\n', "bib/themes.toml")
    parse_overrides('[seed.a]\nname = "A"\npapers = ["alpha"]\n'
                    '[seed.b]\nname = "B"\npapers = ["alpha"]\n', "bib/themes.toml")


def test_a_slug_the_site_showed_but_corrections_moved_says_so() -> None:
    """A merge target, pin or area naming a slug readers saw a build ago, whose theme a
    merge or rename has moved since, says so rather than only "did you mean"."""
    for text in ('[pin]\nalpha = "gone"\n', '[merge]\ntwo = "gone"\n',
                 '[area.a]\nname = "A"\nthemes = ["gone"]\n'):
        o = parse_overrides(text, "bib/themes.toml")
        with pytest.raises(LitReviewError, match="no theme 'gone' now: the site showed it"):
            validate(o, apply(o, five()), "bib/themes.toml", {"gone", "two"})
        with pytest.raises(LitReviewError, match=r"no theme 'gone'; did you mean 'one'\?$"):
            validate(o, apply(o, five()), "bib/themes.toml", {"two"})
        # the papers the site showed under it say where the theme is now, whatever the
        # spelling ("gone" is nearest to "one", but they are in "two")
        with pytest.raises(LitReviewError, match=r"name the theme that holds them; most of "
                                                 r"its papers are in 'two'$"):
            validate(o, apply(o, five()), "bib/themes.toml", {"gone": {"eps", "zeta"}})
        # a facet's page is no theme's, and nothing moved it
        faceted = replace(apply(o, five()), facets=(Theme("gone", "Gone", (), ("eps",)),))
        with pytest.raises(LitReviewError, match=r"no theme 'gone': 'Gone' is a field shown "
                                                 r"across themes \(a facet\), not a theme"):
            validate(o, faceted, "bib/themes.toml", {"gone": {"eps"}})


def test_whats_new_tells_renames_merges_and_themes_no_longer_shown_apart() -> None:
    """Against the themes readers saw: a rename changed since it was published (its old
    slug kept only as a URL) is a rename when the theme is the same papers; the theme a
    merge went into keeps its own rename ("Pruning → Network pruning", not "Post-training
    quantization → Network pruning") and the merge is told; a view that ended, whose
    papers went back into a larger theme, is no longer shown."""
    from litreview.analysis.editions import changes

    keys = [f"k{i:02d}" for i in range(26)]
    papers = tuple(paper(k, k, "", (Source("d.txt", i, i),)) for i, k in enumerate(keys, 1))

    def themes_of(*specs: tuple[str, str, range]) -> tuple[Theme, ...]:
        return tuple(Theme(slug, name, (), tuple(keys[i] for i in r)) for slug, name, r in specs)

    shown = themes_of(("ctr", "CTR", range(0, 4)), ("pruning", "Pruning", range(4, 6)),
                      ("ptq", "PTQ", range(6, 9)), ("series", "Time series", range(9, 12)),
                      ("big", "Big", range(12, 20)), ("catch", "Catch-all", range(20, 26)))
    now = themes_of(("recsys", "Recommendation", range(0, 4)),
                    ("network-pruning", "Network pruning", range(4, 9)),
                    ("big", "Big", range(9, 20)), ("applied", "Applied", range(20, 23)),
                    ("other", "Other topic", range(23, 26)))
    cur = Library(papers=papers, themes=now, paper_themes={
        k: tuple(t.slug for t in now if k in t.papers) for k in keys},
        theme_aliases={"ctr": "recsys", "pruning": "network-pruning",
                       "ptq": "network-pruning", "series": "big", "catch": "applied"},
        url_pointers=frozenset({"ctr", "series", "catch"}), merged=frozenset({"ptq"}))
    prev = Library(papers=papers, themes=shown, paper_themes={
        k: tuple(t.slug for t in shown if k in t.papers) for k in keys})
    news = changes(prev, cur, "before", shown)
    # a catch-all renamed since, half of whose papers went to a new theme, is renamed
    # and shrank
    assert sorted(news.renamed) == [("CTR", "Recommendation"), ("Catch-all", "Applied"),
                                    ("Pruning", "Network pruning")]
    assert news.shrunk == (("Applied", 6, 3),)
    assert news.new_themes == ("Other topic",)
    assert news.merged == (("PTQ", "Network pruning"),)
    assert news.gone == ("Time series",)
    assert set(news.moved) == {keys[i] for i in [*range(9, 12), *range(23, 26)]}
    from litreview.rendering.pages import whats_new
    page = whats_new(cur, "2026-01-01", "2026-01-01", news)
    assert "3 themes renamed, 1 theme merged into others, 1 theme no longer shown" in page
    assert "## Themes merged into others (1)\n\n- PTQ → [Network pruning]" in page


def test_a_theme_formed_by_a_new_dump_is_named_by_what_its_papers_say() -> None:
    """A new dump of time-series papers formed two groups in one edition; the second could
    not reuse "Time series" and was named "Generative Adversarial Networks" after 2 of
    its 16 papers. A group whose best name is a theme's formed in the same edition joins
    that theme; here both then show in the maintainer's "Time series" view."""
    from litreview.analysis.evidence import name_forms, uses
    from litreview.analysis.naming import folded_words, name_parts

    from .conftest import ROOT

    dump = ROOT / "tests/data/dumps/time-series-40.txt"
    fifth = parse_dump(dump.read_bytes(), "004_new.txt", 2026)
    path = ROOT / "bib" / "themes.toml"
    overrides = parse_overrides(path.read_text("utf-8"), str(path))
    prev, newest = make_libraries((*dumps(), fifth), overrides)[-2:]
    validate(overrides, newest, str(path))
    before = {t.slug for t in prev.themes + prev.unshown + prev.facets} | newest.views
    for t in newest.themes:
        if t.slug not in before:  # formed now: most of its papers say its name
            forms = name_forms(tuple(name_parts(t.name)))
            said = sum(uses(folded_words(f"{newest.by_key[k].title}. "
                                         f"{newest.by_key[k].abstract_text}"), forms)
                       for k in t.papers)
            assert 3 * said >= len(t.papers), (t.name, said, len(t.papers))
    series = [p.key for p in newest.papers if p.key not in prev.by_key
              and "time series" in p.title.lower()]
    assert len(series) >= 18  # (a title may say "time-series")
    view = next(t for t in newest.themes if t.slug == "time-series")
    assert sum(k in view.papers for k in series) >= 0.75 * len(series)


def test_a_mistyped_paper_of_a_published_view_is_reported_as_such() -> None:
    """The typo leaves the view two papers short of a theme, so it is not made; the
    message was about its slug ("the address of a theme readers were shown")."""
    o = parse_overrides('[view.picked]\nname = "Picked"\npapers = ["alpha", "beta", "gamm"]\n',
                        "bib/themes.toml")
    with pytest.raises(LitReviewError, match=r"themes.toml: \[view\.picked\]: no paper "
                                             r"'gamm'; did you mean 'gamma'\?$"):
        validate(o, apply(o, five()), "bib/themes.toml", {"picked": {"alpha", "beta"}})


def test_did_you_mean_knows_the_old_slugs_the_file_may_use() -> None:
    """A renamed theme's old slug is a name the file may use (the shipped file pins to
    "calibration", renamed long ago); a typo of it was told the nearest current slug."""
    for text in ('[pin]\nalpha = "calibraton"\n', '[merge]\ncalibraton = "two"\n',
                 '[split.picked]\nfrom = "calibraton"\nname = "P"\npapers = ["alpha"]\n'):
        o = parse_overrides(text, "bib/themes.toml")
        renamed = replace(apply(o, five()), theme_aliases={"calibration": "one"})
        with pytest.raises(LitReviewError, match=r"did you mean 'calibration'\?$"):
            validate(o, renamed, "bib/themes.toml")
