"""Real Sphinx builds: the seeds site, failure safety, curation, hostile dumps."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from litreview.errors import LitReviewError
from litreview.site.build import build

from .conftest import (
    RAW_OTHER_SHARE,
    article,
    article_text,
    copy_project,
    hrefs,
    make_project,
    pagefind_records,
    seed_dumps,
    soup,
    visible,
    write_dumps,
)

pytestmark = pytest.mark.slow


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_seeds_site_has_every_paper(seeds_site: Path) -> None:
    site = seeds_site / "site" / "latest"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    keys = {p["key"] for p in data["papers"]}
    assert len(keys) == 251
    # each paper's page and .bib, once at the site's root; latest/ lists them
    assert {p.stem for p in (site.parent / "papers").glob("*.html")} == keys
    assert {p.stem for p in (site.parent / "bib").glob("*.bib")} == keys
    assert [p.name for p in (site / "papers").iterdir()] == ["index.html"]
    assert {p.stem for p in (site / "bib").glob("*.bib")} == {
        f"theme-{t['slug']}" for t in data["themes"] + data["facets"]}
    assert len(parse_file(str(site / "library.bib"), "bibtex").entries) == 251
    # the build writes nothing into the repository's bib/ (its files are the records)
    assert not (seeds_site / "bib" / "library.bib").exists()
    themes = data["themes"]
    assert 8 <= len(themes) <= 40
    assert max(len(t["papers"]) for t in themes) <= 0.2 * 251
    unthemed = [p for p in data["papers"] if not p["themes"]]
    # "Other papers": the papers that fit no theme (and those whose only theme would be
    # "LLMs", a facet)
    assert len(unthemed) <= RAW_OTHER_SHARE * 251
    for t in themes:
        assert (site / "themes" / f"{t['slug']}.html").is_file()
        assert len(parse_file(str(site / "bib" / f"theme-{t['slug']}.bib"),
                              "bibtex").entries) == len(t["papers"])
    for p in data["papers"]:
        assert len(p["related"]) == 5
        assert p["key"] not in p["related"]
        assert set(p) >= {"key", "title", "abstract", "url", "themes", "related", "sources",
                          "authors_count", "date", "code_urls"}


def test_paper_page_content(seeds_site: Path) -> None:
    site = seeds_site / "site" / "latest"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    p = next(p for p in data["papers"] if p["code_urls"] and len(p["sources"]) > 1)
    page = soup(site.parent / p["url"])
    art = article(site.parent / p["url"])
    assert art.h1 is not None
    assert art.h1.get_text() == p["title"]
    links = hrefs(art)
    for url in p["code_urls"]:
        assert url in links
    assert hrefs(art, "#related-papers li a") == [f"{rel}.html" for rel in p["related"]]
    assert hrefs(art, "#themes li a") == [f"../latest/themes/{slug}.html"
                                          for slug in p["themes"]]
    assert f"../bib/{p['key']}.bib" in links
    assert any("copybutton" in str(s.get("src")) for s in page.find_all("script"))
    # the Cite box shows the entry without its abstract; the .bib download has it all
    bib = (site.parent / "bib" / f"{p['key']}.bib").read_text("utf-8")
    shown = art.select_one("#cite div.highlight pre")
    assert shown is not None
    without = re.sub(r'\n    abstract = ".*?",\n', "\n", bib, flags=re.DOTALL)
    assert " ".join(without.split()) == " ".join(shown.get_text().split())
    assert "abstract" in bib
    assert "abstract" not in shown.get_text()
    # "Listed in" names each listing by its date (a link to that day's Daily Papers page
    # when the dump is a day's listing) and the paper's place in it, not the dump's file
    listed = art.select("#listed-in li")
    assert len(listed) == len(p["sources"])
    for item, src in zip(listed, p["sources"], strict=True):
        assert item.get_text().rstrip().endswith(f"entry {src['position']}")
        assert src["dump"] not in item.get_text()
        for link in hrefs(item):
            assert re.fullmatch(r"https://huggingface\.co/papers/date/\d{4}-\d\d-\d\d", link)
    # no docutils table of contents, no per-page search index
    assert page.select_one("#pst-secondary-sidebar") is None
    # pydata-sphinx-theme loads searchindex.js everywhere: it is an empty stub (Pagefind
    # searches), not Sphinx's index of every page
    assert (site.parent / "searchindex.js").stat().st_size < 1000


def test_search_finds_a_paper_by_an_abstract_word(seeds_site: Path) -> None:
    site = seeds_site / "site" / "latest"
    records = pagefind_records(site.parent)  # one index for the site
    # every paper, theme and overview page is indexed; not the search page itself
    urls = {r["url"] for r in records}
    data = json.loads((site / "papers.json").read_text("utf-8"))
    assert {"/" + p["url"] for p in data["papers"]} <= urls
    assert {f"/latest/themes/{t['slug']}.html" for t in data["themes"]} <= urls
    assert "/search.html" not in urls
    assert "/genindex.html" not in urls
    # "interblock" occurs only in the CFSP abstract; related-paper lists are not indexed,
    # and a theme page has it only where its description quotes what CFSP does
    hits = [r for r in records if "interblock" in r["content"].lower()]
    assert [r["url"] for r in hits if r["url"].startswith("/papers/")] == [
        "/papers/cfspEfficientStructured.html"]
    quoting = [r for r in hits if not r["url"].startswith("/papers/")]
    assert all(r["url"].startswith("/latest/themes/") and "CFSP: An Efficient" in r["content"]
               for r in quoting)
    cfsp = next(r for r in hits if r["url"] == "/papers/cfspEfficientStructured.html")
    assert cfsp["meta"]["title"].startswith("CFSP")
    slugs = {t["slug"]: t["name"] for t in data["themes"]}
    paper = next(p for p in data["papers"] if p["key"] == "cfspEfficientStructured")
    assert cfsp["filters"]["theme"] == [slugs[s] for s in paper["themes"]]
    # the title, the authors and the abstract are searched, not the badges; the
    # "Abstract" heading is indexed, for the abstract's own passage (search.js)
    assert cfsp["content"].startswith(f"{paper['title']}. {paper['authors'][0]}, ")
    assert any(a["id"] == "abstract-heading" and a["element"] == "h2"
               for a in cfsp["anchors"])
    # each result names the paper's themes, or "Other papers" (it had no such line)
    names = {r["url"]: r["meta"].get("themes") for r in records
             if r["url"].startswith("/papers/")}
    for p in data["papers"]:
        assert names["/" + p["url"]] == ("; ".join(slugs[s] for s in p["themes"])
                                         or "Other papers"), p["key"]
    assert any(not p["themes"] for p in data["papers"])
    # a theme page's list keeps its words apart: "· 2020This review…" was one word
    themes = [r for r in records if r["url"].startswith("/latest/themes/")]
    assert themes
    assert not [m.group() for r in themes
                for m in re.finditer(r"\b(?:19|20)\d\d[a-z]?[A-Z][a-z]+", r["content"])]
    assert paper["abstract"][:40] in cfsp["content"]
    assert ", ".join(paper["authors"]) in cfsp["content"]
    assert "first version" not in cfsp["content"]


def test_bad_dump_publishes_nothing(first_seed_site: Path, tmp_path: Path) -> None:
    project = copy_project(first_seed_site, tmp_path / "p")
    before = tree_digest(project / "site")
    write_dumps(project, [("099_bad.txt", b"\x00\x01binary", "2026-11-21")])
    with pytest.raises(LitReviewError, match=r"099_bad\.txt:1: binary data"):
        build(project)
    assert tree_digest(project / "site") == before


def test_failed_sphinx_build_leaves_site_identical(first_seed_site: Path,
                                                  tmp_path: Path) -> None:
    project = copy_project(first_seed_site, tmp_path / "p")
    before = tree_digest(project / "site")
    (project / "docs" / "broken.md").write_text("# Broken\n\n[x](nowhere.md)\n", "utf-8")
    with pytest.raises(LitReviewError, match="sphinx-build failed"):
        build(project)
    assert tree_digest(project / "site") == before
    assert not list((project / "site").glob(".staging-*"))


def test_curation_survives_a_new_dump(first_seed_site: Path, tmp_path: Path) -> None:
    project = copy_project(first_seed_site, tmp_path / "p")
    key = json.loads((project / "site/latest/papers.json").read_text())["papers"][0]["key"]
    (project / "bib" / "curated.bib").write_text(
        f"@misc{{{key}, author = {{Grace Hopper and Edsger Dijkstra and "
        f"Ren{{\\'e}} \"<b>\" Descartes}},"
        " eprint = {2401.99999}, archivePrefix = {arXiv}}\n", "utf-8")
    write_dumps(project, seed_dumps(2)[1:])
    build(project)
    lib = parse_file(str(project / "site/latest/library.bib"), "bibtex")
    e = lib.entries[key]
    assert e.fields["eprint"] == "2401.99999"
    assert [str(a) for a in e.persons["author"]][:2] == ["Hopper, Grace", "Dijkstra, Edsger"]
    page = article_text(project / "site/papers" / f"{key}.html")
    assert "Grace Hopper, Edsger Dijkstra" in page
    assert "2401.99999" in (project / "site/bib" / f"{key}.bib").read_text()
    # reference managers: Highwire tags (one citation_author each) and a COinS span
    full = soup(project / "site/papers" / f"{key}.html")
    metas = [(str(m.get("name")), str(m.get("content"))) for m in full.find_all("meta")
             if str(m.get("name", "")).startswith("citation_")]
    assert [v for n, v in metas if n == "citation_author"] == [
        "Grace Hopper", "Edsger Dijkstra", 'René "<b>" Descartes']
    assert ("citation_arxiv_id", "2401.99999") in metas
    title = json.loads((project / "site/latest/papers.json").read_text())["papers"][0]["title"]
    assert ("citation_title", title) in metas
    coins = full.select_one("span.Z3988")
    assert coins is not None
    assert "rft.au=Grace%20Hopper" in str(coins.get("title"))
    assert "rft_id=info%3Aarxiv%2F2401.99999" in str(coins.get("title"))
    assert full.head is not None
    assert full.head.find("b") is None
    cite = full.select_one("#cite")
    assert cite is not None
    assert "Grace Hopper, Edsger Dijkstra" in cite.get_text()


HOSTILE_TITLE = '<script>alert("t")</script> {{ 7*7 }} [x](../../etc/passwd) $x$ \\%'
HOSTILE_ABSTRACT = (
    "```{include} ../../conf.py\n```\n"  # joined into one paragraph by the parser
    "{raw}`<b>r</b>` <img src=x onerror=alert(1)> (t)= % gone? +++ [^1] "
    "![i](../../conf.py) {download}`../../conf.py` & more words so this is an abstract. "
    "It has two sentences.")


def test_hostile_dump_renders_as_text(tmp_path: Path) -> None:
    body = (f"{HOSTILE_TITLE}\n\n{HOSTILE_ABSTRACT}\n\n"
            "Plain Neighbour Paper\n\nA normal abstract about the same words. It is fine.\n")
    header = "Daily Papers\n\nbyAK and the research community\n\nNov 21\n\n"
    hostile = ("099_hostile.txt", (header + body).encode(), "2026-11-21")
    project = make_project(tmp_path / "p", [*seed_dumps(1), hostile])
    build(project)
    site = project / "site" / "latest"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    p = next(p for p in data["papers"] if p["title"].startswith("<script>"))
    art = article_text(site.parent / p["url"])
    # no element, attribute or file comes from the input
    tags = {t.name for t in article(site.parent / p["url"]).find_all(True)}
    assert tags <= {"section", "h1", "h2", "p", "a", "ul", "li", "span", "div", "pre", "code",
                    "em", "strong"}, tags
    assert not any(h.startswith("../../") for h in hrefs(article(site.parent / p["url"])))
    assert not (site / "_downloads").exists()
    assert not (site / "_images").exists()
    assert "myst_parser" not in art  # conf.py was not included
    # the text is shown literally; only LaTeX spans are cleaned ("\\%" -> "%", "$x$" -> "x")
    shown = visible(art)
    assert '<script>alert("t")</script> {{ 7*7 }} [x](../../etc/passwd) x %' in shown
    assert "(t)= % gone? +++ [^1] ![i](../../conf.py) {download}`../../conf.py` &" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert "49" not in shown.split("Abstract")[0]  # {{ 7*7 }} was not evaluated


def test_home_page_has_a_card_per_theme_and_newest_papers(seeds_site: Path) -> None:
    site = seeds_site / "site" / "latest"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    art = article_text(site / "index.html")
    assert ":::" not in art
    assert "```" not in art
    cards = [h.removeprefix("themes/").removesuffix(".html")
             for h in hrefs(article(site / "index.html"), "a.sd-stretched-link")]
    assert cards == [t["slug"] for t in data["themes"]]
    assert f"{len(data['papers'])} papers" in visible(art)
    # "New in this edition" lists what this edition added (not in the edition before),
    # the most recent first
    before = json.loads((seeds_site / "site" / "2026-06-06" / "papers.json").read_text("utf-8"))
    known = {p["key"] for p in before["papers"]}
    added = [p for p in data["papers"] if p["key"] not in known]
    assert f"New in this edition ({len(added)})" in visible(art)
    listed = [h.removeprefix("../papers/").removesuffix(".html") for h in
              hrefs(article(site / "index.html"), "#new-in-this-edition .litreview-papers a")
              if h.startswith("../papers/")]
    assert listed, "the home page lists no new paper"
    assert set(listed) <= {p["key"] for p in added}
    newest = max(added, key=lambda p: p["published"] or p["date"] or "")
    assert listed[0] == newest["key"]
    assert "library.bib" in hrefs(article(site / "index.html"))


def test_rebuild_without_changes_writes_nothing(seeds_site: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from litreview.cli import main
    docs = seeds_site / "docs"
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    assert main(["build", "--root", str(seeds_site)]) == 0
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")} == stamps
    out = capsys.readouterr().out
    assert "read 311 entries -> 251 papers (39 listed more than once), " in out
    assert "sources: 0 written, 0 removed; paper pages: 0 rendered" in out
    assert "editions: 0 built (none), 4 already up to date; latest/ up to date" in out
    merged = [ln for ln in out.splitlines() if ln.startswith("  ") and ".txt#" in ln]
    assert len(merged) == 39
    assert sum(ln.count(".txt#") for ln in merged) == 39 + (311 - 251)


def test_no_page_loads_mathjax_or_remote_assets(seeds_site: Path) -> None:
    """Math is shown as text, so MathJax (which could turn \\href or \\class into
    markup) is never loaded; and no page pulls scripts or styles from elsewhere."""
    site = seeds_site / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 251 + 4 * 20
    remote = re.compile(r"^(?:https?:)?//")
    for page in pages:
        doc = soup(page)
        for script in doc.find_all("script"):
            src = str(script.get("src", ""))
            assert not re.search(r"mathjax|tex-(?:mml|chtml|svg)", src + script.get_text(),
                                 re.IGNORECASE), page
            assert not remote.match(src), page
        for link in doc.find_all("link"):
            rel = set(link.get("rel") or [])
            if rel & {"stylesheet", "preload", "modulepreload", "icon"}:
                assert not remote.match(str(link.get("href", ""))), (page, link)


def test_conservation_check_fails_when_a_paper_is_lost(seeds_site: Path, tmp_path: Path) -> None:
    import shutil

    from litreview.analysis.chain import make_library
    from litreview.site.inputs import Paths, load_dumps
    from litreview.site.verify import check_conservation
    lib = make_library(load_dumps(Paths(seeds_site))[1])
    site = tmp_path / "site"
    shutil.copytree(seeds_site / "site", site)
    check_conservation(lib, site / "latest", [site / "papers"])  # intact: passes
    victim = lib.papers[7].key
    (site / "papers" / f"{victim}.html").unlink()
    with pytest.raises(LitReviewError, match=rf"251 papers parsed, but paper pages: 250 "
                                             rf"\(missing \['{victim}'\]"):
        check_conservation(lib, site / "latest", [site / "papers"])


@pytest.mark.slow
def test_every_kind_of_page_has_the_themes_viewport_only(seeds_site: Path) -> None:
    """Sphinx's basic layout and pydata-sphinx-theme each write a viewport tag (the same
    one); docutils' third one is dropped (``sphinxext.drop_docutils_viewport``)."""
    site = seeds_site / "site" / "latest"
    key = json.loads((site / "papers.json").read_text("utf-8"))["papers"][0]["key"]
    for page in ["index.html", "themes/index.html", "themes/map.html", "search.html",
                 f"../papers/{key}.html", "papers/index.html", "../2026-03-11/index.html"]:
        tags = [str(m.get("content")) for m in soup(site / page).find_all(
            "meta", attrs={"name": "viewport"})]
        assert len(tags) == 2, page
        assert {t.replace("1.0", "1").replace(" ", "") for t in tags} == {
            "width=device-width,initial-scale=1"}


def test_every_kind_of_page_names_the_feed_for_feed_readers(seeds_site: Path) -> None:
    """A browser or feed reader given any page's address finds the Atom feed of new papers
    (no page named it: reader's review)."""
    site = seeds_site / "site" / "latest"
    key = json.loads((site / "papers.json").read_text("utf-8"))["papers"][0]["key"]
    for page in ["index.html", "themes/index.html", "themes/pruning.html", "search.html",
                 f"../papers/{key}.html", "../2026-03-11/index.html"]:
        links = soup(site / page).find_all("link", attrs={"type": "application/atom+xml"})
        assert [link.get("rel") for link in links] == [["alternate"]], page
        feed = ((site / page).parent / str(links[0]["href"])).resolve()
        assert feed == (site / "feed.xml").resolve(), page


@pytest.mark.slow
def test_no_empty_section_navigation(seeds_site: Path) -> None:
    """A page either lists its section's pages on the left or has no such column (an
    empty column headed "Section Navigation" wastes a third of a laptop screen)."""
    site = seeds_site / "site" / "latest"
    for page in sorted(p for p in site.rglob("*.html") if "papers/" not in p.as_posix()
                       or p.name == "index.html"):
        side = soup(page).select_one(".bd-sidebar-primary")
        if side is None or "hide-on-wide" in (side.get("class") or []):
            continue
        assert side.select("nav.bd-docs-nav a"), page.relative_to(site)


def test_no_words_from_a_documentation_theme(seeds_site: Path) -> None:
    """A review has editions and papers, not "documentation" and a "stable version"."""
    pages = [*(seeds_site / "site").rglob("*.html")]
    assert len(pages) > 350
    for page in pages:
        text = page.read_text("utf-8")
        for words in ("Search the docs", "documentation for version", "stable version"):
            assert words not in text, (page, words)


def test_a_field_is_a_facet_page_listing_its_papers_by_theme(seeds_site: Path) -> None:
    """"LLMs" is no theme on the seeds: its page, at the URL the theme had, lists every
    paper that names LLMs under the themes it belongs to, and the themes page links it
    under "Across themes"."""
    site = seeds_site / "site" / "latest"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    assert "llms" not in {t["slug"] for t in data["themes"]}
    (facet,) = data["facets"]
    page = site / "themes" / "llms.html"
    assert "A field rather than a theme" in visible(article_text(page))
    listed = [h.removeprefix("../../papers/").removesuffix(".html")
              for h in hrefs(article(page), ".litreview-papers a")
              if h.startswith("../../papers/")]
    assert set(listed) == set(facet["papers"])
    themes_of = {p["key"]: set(p["themes"]) for p in data["papers"]}
    heads = [h.removesuffix(".html") for h in hrefs(article(page), "h2 a.reference")]
    assert heads
    assert all(any(s in themes_of[k] for k in facet["papers"]) for s in heads)
    assert "llms.html" in hrefs(article(site / "themes" / "index.html"), "#across-themes a")


def test_a_paper_page_leads_to_its_field_and_to_other_papers(seeds_site: Path) -> None:
    """A paper that names LLMs links the LLMs page from its Themes section; a paper in no
    theme links the "Other papers" list."""
    data = json.loads((seeds_site / "site" / "latest" / "papers.json").read_text("utf-8"))
    (facet,) = data["facets"]
    papers = seeds_site / "site" / "papers"
    named = facet["papers"][0]
    assert "../latest/themes/llms.html" in hrefs(article(papers / f"{named}.html"), "#themes a")
    alone = next(p["key"] for p in data["papers"] if not p["themes"])
    assert "../latest/themes/index.html#other-papers" in hrefs(
        article(papers / f"{alone}.html"), "#themes a")
    plain = next(p["key"] for p in data["papers"] if p["key"] not in facet["papers"])
    assert not any("llms" in h for h in hrefs(article(papers / f"{plain}.html"), "#themes a"))


def test_a_paper_page_says_which_related_papers_are_close(seeds_site: Path) -> None:
    """Related papers above the bar of the closest 1 % of pairs come first; the others
    are listed apart as less close, and a page with none above it says so. Every related
    paper stays linked."""
    site = seeds_site / "site"
    papers = json.loads((site / "latest/papers.json").read_text("utf-8"))["papers"]
    counts = {p["related_close"] for p in papers if p["related"]}
    assert {0, len(papers[0]["related"])} <= counts  # some pages have none, some all
    for p in papers:
        if not p["related"]:
            continue
        page = site / "papers" / f"{p['key']}.html"
        text = visible(article_text(page))
        links = [h for h in hrefs(article(page)) if h.removesuffix(".html") in p["related"]]
        assert [h.removesuffix(".html") for h in links] == p["related"]
        close = p["related_close"]
        assert ("No paper in this review is closely related yet" in text) == (close == 0)
        assert ("Less closely related:" in text) == (0 < close < len(p["related"]))
