"""The pipeline: dumps -> libraries -> pages and BibTeX -> sphinx-build -> published site.

Reads through ``inputs`` and ``cache``; every write goes through ``write``.
Guarantees: a bad dump or a failed/warning Sphinx build publishes nothing and leaves the
previous site untouched; the build itself checks that no paper was lost on the way.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData

from .. import __version__
from ..analysis.checks import notices
from ..analysis.checks import validate as validate_overrides
from ..analysis.editions import Edition, changes, plan
from ..analysis.kept_urls import keep_merged_urls, keep_published_urls
from ..analysis.library import splits
from ..contract import (
    PAPER_LISTS,
    PAPER_PAGES,
    PUBLISHED_DIR,
    REFERENCES,
    EditionSettings,
    PaperPages,
)
from ..errors import BuildWarning, LitReviewError
from ..model import Dump, Library, Source
from ..reading.manifest import DumpSpec
from ..rendering.notes import Notes, check_files
from ..rendering.outputs import EditionContext, EditionFiles, edition_files, root_files
from .cache import (
    cached_libraries,
    chrome_digest,
    dump_hashes,
    edition_hashes,
    tool_versions,
)
from .inputs import (
    Paths,
    edition_record,
    file_text,
    load_curated,
    load_dumps,
    load_identities,
    load_overrides,
    published_editions,
    published_keys,
    published_pointers,
    published_shown_themes,
    published_sources,
    published_theme_papers,
    published_themes,
)
from .paper_pages import changed_pages, missing_pages
from .search import index_site
from .source import NOTES, assemble, notes
from .sphinx import sphinx_build
from .verify import (
    check_conservation,
    check_keys_kept,
    check_known,
    check_published_editions,
    urls,
)
from .write import (
    fresh_dir,
    merge_into_site,
    minify_pages,
    publish,
    remove_tree,
    write_if_changed,
)

#: where `make serve` shows the site; CI passes the real address (LITREVIEW_BASE_URL)
DEFAULT_BASE_URL = "http://localhost:8000/"


@dataclass
class Report:
    """What a build did, for the summary (mutable: stages fill it in as they run)."""

    stages: list[tuple[str, float]] = field(default_factory=list)
    entries: int = 0
    papers: int = 0
    themes: int = 0
    merges: tuple[tuple[str, tuple[Source, ...]], ...] = ()
    #: (title, keys) of different papers printing the same title, kept apart
    splits: tuple[tuple[str, tuple[str, ...]], ...] = ()
    pages_written: int = 0
    pages_removed: int = 0
    editions_built: list[str] = field(default_factory=list)
    #: paper pages rendered (new, or their content changed); the others were kept
    papers_rendered: int = 0
    #: whether ``latest/`` was built (else it was up to date)
    latest_built: bool = False
    editions_kept: list[str] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)
    #: papers of the newest edition with no identity yet (``litreview resolve`` finds them)
    unidentified: int = 0

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


@dataclass(frozen=True)
class _Run:
    """What every edition of one build shares."""

    paths: Paths
    base_url: str
    #: the root-relative path of the site (``/`` or ``/repo/``)
    base_path: str
    curated: BibliographyData | None
    #: dump file name -> the edition it first appeared in
    edition_of: dict[str, str]
    progress: Callable[[str], None]
    #: edition -> its record, for the editions already in site/
    published: dict[str, dict[str, Any]]
    #: the digest of what is around every paper page (``paper_pages.page_digest``)
    chrome: str
    #: the maintainer's theme introductions and paper notes (``docs/notes/``)
    notes: Notes


def build(root_dir: Path, progress: Callable[[str], None] = lambda s: None,
          base_url: str = DEFAULT_BASE_URL) -> Report:
    """Build every missing edition's snapshot from ``dumps/`` into ``site/``, and
    ``latest/`` (the newest in full, with the paper pages) when it changed."""
    paths = Paths(root_dir)
    report = Report()
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?/", base_url):
        raise LitReviewError(f"base URL must be absolute and end with '/': {base_url!r}")
    t = time.perf_counter()
    progress("parsing dumps")
    specs, dumps = load_dumps(paths)
    t = report.timed("parse", t)
    report.entries = sum(len(d.entries) for d in dumps)
    editions = plan(specs)
    published = published_editions(paths.site)
    check_published_editions({ed.name: dump_hashes(paths, ed.specs) for ed in editions},
                             published, str(paths.site))
    progress(f"themes and related papers ({len(editions)} editions)")
    libs = _libraries(paths, specs, dumps)
    report.timed("themes + related", t)
    newest = libs[-1]
    # the dumps' warnings, and the corrections' (``checks.notices``)
    report.warnings = sorted(newest.warnings, key=BuildWarning.sort_key)
    report.papers, report.themes, report.merges = (len(newest.papers), len(newest.themes),
                                                   newest.merges)
    report.unidentified = len(newest.papers) - len(newest.identities)
    report.splits = splits(newest.papers)
    curated = load_curated(paths)
    if curated is not None:  # a key of no paper stops here, before anything is written
        check_known(curated.entries, newest, str(paths.curated_file),
                    file_text(paths.curated_file))
    written = notes(paths)
    check_files(written, newest, str(paths.docs))
    run = _Run(paths, base_url, "/" + base_url.split("://", 1)[1].split("/", 1)[1],
               curated, {s.file: ed.name for ed in editions for s in ed.specs[-1:]},
               progress, published, chrome_digest(paths, base_url), written)
    for k, ed in enumerate(editions):
        if k:
            check_keys_kept(urls(libs[k - 1]), libs[k], f"edition {ed.name}")
        _edition(run, editions, k, libs, report)
    _latest(run, editions, libs, report)
    _refresh_root(run, editions, report)
    return report


def _libraries(paths: Paths, specs: tuple[DumpSpec, ...],
               dumps: tuple[Dump, ...]) -> list[Library]:
    """Every edition's library with the papers' identities, the maintainer's theme
    corrections checked against the newest one and the URLs of published merged themes
    kept."""
    overrides = load_overrides(paths)
    # a published paper keeps its key whatever the generator now derives
    libs = cached_libraries(paths, specs, dumps, overrides,
                            published_sources(paths.site / "latest"))
    check_keys_kept(published_keys(paths.site / "latest"), libs[-1],
                    str(paths.site / "latest"))
    identities = load_identities(paths, dt.date.today().isoformat())
    check_known(identities, libs[-1], str(paths.identities_file),
                file_text(paths.identities_file))
    libs = [replace(lib, identities={p.key: identities[p.key] for p in lib.papers
                                     if p.key in identities}) for lib in libs]
    if overrides:
        published = published_themes(paths.site / "latest")
        validate_overrides(overrides, libs[-1], str(paths.themes_file), dict.fromkeys(
            published, ()) | published_theme_papers(paths.site / "latest"))
        libs[-1] = replace(libs[-1], warnings=libs[-1].warnings + notices(
            overrides, libs[-1], str(paths.themes_file)))
        # a published theme merged away keeps a page at its URL, even when the corrected
        # chain never forms it
        libs[-1] = keep_merged_urls(overrides, libs[-1], published)
    libs[-1] = _published_urls_kept(paths, plan(specs)[-1].name, libs[-1])
    return libs


def _published_urls_kept(paths: Paths, newest: str, lib: Library) -> Library:
    """``lib`` with a page at every theme URL any edition published under latest/ (each
    edition's themes were once there): one that was a theme points to where most of its
    papers are; one that only ever pointed on keeps pointing where it did. The papers a
    slug showed are read from the editions that no longer change (older than ``newest``),
    so that its page does not depend on how often the newest one was rebuilt."""
    frozen = [paths.site / n for n in published_editions(paths.site) if n != newest]
    live = [paths.site / newest, paths.site / "latest"]
    shown: dict[str, set[str]] = {}
    pointed: dict[str, str] = {}
    for folder in frozen + live:
        shown.update(published_theme_papers(folder))
        pointed.update(published_pointers(folder))
    lib = keep_published_urls(lib, shown, pointed)
    settled: dict[str, set[str]] = {}
    for folder in frozen:
        settled.update(published_theme_papers(folder))
    return replace(lib, moved_papers={s: tuple(sorted(settled[s]))
                                      for s in lib.theme_aliases if s in settled})


def _context(run: _Run, editions: tuple[Edition, ...], k: int, libs: list[Library],
             snapshot: bool, record: dict[str, object]) -> EditionContext:
    ed = editions[k]
    return EditionContext(
        name=ed.name, captured={s.file: s.captured.isoformat() for s in ed.specs},
        news=changes(libs[k - 1] if k else None, libs[k], editions[k - 1].name if k else "",
                     published_shown_themes(run.paths.site / editions[k - 1].name)
                     if k else None),
        edition_of=run.edition_of, base_url=run.base_url, snapshot=snapshot,
        notes=run.notes, notes_from_themes=os.path.relpath(
            run.paths.docs / NOTES / "themes", run.paths.source / "latest" / "themes"),
        record={"edition": ed.name, "label": ed.label, "dumps": [s.file for s in ed.specs],
                "dump_sha256": dump_hashes(run.paths, ed.specs),
                "papers": len(libs[k].papers), "generator": __version__,
                "built_with": tool_versions(), **record})


def _edition(run: _Run, editions: tuple[Edition, ...], k: int, libs: list[Library],
             report: Report) -> None:
    """The snapshot of edition ``k`` in its own folder. An older edition's is never built
    again; the newest edition's follows what ``latest/`` follows (curation, docs, the
    generator) until the next dump makes it older, so that it keeps what readers last
    saw of that edition, and the next edition's "what's new" compares with that."""
    ed = editions[k]
    newest = k == len(editions) - 1
    if ed.name in run.published and not newest:
        report.editions_kept.append(ed.name)
        return
    frozen, live = edition_hashes(run.paths, ed.specs, run.base_url)
    if ed.name in run.published and run.published[ed.name].get("live") == live:
        report.editions_kept.append(ed.name)
        return
    record: dict[str, object] = {"frozen": frozen, **({"live": live} if newest else {})}
    t = time.perf_counter()
    run.progress(f"edition {ed.name}: {len(libs[k].papers)} papers")
    files = edition_files(libs[k], run.curated, _context(run, editions, k, libs, True, record))
    t = report.timed("render", t)
    _sphinx(run, EditionSettings(ed.name, run.base_path + "switcher.json", run.base_url),
            libs[k], files, {}, report, t)
    report.editions_built.append(ed.name)


def _latest(run: _Run, editions: tuple[Edition, ...], libs: list[Library],
            report: Report) -> None:
    """``latest/``: the newest edition in full (downloads, map, rich lists), with every
    paper page whose content changed. Built when what it follows changed (the dumps,
    curation, identities, the docs sources, the generator) or a paper page is missing."""
    k = len(editions) - 1
    ed, lib = editions[k], libs[k]
    frozen, live = edition_hashes(run.paths, ed.specs, run.base_url)
    record = edition_record(run.paths.site / "latest")
    if record.get("live") == live and not missing_pages(run.paths.site, lib):
        return
    t = time.perf_counter()
    run.progress(f"latest/ ({ed.name}): {len(lib.papers)} papers")
    files = edition_files(lib, run.curated, _context(
        run, editions, k, libs, False, {"frozen": frozen, "live": live}))
    pages = changed_pages(run.paths.site, files.paper_pages, run.chrome)
    t = report.timed("render", t)
    _sphinx(run, EditionSettings(ed.name, run.base_path + "switcher.json", run.base_url,
                                 "latest"), lib, files, pages, report, t)
    report.papers_rendered += len(pages)
    report.latest_built = True


def _sphinx(run: _Run, settings: EditionSettings, lib: Library, files: EditionFiles,
            pages: PaperPages, report: Report, t: float) -> None:
    """The sources of one folder (an edition's snapshot, or ``latest/`` with the paper
    ``pages`` to render), then Sphinx into a staging folder laid out as the site; merged
    into ``site/`` only when Sphinx succeeded and no paper was lost; then the files every
    edition shares (``files.shared``)."""
    folder = settings.folder or settings.edition
    root = {PAPER_PAGES: json.dumps(pages, ensure_ascii=False, sort_keys=True, indent=0),
            PAPER_LISTS: files.paper_lists, REFERENCES: files.references}
    root.update({f"{PUBLISHED_DIR}/{folder}/{n}": v for n, v in files.published.items()})
    written, removed = assemble(run.paths, folder, files.sources, root)
    report.pages_written += written
    report.pages_removed += removed
    t = report.timed("write sources", t)
    staging = fresh_dir(run.paths.site, ".staging-")
    try:
        run.progress(f"{folder}: sphinx-build")
        sphinx_build(run.paths.source, staging, run.paths.cache / "doctrees", settings)
        minify_pages(staging)
        t = report.timed("sphinx", t)
        full = folder == "latest"
        check_conservation(lib, staging / folder,
                           [staging / "papers", run.paths.site / "papers"] if full else None,
                           files.shared if full else None)
        merge_into_site(staging, run.paths.site, folder)
        for rel, text in files.shared.items():
            write_if_changed(run.paths.site / rel, text)
        report.timed("checks + publish", t)
    finally:
        remove_tree(staging)


def _refresh_root(run: _Run, editions: tuple[Edition, ...], report: Report) -> None:
    """The files at the site root, and the search index of the whole site."""
    t = time.perf_counter()
    site = run.paths.site
    for name, text in root_files(editions, run.base_path).items():
        write_if_changed(site / name, text)
    t = report.timed("switcher", t)
    if report.latest_built or not (site / "pagefind" / "pagefind.js").is_file():
        run.progress("search index")
        staging = fresh_dir(site, ".staging-")
        try:
            index_site(site, staging)
            publish(staging, site / "pagefind")
        finally:
            remove_tree(staging)
        report.timed("search index", t)
