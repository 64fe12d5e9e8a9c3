"""Reading a project from disk: its dumps, manifest, curation and what is published.
The only module of the build that reads the project's inputs; parsing is ``reading``'s.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData

from ..analysis.overrides import Overrides, parse_overrides
from ..errors import LitReviewError
from ..model import Dump, Identity, Theme
from ..reading.identities import parse_identities
from ..reading.manifest import MANIFEST_NAME, DumpSpec, check_capture, parse_manifest
from ..reading.parse import parse_dump
from ..rendering.bibtex import parse_curated
from ..rendering.outputs import EDITION_RECORD

#: the maintainer's theme corrections, in bib/
THEMES_FILE = "themes.toml"
#: the maintainer's BibTeX corrections and additions, in bib/
CURATED_FILE = "curated.bib"
#: the papers' identities of record (arXiv id, authors, date), in bib/
IDENTITIES_FILE = "identities.toml"


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

    @property
    def source(self) -> Path:
        """Where each edition's Sphinx source is assembled (``site.source``)."""
        return self.cache / "source"

    @property
    def themes_file(self) -> Path:
        return self.bib / THEMES_FILE

    @property
    def curated_file(self) -> Path:
        return self.bib / CURATED_FILE

    @property
    def identities_file(self) -> Path:
        return self.bib / IDENTITIES_FILE


def load_specs(paths: Paths, also_present: list[str] | None = None,
               ) -> tuple[DumpSpec, ...]:
    """The manifest's dumps, in capture order, checked against the files in dumps/ (but
    ``also_present``, files there that are being added)."""
    present = sorted(p.name for p in paths.dumps.glob("*.txt")
                     if p.name not in (also_present or []))
    manifest = paths.dumps / MANIFEST_NAME
    if not manifest.is_file():
        raise LitReviewError("no manifest: create it listing each dump and its capture date",
                             str(manifest))
    return parse_manifest(manifest.read_text(encoding="utf-8"), str(manifest), present)


def read_dump(path: Path) -> bytes:
    """A dump file's bytes; a folder, a broken link or an unreadable file is an error
    naming it."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise LitReviewError("is a folder, not a dump file", str(path)) from None
    except OSError as exc:
        raise LitReviewError(f"cannot read: {exc.strerror or exc}", str(path)) from None


def load_dumps(paths: Paths, today: dt.date | None = None,
               ) -> tuple[tuple[DumpSpec, ...], tuple[Dump, ...]]:
    """Read the manifest and parse every dump it lists, in capture order; each capture
    date is checked against ``today`` and the page's printed date (``check_capture``)."""
    specs = load_specs(paths)
    manifest = str(paths.dumps / MANIFEST_NAME)
    if not specs:
        raise LitReviewError("the manifest lists no dump", manifest)
    seen: dict[bytes, str] = {}
    dumps = []
    for s in specs:
        data = read_dump(paths.dumps / s.file)
        if data in seen:
            raise LitReviewError(f"{s.file} is a byte-for-byte copy of {seen[data]}: it adds "
                                 "nothing; remove it and its [[dump]] entry", manifest)
        seen[data] = s.file
        dump = parse_dump(data, s.file, s.captured.year, s.captured)
        check_capture(s, dump, today or dt.date.today(), manifest)
        dumps.append(dump)
    return specs, tuple(dumps)


def load_overrides(paths: Paths) -> Overrides | None:
    """``bib/themes.toml``, if the maintainer wrote one."""
    path = paths.themes_file
    if not path.is_file():
        return None
    return parse_overrides(path.read_text("utf-8"), str(path))


def load_curated(paths: Paths) -> BibliographyData | None:
    """``bib/curated.bib``, if the maintainer wrote one."""
    path = paths.curated_file
    if not path.is_file():
        return None
    return parse_curated(path.read_text(encoding="utf-8"), str(path))


def file_text(path: Path) -> str:
    """A text file of the project, or ``""`` when there is none."""
    return path.read_text("utf-8") if path.is_file() else ""


def load_identities(paths: Paths, today: str) -> dict[str, Identity]:
    """``bib/identities.toml`` (empty when there is none yet)."""
    path = paths.identities_file
    if not path.is_file():
        return {}
    return parse_identities(path.read_text("utf-8"), str(path), today)


def _papers_json(site_dir: Path) -> dict[str, Any]:
    """A published edition's ``papers.json`` (our own output, restored from the published
    site), or ``{}``; one that is not what the generator writes stops the build and
    resolve, naming the file: the keys and theme URLs readers know are read from it, and
    a build without them could publish papers under new URLs."""
    path = site_dir / "papers.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        _check_published(data)
    except (ValueError, TypeError, KeyError) as err:  # (JSON and Unicode errors included)
        raise LitReviewError(
            f"not a papers.json this generator wrote ({type(err).__name__}: "
            f"{str(err)[:100]}); restore it from the published site, or remove "
            f"{site_dir.name}/ to publish as if for the first time", str(path)) from None
    return data  # type: ignore[no-any-return]


def _check_published(data: Any) -> None:
    """Raise ``ValueError`` unless ``data`` has the shape ``published_*`` read."""
    if not isinstance(data, dict):
        raise ValueError("not an object")
    for p in data.get("papers", []):  # (an edition's snapshot has no url)
        if not (isinstance(p["key"], str) and isinstance(p.get("url", ""), str)):
            raise ValueError(f"paper {str(p.get('key'))[:40]!r} has no key or a bad url")
        for src in p.get("sources", []):
            str(src["dump"]), int(src["position"])  # (raise on a missing or odd one)
    for t in data.get("themes", []) + data.get("facets", []):
        if not isinstance(t["slug"], str) or not isinstance(t.get("name", ""), str) \
                or not isinstance(t.get("papers", []), list):
            raise ValueError(f"theme {str(t.get('slug'))[:40]!r} has no slug or papers")
    if not isinstance(data.get("merged_themes", {}), dict):
        raise ValueError("merged_themes is not an object")


def published_keys(site_dir: Path) -> dict[str, str]:
    """key -> url from an already published edition's papers.json (empty if none)."""
    return {p["key"]: p["url"] for p in _papers_json(site_dir).get("papers", [])}


def published_sources(site_dir: Path) -> dict[tuple[str, int], str]:
    """(dump file, position) of each sighting -> the key its paper was published under,
    from an already published edition's papers.json (empty if none)."""
    return {(str(s["dump"]), int(s["position"])): str(p["key"])
            for p in _papers_json(site_dir).get("papers", []) for s in p.get("sources", [])}


def published_themes(site_dir: Path) -> set[str]:
    """Theme slugs with a page in an already published edition, merged ones and facets
    included (empty if none)."""
    return set(published_theme_papers(site_dir)) | set(
        _papers_json(site_dir).get("merged_themes", {}))


def published_theme_papers(site_dir: Path) -> dict[str, set[str]]:
    """slug -> paper keys of each theme and facet of an already published edition (its
    pages that point on are ``published_pointers``); empty if none."""
    data = _papers_json(site_dir)
    return {t["slug"]: set(t.get("papers", [])) for t in
            data.get("themes", []) + data.get("facets", [])}


def published_pointers(site_dir: Path) -> dict[str, str]:
    """old slug -> the theme its page pointed to, in an already published edition."""
    return {str(k): str(v) for k, v in _papers_json(site_dir).get("merged_themes", {}).items()}


def published_shown_themes(site_dir: Path) -> tuple[Theme, ...] | None:
    """The themes (slug, name, papers) an already published edition shows, or None when
    there is no such edition."""
    data = _papers_json(site_dir)
    if "themes" not in data:
        return None
    return tuple(Theme(slug=str(t["slug"]), name=str(t["name"]), terms=(),
                       papers=tuple(str(k) for k in t.get("papers", [])))
                 for t in data["themes"])


def edition_record(site_dir: Path) -> dict[str, str]:
    """The record (``edition.json``) of a published edition (empty if none)."""
    path = site_dir / EDITION_RECORD
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def published_editions(site: Path) -> dict[str, dict[str, Any]]:
    """edition -> its record, for every edition folder ``site/`` holds (not ``latest/``)."""
    if not site.is_dir():
        return {}
    return {d.name: edition_record(d) for d in sorted(site.iterdir())
            if d.is_dir() and d.name != "latest" and not d.name.startswith(".")
            and (d / EDITION_RECORD).is_file()}
