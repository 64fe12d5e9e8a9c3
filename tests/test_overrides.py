"""The maintainer's theme corrections (bib/themes.toml)."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from litreview.analysis.checks import validate
from litreview.analysis.library import paper
from litreview.analysis.overrides import apply, parse_overrides
from litreview.cli import main
from litreview.errors import LitReviewError
from litreview.model import Library, Source, Theme

from .conftest import article, article_text, hrefs, pagefind_records, visible


def lib() -> Library:
    papers = tuple(paper(k, k.title(), "", (Source("d.txt", i, i),)) for i, k in
                   enumerate(["alpha", "beta", "gamma"], 1))
    themes = (Theme("one", "One", (), ("alpha", "beta")), Theme("two", "Two", (), ("gamma",)))
    return Library(papers=papers, themes=themes,
                   paper_themes={"alpha": ("one",), "beta": ("one",), "gamma": ("two",)})


def test_rename_and_pin() -> None:
    o = parse_overrides('[rename]\none = "First theme"\n[pin]\nbeta = "two"\n', "t.toml")
    validate(o, lib(), "t.toml")
    out = apply(o, lib())
    # the renamed theme's slug follows its name; its old slug points on
    assert [(t.slug, t.name, t.papers) for t in out.themes] == [
        ("first-theme", "First theme", ("alpha",)), ("two", "Two", ("gamma", "beta"))]
    assert out.theme_aliases == {"one": "first-theme"}
    assert out.paper_themes == {"alpha": ("first-theme",), "beta": ("two",),
                                "gamma": ("two",)}
    # a pin may name the old slug; a new name whose slug is taken keeps the old slug
    o = parse_overrides('[rename]\none = "Two"\n[pin]\ngamma = "one"\n', "t.toml")
    out = apply(o, lib())
    assert [(t.slug, t.name, t.papers) for t in out.themes] == [
        ("one", "Two", ("alpha", "beta", "gamma")), ("two", "Two", ())]


def test_other_shows_a_paper_in_no_theme() -> None:
    o = parse_overrides('[other]\nbeta = "not about One"\n', "t.toml")
    validate(o, lib(), "t.toml")
    out = apply(o, lib())
    assert [(t.slug, t.papers) for t in out.themes] == [("one", ("alpha",)),
                                                        ("two", ("gamma",))]
    assert out.paper_themes == {"alpha": ("one",), "beta": (), "gamma": ("two",)}
    # what readers see changes, not the grouping the next edition carries
    assert out.themes[0].grouping == ("alpha", "beta")
    with pytest.raises(LitReviewError, match="no paper 'bet'; did you mean 'beta'"):
        validate(parse_overrides('[other]\nbet = "x"\n', "t.toml"), lib(), "t.toml")


def test_view_makes_a_theme_only_shown() -> None:
    keys = ["alpha", "beta", "gamma", "delta", "eps"]
    papers = tuple(paper(k, k.title(), "", (Source("d.txt", i, i),))
                   for i, k in enumerate(keys, 1))
    five = Library(papers=papers, themes=(Theme("one", "One", (), tuple(keys[:4])),
                                          Theme("two", "Two", (), ("eps",))),
                   paper_themes={k: ("one",) for k in keys[:4]} | {"eps": ("two",)})
    o = parse_overrides('[view.picked]\nname = "Picked <papers>"\n'
                        'papers = ["beta", "gamma", "eps", "zeta"]\n', "t.toml")
    out = apply(o, five)
    # the listed papers this edition has are shown there, and there only; the themes
    # they left keep their grouping (which the next edition carries)
    assert [(t.slug, t.name, t.papers, t.grouping) for t in out.themes] == [
        ("one", "One", ("alpha", "delta"), tuple(keys[:4])), ("two", "Two", (), ("eps",)),
        ("picked", "Picked <papers>", ("beta", "gamma", "eps"), ())]
    assert out.paper_themes == {"alpha": ("one",), "beta": ("picked",),
                                "gamma": ("picked",), "delta": ("one",), "eps": ("picked",)}
    with pytest.raises(LitReviewError, match="no paper 'zeta'"):
        validate(o, out, "t.toml")  # in the newest edition it is a typo
    # an edition with fewer than three of its papers has no such theme yet
    assert apply(o, lib()) == lib()
    taken = parse_overrides('[view.two]\nname = "Mine"\npapers = ["alpha", "beta", "delta"]\n',
                            "t.toml")
    with pytest.raises(LitReviewError, match=r"\[view\.two\]: the slug 'two' is taken by "
                                             r"the theme 'Two'; choose another"):
        validate(taken, apply(taken, five), "t.toml")


def test_a_view_theme_is_not_carried_to_the_next_edition() -> None:
    """The grouping each edition carries is the one without [view] themes: they are made
    again, from the file, in every edition."""
    from litreview.analysis.chain import make_libraries
    from litreview.analysis.evidence import name_words, texts, uses
    from litreview.analysis.naming import folded_words
    from litreview.reading.parse import parse_dump

    from .conftest import seed_dumps
    dumps = tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps())
    plain = make_libraries(dumps)
    keys = [k for t in plain[0].themes for k in t.papers[:2]][:6]
    shown = make_libraries(dumps, parse_overrides(
        '[view.picked]\nname = "Picked"\npapers = [' + ", ".join(f'"{k}"' for k in keys)
        + "]\n", "t.toml"))
    for a, b in zip(plain, shown, strict=True):
        assert {t.slug: set(t.grouping or t.papers) for t in a.themes + a.facets} == \
            {t.slug: set(t.grouping or t.papers) for t in b.themes + b.facets
             if t.slug != "picked"}
        # shown in the view, and elsewhere only where their titles name a theme
        named = {t.slug: set(name_words(t.name, texts(b.papers))) for t in b.themes}
        for k in keys:
            assert b.paper_themes[k][0] == "picked"
            assert all(uses(folded_words(b.by_key[k].title), named[s])
                       for s in b.paper_themes[k][1:])
    # besides them, only papers new in an edition, that fit it best (analysis.placement)
    for before, after in itertools.pairwise(shown):
        extra = set(next(t for t in after.themes if t.slug == "picked").papers) - set(keys)
        assert extra <= {p.key for p in after.papers} - {p.key for p in before.papers} \
            | set(next(t for t in before.themes if t.slug == "picked").papers)


def test_areas_hold_themes_by_their_slug_now() -> None:
    o = parse_overrides('[rename]\none = "First theme"\n'
                        '[area.b-area]\nname = "B"\nthemes = ["two", "three"]\n'
                        '[area.a-area]\nname = "A <area>"\nthemes = ["one"]\n', "t.toml")
    out = apply(o, lib())
    # the renamed theme is found by its old slug; a theme this edition lacks is left out;
    # areas keep the file's order
    assert [(a.slug, a.name, a.themes) for a in out.areas] == [
        ("b-area", "B", ("two",)), ("a-area", "A <area>", ("first-theme",))]
    with pytest.raises(LitReviewError, match="no theme 'three'"):
        validate(o, out, "t.toml")  # in the newest edition it is a typo


def test_entries_an_older_edition_lacks_are_skipped() -> None:
    o = parse_overrides('[rename]\nthree = "X"\n[pin]\ndelta = "one"\n', "t.toml")
    assert apply(o, lib()) == lib()


def test_merge_folds_a_theme_into_another_and_carries_forward() -> None:
    o = parse_overrides('[merge]\ntwo = "one"\n', "t.toml")
    out = apply(o, lib())
    validate(o, out, "t.toml")
    assert [(t.slug, t.papers) for t in out.themes] == [("one", ("alpha", "beta", "gamma"))]
    assert out.paper_themes["gamma"] == ("one",)
    assert out.theme_aliases == {"two": "one"}
    # the next edition no longer has theme "two"; the alias (its page) stays
    later = Library(papers=lib().papers, themes=(Theme("one", "One", (), ("alpha",)),),
                    paper_themes={"alpha": ("one",)})
    assert apply(o, later, out).theme_aliases == {"two": "one"}
    assert apply(o, later).theme_aliases == {}  # never existed in this chain: no page


def test_a_merged_theme_forming_again_stays_merged() -> None:
    """A theme formed in a later edition mostly of papers a merge put in another theme is
    that merge coming apart (after [merge] pruning = "complexity-and-layer", the seeds'
    next edition formed "Network pruning" of the pruning papers by their titles): its
    papers stay where the merge put them. A new theme of mostly new papers stays."""
    o = parse_overrides('[merge]\ntwo = "one"\n', "t.toml")
    before = apply(o, lib())
    papers = lib().papers + tuple(paper(k, k.title(), "", (Source("e.txt", i, i),))
                                  for i, k in enumerate(["delta", "eps", "zeta"], 1))
    later = Library(papers=papers, themes=(
        Theme("one", "One", (), ("alpha",)),
        Theme("again", "Again", (), ("beta", "gamma", "delta"), name_phrases=("again two",)),
        Theme("fresh", "Fresh", (), ("eps", "zeta", "alpha"), name_phrases=("fresh two",))),
        paper_themes={"alpha": ("one", "fresh"), "beta": ("again",), "gamma": ("again",),
                      "delta": ("again",), "eps": ("fresh",), "zeta": ("fresh",)})
    out = apply(o, later, before)
    assert [t.slug for t in out.themes] == ["one", "fresh"]
    assert {k for k, v in out.paper_themes.items() if "one" in v} == {
        "alpha", "beta", "gamma", "delta"}
    assert out.theme_aliases["again"] == "one"
    # without the merge, the same themes stay as they formed
    assert {t.slug for t in apply(parse_overrides("", "t.toml"), later, lib()).themes} == {
        "one", "again", "fresh"}


def test_seed_makes_a_theme_of_named_papers_that_keep_their_themes() -> None:
    o = parse_overrides('[seed.picked]\nname = "Picked by hand"\n'
                        'papers = ["gamma", "beta", "delta"]\n', "t.toml")
    out = apply(o, lib())  # "delta" is not in this edition: skipped
    picked = next(t for t in out.themes if t.slug == "picked")
    assert (picked.name, picked.papers) == ("Picked by hand", ("gamma", "beta"))
    assert out.paper_themes["beta"] == ("one", "picked")
    assert out.paper_themes["gamma"] == ("two", "picked")
    # a later edition that carried the theme with one paper gains the other listed papers
    later = lib()
    picked = Theme("picked", "Picked by hand", (), ("gamma",))
    later = Library(papers=later.papers, themes=(*later.themes, picked),
                    paper_themes={**later.paper_themes, "gamma": ("two", "picked")})
    again = apply(o, later)
    assert next(t for t in again.themes if t.slug == "picked").papers == ("gamma", "beta")
    assert [t.slug for t in again.themes].count("picked") == 1


def test_split_moves_papers_into_a_theme_of_their_own() -> None:
    o = parse_overrides('[split.beta-only]\nfrom = "one"\nname = "Beta"\n'
                        'papers = ["beta"]\n', "t.toml")
    out = apply(o, lib())
    validate(o, out, "t.toml")
    assert {t.slug: t.papers for t in out.themes} == {
        "one": ("alpha",), "two": ("gamma",), "beta-only": ("beta",)}
    assert out.paper_themes["beta"] == ("beta-only",)
    assert out.theme_aliases == {}
    # splitting every paper away leaves the old theme's page pointing to the new one, and
    # no theme lists the emptied one as related any more
    o = parse_overrides('[split.all]\nfrom = "two"\nname = "All"\npapers = ["gamma"]\n',
                        "t.toml")
    linked = lib()
    linked = Library(papers=linked.papers, themes=(
        Theme("one", "One", (), ("alpha", "beta"), ("two",), (("shared",),)),
        Theme("two", "Two", (), ("gamma",), ("one",), (("shared",),))),
        paper_themes=linked.paper_themes)
    out = apply(o, linked)
    assert "two" not in {t.slug for t in out.themes}
    assert out.theme_aliases == {"two": "all"}
    one = next(t for t in out.themes if t.slug == "one")
    assert (one.related, one.related_terms) == ((), ())


def test_merge_in_a_circle_is_an_error() -> None:
    with pytest.raises(LitReviewError, match=r"goes round in a circle: one -> two -> one"):
        parse_overrides('[merge]\none = "two"\ntwo = "one"\n', "t.toml")


@pytest.mark.parametrize(("text", "message"), [
    ("[renam]\none = 'x'\n", r"\[renam\]: unknown section; did you mean 'rename'\?"),
    ("[pin]\nalpha = 3\n", r"\[pin\] must map names to non-empty strings"),
    ("[rename\n", "invalid TOML"),
    ('seed = "x"\n', r"\[seed\] must hold tables: \[seed\.<slug>\]"),
    ('[seed.x]\nnmae = "X"\npapers = ["a"]\n',
     r"\[seed\.x\]: unknown key 'nmae'; did you mean 'name'\?"),
    ('[seed.Big_Theme]\nname = "X"\npapers = ["a"]\n',
     r"\[seed\.Big_Theme\]: a theme slug is lower-case letters"),
    ('[seed.map]\nname = "X"\npapers = ["a"]\n', r"\[seed\.map\]: a theme slug"),
    ('[seed.x]\nname = "X"\npapers = "alpha"\n',
     r"\[seed\.x\]: papers must be a non-empty list of paper keys"),
    ('[seed.x]\nname = ""\npapers = ["a"]\n', r"\[seed\.x\]: name must be a non-empty"),
    ('[split.x]\nname = "X"\npapers = ["a"]\n', r"\[split\.x\]: from must name the theme"),
    ('[seed.x]\nfrom = "one"\nname = "X"\npapers = ["a"]\n',
     r"\[seed\.x\]: unknown key 'from'"),
    (('[seed.x]\nname = "X"\npapers = ["a"]\n[split.x]\nfrom = "one"\nname = "X"\n'
      'papers = ["a"]\n'), r"theme 'x' is made twice"),
    ('area = "x"\n', r"\[area\] must hold tables"),
    ('[area.x]\nname = "X"\nthemse = ["one"]\n',
     r"\[area\.x\]: unknown key 'themse'; did you mean 'themes'\?"),
    ('[area.X]\nname = "X"\nthemes = ["one"]\n', r"\[area\.X\]: an area slug"),
    ('[area.x]\nname = "X"\nthemes = []\n', r"\[area\.x\]: themes must be a non-empty"),
    ('[area.x]\nthemes = ["one"]\n', r"\[area\.x\]: name must be a non-empty"),
    ('[area.x]\nname = "X"\nthemes = ["one"]\n[area.y]\nname = "Y"\nthemes = ["one"]\n',
     r"theme 'one' is in two areas: \[area\.x\] and \[area\.y\]"),
])
def test_bad_file(text: str, message: str) -> None:
    with pytest.raises(LitReviewError, match=rf"^bib/themes\.toml: {message}"):
        parse_overrides(text, "bib/themes.toml")


@pytest.mark.parametrize(("text", "message"), [
    ('[rename]\nonee = "x"\n', r"no theme 'onee'; did you mean 'one'\?"),
    ('[pin]\nalpha = "tw"\n', r"no theme 'tw'; did you mean 'two'\?"),
    ('[pin]\nalpah = "two"\n', r"no paper 'alpah'; did you mean 'alpha'\?"),
    ('[merge]\ntwoo = "one"\n', r"\[merge\]: no theme 'twoo'; did you mean 'two'\?"),
    ('[merge]\ntwo = "onee"\n', r"\[merge\]: no theme 'onee'; did you mean 'one'\?"),
    ('[seed.x]\nname = "X"\npapers = ["alpha", "gamm"]\n',
     r"no paper 'gamm'; did you mean 'gamma'\?"),
    ('[split.x]\nfrom = "onne"\nname = "X"\npapers = ["alpha"]\n',
     r"\[split\.x\]: no theme 'onne'; did you mean 'one'\?"),
    ('[area.x]\nname = "X"\nthemes = ["one", "twoo"]\n',
     r"\[area\.x\]: no theme 'twoo'; did you mean 'two'\?"),
])
def test_unknown_slug_or_key(text: str, message: str) -> None:
    o = parse_overrides(text, "t.toml")
    with pytest.raises(LitReviewError, match=message):
        validate(o, apply(o, lib()), "t.toml")


@pytest.mark.slow
def test_build_applies_overrides(seeds_site: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    shutil.copytree(seeds_site, project, symlinks=True)
    data = json.loads((project / "site/latest/papers.json").read_text("utf-8"))
    # large themes (first, second) form in every chain; the smallest one is merged away
    first, second = data["themes"][0]["slug"], data["themes"][1]["slug"]
    key = data["themes"][0]["papers"][0]
    third = data["themes"][-1]["slug"]
    seeded = next(k for k in reversed(data["themes"][1]["papers"]) if k != key)
    # a merge, a pin, a rename, a seeded theme and an area; the merged theme's URL points
    # to the theme that took it
    (project / "bib" / "themes.toml").write_text(
        f'[rename]\n{first} = "A name chosen by hand"\n[pin]\n{key} = "{second}"\n'
        f'[merge]\n{third} = "{first}"\n'
        f'[seed.hand-picked]\nname = "Hand-picked <papers>"\npapers = ["{seeded}"]\n'
        f'[area.main]\nname = "Main <area>"\nthemes = ["{second}", "{first}"]\n', "utf-8")
    assert main(["build", "--root", str(project)]) == 0
    site = project / "site/latest"
    after = json.loads((site / "papers.json").read_text("utf-8"))
    assert third not in {t["slug"] for t in after["themes"]}
    # a paper only the merged theme held joins the other theme; one that was in another
    # theme too may stay there alone (a second theme it fits poorly is dropped)
    merged = set(next(t for t in data["themes"] if t["slug"] == third)["papers"])
    merged -= {seeded, key}
    joined = set(next(t for t in after["themes"]
                      if t["slug"] == "a-name-chosen-by-hand")["papers"])
    themes_of = {p["key"]: p["themes"] for p in data["papers"]}
    now = {p["key"]: p["themes"] for p in after["papers"]}
    # (a paper of the newest edition is placed where it fits: ``placement``)
    editions = sorted(p.name for p in (project / "site").iterdir() if p.name[:2] == "20")
    before = json.loads((project / "site" / editions[-2] / "papers.json").read_text("utf-8"))
    merged &= {p["key"] for p in before["papers"]}
    assert merged
    assert {k for k in merged if themes_of[k] == [third]} <= joined
    assert all(now[k] for k in merged)
    assert len(merged & joined) >= len(merged) / 2
    # the renamed theme moves to its name's slug; its old URL (and the merged one) points on
    assert next(t for t in after["themes"] if t["slug"] == "a-name-chosen-by-hand")["name"] \
        == "A name chosen by hand"
    assert first not in {t["slug"] for t in after["themes"]}
    assert next(p for p in after["papers"] if p["key"] == key)["themes"] == [second]
    assert "A name chosen by hand" in visible(
        article_text(site / "themes" / "a-name-chosen-by-hand.html"))
    for gone in (first, third):
        assert gone not in {t["slug"] for t in after["themes"]}
        moved = (site / "themes" / f"{gone}.html").read_text("utf-8")
        assert "A name chosen by hand" in visible(article_text(site / "themes" / f"{gone}.html"))
        assert "a-name-chosen-by-hand.html" in moved
        # and takes the reader there at once
        assert '<meta content="0; url=a-name-chosen-by-hand.html" http-equiv=refresh>' \
            in moved
        # its feed and BibTeX stay too, serving the theme it points to
        assert (site / f"bib/theme-{gone}.bib").read_text("utf-8") == \
            (site / "bib/theme-a-name-chosen-by-hand.bib").read_text("utf-8")
        feed = (site / f"feeds/{gone}.xml").read_text("utf-8")
        assert "<title>Daily Papers Review: A name chosen by hand</title>" in feed
        assert f"latest/feeds/{gone}.xml" in feed
        assert feed.count("<entry>") == (site / "feeds/a-name-chosen-by-hand.xml").read_text(
            "utf-8").count("<entry>") > 0
    # the area heads its themes on the themes page (the renamed one by its old slug), then
    # the themes of no area; each of its themes names it and its other theme
    index = visible(article_text(site / "themes/index.html"))
    assert index.index("Main <area>") < index.index("A name chosen by hand") \
        < index.index("Other themes") < index.index("Hand-picked <papers>")
    second_name = next(t for t in after["themes"] if t["slug"] == second)["name"]
    assert index.index("Main <area>") < index.index(second_name) < index.index("Other themes")
    page = visible(article_text(site / "themes" / f"{second}.html"))
    assert "Part of the area Main <area>, with A name chosen by hand." in page
    # ... which search leaves out, as the themes it is related to: a theme page is found
    # by its own subject ("pruning" found "Quantization" by "…, with Pruning")
    indexed = {r["url"]: r["content"] for r in pagefind_records(project / "site")}
    content = indexed[f"/latest/themes/{second}.html"]
    assert second_name in content
    assert "Part of the area" not in content
    with_related = [u for u in indexed if "/themes/" in u and "Related themes" in visible(
        article_text(project / "site" / u.lstrip("/")))]
    assert with_related
    assert not [u for u in with_related if "Related themes" in indexed[u]]
    # the seeded theme has its page (its name shown as text) and its paper lists it
    assert "Hand-picked <papers>" in visible(article_text(site / "themes/hand-picked.html"))
    assert "hand-picked" in next(p for p in after["papers"] if p["key"] == seeded)["themes"]
    # renamed again: the slug published a build ago keeps a page that points on too
    (project / "bib" / "themes.toml").write_text(
        f'[rename]\n{first} = "Named twice"\n', "utf-8")
    assert main(["build", "--root", str(project)]) == 0
    again = json.loads((site / "papers.json").read_text("utf-8"))
    assert "named-twice" in {t["slug"] for t in again["themes"]}
    assert "a-name-chosen-by-hand" not in {t["slug"] for t in again["themes"]}
    assert "named-twice.html" in hrefs(article(site / "themes/a-name-chosen-by-hand.html"))
    assert "Named twice" in visible(article_text(site / "themes/a-name-chosen-by-hand.html"))
    # and in every later build: a page that points on is published too
    (project / "bib" / "themes.toml").write_text(
        f'[rename]\n{first} = "Named twice"\n[pin]\n{key} = "{second}"\n', "utf-8")
    assert main(["build", "--root", str(project)]) == 0
    assert "named-twice.html" in hrefs(article(site / "themes/a-name-chosen-by-hand.html"))
    assert "named-twice.html" in hrefs(article(site / f"themes/{first}.html"))
    # a typo stops the build with a hint, and nothing is published
    before = (site / "papers.json").read_bytes()
    (project / "bib" / "themes.toml").write_text(f'[pin]\n{key} = "{second}x"\n', "utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"no theme '{second}x'; did you mean '{second}'?" in err
    assert (site / "papers.json").read_bytes() == before


def test_the_repositorys_themes_toml_fits_the_seeds() -> None:
    """bib/themes.toml names slugs of the seeds' themes: a change to theme discovery or
    naming that moves a slug fails here, not in the publishing workflow."""
    from litreview.analysis.chain import make_libraries
    from litreview.reading.parse import parse_dump

    from .conftest import ROOT, seed_dumps
    path = ROOT / "bib" / "themes.toml"
    overrides = parse_overrides(path.read_text("utf-8"), str(path))
    dumps = tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps())
    newest = make_libraries(dumps, overrides)[-1]
    validate(overrides, newest, str(path))
    names = {t.slug: t.name for t in newest.themes}
    assert all(names[newest.theme_aliases.get(slug, slug)] == name
               for slug, name in overrides.rename.items())


def test_a_rename_moves_no_paper() -> None:
    """Themes draw in papers by the name the generator gave them, so renaming a theme
    (and moving its slug with its name) moves no paper in the grouping, in this edition or
    later ones. (What readers are shown of it may change: the name they see judges a
    paper's second themes, analysis.evidence.)"""
    from litreview.analysis.chain import make_libraries
    from litreview.reading.parse import parse_dump

    from .conftest import seed_dumps
    dumps = tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps())
    plain = make_libraries(dumps)
    renames = "".join(f'{t.slug} = "Theme number {i}"\n'
                      for i, t in enumerate(plain[0].themes))
    renamed = make_libraries(dumps, parse_overrides("[rename]\n" + renames, "t.toml"))
    for before, a, b in zip([None, *renamed], plain, renamed, strict=False):
        moved = b.theme_aliases
        # the same groups, theme by theme (and facet by facet)
        assert {moved.get(t.slug, t.slug): set(t.grouping or t.papers)
                for t in a.themes + a.facets} \
            == {t.slug: set(t.grouping or t.papers) for t in b.themes + b.facets}
        # what is shown is part of the group (or new, and shown where it fits best:
        # ``placement``), and every paper shown somewhere before still is (unless only its
        # title showed it there: the title says the name the generator gave, not the new one)
        new = set(b.by_key) - set(before.by_key) if before else set()
        assert all(set(t.papers) <= set(t.grouping or t.papers) | new for t in b.themes)
        by_title = {(k, t.slug) for t in a.themes for k in t.titled}
        assert {k for k, v in a.paper_themes.items() if set(v) - {s for k2, s in by_title
                                                                 if k2 == k}} \
            <= {k for k, v in b.paper_themes.items() if v} | {
                k for f in b.facets for k in f.papers}
    assert all(s.startswith("theme-number-") for s in renamed[-1].theme_aliases.values())
    names = {t.slug: t.name for t in renamed[-1].themes}
    moved = renamed[-1].theme_aliases
    assert [names[moved[t.slug]] for t in plain[0].themes] == [
        f"Theme number {i}" for i in range(len(plain[0].themes))]


def test_a_pin_moves_what_readers_see_not_the_grouping() -> None:
    """A pinned paper is shown in its one theme in every edition that has both; the
    grouping the next edition carries (and that later papers join) is the unpinned one."""
    from litreview.analysis.chain import make_libraries
    from litreview.reading.parse import parse_dump

    from .conftest import seed_dumps
    dumps = tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps())
    plain = make_libraries(dumps)
    newest = plain[-1]
    key = next(k for k, v in newest.paper_themes.items() if len(v) == 1)
    target = next(t.slug for t in newest.themes if t.slug != newest.paper_themes[key][0])
    pinned = make_libraries(dumps, parse_overrides(f'[pin]\n{key} = "{target}"\n', "t.toml"))
    for a, b in zip(plain, pinned, strict=True):
        assert {t.slug: set(t.grouping or t.papers) for t in a.themes + a.facets} == \
            {t.slug: set(t.grouping or t.papers) for t in b.themes + b.facets}
        if key in b.paper_themes and target in {t.slug for t in b.themes}:
            assert b.paper_themes[key] == (target,)
    assert key not in {k for t in newest.themes if t.slug == target for k in t.papers}


def test_a_theme_is_described_by_the_papers_it_shows() -> None:
    """Once pins and [other] have moved papers, a theme's ranked members, key terms and
    related themes come from the papers readers are shown, not from its grouping."""
    from litreview.analysis.chain import make_libraries
    from litreview.reading.parse import parse_dump

    from .conftest import seed_dumps
    dumps = tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps())
    libs = make_libraries(dumps)
    plain = libs[-1]
    theme = max(plain.themes, key=lambda t: len(t.papers))
    # its two least representative members of the first edition (a paper new in a later
    # one is not shown where it fits worse than every paper readers saw: ``placement``)
    kept = [k for k in theme.papers if k in libs[0].by_key][-2:]
    other = "".join(f'{k} = "moved"\n' for k in theme.papers if k not in kept)
    newest = make_libraries(dumps, parse_overrides(f"[other]\n{other}", "t.toml"))[-1]
    shown = next(t for t in newest.themes if t.slug == theme.slug)
    # none of the papers put in [other] (one of the two kept may have left for a theme the
    # grouping moved it to, and a new paper that fits the two best may join them)
    assert shown.papers
    assert not set(shown.papers) & (set(theme.papers) - set(kept))
    text = " ".join(f"{newest.by_key[k].title} {newest.by_key[k].abstract}"
                    for k in shown.papers).lower()
    assert shown.terms
    assert all(term.lower() in text for term in shown.terms)
    assert shown.terms != theme.terms
    # the themes are ordered by what they show
    sizes = [len(t.papers) for t in newest.themes]
    assert sizes == sorted(sizes, reverse=True)


def test_a_theme_pinned_empty_is_not_shown_but_still_carried() -> None:
    """Pins that take every paper out of a theme leave it with no page (not a page of
    "0 papers"), out of its area; its grouping is still carried, so the next editions
    group exactly as without the pins."""
    from litreview.analysis.chain import make_libraries
    from litreview.reading.parse import parse_dump

    from .conftest import seed_dumps
    dumps = tuple(parse_dump(d, n, int(c[:4])) for n, d, c in seed_dumps())
    plain = make_libraries(dumps)
    first = plain[0]
    gone = min(first.themes, key=lambda t: len(t.papers))
    target = next(t.slug for t in first.themes if t.slug != gone.slug)
    pins = "".join(f'{k} = "{target}"\n' for k in gone.papers)
    pinned = make_libraries(dumps, parse_overrides(
        f'[pin]\n{pins}[area.all]\nname = "All"\nthemes = ["{gone.slug}", "{target}"]\n',
        "t.toml"))
    assert gone.slug not in {t.slug for t in pinned[0].themes}
    assert gone.slug in {t.slug for t in pinned[0].unshown}
    assert all(t.papers for lib in pinned for t in lib.themes)
    assert [a.themes for a in pinned[0].areas] == [(target,)]
    assert all(pinned[0].paper_themes[k] == (target,) for k in gone.papers)
    for a, b in zip(plain, pinned, strict=True):
        assert {t.slug: set(t.grouping or t.papers) for t in a.themes + a.facets} == \
            {t.slug: set(t.grouping or t.papers) for t in b.themes + b.unshown + b.facets}


def test_a_theme_whose_papers_all_go_to_other_keeps_its_url(seeds_site: Path,
                                                           tmp_path: Path) -> None:
    """Every paper of a published theme put in [other]: its URL keeps a page that says
    so (it was deleted), and "what's new" says the theme is no longer shown rather than
    folding it into another theme."""
    project = tmp_path / "p"
    shutil.copytree(seeds_site, project, symlinks=True)
    data = json.loads((project / "site/latest/papers.json").read_text("utf-8"))
    theme = min(data["themes"], key=lambda t: (len(t["papers"]), t["slug"]))
    (project / "bib" / "themes.toml").write_text(
        "[other]\n" + "".join(f'{k} = "no theme is about it"\n' for k in theme["papers"]),
        "utf-8")
    assert main(["build", "--root", str(project)]) == 0
    site = project / "site/latest"
    after = json.loads((site / "papers.json").read_text("utf-8"))
    assert theme["slug"] not in {t["slug"] for t in after["themes"]}
    page = visible(article_text(site / "themes" / f"{theme['slug']}.html"))
    assert "is no longer shown: its papers are listed under Other papers" in page
    news = visible(article_text(site / "edition" / "whats-new.html"))
    assert "Themes no longer shown (1)" in news
    assert theme["name"] in news.split("no longer shown (1)")[1]
    assert "renamed" not in news
    # the reason is on the paper's page, but not searched: what a paper is not about
    # ("…, not network pruning") made it a result for "pruning"
    key = theme["papers"][0]
    assert "no theme is about it" in visible(article_text(project / f"site/papers/{key}.html"))
    indexed = {r["url"]: r["content"] for r in pagefind_records(project / "site")}
    assert "no theme is about it" not in indexed[f"/papers/{key}.html"]



def test_the_reason_a_paper_is_in_no_theme_is_shown_with_it() -> None:
    """[other]'s reason is what the maintainer says the paper is: shown beside it in
    Other papers and on its page, as text (it is the maintainer's, but never markup)."""
    from litreview.analysis.chain import make_library
    from litreview.model import Dump, Entry

    from .conftest import render
    entries = tuple(Entry(f"Sparse pruning of networks {i}", f"We prune networks {i}. Pruning.",
                          Source("d.txt", i + 1, i + 1)) for i in range(6))
    base = make_library((Dump("d.txt", None, entries),))
    key = base.papers[0].key
    o = parse_overrides(f'[other]\n{key} = "a <b>survey</b> & more"\n', "t.toml")
    out = apply(o, base)
    assert out.other_reasons == {key: "a <b>survey</b> & more"}
    assert out.paper_themes[key] == ()
    files = render(out)
    unthemed = json.loads(files.paper_lists)["unthemed"]
    assert "in no theme: a &lt;b&gt;survey&lt;/b&gt; &amp; more" in unthemed
    assert unthemed.count("in no theme:") == 1  # the others have no reason written
    page = files.paper_pages[key]
    assert "In none of the themes (a &lt;b&gt;survey&lt;/b&gt; &amp; more)" in str(page)
    # without the correction there is no reason to show
    assert "survey" not in str(render(base).paper_pages[key])
