"""The maintainer's theme corrections (``bib/themes.toml``). Pure, no I/O.

    [rename]                       # theme slug -> the name readers see (and its slug)
    complexity-and-layer = "Network complexity and feature learning"

    [pin]                          # paper key -> the one theme it is shown in
    analysisVariationalSparse2025 = "sparse-autoencoders-and-saes"

    [other]                        # paper key -> why it is in no theme (not shown)
    wordDocumentEmbeddings = "an NLP embeddings thesis; no theme is about it"

    [merge]                        # theme slug -> the theme that absorbs it
    style-and-forgetting = "contrastive-learning-and-semantically"

    [seed.network-pruning]         # a theme of these papers (its slug, its name)
    name = "Network pruning"
    papers = ["cfspEfficientStructured", "fluctuationBasedAdaptive"]

    [split.sparse-autoencoders]    # these papers leave theme `from` for a theme of their own
    from = "llms"
    name = "Sparse autoencoders"
    papers = ["analysisVariationalSparse2025", "trainingSuperiorSparse"]

    [view.audio]                   # a theme only shown: these papers, there only
    name = "Audio and speech"      # (the grouping new papers join stays; see ``view``)
    papers = ["pannsLargeScale", "frcrnBoostingFeature"]

    [area.efficient-models]        # an area: a name over themes (see ``areas``)
    name = "Efficient models"
    themes = ["pruning", "distillation"]

A seeded or split theme is carried into later editions like any other: new papers that
fit it join it. Where a theme with that slug exists already, it takes the name and gains
the papers.

A merged theme's papers join the other theme, in this edition and every later one (the
theme that absorbed them is not split for its size, ``chain``, and a theme that forms
again of them under the merged theme's name is folded back, ``_formed_again``); its
page stays at its URL and points to the theme that absorbed it. A renamed theme takes the
slug of its new name (``what-networks-learn`` for "What networks learn"), unless another
theme has it; its old URL likewise keeps a page that points on.

A slug or key that the newest edition does not have is an error with "did you mean"
(``checks``); in an older edition that lacks it, the entry is simply skipped.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace

from ..errors import LitReviewError, did_you_mean
from ..model import Area, Library, Theme
from .areas import apply_areas, parse_areas
from .coherence import MIN_MEMBERS
from .naming import RESERVED_SLUGS, slug_for
from .view import Shown, as_corrected, check_shown_once, with_namesakes_joined

SECTIONS = ("rename", "pin", "other", "merge", "seed", "split", "view", "area")
#: the keys of one [seed.<slug>] or [split.<slug>] table (``from``: split only)
NEW_THEME_KEYS = ("name", "papers", "from")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class NewTheme:
    """A theme the maintainer makes from named papers ([seed] or [split])."""

    #: its slug (its URL under themes/)
    slug: str
    #: the name readers see
    name: str
    #: keys of its papers
    papers: tuple[str, ...]
    #: [split] only: the theme these papers leave
    source: str = ""


@dataclass(frozen=True)
class Overrides:
    """Validated theme corrections."""

    #: theme slug -> new name
    rename: dict[str, str] = field(default_factory=dict)
    #: paper key -> theme slug
    pin: dict[str, str] = field(default_factory=dict)
    #: paper key -> the maintainer's reason for showing it in no theme ("Other papers")
    other: dict[str, str] = field(default_factory=dict)
    #: theme slug -> slug of the theme that absorbs it
    merge: dict[str, str] = field(default_factory=dict)
    #: themes made from named papers, [seed] then [split], each by slug
    new: tuple[NewTheme, ...] = ()
    #: themes made only to be shown ([view], in the file's order; ``view``)
    views: tuple[Shown, ...] = ()
    #: the maintainer's areas ([area.<slug>], ``areas``)
    areas: tuple[Area, ...] = ()


def parse_overrides(text: str, name: str) -> Overrides:
    """Read the TOML; unknown sections and non-string values are errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LitReviewError(f"invalid TOML: {exc}", name) from None
    for section, table in data.items():
        _check_section(section, table, name)
    new = [_new_theme(section, slug, spec, name) for section in ("seed", "split")
           for slug, spec in sorted(data.get(section, {}).items())]
    views = [Shown(t.slug, t.name, t.papers) for t in (
        _new_theme("view", slug, spec, name) for slug, spec in data.get("view", {}).items())]
    _check_shown(tuple(views), [*data.get("rename", {}).values(),
                                *(t.name for t in new + views)], name)
    taken = [t.slug for t in new] + [v.slug for v in views]
    for slug in taken:
        if taken.count(slug) > 1:
            raise LitReviewError(f"theme {slug!r} is made twice ([seed], [split], [view])",
                                 name)
    merge = dict(data.get("merge", {}))
    _check_no_circle(merge, name)
    pin, other = dict(data.get("pin", {})), dict(data.get("other", {}))
    check_shown_once(pin, other, tuple(views), name, tuple(
        (f"[{'split' if t.source else 'seed'}.{t.slug}]", t.papers) for t in new))
    return Overrides(rename=dict(data.get("rename", {})), pin=pin, other=other,
                     merge=merge, new=tuple(new), views=tuple(views),
                     areas=parse_areas(data.get("area", {}), name))


def _check_section(section: str, table: object, name: str) -> None:
    """A known section of the right shape: tables of tables for [seed] and [split], else
    a table of non-empty strings."""
    if section not in SECTIONS:
        raise LitReviewError(f"[{section}]: unknown section"
                             f"{did_you_mean(section, list(SECTIONS))}", name)
    if section == "area":
        return  # areas.parse_areas checks it
    if section in ("seed", "split", "view"):
        if not isinstance(table, dict):
            raise LitReviewError(f"[{section}] must hold tables: [{section}.<slug>]", name)
        return
    if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in table.items()):
        raise LitReviewError(f"[{section}] must map names to non-empty strings", name)


def _check_shown(views: tuple[Shown, ...], names: list[str], name: str) -> None:
    """Every view can be shown (it lists MIN_MEMBERS papers or more, each of which must
    be in the newest edition) and every name the maintainer gives fits a heading."""
    for v in views:
        if len(v.papers) < MIN_MEMBERS:
            raise LitReviewError(f"[view.{v.slug}] lists {len(v.papers)} papers; a theme "
                                 f"shows at least {MIN_MEMBERS}", name)
    for title in names:
        if "`" in title:
            raise LitReviewError(f"the theme name {title!r} holds a backtick (`), which "
                                 "pages cannot show in a heading; write it without", name)


def _check_no_circle(merge: dict[str, str], name: str) -> None:
    """No merge leads back to where it started."""
    for source in merge:
        seen = [source]
        while seen[-1] in merge:
            seen.append(merge[seen[-1]])
            if seen[-1] in seen[:-1]:
                raise LitReviewError("[merge] goes round in a circle: " + " -> ".join(seen),
                                     name)


def _new_theme(section: str, slug: str, spec: object, name: str) -> NewTheme:
    """One [seed.<slug>] or [split.<slug>] table, checked."""
    where = f"[{section}.{slug}]"
    if not SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
        raise LitReviewError(f"{where}: a theme slug is lower-case letters, digits and "
                             f"single hyphens, and not {sorted(RESERVED_SLUGS)}", name)
    if not isinstance(spec, dict):
        raise LitReviewError(f"{where} must be a table with name and papers", name)
    allowed = list(NEW_THEME_KEYS) if section == "split" else ["name", "papers"]
    for key in spec:
        if key not in allowed:
            raise LitReviewError(f"{where}: unknown key {key!r}{did_you_mean(key, allowed)}",
                                 name)
    title, papers, source = _new_theme_values(where, section, spec, name)
    return NewTheme(slug=slug, name=title, papers=tuple(dict.fromkeys(papers)), source=source)


def _new_theme_values(where: str, section: str, spec: dict[str, object],
                      name: str) -> tuple[str, list[str], str]:
    """A [seed] or [split] table's name, papers and (split) source theme, checked."""
    title, papers, source = spec.get("name"), spec.get("papers"), spec.get("from", "")
    if not isinstance(title, str) or not title.strip():
        raise LitReviewError(f"{where}: name must be a non-empty string", name)
    if not (isinstance(papers, list) and papers and all(isinstance(k, str) for k in papers)):
        raise LitReviewError(f"{where}: papers must be a non-empty list of paper keys", name)
    if section == "split" and not (isinstance(source, str) and source.strip()):
        raise LitReviewError(f"{where}: from must name the theme the papers leave", name)
    return title.strip(), [str(k) for k in papers], str(source)


def final_target(merge: dict[str, str], slug: str) -> str:
    """Where a chain of merges starting at ``slug`` ends."""
    while slug in merge:
        slug = merge[slug]
    return slug


def _merged(overrides: Overrides, lib: Library, previous: Library | None) -> Library:
    """The library with merged themes folded into the themes that absorb them."""
    aliases = _aliases(overrides, lib, previous)
    merged = frozenset(s for s in set(overrides.merge) | (previous.merged if previous else set())
                       if s in aliases)
    aliases |= _formed_again(lib, previous, {s: aliases[s] for s in merged})
    gone = {s for s in aliases if s in {t.slug for t in lib.themes}}
    if not gone:
        return replace(lib, theme_aliases=aliases, merged=merged)
    paper_themes = {k: tuple(dict.fromkeys(aliases.get(s, s) for s in v))
                    for k, v in lib.paper_themes.items()}
    return replace(lib, themes=_absorbed(lib.themes, aliases, gone),
                   paper_themes=paper_themes, theme_aliases=aliases, merged=merged)


def _aliases(overrides: Overrides, lib: Library, previous: Library | None) -> dict[str, str]:
    """Merged theme -> the theme that holds its papers now: this edition's merges, and
    the earlier editions' (``previous``) followed to where they lead now."""
    slugs = {t.slug for t in lib.themes}
    earlier = previous.theme_aliases if previous else {}
    # a target renamed since (its slug moved with its name) is found at its new slug
    into = {s: final_target(overrides.merge, s) for s in overrides.merge}
    into = {s: t if t in slugs else earlier.get(t, t) for s, t in into.items()}
    into = {s: t for s, t in into.items() if t in slugs}
    aliases = {s: into.get(t, t) for s, t in earlier.items() if into.get(t, t) in slugs}
    aliases.update({s: t for s, t in into.items() if s in slugs or s in aliases})
    return aliases


def _formed_again(lib: Library, previous: Library | None,
                  merged: dict[str, str]) -> dict[str, str]:
    """Themes formed in this edition that are a merged theme (``merged``: its slug -> the
    theme that absorbed it) forming again: named like it (their name phrase ends in the
    last word of its slug) and more than half of their papers in the absorbing theme in
    the edition before -> that theme. The merged papers stay where the merge put them:
    after [merge] pruning = "complexity-and-layer", the seeds' next edition formed "Network
    pruning" of them by its title phrase. (By the papers alone, a large absorbing theme
    lost every theme that later formed of its own papers.)"""
    if previous is None or not merged:
        return {}
    before = {t.slug for t in previous.themes + previous.unshown} | set(previous.theme_aliases)
    heads = {source.split("-")[-1]: into for source, into in merged.items()}
    out = {}
    for t in lib.themes:
        into = next((heads[p.split()[-1]] for p in t.name_phrases
                     if p.split() and p.split()[-1] in heads), None)
        if into is None or t.slug in before:
            continue
        if 2 * sum(into in previous.paper_themes.get(k, ()) for k in t.papers) > len(t.papers):
            out[t.slug] = into
    return out


def _absorbed(themes: tuple[Theme, ...], aliases: dict[str, str],
              gone: set[str]) -> tuple[Theme, ...]:
    """The themes without the ``gone`` ones, whose papers join the themes they merge into."""
    extra: dict[str, list[str]] = {}
    for t in themes:
        if t.slug in gone:
            extra.setdefault(aliases[t.slug], []).extend(t.papers)
    kept = []
    for t in themes:
        if t.slug in gone:
            continue
        added = tuple(dict.fromkeys(k for k in extra.get(t.slug, []) if k not in t.papers))
        kept.append(_with_papers(_without_related(t, gone), t.papers + added))
    return tuple(kept)


def apply(overrides: Overrides, lib: Library, previous: Library | None = None) -> Library:
    """The library with merged and renamed themes, and as readers are shown it (pins,
    [other], [view]: ``view``); entries it lacks are skipped. ``previous`` (the edition
    before, corrected) carries earlier merges and renames."""
    lib = _renamed(overrides.rename, _with_new_themes(overrides.new,
                                                      _merged(overrides, lib, previous)),
                   {v.slug for v in overrides.views})
    lib = replace(as_corrected(lib, overrides.pin, set(overrides.other), overrides.views),
                  other_reasons={k: why for k, why in overrides.other.items()
                                 if k in lib.paper_themes})
    lib = with_namesakes_joined(lib, named_by_hand(overrides, lib),
                                {t.slug for t in previous.themes}
                                if previous is not None else None)
    return apply_areas(overrides.areas, lib)


def named_by_hand(overrides: Overrides, lib: Library) -> set[str]:
    """The slugs (in ``lib``, corrected) of the themes whose name the maintainer gave: the
    [view], [seed] and [split] themes and the renamed ones."""
    return ({v.slug for v in overrides.views} | {t.slug for t in overrides.new}
            | {lib.theme_aliases.get(s, s) for s in overrides.rename})


def _with_papers(theme: Theme, papers: tuple[str, ...]) -> Theme:
    """The theme with the maintainer's members: they are its grouping from now on."""
    return theme if papers == theme.papers else replace(theme, papers=papers, grouping=())


def _renamed(rename: dict[str, str], lib: Library, views: set[str]) -> Library:
    """The library with the maintainer's names, and slugs that follow them: a renamed
    theme moves to the slug of its new name (its old URL keeps a page that points on, as
    a merge's does), unless that slug is taken (by a theme, a facet, a [view] or an old
    URL)."""
    by_slug = {t.slug: t for t in lib.themes}
    used = set(by_slug) | set(lib.theme_aliases) | {f.slug for f in lib.facets} | views
    moves: dict[str, str] = {}
    for old, name in sorted(rename.items()):
        if old in by_slug:
            candidate = slug_for(name, set())
            if candidate != old and candidate not in used:
                moves[old] = candidate
                used.add(candidate)
    names = {moves.get(s, s): rename[s] for s in rename if s in by_slug}
    themes = tuple(replace(t, slug=moves.get(t.slug, t.slug),
                           name=names.get(moves.get(t.slug, t.slug), t.name),
                           related=tuple(moves.get(s, s) for s in t.related))
                   for t in lib.themes)
    aliases = {s: moves.get(t, t) for s, t in lib.theme_aliases.items()} | moves
    return replace(lib, themes=themes, theme_aliases=aliases, paper_themes={
        k: tuple(moves.get(s, s) for s in v) for k, v in lib.paper_themes.items()})


def _with_new_themes(new: tuple[NewTheme, ...], lib: Library) -> Library:
    """The library with the maintainer's seeded and split themes (papers it lacks are
    skipped; a theme carried from the edition before just gains its listed papers)."""
    themes = {t.slug: t for t in lib.themes}
    paper_themes = {k: list(v) for k, v in lib.paper_themes.items()}
    for spec in new:
        members = tuple(k for k in spec.papers if k in paper_themes)
        if members:
            _make_theme(spec, members, lib, themes, paper_themes)
    # a theme that a split emptied keeps its page, pointing to where its papers went
    emptied = {s.source: s.slug for s in new if s.source in themes
               and not themes[s.source].papers}
    ordered = sorted((_without_related(t, set(emptied)) for t in themes.values() if t.papers),
                     key=lambda t: (-len(t.papers), t.slug))
    return replace(lib, themes=tuple(ordered),
                   paper_themes={k: tuple(v) for k, v in paper_themes.items()},
                   theme_aliases={**lib.theme_aliases, **emptied})


def _make_theme(spec: NewTheme, members: tuple[str, ...], lib: Library,
                themes: dict[str, Theme], paper_themes: dict[str, list[str]]) -> None:
    """Make (or grow) the theme ``spec`` of ``members``, taking them out of the theme a
    split names; ``themes`` and ``paper_themes`` are updated in place."""
    old = themes.get(spec.slug)
    if old is None:
        themes[spec.slug] = Theme(slug=spec.slug, name=spec.name,
                                  terms=_common_terms(lib, members), papers=members)
    else:
        themes[spec.slug] = _with_papers(replace(old, name=spec.name), old.papers + tuple(
            k for k in members if k not in old.papers))
    source = themes.get(spec.source)
    if source is not None and source.slug != spec.slug:
        themes[source.slug] = _with_papers(source, tuple(
            k for k in source.papers if k not in members))
    left = source.slug if source is not None else None
    for k in members:
        if spec.slug not in paper_themes[k]:
            paper_themes[k].append(spec.slug)
        if left is not None and left in paper_themes[k]:
            paper_themes[k].remove(left)


def _without_related(theme: Theme, gone: set[str]) -> Theme:
    """The theme without the ``gone`` themes among its related ones (and their terms)."""
    kept = [n for n, r in enumerate(theme.related) if r not in gone]
    if len(kept) == len(theme.related):
        return theme
    return replace(theme, related=tuple(theme.related[n] for n in kept),
                   related_terms=tuple(theme.related_terms[n] for n in kept
                                       if n < len(theme.related_terms)))


def _common_terms(lib: Library, members: tuple[str, ...]) -> tuple[str, ...]:
    """The terms the members most often share with their related papers."""
    counts = Counter(term for k in members for terms in lib.related_terms.get(k, ())
                     for term in terms)
    return tuple(t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
