"""Checks on a build: no paper lost on the way, no published key or URL changed.
Reads the built output; writes nothing.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from pathlib import Path

from pybtex.database import parse_string

from ..contract import paper_url
from ..errors import LitReviewError
from ..model import Library


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
    if not keys <= set(bib):
        problems.append(f"library.bib lacks {sorted(keys - bib)[:5]}")
    if problems:
        raise LitReviewError(f"{len(keys)} papers parsed, but " + "; ".join(problems),
                             str(out))


def check_known(records: Mapping[str, object], lib: Library, what: str) -> None:
    """Every key of a file of records (identities, curation) is a paper of the review."""
    keys = [p.key for p in lib.papers]
    unknown = sorted(set(records) - set(keys))
    if unknown:
        close = difflib.get_close_matches(unknown[0], keys, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise LitReviewError(f"{len(unknown)} keys are no paper of the review: "
                             f"{', '.join(unknown[:5])}{hint}", what)


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
