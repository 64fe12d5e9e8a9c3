"""The site as a researcher reads it (issue 14), in a real browser: search finds papers,
the header fits one row, the words are about editions, abstracts read clean, lists sort,
the map works on a phone and in the dark, and no page logs an error.

Screenshots of each go to tests/_artifacts/ (the "after" pictures of the closing note).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .browsing import axe_violations, close, new_page, papers, shot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: what a reader types, and the papers that must come first where there are few
QUERIES = ["Mamba", "LLM pruning", "sparse autoencoder"]


def _results(pg: Any, q: str) -> list[dict[str, str]]:
    """The results Pagefind's UI shows for ``q`` on the search page, in order: each
    result's link and the labels under it."""
    pg.goto(pg.server + f"/latest/search.html?q={q.replace(' ', '+')}")
    pg.locator("a.pagefind-ui__result-link").first.wait_for(timeout=30000)
    pg.wait_for_function("document.querySelector('.pagefind-ui__message')"
                         " && /results? for/.test(document.querySelector"
                         "('.pagefind-ui__message').innerText)", timeout=30000)
    # the UI fills results in as their fragments load: wait until each one has its link
    pg.wait_for_function("[...document.querySelectorAll('.pagefind-ui__result')]"
                         ".every(r => r.querySelector('a.pagefind-ui__result-link'))",
                         timeout=30000)
    return pg.evaluate("""[...document.querySelectorAll('.pagefind-ui__result')].map(r => ({
        href: r.querySelector('a.pagefind-ui__result-link').getAttribute('href'),
        tags: [...r.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.innerText)
    }))""")


def _api(pg: Any, q: str) -> list[dict[str, Any]]:
    """Every page Pagefind finds for ``q`` with no filter (what its ranking alone gives),
    in order: URL and kind."""
    return pg.evaluate("""async (q) => {
        const pf = await import('../pagefind/pagefind.js');
        const found = await pf.search(q);
        const pages = await Promise.all(found.results.map(r => r.data()));
        return pages.map(p => ({url: p.url, kind: (p.filters.kind || [''])[0]}));
    }""", q)


@pytest.fixture
def reader(browser: Any, server: str) -> Any:
    pg = new_page(browser, server)
    pg.server = server
    yield pg
    close(pg)


@pytest.mark.parametrize("q", QUERIES)
def test_search_puts_papers_first(reader: Any, seeds_site: Path, q: str) -> None:
    known = papers(seeds_site)
    shown = _results(reader, q)
    shot(reader, "search-" + q.replace(" ", "-"))
    keys = [r["href"].split("papers/")[-1].removesuffix(".html") for r in shown]
    # the reader's view: papers only, each labelled with its authors, year and themes
    assert all("/papers/" in r["href"] for r in shown[:5])
    for r, key in zip(shown[:5], keys, strict=False):
        tags = " | ".join(r["tags"])
        assert tags.startswith("By: ")
        # the year it is cited by: its BibTeX entry's (the venue's, where it has one)
        year = re.search(r'year = "(\d{4})"', (seeds_site / f"site/bib/{key}.bib").read_text())
        assert year is not None
        assert f" · {year[1]}" in tags
        if known[key]["themes"]:
            assert "Themes: " in tags
    # Pagefind's ranking alone, themes included: papers lead
    reader.goto(reader.server + "/latest/search.html")
    ranked = _api(reader, q)
    top = ranked[:5]
    assert top[0]["kind"] == "Paper"
    words = [w.lower() for w in q.split()]
    matching = [k for k, p in known.items()
                if all(w.rstrip("s") in (p["title_text"] + " " + p["abstract"]).lower()
                       for w in words)]
    if len(matching) >= 5:
        assert sum(r["kind"] == "Paper" for r in top) >= 4, top
        assert len(shown) >= 5
    else:  # few papers are about it: each of them comes before any theme
        first_theme = next((n for n, r in enumerate(ranked) if r["kind"] == "Theme"),
                           len(ranked))
        assert set(matching) <= {r["url"].split("papers/")[-1].removesuffix(".html")
                                 for r in ranked[:first_theme]}


def test_only_papers_and_themes_are_indexed(reader: Any, seeds_site: Path) -> None:
    """Home, the lists, what's new and the pages about the site are not search results:
    they would outrank the papers they list."""
    data = json.loads((seeds_site / "site/latest/papers.json").read_text("utf-8"))
    reader.goto(reader.server + "/latest/search.html")
    kinds = reader.evaluate("""async () => {
        const pf = await import('../pagefind/pagefind.js');
        return (await pf.filters()).kind;
    }""")
    # a facet's page ("LLMs", across themes) is found as a theme's is
    assert kinds == {"Paper": len(data["papers"]),
                     "Theme": len(data["themes"]) + len(data["facets"])}
    urls = {r["url"] for r in _api(reader, "papers")}
    assert urls, "a search for 'papers' found nothing"
    for url in urls:
        assert "/papers/" in url or "/themes/" in url, url
        assert not url.endswith(("papers/index.html", "themes/index.html", "themes/map.html"))


@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_the_header_fits_one_row(browser: Any, server: str, width: int) -> None:
    pg = new_page(browser, server, viewport={"width": width, "height": 800})
    pg.goto(f"{server}/latest/index.html")
    boxes = pg.evaluate("""() => {
        const box = (sel) => { const e = document.querySelector(sel);
                               const r = e.getBoundingClientRect();
                               return [r.top, r.bottom]; };
        return {header: box('header.bd-header'), nav: box('.navbar-header-items__center'),
                end: box('.navbar-header-items__end')};
    }""")
    if width == 1280:
        pg.screenshot(path=str(Path(__file__).parent / "_artifacts" / "header-1280.png"),
                      clip={"x": 0, "y": 0, "width": width, "height": 120})
    close(pg)
    top, bottom = boxes["header"]
    assert bottom - top <= 90, boxes
    # the switcher, search and colour menu sit beside the links, not under them
    assert boxes["end"][0] < boxes["nav"][1], boxes
    assert boxes["nav"][0] < boxes["end"][1], boxes


def test_words_are_about_editions_of_a_review(reader: Any) -> None:
    reader.goto(reader.server + "/latest/index.html")
    reader.locator("button.search-button__button").first.click()
    field = reader.locator("input[name=q]:visible").first
    assert field.get_attribute("placeholder") == "Search papers…"
    text = reader.locator("body").inner_text().lower()
    for words in ("documentation", "stable version", "search the docs"):
        assert words not in text


def test_abstracts_show_scripts_and_no_latex(reader: Any) -> None:
    """Former leftovers, as a reader sees them: a subscript is a subscript, font groups,
    citation keys and an abstract's own macros are gone."""
    reader.goto(reader.server + "/papers/interpretableDesignTransformers2026.html")
    abstract = reader.locator("#abstract p").first
    assert abstract.evaluate("p => p.innerHTML").count("<sub>max</sub>") == 1
    shot(reader, "paper-latex-leftovers")
    for key, gone, kept in [
            ("claraClinicalReport", ["{\\it", "{it"], ["CLinicAl Report"]),
            ("facechainPlaygroundHuman", ["~ruiz", "ruiz2023", "~shi"], ["DreamBooth"]),
            ("guidedInterpretableFacial", ["\\au", " aus "], ["(AUs)", "AU cues"]),
            ("tuningPreTrained", ["MP_{", "MP_+"], []),
    ]:
        reader.goto(reader.server + f"/papers/{key}.html")
        text = reader.locator("#abstract p").first.inner_text()
        for g in gone:
            assert g not in text, (key, g)
        for k in kept:
            assert k in text, (key, k)


def test_lists_sort_by_date_listing_and_title(reader: Any, seeds_site: Path) -> None:
    slug = json.loads((seeds_site / "site/latest/papers.json").read_text())["themes"][0]["slug"]
    reader.goto(reader.server + f"/latest/themes/{slug}.html")
    items = reader.locator("ul.litreview-papers[data-sortable] > li")
    n = items.count()
    assert n > 10
    assert reader.locator("ul.litreview-papers .litreview-teaser").count() == n

    def order(attr: str) -> list[str]:
        return items.evaluate_all(f"els => els.map(e => e.dataset.{attr})")

    select = reader.locator(".litreview-sort select").first
    assert select.locator("option").first.text_content() == "as listed"
    select.select_option("title")
    assert order("title") == sorted(order("title"))
    select.select_option("date")
    assert order("date") == sorted(order("date"), reverse=True)
    select.select_option("listed")
    assert order("listed") == sorted(order("listed"), reverse=True)
    shot(reader, "theme-sorted")
    # a list of one or two papers (the facet's small groups) has no control
    reader.goto(reader.server + "/latest/themes/llms.html")
    sizes = reader.locator("ul.litreview-papers[data-sortable]").evaluate_all(
        "ls => ls.map(l => l.children.length)")
    assert min(sizes) < 3
    assert reader.locator(".litreview-sort").count() == sum(n >= 3 for n in sizes)


def test_the_map_fits_a_laptop_screen(browser: Any, server: str, seeds_site: Path) -> None:
    """At 1200 px the map is whole and wider than the text column was: the page gives it
    the room of the "On this page" column, whose one entry was the legend (the map
    scrolled sideways in a 532 px column, its right edge cut)."""
    pg = new_page(browser, server, viewport={"width": 1200, "height": 900})
    pg.goto(f"{server}/latest/themes/map.html")
    box = pg.evaluate("""() => { const s = document.querySelector('.litreview-scroll');
        return [s.scrollWidth, s.clientWidth]; }""")
    assert box[0] <= box[1]
    assert box[1] >= 700
    assert pg.locator(".bd-sidebar-secondary").count() == 0
    close(pg)


def test_the_map_on_a_phone_and_in_the_dark(browser: Any, server: str,
                                            seeds_site: Path) -> None:
    themes = json.loads((seeds_site / "site/latest/papers.json").read_text())["themes"]
    pg = new_page(browser, server, viewport={"width": 390, "height": 844}, has_touch=True)
    pg.goto(f"{server}/latest/themes/map.html")
    sizes = pg.evaluate("""() => { const s = document.querySelector('.litreview-scroll');
        return [document.documentElement.scrollWidth, s.scrollWidth, s.clientWidth]; }""")
    page_width, map_width, shown = sizes
    assert page_width <= 390  # the page does not scroll sideways; the map does
    assert map_width > shown
    legend = pg.locator("ul.litreview-legend li a")
    assert legend.evaluate_all("as => as.map(a => a.textContent)") == [t["name"] for t in themes]
    font = pg.locator("ul.litreview-legend li").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 14
    shot(pg, "map-phone")
    # a tap on a dot opens its paper (the dots are links: no pointer needed)
    svg = next(f for f in pg.frames if f.url.endswith("/map.svg"))
    # the last-drawn dot that nothing (another dot, a theme's label) covers at its centre
    index = svg.evaluate("""() => {
        const dots = [...document.querySelectorAll('a circle')];
        for (let i = dots.length - 1; i >= 0; i--) {
            const r = dots[i].getBoundingClientRect();
            const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            if (top === dots[i]) return i;
        }
        return -1;
    }""")
    assert index >= 0
    dot = svg.locator("a:has(circle)").nth(index)
    href = str(dot.get_attribute("href"))
    assert href.startswith("../papers/")  # from the SVG (latest/map.svg) to the paper
    dot.scroll_into_view_if_needed()
    dot.tap()
    pg.wait_for_url(f"{server}/{href.removeprefix('../')}")
    close(pg)
    pg = new_page(browser, server, color_scheme="dark")
    pg.goto(f"{server}/latest/themes/map.html")
    assert "invert" in pg.locator("object.litreview-figure").evaluate(
        "o => getComputedStyle(o).filter")
    shot(pg, "map-dark")
    close(pg)


def test_the_chart_reads_in_the_dark(browser: Any, server: str, seeds_site: Path) -> None:
    slug = json.loads((seeds_site / "site/latest/papers.json").read_text())["themes"][0]["slug"]
    pg = new_page(browser, server, color_scheme="dark")
    pg.goto(f"{server}/latest/themes/{slug}.html")
    chart = pg.locator("object.litreview-chart")
    # inverted (a dark ground, light ink), not merely dimmed by the theme
    assert "invert" in chart.evaluate("i => getComputedStyle(i).filter")
    # each bar says what it counts when the pointer rests on it (an <img> hid the titles)
    chart.scroll_into_view_if_needed()
    tips = chart.evaluate("""o => new Promise(done => {
        const read = () => [...o.contentDocument.querySelectorAll('rect title')]
            .map(t => t.textContent);
        if (o.contentDocument && o.contentDocument.querySelector('rect')) done(read());
        else o.addEventListener('load', () => done(read()));
    })""")
    assert tips
    assert all(re.fullmatch(r"\d{4}(-\d\d)?: \d+ papers?", t) for t in tips)
    chart.scroll_into_view_if_needed()
    shot(pg, "chart-dark")
    close(pg)



def test_the_chart_text_reads_on_a_phone(browser: Any, server: str, seeds_site: Path) -> None:
    """On a 390 px phone the chart keeps its text at 12 px or more and scrolls sideways in
    its own box; the page itself does not."""
    from litreview.rendering.pictures import CHART_FONT

    slug = json.loads((seeds_site / "site/latest/papers.json").read_text())["themes"][0]["slug"]
    pg = new_page(browser, server, viewport={"width": 390, "height": 844}, has_touch=True)
    pg.goto(f"{server}/latest/themes/{slug}.html")
    chart = pg.locator(".litreview-scroll object.litreview-chart")
    shown = chart.evaluate("i => i.getBoundingClientRect().width")
    assert shown * CHART_FONT / 640 >= 12  # the SVG is 640 units wide
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= 390
    chart.scroll_into_view_if_needed()
    shot(pg, "chart-phone")
    close(pg)

def test_a_teaser_is_whole_wide_and_two_lines_on_a_phone(browser: Any, server: str,
                                                         seeds_site: Path) -> None:
    """On a 390 px phone a paper's teaser shows two lines of it (one line held about 40
    characters); on a wide screen the whole of it (one line cut it mid-word)."""
    slug = json.loads((seeds_site / "site/latest/papers.json").read_text())["themes"][0]["slug"]
    lines = """ts => ts.map(t => Math.round(t.getBoundingClientRect().height
                                   / parseFloat(getComputedStyle(t).lineHeight)))"""
    clipped = "ts => ts.filter(t => t.scrollHeight > t.clientHeight + 1).length"
    for width, most in ((390, 2), (1200, 3)):
        pg = new_page(browser, server, viewport={"width": width, "height": 844})
        pg.goto(f"{server}/latest/themes/{slug}.html")
        teasers = pg.locator("ul.litreview-papers .litreview-teaser")
        shown = teasers.evaluate_all(lines)
        assert max(shown) <= most, (width, shown)
        assert max(shown) >= 2, (width, shown)
        # a wide screen shows every teaser whole; a phone cuts the longer ones
        assert (teasers.evaluate_all(clipped) == 0) == (width > 390), width
        assert pg.evaluate("() => document.documentElement.scrollWidth") <= width
        close(pg)


def test_the_menu_is_for_readers(reader: Any) -> None:
    reader.goto(reader.server + "/latest/index.html")
    links = reader.locator(".navbar-header-items__center .nav-link").evaluate_all(
        "as => as.map(a => a.innerText.trim())")
    assert links == ["Themes", "All papers", "What's new", "How to cite", "About"]


@pytest.mark.parametrize("where", ["index.html", "../papers/cfspEfficientStructured.html",
                                   "themes/map.html", "search.html?q=pruning",
                                   "edition/whats-new.html"])
def test_no_console_error_and_a_colour_toggle(reader: Any, where: str) -> None:
    errors: list[str] = []
    reader.on("console", lambda m: m.type == "error" and errors.append(m.text))
    reader.on("pageerror", lambda e: errors.append(str(e)))
    reader.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    assert reader.goto(reader.server + f"/latest/{where}").ok
    reader.wait_for_load_state("networkidle")
    assert errors == []
    assert reader.locator(".theme-switch-button").first.is_visible()
    label = reader.locator(".pst-collapse-sidebar-label")
    if label.count():
        assert label.first.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"


@pytest.mark.parametrize("where", ["index.html", "../papers/cfspEfficientStructured.html",
                                   "themes/map.html", "edition/whats-new.html"])
def test_dark_mode_has_no_serious_violations(browser: Any, server: str, where: str) -> None:
    pg = new_page(browser, server, color_scheme="dark")
    assert pg.goto(f"{server}/latest/{where}").ok
    found = axe_violations(pg)
    close(pg)
    assert found == [], [(v["id"], v["impact"], v["help"], len(v["nodes"])) for v in found]
