"""Shared fixtures: a throw-away copy of the project to build in, hypothesis profiles."""

from __future__ import annotations

import gzip
import html
import ipaddress
import json
import os
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, settings

from litreview.contract import GENERATED_DIRS, PUBLISHED_DIR, EditionSettings
from litreview.model import Library

from . import browsing

# the browser fixtures (a server on 127.0.0.1 for the seeds' site, Chromium, a page)
browser, page, server = browsing.browser, browsing.page, browsing.server

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "dumps"
#: the real arXiv corpus, committed with its provenance (tests/data/README.md)
CORPUS = ROOT / "tests" / "data" / "corpora" / "arxiv-ml-1000.csv"
#: the most of the seeds that the generator alone (no bib/themes.toml) may leave in "Other
#: papers". A paper that fits no theme when it is new stays there in later editions: the
#: seeds' four editions leave 32 of 251 (12.7 %). Until 2026-11-28 it was shown the edition
#: after in the theme the grouping had put it in, fit or not (21 of 251; BadVLA in
#: "Pruning", a clinical-report paper in "Actions"). With the repository's themes.toml: 16.
RAW_OTHER_SHARE = 0.15
GENERATED = {"_build", *GENERATED_DIRS}

settings.register_profile("default", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=30_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/goldens/ from the current output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def seed_specs() -> list[tuple[str, str]]:
    """(file, captured) of the seed dumps in capture order, read from the real manifest."""
    import tomllib
    data = tomllib.loads((SEEDS / "manifest.toml").read_text("utf-8"))
    return sorted(((d["file"], d["captured"].isoformat()) for d in data["dump"]),
                  key=lambda fc: (fc[1], fc[0]))


def make_project(dest: Path, dumps: list[tuple[str, bytes, str]],
                 identities: bool = True, notes: bool = False) -> Path:
    """A project folder with the real docs/ sources and the given (file, bytes, date)
    dumps; with ``identities``, the repository's identities of the papers they list; with
    ``notes``, the repository's notes on themes and papers (they name the seeds' themes
    and papers: a project of other dumps would refuse them)."""
    skip = GENERATED | (set() if notes else {"notes"})
    shutil.copytree(ROOT / "docs", dest / "docs",
                    ignore=lambda d, names: [n for n in names
                                             if Path(d) == ROOT / "docs" and n in skip])
    (dest / "dumps").mkdir(parents=True)
    (dest / "bib").mkdir()
    write_dumps(dest, dumps)
    if identities and dumps:
        copy_identities(dest)
    return dest


def copy_identities(project: Path) -> None:
    """The repository's identities of the papers the project's dumps list."""
    from litreview.analysis.library import merge
    from litreview.reading.identities import format_identities, parse_identities
    from litreview.site.inputs import Paths, load_dumps
    _, dumps = load_dumps(Paths(project))
    keys = {p.key for p in merge(dumps)[0]}
    every = parse_identities((ROOT / "bib" / "identities.toml").read_text("utf-8"),
                             "bib/identities.toml", "2026-11-26")
    (project / "bib" / "identities.toml").write_text(
        format_identities({k: v for k, v in every.items() if k in keys}), "utf-8")


def write_dumps(project: Path, dumps: list[tuple[str, bytes, str]]) -> None:
    """Put dumps into a project and list them in its manifest."""
    lines = []
    for name, data, _ in dumps:
        (project / "dumps" / name).write_bytes(data)
    for f in sorted(p.name for p in (project / "dumps").glob("*.txt")):
        captured = next((c for n, _, c in dumps if n == f), None)
        if captured is None:
            continue
        lines.append(f'[[dump]]\nfile = "{f}"\ncaptured = {captured}\n')
    old = project / "dumps" / "manifest.toml"
    prev = old.read_text("utf-8") if old.exists() else ""
    old.write_text(prev + "\n".join(lines), "utf-8")


def seed_dumps(k: int | None = None) -> list[tuple[str, bytes, str]]:
    """The first ``k`` seed dumps in capture order (all by default)."""
    specs = seed_specs()[:k]
    return [(f, (SEEDS / f).read_bytes(), c) for f, c in specs]


def small_seed_dump(n: int) -> bytes:
    """A real-looking dump: the first ``n`` entries of the first seed, in format (a)."""
    from litreview.reading.parse import parse_dump
    name, data, captured = seed_dumps(1)[0]
    entries = parse_dump(data, name, int(captured[:4])).entries[:n]
    body = "".join(f"{e.title}\n\n{e.abstract}\n\n" for e in entries)
    return ("Daily Papers\n\nbyAK and the research community\n\nNov 1\n\n" + body).encode()


@pytest.fixture(scope="session")
def corpus_rows() -> tuple:  # type: ignore[type-arg]
    """The real arXiv corpus (1,000 papers with their categories), in tests/data."""
    from litreview_dev.synth import read_corpus
    return read_corpus(CORPUS.read_text("utf-8"))


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four seed dumps built once into a temporary project; returns the project."""
    from litreview.site.build import build
    project = make_project(tmp_path_factory.mktemp("seeds"), seed_dumps(), notes=True)
    build(project)
    return project


@pytest.fixture(scope="session")
def first_seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first seed dump built once into a temporary project (no notes); returns the
    project. Read it, or ``copy_project`` it before changing anything."""
    from litreview.site.build import build
    project = make_project(tmp_path_factory.mktemp("first-seed"), seed_dumps(1))
    build(project)
    return project


def copy_project(project: Path, dest: Path) -> Path:
    """A copy of a built project (``seeds_site``, ``first_seed_site``) to change."""
    shutil.copytree(project, dest, symlinks=True)
    return dest


def render(lib: Library, curated: Any = None, edition: str = "2026-01-01",
           captured: dict[str, str] | None = None) -> Any:
    """One edition's files for a library (``outputs.edition_files``), as the build makes
    them: every dump captured on ``edition`` unless ``captured`` says otherwise."""
    from litreview.analysis.editions import changes
    from litreview.rendering.outputs import EditionContext, edition_files
    captured = captured or {d.name: edition for d in lib.dumps}
    ctx = EditionContext(name=edition, captured=captured, news=changes(None, lib, ""),
                         edition_of={d: edition for d in captured},
                         base_url="http://localhost:8000/")
    return edition_files(lib, curated, ctx)


def sphinx_site(files: Any, project: Path, out: Path) -> None:
    """Assemble the Sphinx source of ``latest/`` in ``project`` with every paper page and
    build it with Sphinx (-W) into ``out``, laid out as the site: ``out/latest/``,
    ``out/papers/`` and the per-paper ``out/bib/``."""
    from litreview.contract import PAPER_LISTS, PAPER_PAGES
    from litreview.site.inputs import Paths
    from litreview.site.source import assemble
    from litreview.site.sphinx import sphinx_build
    paths = Paths(project)
    root = {PAPER_PAGES: json.dumps(files.paper_pages), PAPER_LISTS: files.paper_lists,
            **{f"{PUBLISHED_DIR}/latest/{k}": v for k, v in files.published.items()}}
    assemble(paths, "latest", files.sources, root)
    sphinx_build(paths.source, out, project / "doctrees",
                 EditionSettings("2026-01-01", "/switcher.json", "http://localhost:8000/",
                                 "latest"))
    for rel, text in files.shared.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, "utf-8")


def visible(fragment: str) -> str:
    """What a reader sees: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def article_text(page: Path) -> str:
    m = re.search(r"<article.*?</article>", page.read_text("utf-8"), re.DOTALL)
    assert m, page
    return m.group(0)


def soup(page: Path | str) -> BeautifulSoup:
    """A parsed page (pages are minified: attribute quotes and order are not fixed, so
    tests look at elements and attributes, never at markup spelling)."""
    text = page.read_text("utf-8") if isinstance(page, Path) else page
    return BeautifulSoup(text, "html.parser")


def article(page: Path) -> Tag:
    found = soup(page).find("article")
    assert isinstance(found, Tag), page
    return found


def hrefs(tag: Tag, selector: str = "a") -> list[str]:
    """The ``href`` of every element matching ``selector`` inside ``tag``, in order."""
    return [str(a.get("href")) for a in tag.select(selector) if a.get("href") is not None]


def pagefind_records(site: Path) -> list[dict[str, Any]]:
    """What Pagefind indexed: one record per page (url, content, meta, filters)."""
    records = []
    for f in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(f.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), f
        records.append(json.loads(raw[len(b"pagefind_dcd"):]))
    return records


# --- the network stand-in (tests/standin.py) ----------------------------------------------

#: recorded answers of the Hugging Face and arXiv stand-in: one record per seed paper
RECORDINGS = ROOT / "tests" / "data" / "standin" / "recordings.json"
_PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def is_loopback(host: object) -> bool:
    """Whether a host name or address is this machine's loopback."""
    if host in (None, "localhost", b"localhost"):
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse and record any name lookup or connection that is not loopback; a test that
    tried one fails at teardown, so no test reaches a real host, even through a library's
    side channel."""
    from huggingface_hub import constants
    refused: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host):
            refused.append(f"lookup {host!r}")
            raise socket.gaierror(f"test guard: lookup of {host!r} refused")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and not is_loopback(address[0]):
            refused.append(f"connect {address!r}")
            raise ConnectionRefusedError(f"test guard: connect to {address!r} refused")
        real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    for var in _PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    yield refused
    assert not refused, f"non-loopback network use: {refused}"


class FakeSleep:
    """Records requested waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def fake_sleep() -> FakeSleep:
    """A fresh ``FakeSleep``."""
    return FakeSleep()


@pytest.fixture(scope="session")
def recordings() -> dict[str, Any]:
    """The stand-in's recorded answers (``litreview_dev/recordings.py`` makes them)."""
    return json.loads(RECORDINGS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def seeds() -> dict[str, Any]:
    """The seeds' identities of record (bib/identities.toml), by key."""
    from litreview.reading.identities import parse_identities
    return parse_identities((ROOT / "bib" / "identities.toml").read_text("utf-8"),
                            "bib/identities.toml", "2026-11-26")
