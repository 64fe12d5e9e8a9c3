"""The pipeline: dumps -> library -> pages and BibTeX -> sphinx-build -> published site.

Reads dumps, the manifest and ``bib/curated.bib``; every write goes through ``write``.
Guarantees: a bad dump or a failed/warning Sphinx build publishes nothing and leaves the
previous site untouched; the build itself checks that no paper was lost on the way.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import parse_string

from . import __version__
from .bibtex import apply_curation, entry_for, parse_curated
from .editions import Changes, Edition, changes, digest, plan, redirect_html, switcher_json
from .errors import BuildWarning, LitReviewError
from .feeds import site_feeds
from .library import merge
from .manifest import MANIFEST_NAME, DumpSpec, parse_manifest
from .model import Dump, Library, Source
from .overrides import Overrides, keep_merged_urls, parse_overrides
from .overrides import apply as apply_overrides
from .overrides import validate as validate_overrides
from .parse import parse_dump
from .pictures import layout, map_svg, month_chart_svg
from .render import SiteFiles, site_files
from .search import index_site
from .themes import (
    clean_abstracts,
    documents,
    find_themes,
    related_papers,
    shared_terms_all,
    surface_forms,
    vectorise,
)
from .write import (
    copy_file,
    copy_tree,
    fresh_dir,
    publish,
    remove_files,
    remove_tree,
    sync_tree,
    write_bytes_if_changed,
    write_if_changed,
)

#: folders under docs/ that the generator owns (ignored by git)
GENERATED_DIRS = ["papers", "themes", "edition", "_generated"]
#: the maintainer's theme corrections, in bib/
THEMES_FILE = "themes.toml"
#: the record of how an edition was built, published in its folder
EDITION_FILE = "edition.json"
#: where `make serve` shows the site; CI passes the real address (LITREVIEW_BASE_URL)
DEFAULT_BASE_URL = "http://localhost:8000/"


@dataclass(frozen=True)
class Paths:
    """Where the project's inputs and outputs live."""

    #: the project root
    root: Path

    @property
    def dumps(self) -> Path:
        return self.root / "dumps"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def bib(self) -> Path:
        return self.root / "bib"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"


@dataclass
class Report:
    """What a build did, for the summary (mutable: stages fill it in as they run)."""

    stages: list[tuple[str, float]] = field(default_factory=list)
    entries: int = 0
    papers: int = 0
    themes: int = 0
    merges: tuple[tuple[str, tuple[Source, ...]], ...] = ()
    pages_written: int = 0
    pages_removed: int = 0
    editions_built: list[str] = field(default_factory=list)
    editions_kept: list[str] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)

    def timed(self, name: str, start: float) -> float:
        """Add the time since ``start`` to stage ``name`` (stages of several editions add
        up); return the current time, the start of the next stage."""
        now = time.perf_counter()
        for i, (n, s) in enumerate(self.stages):
            if n == name:
                self.stages[i] = (n, s + now - start)
                return now
        self.stages.append((name, now - start))
        return now


def load_dumps(paths: Paths) -> tuple[tuple[DumpSpec, ...], tuple[Dump, ...]]:
    """Read the manifest and parse every dump it lists, in capture order."""
    present = sorted(p.name for p in paths.dumps.glob("*.txt"))
    manifest = paths.dumps / MANIFEST_NAME
    if not manifest.is_file():
        raise LitReviewError("no manifest: create it listing each dump and its capture date",
                             str(manifest))
    specs = parse_manifest(manifest.read_text(encoding="utf-8"), str(manifest), present)
    if not specs:
        raise LitReviewError("the manifest lists no dump", str(manifest))
    dumps = tuple(parse_dump((paths.dumps / s.file).read_bytes(), s.file, s.captured.year)
                  for s in specs)
    return specs, dumps


def make_library(dumps: tuple[Dump, ...], previous: Library | None = None) -> Library:
    """Merge, theme and relate the papers of the given dumps.

    ``previous`` is the library of the same dumps but the last, whose themes are carried
    over (see ``themes.find_themes``); ``make_libraries`` builds that chain.
    """
    papers, merges = merge(dumps)
    abstracts = clean_abstracts(papers)
    docs = documents(papers, abstracts)
    X, terms = vectorise(docs)
    forms = surface_forms(docs)
    themes, paper_themes = find_themes(papers, X, terms, forms,
                                       previous.themes if previous else (), abstracts)
    keys = [p.key for p in papers]
    related = related_papers(X, keys)
    reasons = shared_terms_all(X, terms, forms, keys, related)
    warnings = tuple(w for d in dumps for w in d.warnings)
    return Library(papers=papers, themes=themes, related=related, related_terms=reasons,
                   paper_themes=paper_themes,
                   dumps=dumps, merges=merges, warnings=warnings)


def make_libraries(dumps: tuple[Dump, ...],
                   overrides: Overrides | None = None) -> list[Library]:
    """The library of every edition, each carrying the themes of the one before, with the
    maintainer's theme corrections applied (so they carry forward too)."""
    libs: list[Library] = []
    for k in range(len(dumps)):
        libs.append(next_library(dumps[: k + 1], libs[-1] if libs else None, overrides))
    return libs


def next_library(dumps: tuple[Dump, ...], previous: Library | None,
                 overrides: Overrides | None) -> Library:
    """One link of the chain: the library of ``dumps`` after ``previous`` (corrected)."""
    lib = make_library(dumps, previous)
    return apply_overrides(overrides, lib, previous) if overrides else lib


def cached_libraries(paths: Paths, specs: tuple[DumpSpec, ...], dumps: tuple[Dump, ...],
                     overrides: Overrides | None) -> list[Library]:
    """``make_libraries``, with each edition's library kept in ``.cache/libraries/``.

    The chain carries themes from edition to edition, so the newest edition needs every
    earlier one; at 10,000 papers each costs ~10 s. An entry is keyed by everything a
    library is made of (the dumps so far, the maintainer's theme file, the generator's
    code), so a stale one is never used; entries no build asks for are deleted. The cache
    is the project's own (pickle): never fill it from elsewhere.
    """
    folder = paths.cache / "libraries"
    code = [(f"generator/{f.relative_to(Path(__file__).parent)}", f.read_bytes())
            for f in sorted(Path(__file__).parent.rglob("*"))
            if f.is_file() and f.suffix in (".py", ".html")]
    themes_file = paths.bib / THEMES_FILE
    base = [("version", __version__.encode()), *code,
            ("themes.toml", themes_file.read_bytes() if themes_file.is_file() else b"")]
    libs: list[Library] = []
    wanted: set[Path] = set()
    for k in range(len(dumps)):
        key = digest(base + [(f"{s.file}@{s.captured}", (paths.dumps / s.file).read_bytes())
                             for s in specs[: k + 1]])
        path = folder / f"{key}.pickle"
        wanted.add(path)
        lib: Library | None = None
        if path.is_file():
            try:
                lib = pickle.loads(path.read_bytes())
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                    TypeError, ValueError):  # an unreadable entry is rebuilt
                lib = None
        if not isinstance(lib, Library):
            lib = next_library(dumps[: k + 1], libs[-1] if libs else None, overrides)
            write_bytes_if_changed(path, pickle.dumps(lib, protocol=pickle.HIGHEST_PROTOCOL))
        libs.append(lib)
    if folder.is_dir():
        remove_files([p for p in folder.glob("*.pickle") if p not in wanted])
    return libs


def load_overrides(paths: Paths) -> Overrides | None:
    """``bib/themes.toml``, if the maintainer wrote one."""
    path = paths.bib / THEMES_FILE
    if not path.is_file():
        return None
    return parse_overrides(path.read_text("utf-8"), str(path))


def render_site(lib: Library, specs: tuple[DumpSpec, ...], curated_path: Path,
                edition: str = "", news: Changes | None = None,
                url_base: str = "") -> SiteFiles:
    """Pages, BibTeX and JSON for a library, with the maintainer's curation applied."""
    names = {t.slug: t.name for t in lib.themes}
    generated = {p.key: entry_for(p, [names[s] for s in lib.paper_themes.get(p.key, ())])
                 for p in lib.papers}
    if curated_path.is_file():
        curated = parse_curated(curated_path.read_text(encoding="utf-8"), str(curated_path))
        entries = apply_curation(generated, curated)
    else:
        entries = generated
    captured = {s.file: s.captured.isoformat() for s in specs}
    return site_files(lib, entries, captured, edition, news, url_base)


def sphinx_build(docs: Path, out: Path, doctrees: Path,
                 env: dict[str, str] | None = None) -> None:
    """Run sphinx-build with warnings as errors; raise with Sphinx's messages on failure."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
           "-d", str(doctrees), str(docs), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-40:])
        raise LitReviewError(f"sphinx-build failed (exit {proc.returncode}):\n{tail}",
                             str(docs))


def check_conservation(lib: Library, out: Path) -> None:
    """Papers parsed == pages built == entries in library.bib == entries in papers.json."""
    keys = {p.key for p in lib.papers}
    pages = {p.stem for p in (out / "papers").glob("*.html")} - {"index"}
    bib = set(parse_string((out / "library.bib").read_text(encoding="utf-8"),
                           "bibtex").entries.keys())
    exported = {p["key"] for p in json.loads((out / "papers.json").read_text("utf-8"))["papers"]}
    bib_files = {p.stem for p in (out / "bib").glob("*.bib")
                 if not p.stem.startswith("theme-")}
    problems = []
    for what, found in (("paper pages", pages), ("papers.json entries", exported),
                        ("per-paper .bib files", bib_files)):
        if found != keys:
            problems.append(f"{what}: {len(found)} (missing {sorted(keys - found)[:5]}, "
                            f"unexpected {sorted(found - keys)[:5]})")
    if not keys <= {k for k in bib}:
        problems.append(f"library.bib lacks {sorted(keys - bib)[:5]}")
    if problems:
        raise LitReviewError(f"{len(keys)} papers parsed, but " + "; ".join(problems),
                             str(out))


def check_keys_kept(before: dict[str, str], lib: Library, what: str) -> None:
    """Every key (and page URL) published before must still be there."""
    now = {p.key: f"papers/{p.key}.html" for p in lib.papers}
    lost = sorted(k for k, url in before.items() if now.get(k) != url)
    if lost:
        raise LitReviewError(
            f"{len(lost)} published keys or URLs would disappear or change "
            f"(dumps are append-only): {', '.join(lost[:10])}", what)


def published_keys(site_dir: Path) -> dict[str, str]:
    """key -> url from an already published edition's papers.json (empty if none)."""
    path = site_dir / "papers.json"
    if not path.is_file():
        return {}
    return {p["key"]: p["url"] for p in json.loads(path.read_text("utf-8"))["papers"]}


def published_themes(site_dir: Path) -> set[str]:
    """Theme slugs with a page in an already published edition, merged ones included
    (empty if none)."""
    path = site_dir / "papers.json"
    if not path.is_file():
        return set()
    data = json.loads(path.read_text("utf-8"))
    return {t["slug"] for t in data["themes"]} | set(data.get("merged_themes", {}))


def _edition_record(site_dir: Path) -> dict[str, str]:
    path = site_dir / EDITION_FILE
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def _hashes(paths: Paths, ed: Edition, base_url: str) -> tuple[str, str]:
    """(frozen, live): frozen covers what an edition is made of (its dumps, the generator
    version, the base URL); live adds what a newest edition follows (curation, docs
    sources, the generator's code)."""
    frozen = digest([("version", __version__.encode()), ("base", base_url.encode())]
                    + [(f"{s.file}@{s.captured}:{s.label}", (paths.dumps / s.file).read_bytes())
                       for s in ed.specs])
    live_parts = [("frozen", frozen.encode())]
    for curation in (paths.bib / "curated.bib", paths.bib / THEMES_FILE):
        if curation.is_file():
            live_parts.append((curation.name, curation.read_bytes()))
    for base, root in (("docs", paths.docs), ("generator", Path(__file__).parent)):
        for f in sorted(root.rglob("*")):
            rel = f.relative_to(root)
            if f.is_file() and rel.parts[0] not in GENERATED_DIRS + ["__pycache__", "_build"]:
                live_parts.append((f"{base}/{rel}", f.read_bytes()))
    return frozen, digest(live_parts)


def edition_extras(lib: Library, ed: Edition, edition_of: dict[str, str], base_url: str,
                   frozen: str, live: str) -> dict[str, str]:
    """An edition's files besides pages, BibTeX and JSON: feeds, pictures, its record."""
    out = {name: data.decode("utf-8")
           for name, data in site_feeds(lib, edition_of, base_url, ed.name).items()}
    # the text is vectorised again here rather than keeping matrices in Library
    X, _ = vectorise(documents(lib.papers))
    number = {t.slug: i for i, t in enumerate(lib.themes)}
    groups = [number[lib.paper_themes[p.key][0]] if lib.paper_themes.get(p.key) else -1
              for p in lib.papers]
    out["map.svg"] = map_svg(lib, layout(X, groups))
    by_key = {p.key: p for p in lib.papers}
    for theme in lib.themes:
        dates = [d for d in (by_key[key].date for key in theme.papers) if d is not None]
        out[f"charts/{theme.slug}.svg"] = month_chart_svg(dates,
                                                          f"{theme.name}: papers per month")
    out[EDITION_FILE] = json.dumps({
        "edition": ed.name, "label": ed.label, "dumps": [s.file for s in ed.specs],
        "papers": len(lib.papers), "generator": __version__,
        "frozen": frozen, "live": live}, indent=1) + "\n"
    return out


def add_dump(root: Path, source: Path, captured: dt.date, label: str = "") -> Path:
    """Check that ``source`` parses, copy it into dumps/ and append it to the manifest."""
    paths = Paths(root)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise LitReviewError(f"cannot read: {exc.strerror}", str(source)) from None
    parse_dump(data, source.name, captured.year)  # raises on a file that is not a dump
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.txt", source.name):
        raise LitReviewError("a dump's file name must be letters, digits, '_', '.', '-' "
                             "and end with .txt", str(source))
    dest = paths.dumps / source.name
    if dest.exists():
        raise LitReviewError("a dump with this name is already in dumps/", str(dest))
    specs, _ = load_dumps(paths)
    if specs and captured < specs[-1].captured:
        raise LitReviewError(
            f"captured {captured} is before the newest edition ({specs[-1].captured}); "
            "dumps are append-only, so a new dump must be the newest", str(source))
    manifest = paths.dumps / MANIFEST_NAME
    entry = f'\n[[dump]]\nfile = "{source.name}"\ncaptured = {captured.isoformat()}\n'
    if label:
        entry += f"label = {json.dumps(label, ensure_ascii=False)}\n"
    copy_file(source, dest)
    write_if_changed(manifest, manifest.read_text("utf-8") + entry)
    return dest


def build(root: Path, progress: Callable[[str], None] = lambda s: None,
          base_url: str = DEFAULT_BASE_URL) -> Report:
    """Build every missing edition from ``dumps/`` into ``site/``; refresh ``latest/``."""
    paths = Paths(root)
    report = Report()
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?/", base_url):
        raise LitReviewError(f"base URL must be absolute and end with '/': {base_url!r}")
    base_path = "/" + base_url.split("://", 1)[1].split("/", 1)[1]

    t = time.perf_counter()
    progress("parsing dumps")
    specs, dumps = load_dumps(paths)
    t = report.timed("parse", t)
    report.entries = sum(len(d.entries) for d in dumps)
    report.warnings = sorted((w for d in dumps for w in d.warnings), key=BuildWarning.sort_key)
    editions = plan(specs)
    edition_of = {s.file: ed.name for ed in editions for s in ed.specs[-1:]}
    previously_latest = published_keys(paths.site / "latest")
    overrides = load_overrides(paths)
    progress(f"themes and related papers ({len(editions)} editions)")
    libs = cached_libraries(paths, specs, dumps, overrides)
    if overrides:
        published = published_themes(paths.site / "latest")
        validate_overrides(overrides, libs[-1], str(paths.bib / THEMES_FILE), published)
        # a published theme merged away keeps a page at its URL, even when the corrected
        # chain never forms it
        libs[-1] = keep_merged_urls(overrides, libs[-1], published)
    t = report.timed("themes + related", t)

    prev_lib: Library | None = None
    for k, ed in enumerate(editions):
        newest = k == len(editions) - 1
        lib = libs[k]
        if prev_lib is not None:
            check_keys_kept({p.key: f"papers/{p.key}.html" for p in prev_lib.papers}, lib,
                            f"edition {ed.name}")
        frozen, live = _hashes(paths, ed, base_url)
        record = _edition_record(paths.site / ed.name)
        up_to_date = record.get("live" if newest else "frozen") == (live if newest else frozen)
        if newest:
            report.papers, report.themes, report.merges = len(lib.papers), len(lib.themes), \
                lib.merges
            check_keys_kept(previously_latest, lib, str(paths.site / "latest"))
        t = report.timed("checks", t)
        if up_to_date:
            report.editions_kept.append(ed.name)
            prev_lib = lib
            continue
        progress(f"edition {ed.name}: {len(lib.papers)} papers")
        news = changes(prev_lib, lib, editions[k - 1].name if k else "")
        files = render_site(lib, ed.specs, paths.bib / "curated.bib", ed.name, news,
                            f"{base_url}{ed.name}/")
        t = report.timed("render", t)
        extra = {**files.extra, **edition_extras(lib, ed, edition_of, base_url, frozen, live)}
        t = report.timed("feeds + pictures", t)
        all_files = dict(files.pages)
        all_files.update({f"_generated/extra/{n}": v for n, v in extra.items()})
        written, removed = sync_tree(paths.docs, all_files, GENERATED_DIRS)
        report.pages_written += written
        report.pages_removed += removed
        t = report.timed("write sources", t)
        staging = fresh_dir(paths.site, ".staging-")
        try:
            progress(f"edition {ed.name}: sphinx-build")
            sphinx_build(paths.docs, staging, paths.cache / "doctrees", {
                "LITREVIEW_EDITION": ed.name,
                "LITREVIEW_SWITCHER_URL": base_path + "switcher.json",
                "LITREVIEW_BASE_URL": base_url})
            t = report.timed("sphinx", t)
            progress(f"edition {ed.name}: search index")
            index_site(staging)
            t = report.timed("search index", t)
            check_conservation(lib, staging)
            publish(staging, paths.site / ed.name)
            t = report.timed("checks", t)
        except BaseException:
            remove_tree(staging)
            raise
        report.editions_built.append(ed.name)
        if newest:
            write_if_changed(paths.bib / "library.bib", files.library_bib)
        prev_lib = lib

    t = time.perf_counter()
    newest_name = editions[-1].name
    if _edition_record(paths.site / "latest") != _edition_record(paths.site / newest_name):
        progress("refreshing latest/")
        staging = fresh_dir(paths.site, ".staging-")
        remove_tree(staging)
        copy_tree(paths.site / newest_name, staging)
        publish(staging, paths.site / "latest")
    write_if_changed(paths.site / "switcher.json", switcher_json(editions, base_path))
    write_if_changed(paths.site / "index.html", redirect_html("latest/"))
    write_if_changed(paths.site / ".nojekyll", "")
    report.timed("latest/ + switcher", t)
    return report
