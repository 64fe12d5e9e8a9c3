"""Editions on the seeds: sizes, stable keys, switcher, what's new, feeds, incremental."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from litreview.analysis.library import merge
from litreview.cli import main
from litreview.contract import GENERATED_DIRS
from litreview.reading.parse import parse_dump
from litreview_dev.synth import make_dump

from .conftest import article, article_text, hrefs, seed_dumps, seed_specs, soup, visible

pytestmark = pytest.mark.slow
EDITIONS = ["2026-03-11", "2026-04-16", "2026-06-06", "2026-10-03"]
ATOM = "{http://www.w3.org/2005/Atom}"


def papers(site: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return {p["key"]: p for p in json.loads((site / "papers.json").read_text("utf-8"))["papers"]}


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


#: what the site's root holds besides the editions: every paper's page and .bib, the
#: theme's assets and the search index, once for all editions
SHARED = ["_static", "bib", "pagefind", "papers"]


def test_edition_k_holds_exactly_dumps_1_to_k(seeds_site: Path) -> None:
    site = seeds_site / "site"
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == sorted(
        [*EDITIONS, "latest", *SHARED])
    seeds = seed_dumps()
    for k, name in enumerate(EDITIONS, 1):
        dumps = [parse_dump(data, f, 2026) for f, data, _ in seeds[:k]]
        expected = {p.key for p in merge(dumps)[0]}
        assert set(papers(site / name)) == expected, name
        record = json.loads((site / name / "edition.json").read_text("utf-8"))
        assert record["dumps"] == [f for f, _, _ in seeds[:k]]
        # a snapshot: what the edition held, not the papers' texts
        assert set(papers(site / name)[min(expected)]) == {"key"}
    newest = json.loads((site / "latest" / "edition.json").read_text("utf-8"))
    oldest = json.loads((site / EDITIONS[-1] / "edition.json").read_text("utf-8"))
    assert newest["edition"] == EDITIONS[-1]
    assert newest["dumps"] == oldest["dumps"]
    assert set(papers(site / "latest")) == set(papers(site / EDITIONS[-1]))


def test_keys_and_pages_never_change_across_editions(seeds_site: Path) -> None:
    """Each paper has one page, outside the editions, at papers/<key>.html; every edition
    links there."""
    site = seeds_site / "site"
    for old, new in itertools.pairwise(EDITIONS):
        assert set(papers(site / old)) < set(papers(site / new))
    for key, p in papers(site / "latest").items():
        assert p["url"] == f"papers/{key}.html"
        assert (site / p["url"]).is_file()
    for name in EDITIONS:
        theme = next((site / name / "themes").glob("*.html"))
        assert any(h.startswith("../../papers/") for h in hrefs(article(theme)))
        assert not (site / name / "papers" / f"{min(papers(site / name))}.html").exists()


def test_switcher_and_banner(seeds_site: Path) -> None:
    site = seeds_site / "site"
    items = json.loads((site / "switcher.json").read_text("utf-8"))
    assert [i["version"] for i in items] == EDITIONS[::-1]
    assert [i.get("preferred", False) for i in items] == [True, False, False, False]
    assert [i["url"] for i in items] == ["/latest/"] + [f"/{e}/" for e in EDITIONS[-2::-1]]
    for name in [*EDITIONS, "latest"]:
        page = (site / name / "index.html").read_text("utf-8")
        match = EDITIONS[-1] if name == "latest" else name
        assert f"DOCUMENTATION_OPTIONS.theme_switcher_version_match = '{match}'" in page
        assert "DOCUMENTATION_OPTIONS.theme_switcher_json_url = '/switcher.json'" in page
        # the banner of an older edition is the site's own (its words are about editions,
        # not a documentation's "stable version"); the theme's stays off
        assert re.search(r"DOCUMENTATION_OPTIONS\.show_version_warning_banner =\s*false;", page)
        assert "_static/edition-banner.js" in page
        assert soup(page).select_one(".version-switcher__container") is not None
    root = (site / "index.html").read_text("utf-8")
    refresh = soup(root).find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None
    assert refresh.get("content") == "0; url=latest/"
    assert (site / ".nojekyll").is_file()


def test_whats_new_counts(seeds_site: Path) -> None:
    site = seeds_site / "site"
    previous: set[str] = set()
    sizes = []
    for name in EDITIONS:
        keys = set(papers(site / name))
        added = keys - previous
        art = visible(article_text(site / name / "edition" / "whats-new.html"))
        assert f"{len(added)} papers added" in art
        assert f"Papers added ({len(added)})" in art
        linked = set(hrefs(article(site / name / "edition" / "whats-new.html")))
        assert {f"../../papers/{key}.html" for key in added} <= linked  # every added paper
        assert "edition/whats-new.html" in hrefs(article(site / name / "index.html"))
        sizes.append(len(keys))
        previous = keys
    assert sizes == sorted(sizes)
    assert sizes[-1] == 251


def test_the_feed_announces_every_paper_the_edition_added(seeds_site: Path) -> None:
    """54 papers are new in the newest seed edition: the feed holds all of them (it used to
    stop at 50)."""
    site = seeds_site / "site" / "latest"
    news = visible(article_text(site / "edition" / "whats-new.html"))
    added = int(news.split(" papers added")[0].split()[-1])
    assert added > 50
    root = ET.fromstring((site / "feed.xml").read_bytes())
    ids = [e.findtext(ATOM + "id") for e in root.findall(ATOM + "entry")]
    before = set(papers(site.parent / EDITIONS[-2]))
    new = {k for k in papers(site) if k not in before}
    assert len(new) == added
    assert {f"http://localhost:8000/papers/{k}.html" for k in new} <= set(ids)
    # with their authors
    entry = root.find(ATOM + "entry")
    assert entry is not None
    assert entry.findall(ATOM + "author")


def test_atom_feeds_are_valid(seeds_site: Path) -> None:
    site = seeds_site / "site" / "latest"
    feeds = [site / "feed.xml", *sorted((site / "feeds").glob("*.xml"))]
    data = json.loads((site / "papers.json").read_text("utf-8"))
    # one per theme and one per facet ("LLMs")
    assert len(feeds) == 1 + len(data["themes"]) + len(data["facets"])
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.version == "atom10", path
        assert not parsed.bozo, path
        root = ET.fromstring(path.read_bytes())
        for tag in ("id", "title", "updated", "author"):
            assert root.find(ATOM + tag) is not None, (path, tag)
        self_links = [ln.get("href") for ln in root.findall(ATOM + "link")
                      if ln.get("rel") == "self"]
        # a feed names its place in latest/ as itself (it is published there only)
        assert self_links == [f"http://localhost:8000/latest/{path.relative_to(site)}"]
        entries = root.findall(ATOM + "entry")
        assert len(entries) > 0
        for e in entries:
            eid = e.findtext(ATOM + "id")
            assert eid
            assert re.fullmatch(r"http://localhost:8000/papers/\w+\.html", eid)
            assert e.findtext(ATOM + "title")
            assert e.findtext(ATOM + "updated")
            link = e.find(ATOM + "link")
            assert link is not None
            assert link.get("href") == eid
            assert (seeds_site / "site" / "papers" / eid.split("/")[-1]).is_file()


def files(folder: Path) -> dict[str, str]:
    """Relative path -> content hash of every file under ``folder``."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_fifth_dump_builds_one_new_edition(seeds_site: Path, tmp_path: Path,
                                           corpus_rows: tuple,  # type: ignore[type-arg]
                                           capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    shutil.copytree(seeds_site, project, symlinks=True)
    before = {e: digest(project / "site" / e) for e in EDITIONS}
    dump = tmp_path / "004_corpus.txt"
    dump.write_text(make_dump(corpus_rows, 100, 5, dt.date(2026, 11, 20), True), "utf-8")
    assert main(["add", str(dump), "--date", "2026-11-20", "--root", str(project)]) == 0
    capsys.readouterr()
    assert main(["build", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "editions: 1 built (2026-11-20), 4 already up to date; latest/ built" in out
    # the new papers' pages, and those of papers whose themes or related papers changed
    rendered = int(out.split("paper pages: ")[1].split()[0])
    assert 100 <= rendered < 351, out
    assert {e: digest(project / "site" / e) for e in EDITIONS} == before
    site = project / "site"
    old, new = papers(site / EDITIONS[-1]), papers(site / "2026-11-20")
    assert set(old) < set(new)
    assert len(new) - len(old) == 100
    assert set(papers(site / "latest")) == set(new)
    items = json.loads((site / "switcher.json").read_text("utf-8"))
    assert items[0]["version"] == "2026-11-20"
    assert items[0]["preferred"]
    assert items[1] == {"name": "2026-10-03", "version": "2026-10-03", "url": "/2026-10-03/"}
    # the edition built on top of the previous build (its doctrees, library cache and
    # generated sources reused) is byte for byte the edition a clean build makes
    clean = tmp_path / "clean"
    def generated(folder: str, names: list[str]) -> set[str]:
        # the generator's folders of docs/ (not docs/notes/themes, the maintainer's)
        skip = {"site", ".cache"} if Path(folder) == project else set()
        return set(names) & (skip | (set(GENERATED_DIRS) if Path(folder) == project / "docs"
                                     else set()))
    shutil.copytree(project, clean, symlinks=True, ignore=generated)
    assert (clean / "docs/notes/themes").is_dir()
    assert main(["build", "--root", str(clean)]) == 0
    # except Pagefind's filter and metadata indexes and the entry file naming them: Pagefind
    # writes them in hash-map order, so two runs over the same pages differ (Pagefind
    # issue 638); its page fragments and word index are stable and compared
    def stable(folder: Path) -> dict[str, str]:
        return {k: v for k, v in files(folder).items()
                if not k.startswith("filter/") and not k.endswith(".pf_meta")
                and k != "pagefind-entry.json"}
    for part in ("2026-11-20", "latest", "papers", "bib", "pagefind"):
        assert stable(clean / "site" / part) == stable(site / part), part
        assert len(files(clean / "site" / part)) == len(files(site / part)), part


def test_add_refuses_a_bad_or_older_dump(seeds_site: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    shutil.copytree(seeds_site, project, symlinks=True)
    manifest = (project / "dumps" / "manifest.toml").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"not a dump\n")
    assert main(["add", str(bad), "--date", "2026-11-20", "--root", str(project)]) == 1
    assert "not a Daily Papers dump" in capsys.readouterr().err
    old = tmp_path / "old.txt"
    old.write_bytes(seed_dumps(1)[0][1].replace(b"\nMar 11\n", b"\nJan 1\n", 1))
    assert main(["add", str(old), "--date", "2026-01-01", "--root", str(project)]) == 1
    assert "append-only" in capsys.readouterr().err
    assert main(["add", str(old), "--date", "2026-01-05", "--root", str(project)]) == 1
    assert "append-only" in capsys.readouterr().err
    # the newest dump's day, a name that sorts before its: it would change that edition,
    # which the next build refuses (hostile pass: add accepted it)
    newest, day = seed_specs()[-1]
    early = tmp_path / ("0" + newest)  # "00…" sorts before "0…"
    early.write_bytes(seed_dumps(1)[0][1].replace(
        b"\nMar 11\n", dt.date.fromisoformat(day).strftime("\n%b %-d\n").encode(), 1))
    assert main(["add", str(early), "--date", day, "--root", str(project)]) == 1
    assert f"rename it to sort after {newest}" in capsys.readouterr().err
    # a dump already listed is said to be so (it was "listed but not in dumps/")
    listed = project / "dumps" / newest
    assert main(["add", str(listed), "--date", day, "--root", str(project)]) == 1
    assert f"already in the review: the manifest lists it, captured {day}" \
        in capsys.readouterr().err
    assert (project / "dumps" / "manifest.toml").read_bytes() == manifest
    assert not (project / "dumps" / "bad.txt").exists()


def test_a_published_key_may_not_disappear(seeds_site: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    shutil.copytree(seeds_site, project, symlinks=True)
    latest = digest(project / "site" / "latest")
    manifest = project / "dumps" / "manifest.toml"
    text = manifest.read_text("utf-8")
    last = seed_dumps()[-1][0]
    block = re.compile(rf'\[\[dump\]\]\nfile = "{re.escape(last)}"\ncaptured = [\d-]+\n')
    assert block.search(text)
    manifest.write_text(block.sub("", text), "utf-8")
    (project / "dumps" / last).unlink()
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "edition 2026-10-03 is published, but the manifest no longer makes it" in err
    assert "Traceback" not in err
    assert digest(project / "site" / "latest") == latest


def test_map_and_charts(seeds_site: Path) -> None:
    """The map links every paper once and names it; each theme has a chart; both are
    well-formed SVG with no script."""
    site = seeds_site / "site" / "latest"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    svg = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring((site / "map.svg").read_bytes())
    # links resolve against the SVG's own URL (it is shown through <object>)
    svg_links = [str(a.get("href")) for a in root.findall(f"{svg}a")]
    assert all((site / h).is_file() for h in svg_links)
    links = [a for a in root.findall(f"{svg}a") if a.find(f"{svg}circle") is not None]
    assert sorted(a.get("href") for a in links) == sorted(
        f"../papers/{p['key']}.html" for p in data["papers"])
    titles = {a.get("href"): a.find(f"{svg}circle/{svg}title").text for a in links}
    assert all(titles[f"../papers/{p['key']}.html"] for p in data["papers"])
    # the largest theme is named on the map; every theme is in the legend under it (an
    # HTML list: its text wraps on a phone), each linked
    theme_links = [h for h in svg_links if h.startswith("themes/")]
    assert f"themes/{data['themes'][0]['slug']}.html" in theme_links
    named = hrefs(article(site / "themes" / "map.html"), "ul.litreview-legend a")
    assert named == [f"{t['slug']}.html" for t in data["themes"]]
    for t in data["themes"]:
        chart = ET.fromstring((site / "charts" / f"{t['slug']}.svg").read_bytes())
        assert chart.find(f"{svg}title") is not None
        imgs = article(site / "themes" / f"{t['slug']}.html").find_all("img")
        assert f"../charts/{t['slug']}.svg" in [i.get("src") for i in imgs]
    for path in [site / "map.svg", *(site / "charts").glob("*.svg")]:
        assert b"<script" not in path.read_bytes()
    objects = article(site / "themes" / "map.html").find_all("object")
    assert [o.get("data") for o in objects] == ["../map.svg"]
    # a chart is an <object> too (its bars' titles show on hover), in its own proportions
    slug = data["themes"][0]["slug"]
    charts = article(site / "themes" / f"{slug}.html").find_all("object")
    assert [o.get("data") for o in charts] == [f"../charts/{slug}.svg"]
    _, _, cw, ch = ET.fromstring((site / "charts" / f"{slug}.svg").read_bytes()).get(
        "viewBox", "").split()
    assert f"object.litreview-chart {{ aspect-ratio: {cw} / {ch}; }}" in (
        site.parent / "_static" / "litreview.css").read_text("utf-8")
    # the <object> box has the map's own proportions (no letterboxing)
    _, _, vw, vh = root.get("viewBox", "").split()
    css = (site.parent / "_static" / "litreview.css").read_text("utf-8")
    assert f"object.litreview-figure {{ aspect-ratio: {vw} / {vh}; }}" in css


def test_library_cache_gives_the_same_libraries_and_drops_stale_entries(tmp_path: Path) -> None:
    from litreview.analysis.chain import make_libraries
    from litreview.site.cache import cached_libraries
    from litreview.site.inputs import Paths, load_dumps

    from .conftest import make_project
    project = make_project(tmp_path / "p", seed_dumps(2))
    paths = Paths(project)
    specs, dumps = load_dumps(paths)
    fresh = make_libraries(dumps)
    first = cached_libraries(paths, specs, dumps, None)  # computes and stores
    stored = sorted((project / ".cache" / "libraries").glob("*.pickle"))
    assert len(stored) == 2
    assert first == fresh
    again = cached_libraries(paths, specs, dumps, None)  # loads
    assert again == fresh
    # a changed dump changes the key of the second edition only; the old entry goes
    (project / "dumps" / specs[1].file).write_bytes(
        (project / "dumps" / specs[1].file).read_bytes() + b"\nOne more paper\n\nIts text.\n")
    specs, dumps = load_dumps(paths)
    changed = cached_libraries(paths, specs, dumps, None)
    now = sorted((project / ".cache" / "libraries").glob("*.pickle"))
    assert len(now) == 2
    assert len(set(stored) & set(now)) == 1
    assert changed == make_libraries(dumps)
    assert changed[1] != fresh[1]
    # a corrupt entry is rebuilt, not trusted
    for p in now:
        p.write_bytes(b"not a pickle")
    assert cached_libraries(paths, specs, dumps, None) == changed


def test_whats_new_compares_with_the_edition_readers_saw(seeds_site: Path,
                                                        tmp_path: Path) -> None:
    """A correction made after an edition was published (a pin) moves a paper in every
    edition the chain recomputes, but readers saw the published snapshot: the newest
    edition's "what's new" says the paper changed theme, and from where."""
    project = tmp_path / "p"
    shutil.copytree(seeds_site, project, symlinks=True)
    before = json.loads((project / "site" / EDITIONS[-2] / "papers.json").read_text("utf-8"))
    names = {t["slug"]: t["name"] for t in before["themes"]}
    where: dict[str, list[str]] = {}
    for t in before["themes"]:
        for k in t["papers"]:
            where.setdefault(k, []).append(t["slug"])
    key, (old,) = next((k, v) for k, v in sorted(where.items()) if len(v) == 1)
    new = next(s for s in names if s != old)
    (project / "bib" / "themes.toml").write_text(
        f'[pin]\n{key} = "{new}"\n[rename]\n{new} = "Renamed <by hand>"\n', "utf-8")
    assert main(["build", "--root", str(project)]) == 0
    page = project / "site" / "latest" / "edition" / "whats-new.html"
    assert f"../../papers/{key}.html" in hrefs(article(page))
    text = visible(article_text(page))
    assert f"was: {names[old]}; now: Renamed <by hand>" in text
    # and the rename is news too, by the names readers saw
    assert "1 theme renamed" in text
    assert "Themes renamed (1)" in text
    assert f"{names[new]} → Renamed <by hand>" in text
    new = "renamed-by-hand"
    # the snapshot readers saw is not rebuilt ...
    assert json.loads((project / "site" / EDITIONS[-2] / "papers.json")
                      .read_text("utf-8")) == before
    # ... but the newest edition's follows the correction, as latest/ does, until the next
    # dump makes it older
    newest = json.loads((project / "site" / EDITIONS[-1] / "papers.json").read_text("utf-8"))
    assert key in next(t for t in newest["themes"] if t["slug"] == new)["papers"]
    assert all(key not in t["papers"] for t in newest["themes"] if t["slug"] == old)
