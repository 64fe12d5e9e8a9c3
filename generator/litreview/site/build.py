"""The pipeline: dumps -> libraries -> pages and BibTeX -> sphinx-build -> published site.

Reads through ``inputs`` and ``cache``; every write goes through ``write``.
Guarantees: a bad dump or a failed/warning Sphinx build publishes nothing and leaves the
previous site untouched; the build itself checks that no paper was lost on the way.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData

from .. import __version__
from ..analysis.editions import Edition, changes, plan
from ..analysis.library import splits
from ..analysis.overrides import keep_merged_urls
from ..analysis.overrides import validate as validate_overrides
from ..contract import PUBLISHED_DIR, EditionSettings
from ..errors import BuildWarning, LitReviewError
from ..model import Dump, Library, Source
from ..reading.manifest import DumpSpec
from ..rendering.outputs import EditionContext, edition_files, root_files
from .cache import cached_libraries, dump_hashes, edition_hashes, tool_versions
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
    published_themes,
)
from .search import index_site
from .source import assemble
from .sphinx import sphinx_build
from .verify import (
    check_conservation,
    check_keys_kept,
    check_known,
    check_published_editions,
    urls,
)
from .write import copy_tree, fresh_dir, publish, remove_tree, write_if_changed

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


def build(root_dir: Path, progress: Callable[[str], None] = lambda s: None,
          base_url: str = DEFAULT_BASE_URL) -> Report:
    """Build every missing edition from ``dumps/`` into ``site/``; refresh ``latest/``."""
    paths = Paths(root_dir)
    report = Report()
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?/", base_url):
        raise LitReviewError(f"base URL must be absolute and end with '/': {base_url!r}")
    t = time.perf_counter()
    progress("parsing dumps")
    specs, dumps = load_dumps(paths)
    t = report.timed("parse", t)
    report.entries = sum(len(d.entries) for d in dumps)
    report.warnings = sorted((w for d in dumps for w in d.warnings), key=BuildWarning.sort_key)
    editions = plan(specs)
    published = published_editions(paths.site)
    check_published_editions({ed.name: dump_hashes(paths, ed.specs) for ed in editions},
                             published, str(paths.site))
    progress(f"themes and related papers ({len(editions)} editions)")
    libs = _libraries(paths, specs, dumps)
    report.timed("themes + related", t)
    newest = libs[-1]
    report.papers, report.themes, report.merges = (len(newest.papers), len(newest.themes),
                                                   newest.merges)
    report.unidentified = len(newest.papers) - len(newest.identities)
    report.splits = splits(newest.papers)
    curated = load_curated(paths)
    if curated is not None:  # a key of no paper stops here, before anything is written
        check_known(curated.entries, newest, str(paths.curated_file),
                    file_text(paths.curated_file))
    run = _Run(paths, base_url, "/" + base_url.split("://", 1)[1].split("/", 1)[1],
               curated, {s.file: ed.name for ed in editions for s in ed.specs[-1:]},
               progress, published)
    for k, ed in enumerate(editions):
        if k:
            check_keys_kept(urls(libs[k - 1]), libs[k], f"edition {ed.name}")
        _edition(run, editions, k, libs, report)
    _refresh_root(run, editions, report)
    return report


def _libraries(paths: Paths, specs: tuple[DumpSpec, ...],
               dumps: tuple[Dump, ...]) -> list[Library]:
    """Every edition's library with the papers' identities, the maintainer's theme
    corrections checked against the newest one and the URLs of published merged themes
    kept."""
    overrides = load_overrides(paths)
    libs = cached_libraries(paths, specs, dumps, overrides)
    check_keys_kept(published_keys(paths.site / "latest"), libs[-1],
                    str(paths.site / "latest"))
    identities = load_identities(paths, dt.date.today().isoformat())
    check_known(identities, libs[-1], str(paths.identities_file),
                file_text(paths.identities_file))
    libs = [replace(lib, identities={p.key: identities[p.key] for p in lib.papers
                                     if p.key in identities}) for lib in libs]
    if overrides:
        published = published_themes(paths.site / "latest")
        validate_overrides(overrides, libs[-1], str(paths.themes_file), published)
        # a published theme merged away keeps a page at its URL, even when the corrected
        # chain never forms it
        libs[-1] = keep_merged_urls(overrides, libs[-1], published)
    return libs


def _edition(run: _Run, editions: tuple[Edition, ...], k: int, libs: list[Library],
             report: Report) -> None:
    """Build edition ``k``, unless it is published already: an older edition is never
    built again; the newest only when what it follows (curation, identities, the docs
    sources, the generator) changed."""
    ed, lib = editions[k], libs[k]
    newest = k == len(editions) - 1
    frozen, live = edition_hashes(run.paths, ed.specs, run.base_url)
    record = run.published.get(ed.name)
    if record is not None and (not newest or record.get("live") == live):
        report.editions_kept.append(ed.name)
        return
    t = time.perf_counter()
    run.progress(f"edition {ed.name}: {len(lib.papers)} papers")
    ctx = EditionContext(
        name=ed.name, captured={s.file: s.captured.isoformat() for s in ed.specs},
        news=changes(libs[k - 1] if k else None, lib, editions[k - 1].name if k else ""),
        edition_of=run.edition_of, base_url=run.base_url,
        record={"edition": ed.name, "label": ed.label, "dumps": [s.file for s in ed.specs],
                "dump_sha256": dump_hashes(run.paths, ed.specs),
                "papers": len(lib.papers), "generator": __version__,
                "built_with": tool_versions(), "frozen": frozen, "live": live})
    files = edition_files(lib, run.curated, ctx)
    t = report.timed("render", t)
    sources = dict(files.sources)
    sources.update({f"{PUBLISHED_DIR}/{n}": v for n, v in files.published.items()})
    written, removed = assemble(run.paths, sources)
    report.pages_written += written
    report.pages_removed += removed
    t = report.timed("write sources", t)
    _sphinx(run, ed, lib, report)
    report.editions_built.append(ed.name)


def _sphinx(run: _Run, ed: Edition, lib: Library, report: Report) -> None:
    """Sphinx, then Pagefind, into a staging folder swapped in as ``site/<edition>/``
    only when both succeeded and no paper was lost."""
    t = time.perf_counter()
    staging = fresh_dir(run.paths.site, ".staging-")
    try:
        run.progress(f"edition {ed.name}: sphinx-build")
        sphinx_build(run.paths.source, staging, run.paths.cache / "doctrees", EditionSettings(
            ed.name, run.base_path + "switcher.json", run.base_url))
        t = report.timed("sphinx", t)
        run.progress(f"edition {ed.name}: search index")
        index_site(staging)
        t = report.timed("search index", t)
        check_conservation(lib, staging)
        publish(staging, run.paths.site / ed.name)
        report.timed("checks", t)
    except BaseException:
        remove_tree(staging)
        raise


def _refresh_root(run: _Run, editions: tuple[Edition, ...], report: Report) -> None:
    """``latest/`` as a copy of the newest edition, and the files at the site root."""
    t = time.perf_counter()
    site = run.paths.site
    newest = editions[-1].name
    if edition_record(site / "latest") != edition_record(site / newest):
        run.progress("refreshing latest/")
        staging = fresh_dir(site, ".staging-")
        remove_tree(staging)
        copy_tree(site / newest, staging)
        publish(staging, site / "latest")
    for name, text in root_files(editions, run.base_path).items():
        write_if_changed(site / name, text)
    report.timed("latest/ + switcher", t)
