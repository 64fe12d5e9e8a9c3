"""The maintainer's theme corrections (``bib/themes.toml``). Pure, no I/O.

    [rename]                       # theme slug -> the name readers see (slug unchanged)
    complexity-and-layer = "Network complexity and feature learning"

    [pin]                          # paper key -> the one theme it belongs to
    analysisVariationalSparse2025 = "sparse-autoencoders-and-saes"

    [merge]                        # theme slug -> the theme that absorbs it
    style-and-forgetting = "contrastive-learning-and-semantically"

A merged theme's papers join the other theme, in this edition and every later one; its
page stays at its URL and points to the theme that absorbed it.

A slug or key that the newest edition does not have is an error with "did you mean";
in an older edition that lacks it, the entry is simply skipped.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, replace

from .errors import LitReviewError
from .model import Library, Theme

SECTIONS = ("rename", "pin", "merge")


@dataclass(frozen=True)
class Overrides:
    """Validated theme corrections."""

    #: theme slug -> new name
    rename: dict[str, str] = field(default_factory=dict)
    #: paper key -> theme slug
    pin: dict[str, str] = field(default_factory=dict)
    #: theme slug -> slug of the theme that absorbs it
    merge: dict[str, str] = field(default_factory=dict)


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
    merge = dict(data.get("merge", {}))
    for source in merge:
        seen = [source]
        while seen[-1] in merge:
            seen.append(merge[seen[-1]])
            if seen[-1] in seen[:-1]:
                raise LitReviewError("[merge] goes round in a circle: " + " -> ".join(seen),
                                     name)
    return Overrides(rename=dict(data.get("rename", {})), pin=dict(data.get("pin", {})),
                     merge=merge)


def validate(overrides: Overrides, lib: Library, name: str,
             published: set[str] | None = None) -> None:
    """Every slug and key must exist in ``lib`` (the newest edition); a merged theme may
    instead be one of the ``published`` slugs (what the maintainer saw on the site)."""
    slugs = [t.slug for t in lib.themes]
    keys = [p.key for p in lib.papers]
    for slug in list(overrides.rename) + list(overrides.pin.values()):
        if slug not in slugs:
            raise LitReviewError(f"no theme {slug!r}{_hint(slug, slugs)}", name)
    for key in overrides.pin:
        if key not in keys:
            raise LitReviewError(f"no paper {key!r}{_hint(key, keys)}", name)
    for source, target in overrides.merge.items():
        if _final(overrides.merge, target) not in slugs:
            raise LitReviewError(f"[merge]: no theme {target!r}{_hint(target, slugs)}", name)
        if source not in lib.theme_aliases and source not in (published or set()):
            raise LitReviewError(f"[merge]: no theme {source!r}{_hint(source, slugs)}", name)


def keep_merged_urls(overrides: Overrides, lib: Library, published: set[str]) -> Library:
    """``lib`` with a page kept for every published theme that a merge took away."""
    slugs = {t.slug for t in lib.themes}
    extra = {s: _final(overrides.merge, s) for s in overrides.merge
             if s in published and s not in slugs and s not in lib.theme_aliases}
    extra = {s: t for s, t in extra.items() if t in slugs}
    return replace(lib, theme_aliases={**lib.theme_aliases, **extra}) if extra else lib


def _final(merge: dict[str, str], slug: str) -> str:
    while slug in merge:
        slug = merge[slug]
    return slug


def _merged(overrides: Overrides, lib: Library, previous: Library | None) -> Library:
    """The library with merged themes folded into the themes that absorb them."""
    slugs = {t.slug for t in lib.themes}
    into = {s: _final(overrides.merge, s) for s in overrides.merge}
    into = {s: t for s, t in into.items() if t in slugs}
    aliases = {s: into.get(t, t) for s, t in (previous.theme_aliases if previous else {}).items()
               if into.get(t, t) in slugs}
    aliases.update({s: t for s, t in into.items() if s in slugs or s in aliases})
    gone = {s for s in aliases if s in slugs}
    if not gone:
        return replace(lib, theme_aliases=aliases)
    extra: dict[str, list[str]] = {}
    for t in lib.themes:
        if t.slug in gone:
            extra.setdefault(aliases[t.slug], []).extend(t.papers)
    themes = []
    for t in lib.themes:
        if t.slug in gone:
            continue
        added = tuple(dict.fromkeys(k for k in extra.get(t.slug, []) if k not in t.papers))
        related = tuple(r for r in t.related if r not in gone)
        themes.append(replace(t, papers=t.papers + added, related=related))
    paper_themes = {k: tuple(dict.fromkeys(aliases.get(s, s) for s in v))
                    for k, v in lib.paper_themes.items()}
    return replace(lib, themes=tuple(themes), paper_themes=paper_themes, theme_aliases=aliases)


def apply(overrides: Overrides, lib: Library, previous: Library | None = None) -> Library:
    """The library with merged and renamed themes and pinned papers (entries it lacks are
    skipped). ``previous`` (the edition before, corrected) carries earlier merges."""
    lib = _merged(overrides, lib, previous)
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
