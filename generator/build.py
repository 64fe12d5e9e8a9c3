"""The pipeline: dumps -> library -> pages and BibTeX -> sphinx-build -> published site.

Reads dumps, the manifest and ``bib/curated.bib``; every write goes through ``write``.
Guarantees: a bad dump or a failed/warning Sphinx build publishes nothing and leaves the
previous site untouched; the build itself checks that no paper was lost on the way.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import parse_string

from .bibtex import apply_curation, entry_for, parse_curated
from .errors import BuildWarning, LitReviewError
from .library import merge
from .manifest import MANIFEST_NAME, DumpSpec, parse_manifest
from .model import Dump, Library, Source
from .parse import parse_dump
from .render import SiteFiles, site_files
from .themes import documents, find_themes, related_papers, vectorise
from .write import fresh_dir, publish, remove_tree, sync_tree, write_if_changed

#: folders under docs/ that the generator owns (ignored by git)
GENERATED_DIRS = ["papers", "themes", "_generated"]


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
    warnings: list[BuildWarning] = field(default_factory=list)

    def timed(self, name: str, start: float) -> None:
        self.stages.append((name, time.perf_counter() - start))


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


def make_library(dumps: tuple[Dump, ...]) -> Library:
    """Merge, theme and relate the papers of the given dumps."""
    papers, merges = merge(dumps)
    docs = documents(papers)
    X, terms = vectorise(docs)
    themes, paper_themes = find_themes(papers, X, terms, docs)
    related = related_papers(X, [p.key for p in papers])
    warnings = tuple(w for d in dumps for w in d.warnings)
    return Library(papers=papers, themes=themes, related=related, paper_themes=paper_themes,
                   dumps=dumps, merges=merges, warnings=warnings)


def render_site(lib: Library, specs: tuple[DumpSpec, ...], curated_path: Path) -> SiteFiles:
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
    return site_files(lib, entries, captured)


def sphinx_build(docs: Path, out: Path, doctrees: Path) -> None:
    """Run sphinx-build with warnings as errors; raise with Sphinx's messages on failure."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
           "-d", str(doctrees), str(docs), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
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


def build(root: Path, progress: Callable[[str], None] = lambda s: None) -> Report:
    """Build the site from ``dumps/`` into ``site/latest/``; return what happened."""
    paths = Paths(root)
    report = Report()

    t = time.perf_counter()
    progress("parsing dumps")
    specs, dumps = load_dumps(paths)
    report.timed("parse", t)

    t = time.perf_counter()
    progress("merging, theming, relating")
    lib = make_library(dumps)
    report.timed("library + themes", t)
    report.entries = sum(len(d.entries) for d in dumps)
    report.papers, report.themes, report.merges = len(lib.papers), len(lib.themes), lib.merges
    report.warnings = sorted(lib.warnings, key=BuildWarning.sort_key)

    t = time.perf_counter()
    progress("rendering pages and BibTeX")
    files = render_site(lib, specs, paths.bib / "curated.bib")
    all_files = dict(files.pages)
    all_files.update({f"_generated/extra/{k}": v for k, v in files.extra.items()})
    report.pages_written, report.pages_removed = sync_tree(paths.docs, all_files, GENERATED_DIRS)
    report.timed("render + write", t)

    t = time.perf_counter()
    progress(f"sphinx-build ({len(files.pages)} pages)")
    staging = fresh_dir(paths.site, ".staging-")
    try:
        sphinx_build(paths.docs, staging, paths.cache / "doctrees")
        check_conservation(lib, staging)
        publish(staging, paths.site / "latest")
    except BaseException:
        remove_tree(staging)
        raise
    report.timed("sphinx-build + publish", t)
    write_if_changed(paths.bib / "library.bib", files.library_bib)
    return report

