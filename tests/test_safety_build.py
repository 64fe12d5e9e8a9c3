"""Hostile text through a real Sphinx build, in every place dump text lands.

Each example builds a site from hypothesis-generated titles and abstracts (hostile payloads
mixed with arbitrary Unicode) and checks, for every paper: the build had zero warnings;
the page title, <title>, abstract, related-paper links, theme listings, theme cards, the
all-papers list and the search index show exactly the display text; no element, attribute,
file copy or file read came from the input. ``make fuzz`` raises the number of builds.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from bs4 import Tag
from hypothesis import example, given, settings
from hypothesis import strategies as st

from litreview.analysis.chain import make_library
from litreview.model import Dump, Entry, Library, Source
from litreview.site.search import index_site
from litreview.site.verify import check_conservation
from litreview.text import latex_to_text, normalise, script_parts

from .conftest import (
    article,
    article_text,
    make_project,
    pagefind_records,
    render,
    soup,
    sphinx_site,
    visible,
)
from .test_safety import PAYLOADS

pytestmark = pytest.mark.slow
FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
PAPERS = 100 if FUZZ else 40
BUILDS = 300 if FUZZ else 3
# shared words, each in a quarter of the papers, so themes and related papers exist
FILLER = ["sparse pruning weights", "diffusion image generation", "graph node embedding",
          "speech audio recognition"]
hostile = st.lists(st.one_of(st.text(max_size=25), st.sampled_from(PAYLOADS)),
                   min_size=1, max_size=5).map(" ".join)


def links(fragment: Tag | None) -> list[tuple[str, str]]:
    """(href, shown text) of every internal link inside ``fragment``."""
    assert fragment is not None
    return [(str(a.get("href")), " ".join(a.get_text().split()))
            for a in fragment.select("a.reference.internal")]


def only_text(tag: Tag | None) -> str:
    """The text of an element that must hold no element at all (besides a heading's
    own '#' anchor)."""
    assert tag is not None
    inner = [t for t in tag.find_all(True) if "headerlink" not in (t.get("class") or [])]
    assert inner == [], inner
    return "".join(str(s) for s in tag.strings if s.parent is tag)


def scripted_text(tag: Tag | None) -> list[tuple[str, str]]:
    """An abstract's paragraph as (kind, text) parts: plain text, and the sub- and
    superscripts the page shows (``text.script_parts``), which hold no element."""
    assert tag is not None
    out: list[tuple[str, str]] = []
    for child in tag.children:
        if isinstance(child, Tag):
            assert child.name in ("sub", "sup"), child
            assert child.find_all(True) == [], child
            out.append((child.name, child.get_text()))
        else:
            out.append(("", str(child)))
    return joined(out)


def joined(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parts with neighbouring plain texts joined, as a page shows them."""
    out: list[tuple[str, str]] = []
    for kind, text in parts:
        if out and kind == "" and out[-1][0] == "":
            out[-1] = ("", out[-1][1] + text)
        else:
            out.append((kind, text))
    return out


@settings(max_examples=BUILDS)
@given(st.lists(st.tuples(hostile, hostile), min_size=PAPERS, max_size=PAPERS))
# an abstract with sub- and superscripts, which the page shows as <sub>/<sup> (hypothesis
# once drew "³2_e", shown as 2<sub>e</sub>, against a check that allowed no element)
@example([("Scripts", "PDS_{max} of 2_e <b> x^2")] * PAPERS)
def test_hostile_text_in_every_context(pairs: list[tuple[str, str]]) -> None:
    entries = tuple(
        Entry(f"T{i} {title}", f"{abstract} {FILLER[i % 4]} {i}.",
              Source("h.txt", i + 1, 2 * i + 1))
        for i, (title, abstract) in enumerate(pairs))
    lib = make_library((Dump("h.txt", None, entries),))
    files = render(lib)
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp), [])
        out = project / "out"
        sphinx_site(files, project, out)  # -W: raises on any warning
        check_conservation(lib, out / "latest", [out / "papers"], files.shared)
        check_site(out, lib)


def check_site(out: Path, lib: Library) -> None:
    shown = {p.key: p.title_text for p in lib.papers}
    # no file copy or read: exactly the files we expect, nothing in _downloads/_images
    assert not (out / "_downloads").exists()
    assert not (out / "_images").exists()
    assert {p.stem for p in (out / "papers").glob("*.html")} == set(shown)
    index_site(out, out / "pagefind")
    indexed = {r["url"]: r for r in pagefind_records(out)}
    for p in lib.papers:
        page = soup(out / "papers" / f"{p.key}.html")
        art = page.find("article")
        assert isinstance(art, Tag)
        assert only_text(art.h1) == shown[p.key]  # no element inside the heading
        assert page.title is not None
        assert page.title.get_text().startswith(shown[p.key])
        paras = art.select("#abstract > p")
        assert len(paras) == 1
        assert scripted_text(paras[0]) == joined(
            script_parts(normalise(latex_to_text(p.abstract))))
        related = links(art.select_one("#related-papers"))
        assert related == [(f"{k}.html", shown[k]) for k in lib.related[p.key]]
        themes = links(art.select_one("#themes"))
        names = {t.slug: t.name for t in lib.themes}
        assert themes == [(f"../latest/themes/{s}.html", names[s])
                          for s in lib.paper_themes[p.key]]
        record = indexed[f"/papers/{p.key}.html"]  # what search shows
        assert record["meta"]["title"] == shown[p.key]
        assert record["filters"].get("theme", []) == [names[s] for s in lib.paper_themes[p.key]]
    for t in lib.themes:
        listed = [lk for lk in links(article(out / "latest" / "themes" / f"{t.slug}.html"))
                  if lk[0].startswith("../../papers/")]
        assert listed == [(f"../../papers/{k}.html", shown[k]) for k in t.papers]
    home = article(out / "latest" / "index.html")
    cards = [only_text(c) for c in home.select("div.sd-card-title")]
    assert [" ".join(c.split()) for c in cards] == [t.name for t in lib.themes]
    everything = {h: v for h, v in links(article(out / "latest" / "papers" / "index.html"))
                  if h.startswith("../../papers/")}
    assert {h.removeprefix("../../papers/")[:-5]: v for h, v in everything.items()} == shown


def test_library_too_small_for_themes_builds_cleanly(tmp_path: Path) -> None:
    entries = tuple(Entry(f"Lonely {w}", f"Nothing {w} shared here.", Source("s.txt", i, i))
                    for i, w in enumerate(["alpha", "beta"], 1))
    lib = make_library((Dump("s.txt", None, entries),))
    assert lib.themes == ()
    project = make_project(tmp_path, [])
    sphinx_site(render(lib), project, tmp_path / "out")
    assert "Too few papers share words" in visible(
        article_text(tmp_path / "out/latest/index.html"))
