"""Checks on a build: no paper lost on the way, no published key or URL changed.
Reads the built output; writes nothing.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pybtex.database import parse_string

from ..contract import paper_url
from ..errors import LitReviewError
from ..model import Library


def check_conservation(lib: Library, edition: Path, page_dirs: list[Path] | None = None,
                       shared: dict[str, str] | None = None) -> None:
    """Papers parsed == entries in the edition's library.bib and papers.json; and, when
    given, == paper pages (in any of ``page_dirs``: those rendered now, those kept) ==
    per-paper .bib files (``shared``, the files about to be written). An older edition
    built on the way to the newest renders no paper page: the newest renders them all."""
    keys = {p.key for p in lib.papers}
    exported = {p["key"] for p in
                json.loads((edition / "papers.json").read_text("utf-8"))["papers"]}
    checks = [("papers.json entries", exported == keys, exported)]
    if page_dirs is not None:
        pages = {p.stem for d in page_dirs if d.is_dir() for p in d.glob("*.html")}
        checks.append(("paper pages", pages >= keys, pages))
    if shared is not None:
        files = {rel[4:-4] for rel in shared if rel.startswith("bib/")}
        checks.append(("per-paper .bib files", files == keys, files))
    problems = [f"{what}: {len(found)} (missing {sorted(keys - found)[:5]}, "
                f"unexpected {sorted(found - keys)[:5]})" for what, fine, found in checks
                if not fine]
    # an edition's snapshot has no library.bib (latest/ has the whole library)
    library = edition / "library.bib"
    if library.is_file():
        bib = set(parse_string(library.read_text("utf-8"), "bibtex").entries.keys())
        if not keys <= bib:
            problems.append(f"library.bib lacks {sorted(keys - bib)[:5]}")
    if problems:
        raise LitReviewError(f"{len(keys)} papers parsed, but " + "; ".join(problems),
                             str(edition))


def check_known(records: Mapping[str, object], lib: Library, what: str,
                text: str = "") -> None:
    """Every key of a file of records (identities, curation) is a paper of the review; the
    error names the first unknown key's line when ``text`` (the file's) is given."""
    keys = [p.key for p in lib.papers]
    unknown = sorted(set(records) - set(keys), key=lambda k: _line_of(k, text))
    if unknown:
        close = difflib.get_close_matches(unknown[0], keys, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise LitReviewError(f"{len(unknown)} keys are no paper of the review: "
                             f"{', '.join(unknown[:5])}{hint}", what,
                             _line_of(unknown[0], text) or None)


def _line_of(key: str, text: str) -> int:
    """The line where a record for ``key`` starts in a BibTeX or TOML file (0: not found)."""
    m = re.search(rf"(@\w+\s*\{{\s*|^\[){re.escape(key)}\s*[,\]]", text, re.MULTILINE)
    return text[: m.start()].count("\n") + 1 if m else 0


def urls(lib: Library) -> dict[str, str]:
    """key -> page URL of every paper of a library."""
    return {p.key: paper_url(p.key) for p in lib.papers}


def check_keys_kept(before: dict[str, str], lib: Library, what: str) -> None:
    """Every key (and page URL) published before must still be there."""
    now = urls(lib)
    lost = sorted(k for k, url in before.items() if now.get(k) != url)
    if lost:
        raise LitReviewError(
            f"{len(lost)} published keys or URLs would disappear or change "
            f"(dumps are append-only): {', '.join(lost[:10])}", what)


def check_published_editions(plan: dict[str, dict[str, str]],
                             published: dict[str, dict[str, Any]], site: str) -> None:
    """A published edition never changes: every edition ``site/`` holds must still be made
    of exactly the dumps it was made of, and no new edition may come before the newest
    published one. ``plan``: edition -> {dump file: sha256} as the manifest makes them;
    ``published``: edition -> its record (``edition.json``). Raises before anything is
    written, naming the edition and the way out."""
    if not published:
        return
    newest = max(published)
    early = sorted(n for n in plan if n not in published and n < newest)
    if early:
        raise LitReviewError(
            f"the manifest puts a new edition ({early[0]}) before the published edition "
            f"{newest}: a new dump must be captured after it. Give the dump its real "
            f"capture date (later than {newest}), or, if {newest} was never published, "
            f"delete {site}/{newest} and build again", site)
    for name, record in sorted(published.items()):
        dumps = [str(d) for d in record.get("dumps", [])]
        hashes = record.get("dump_sha256", {})
        if name not in plan:
            raise LitReviewError(
                f"edition {name} is published, but the manifest no longer makes it (was a "
                f"dump removed, or a capture date changed?). Put the manifest back as it "
                f"was; if {name} was never published, delete {site}/{name} and build "
                "again", site)
        wanted = plan[name]
        if list(wanted) != dumps or (isinstance(hashes, dict) and hashes and any(
                hashes.get(f) != h for f, h in wanted.items())):
            raise LitReviewError(
                f"edition {name} is published and would change: it was made of "
                f"{', '.join(dumps)}, the manifest now gives {', '.join(wanted)} "
                "(or one of these files changed). Dumps are append-only: restore the "
                f"dumps and the manifest; if {name} was never published, delete "
                f"{site}/{name} and build again", site)

