"""The maintainer's writing: theme introductions and paper notes in docs/notes/, the
roles that cross-reference papers and themes, and the errors a wrong name gives."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from litreview.cli import main
from litreview.contract import References, resolve_reference
from litreview.errors import LitReviewError
from litreview.rendering.notes import paper_note_html
from litreview.site.build import build

from .conftest import article, copy_project, hrefs, pagefind_records, soup, visible

REFS: References = {
    "papers": {"awqActivationAware": {"title": "AWQ: Activation-aware Weight Quantization",
                                      "cite": "Lin et al. (2023)",
                                      "citep": "Lin et al., 2023"},
               "unknownAuthors": {"title": "A <b>bold</b> title", "cite": "A <b>bold</b> title",
                                  "citep": "A <b>bold</b> title"}},
    "themes": {"pruning": "Pruning", "post-training-quantization": "Post-training quantization"},
    "aliases": {"old-quantization": "post-training-quantization"},
}


def test_roles_resolve_and_name_the_nearest_on_a_typo() -> None:
    assert resolve_reference("cite", "awqActivationAware", REFS) == (
        "Lin et al. (2023)", "awqActivationAware")
    assert resolve_reference("citep", "awqActivationAware", REFS)[0] == "Lin et al., 2023"
    assert resolve_reference("paper", " awqActivationAware ", REFS)[0].startswith("AWQ")
    assert resolve_reference("theme", "old-quantization", REFS) == (
        "Post-training quantization", "post-training-quantization")
    with pytest.raises(KeyError, match="did you mean 'awqActivationAware'"):
        resolve_reference("cite", "awqActivationAwar", REFS)
    with pytest.raises(KeyError, match="no theme 'prunning'; did you mean 'pruning'"):
        resolve_reference("theme", "prunning", REFS)


def test_a_paper_note_is_commonmark_with_links_and_no_raw_html() -> None:
    note = ("As {cite}`awqActivationAware` shows, *scaling* helps; see {theme}`pruning`.\n\n"
            "<script>alert(1)</script> and {paper}`unknownAuthors`. Scaling "
            "{citep}`awqActivationAware`.\n")
    out = str(paper_note_html(note, REFS, "docs/notes/papers/x.md"))
    page = soup(out)
    assert [(a.get("href"), a.get_text()) for a in page.find_all("a")] == [
        ("awqActivationAware.html", "Lin et al. (2023)"),
        ("../latest/themes/pruning.html", "Pruning"),
        ("unknownAuthors.html", "A <b>bold</b> title"),
        ("awqActivationAware.html", "Lin et al., 2023")]
    assert "Scaling (Lin et al., 2023)." in page.get_text()
    assert page.find("em") is not None
    assert page.find("script") is None  # raw HTML is shown as text
    assert page.find("b") is None
    with pytest.raises(LitReviewError) as err:
        paper_note_html("Line one.\n\nSee {cite}`awqActivationAwre`.\n", REFS,
                        "docs/notes/papers/x.md")
    assert "docs/notes/papers/x.md:3" in str(err.value)
    assert "did you mean 'awqActivationAware'" in str(err.value)


@pytest.mark.slow
def test_notes_reach_the_pages_and_search(seeds_site: Path) -> None:
    """The shipped example: the introduction of the post-training quantization theme."""
    site = seeds_site / "site"
    page = site / "latest" / "themes" / "post-training-quantization.html"
    art = article(page)
    text = visible(str(art))
    assert "Quantization shrinks a network by storing its weights" in text
    # {cite} reads author-year and leads to the paper; {theme} names the theme
    data = json.loads((site / "latest" / "papers.json").read_text("utf-8"))
    awq = next(p for p in data["papers"] if p["key"] == "awqActivationAware")
    surname = awq["authors"][0].split()[-1]
    cite = art.find("a", href="../../papers/awqActivationAware.html")
    assert cite is not None
    # by the year its BibTeX holds (a letter after it when another paper has the same
    # authors' label and year)
    bib = (site / "bib" / "awqActivationAware.bib").read_text("utf-8")
    year = re.search(r'year = "(\d{4})"', bib)
    assert year is not None
    assert re.fullmatch(rf"{surname} et al\. \({year[1]}[a-z]?\)", cite.get_text())
    # {citep} in parentheses: "(Yvinec et al., 2023b)", the link inside them
    citep = art.find("a", href="../../papers/nupesNonUniform.html")
    assert citep is not None
    assert re.fullmatch(r"[A-Z]\w+ et al\., \d{4}[a-z]?", citep.get_text())
    assert f"({citep.get_text()})" in text
    assert "pruning.html" in hrefs(art)
    # the introduction comes before the generated description
    assert text.index("PTQ") < text.index("papers on post-training quantization")
    # ... which quotes no paper the introduction tells of again (here it tells of them all)
    generated = text[text.index("papers on post-training quantization"):]
    generated = generated[:generated.index("BibTeX of this theme")]
    for key in ("awqActivationAware", "nupesNonUniform"):
        title = next(p["title"] for p in data["papers"] if p["key"] == key)
        assert title not in generated, key
    # snapshots keep to what the generator made
    for edition in sorted(p for p in site.iterdir() if p.name[:1].isdigit()):
        theme = edition / "themes" / "post-training-quantization.html"
        if theme.is_file():
            assert "PTQ" not in visible(str(article(theme)))
    # found by search, on the theme's page
    records = pagefind_records(site)
    hits = [r["url"] for r in records if "recurring difficulty" in r["content"]]
    assert hits == ["/latest/themes/post-training-quantization.html"]


@pytest.mark.slow
def test_a_paper_note_and_bad_references(first_seed_site: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_project(first_seed_site, tmp_path / "p")
    keys = [p["key"] for p in json.loads(
        (project / "site/latest/papers.json").read_text("utf-8"))["papers"]]
    notes = project / "docs" / "notes" / "papers"
    notes.mkdir(parents=True)
    (notes / f"{keys[0]}.md").write_text(
        f"Read it with {{paper}}`{keys[1]}`: a quokkaword to search for.\n", "utf-8")
    report = build(project)
    assert report.papers_rendered == 1  # only the page that has the note
    art = article(project / "site" / "papers" / f"{keys[0]}.html")
    section = art.select_one("#notes")
    assert section is not None
    assert f"{keys[1]}.html" in hrefs(section)
    records = pagefind_records(project / "site")
    assert [r["url"] for r in records if "quokkaword" in r["content"]] == [
        f"/papers/{keys[0]}.html"]
    assert article(project / "site" / "papers" / f"{keys[1]}.html").select_one("#notes") is None
    before = {p.name: p.read_bytes() for p in (project / "site" / "papers").iterdir()}
    # a wrong key in a paper's note, a theme's introduction, or a note's file name: the
    # build stops, names the file and the nearest name, and publishes nothing
    (notes / f"{keys[0]}.md").write_text(f"See {{cite}}`{keys[1][:-1]}`.\n", "utf-8")
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"notes/papers/{keys[0]}.md:1" in err
    assert f"did you mean '{keys[1]}'" in err
    (notes / f"{keys[0]}.md").unlink()
    slug = json.loads((project / "site/latest/papers.json").read_text("utf-8"))["themes"][0][
        "slug"]
    intro = project / "docs" / "notes" / "themes"
    intro.mkdir()
    # the role's own line, not its paragraph's first (what MyST gives a role), for each
    # time it is there
    (intro / f"{slug}.md").write_text(f"An introduction.\n\nA paragraph\nthat goes on\n"
                                      f"on {{theme}}`{slug}x`.\nAnd {{theme}}`{slug}x`.\n",
                                      "utf-8")
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"docs/notes/themes/{slug}.md:5" in err
    assert f"docs/notes/themes/{slug}.md:6" in err
    assert f"did you mean '{slug}'" in err
    shutil.move(intro / f"{slug}.md", intro / f"{slug}s.md")
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"notes/themes/{slug}s.md" in err
    assert f"did you mean {slug}.md?" in err
    assert {p.name: p.read_bytes() for p in (project / "site" / "papers").iterdir()} == before


def test_a_note_follows_its_theme_through_two_renames_and_two_notes_cannot_share_one() -> None:
    """A note named by a slug that a second rename left only as a URL introduces the theme
    that URL's papers are now most of; a note for a theme that went apart introduces
    none; two notes led to one theme stop the build, naming both (one would be lost)."""
    from litreview.analysis.library import paper
    from litreview.model import Library, Theme
    from litreview.rendering.notes import Notes, check_files, introduced

    papers = tuple(paper(f"p{i}", f"Title {i}", "", ()) for i in range(8))
    lib = Library(
        papers=papers,
        themes=(Theme("low-bit", "Low-bit", (), ("p0", "p1", "p2")),
                Theme("vision", "Vision", (), ("p3", "p4", "p5", "p6", "p7"))),
        paper_themes={},
        theme_aliases={"post-training-quantization": "low-bit", "quantization": "low-bit",
                       "recognition": "vision"},
        moved_papers={"quantization": ("p0", "p1"), "recognition": ("p3", "p0")},
        url_pointers=frozenset({"quantization", "recognition"}))
    assert introduced(["quantization", "recognition", "vision"], lib) == {
        "low-bit": ["quantization"], "vision": ["vision"]}
    check_files(Notes(themes={"quantization": "", "vision": ""}, papers={}), lib, "docs")
    with pytest.raises(LitReviewError) as err:
        check_files(Notes(themes={"post-training-quantization": "", "quantization": ""},
                          papers={}), lib, "docs")
    assert "post-training-quantization.md and quantization.md both introduce the theme " \
           "'low-bit'" in str(err.value)
    assert "docs/notes/themes/quantization.md" in str(err.value)
