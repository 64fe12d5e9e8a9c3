"""The maintainer's theme corrections (``bib/themes.toml``). Pure, no I/O.

    [rename]                       # theme slug -> the name readers see (slug unchanged)
    complexity-and-layer = "Network complexity and feature learning"

    [pin]                          # paper key -> the one theme it belongs to
    analysisVariationalSparse2025 = "sparse-autoencoders-and-saes"

A slug or key that the newest edition does not have is an error with "did you mean";
in an older edition that lacks it, the entry is simply skipped.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, replace

from .errors import LitReviewError
from .model import Library, Theme

SECTIONS = ("rename", "pin")


@dataclass(frozen=True)
class Overrides:
    """Validated theme corrections."""

    #: theme slug -> new name
    rename: dict[str, str] = field(default_factory=dict)
    #: paper key -> theme slug
    pin: dict[str, str] = field(default_factory=dict)


def _hint(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def parse_overrides(text: str, name: str) -> Overrides:
    """Read the TOML; unknown sections and non-string values are errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LitReviewError(f"invalid TOML: {exc}", name) from None
    for section, table in data.items():
        if section not in SECTIONS:
            raise LitReviewError(f"unknown section [{section}]{_hint(section, list(SECTIONS))}",
                                 name)
        if not isinstance(table, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v.strip()
                for k, v in table.items()):
            raise LitReviewError(f"[{section}] must map names to non-empty strings", name)
    return Overrides(rename=dict(data.get("rename", {})), pin=dict(data.get("pin", {})))


def validate(overrides: Overrides, lib: Library, name: str) -> None:
    """Every slug and key must exist in ``lib`` (the newest edition)."""
    slugs = [t.slug for t in lib.themes]
    keys = [p.key for p in lib.papers]
    for slug in list(overrides.rename) + list(overrides.pin.values()):
        if slug not in slugs:
            raise LitReviewError(f"no theme {slug!r}{_hint(slug, slugs)}", name)
    for key in overrides.pin:
        if key not in keys:
            raise LitReviewError(f"no paper {key!r}{_hint(key, keys)}", name)


def apply(overrides: Overrides, lib: Library) -> Library:
    """The library with renamed themes and pinned papers (entries it lacks are skipped)."""
    slugs = {t.slug for t in lib.themes}
    pins = {k: s for k, s in overrides.pin.items() if s in slugs and k in lib.paper_themes}
    themes: list[Theme] = []
    for t in lib.themes:
        members = tuple(k for k in t.papers if k not in pins or pins[k] == t.slug)
        members += tuple(k for k, s in sorted(pins.items()) if s == t.slug and k not in members)
        themes.append(replace(t, name=overrides.rename.get(t.slug, t.name), papers=members))
    paper_themes = dict(lib.paper_themes)
    paper_themes.update({k: (s,) for k, s in pins.items()})
    return replace(lib, themes=tuple(themes), paper_themes=paper_themes)
