"""Records passed between stages: frozen dataclasses, explicit output order. Pure, no I/O."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from .errors import BuildWarning


@dataclass(frozen=True)
class Source:
    """Where an entry was read: one dump, one position."""

    #: dump file name, e.g. ``"001_ff67e1f32fc89d71.txt"``
    dump: str
    #: 1-based index of the entry within the dump
    position: int
    #: 1-based line of the entry's title in the dump file
    line: int


@dataclass(frozen=True)
class Entry:
    """One title block of one dump, as read (text already whitespace-normalised)."""

    #: paper title as printed in the dump
    title: str
    #: abstract paragraph, or ``""`` when the dump has none for this title
    abstract: str
    #: where it was read
    source: Source
    #: ``• N authors`` from the metadata block, when present
    authors_count: int | None = None
    #: listing date from the metadata block (year filled from the capture year if absent)
    date: dt.date | None = None
    #: upvote count printed after the date, when present
    upvotes: int | None = None
    #: the organisation that submitted the paper, printed instead of the author count
    organisation: str | None = None


@dataclass(frozen=True)
class Dump:
    """One parsed dump file."""

    #: file name (no directories)
    name: str
    #: the page date printed in the header ("Oct 3"), with the capture year, when present
    page_date: dt.date | None
    #: entries in file order
    entries: tuple[Entry, ...]
    #: recoverable oddities met while parsing
    warnings: tuple[BuildWarning, ...] = ()


@dataclass(frozen=True)
class CodeLink:
    """A URL found in an abstract."""

    #: the URL, ``http``/``https`` only, trailing punctuation stripped
    url: str
    #: ``"code"`` for a source-code host (GitHub, GitLab, ...); ``"dataset"``, ``"demo"``
    #: or ``"model"`` for a Hugging Face dataset, Space or model; ``"project"`` otherwise
    kind: str


@dataclass(frozen=True)
class Paper:
    """One distinct paper after merging every dump that lists it."""

    #: citation key and page name; stable across dumps (see ``library.assign_keys``)
    key: str
    #: title from the first sighting
    title: str
    #: the longest abstract among the sightings (``""`` if none had one), as printed
    abstract: str
    #: every sighting, in reading order
    sources: tuple[Source, ...]
    #: largest author count seen
    authors_count: int | None = None
    #: a listing date, preferring one printed with its year
    date: dt.date | None = None
    #: URLs from the abstract
    code_links: tuple[CodeLink, ...] = ()
    #: the title as readers see it: LaTeX remnants converted, whitespace normalised
    title_text: str = ""
    #: the abstract as plain text (LaTeX remnants converted), computed once per paper
    abstract_text: str = ""

    def sort_key(self) -> str:
        return self.key


@dataclass(frozen=True)
class Identity:
    """Who wrote a paper, when, and where it lives: looked up (``litreview resolve``) or
    imported, kept in ``bib/identities.toml``. Every string is plain Unicode text."""

    #: the paper's citation key in the review
    key: str
    #: arXiv identifier without version: ``2101.00001`` or ``hep-th/9901001``
    arxiv_id: str
    #: the title as the source prints it
    title: str
    #: author names in order (may be empty when the source names none)
    authors: tuple[str, ...]
    #: first arXiv version: ``YYYY-MM-DD``, or ``YYYY-MM`` with precision ``month``
    date: str
    #: ``"day"`` or ``"month"``
    date_precision: str = "day"
    #: conference or journal, when known ("ICLR 2024")
    venue: str = ""
    #: arXiv primary category ("cs.LG"), when known
    primary_class: str = ""
    #: code repository URLs
    code: tuple[str, ...] = ()
    #: project page URL
    project: str = ""
    #: where and when the values were read ("huggingface 2026-11-26")
    source: str = ""
    #: URLs the values were read from
    evidence: tuple[str, ...] = ()
    #: the fields the maintainer set by hand (they win over anything looked up)
    curated: tuple[str, ...] = ()

    @property
    def year(self) -> int:
        """The year of the first version."""
        return int(self.date[:4])

    @property
    def month(self) -> int:
        """The month of the first version."""
        return int(self.date[5:7])

    def first_author(self) -> str:
        """"Smith et al.", "Smith and Lee", "Smith", or ""."""
        return short_authors(self.authors)


#: name endings that are not the surname
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def short_authors(names: tuple[str, ...]) -> str:
    """"Smith et al.", "Smith and Lee", "Smith", or "" (surnames as the names end)."""
    last = [_surname(name) for name in names if name.split()]
    if len(last) > 2:
        return f"{last[0]} et al."
    return " and ".join(last)


def _surname(name: str) -> str:
    """The last word of a name that is not a suffix ("Smith" of "John Smith Jr."), with
    the lower-case words before it ("van der Ouderaa"), as BibTeX reads a name's "von"
    part and natbib shows it."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return " ".join(words[start:])


@dataclass(frozen=True)
class Theme:
    """A group of related papers."""

    #: URL-safe identifier, ``[a-z0-9-]+``
    slug: str
    #: human-readable name
    name: str
    #: distinctive terms, most distinctive first
    terms: tuple[str, ...]
    #: keys of member papers, most representative first
    papers: tuple[str, ...]
    #: slugs of the closest other themes
    related: tuple[str, ...] = ()
    #: for each of ``related``, the terms that most make the two themes close
    related_terms: tuple[tuple[str, ...], ...] = ()
    #: the folded title phrases the generator named it by; a paper whose title has one
    #: joins it. A rename leaves them; a theme the maintainer made has none
    name_phrases: tuple[str, ...] = ()
    #: the members as the grouping holds them, where readers are shown others
    #: (``papers``: see ``analysis.evidence``); empty when they are the same. The next
    #: edition carries these, so that the grouping, and the themes new papers join,
    #: do not move with what readers are shown
    grouping: tuple[str, ...] = ()
    #: the members shown only because their title says a part of the name
    #: (``analysis.evidence.titled``): where the next edition places its new papers
    #: (``analysis.placement``), what readers saw of the theme is the rest
    titled: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """A group of themes the maintainer named (``analysis.areas``)."""

    slug: str
    name: str
    #: slugs of its themes, in the maintainer's order
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Library:
    """Everything the renderers need: papers, themes, relations, and what happened on the way."""

    #: papers in key order
    papers: tuple[Paper, ...]
    #: themes, largest first
    themes: tuple[Theme, ...] = ()
    #: key -> related keys
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: key -> for each related key (same order), the terms the two papers share most
    related_terms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    #: key -> how many of its related papers (the first ones) are closely related; the
    #: rest are only the nearest there is (``vectors.close_counts``)
    related_close: dict[str, int] = field(default_factory=dict)
    #: key -> slugs of its themes
    paper_themes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: dumps in reading (capture) order
    dumps: tuple[Dump, ...] = ()
    #: (key, sources) for every paper listed more than once
    merges: tuple[tuple[str, tuple[Source, ...]], ...] = ()
    #: every warning of every stage
    warnings: tuple[BuildWarning, ...] = ()
    #: slug of a theme the maintainer merged away -> the theme it is now part of (its old
    #: URL stays, as a page pointing there)
    theme_aliases: dict[str, str] = field(default_factory=dict)
    #: old slug (in ``theme_aliases``) -> the papers its page showed when last published,
    #: where the site knows them: its page lists where they are now when they went apart
    moved_papers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the old slugs in ``theme_aliases`` kept only so that a published URL keeps a page
    #: (not a rename or merge: "what's new" does not follow them); an alias to ``""``
    #: leads to no theme (its papers are all in Other papers)
    url_pointers: frozenset[str] = frozenset()
    #: key -> the paper's identity (authors, arXiv id, date), for the papers that have one
    identities: dict[str, Identity] = field(default_factory=dict)
    #: the maintainer's areas, each holding themes (none: the themes are one list)
    areas: tuple[Area, ...] = ()
    #: fields the grouping found as themes ("LLMs"), shown across themes instead: each
    #: lists the papers whose text names the field (``analysis.evidence.facets``)
    facets: tuple[Theme, ...] = ()
    #: themes of the grouping that the maintainer's corrections left with no paper to
    #: show: no page in this edition, but carried, like the others, to the next
    unshown: tuple[Theme, ...] = ()
    #: slugs of the themes made only to be shown ([view]) in this edition: not carried
    #: to the next, which makes them again from bib/themes.toml
    views: frozenset[str] = frozenset()
    #: key -> why no theme is about the paper, as the maintainer wrote it in [other] (for
    #: the papers this edition has): shown beside it in "Other papers" and on its page
    other_reasons: dict[str, str] = field(default_factory=dict)
    #: the old slugs in ``theme_aliases`` that a [merge] took away (in this edition or an
    #: earlier one), as against a rename's: "what's new" says they were merged
    merged: frozenset[str] = frozenset()

    @functools.cached_property
    def by_key(self) -> dict[str, Paper]:
        """key -> paper (made once per library)."""
        return {p.key: p for p in self.papers}

    @functools.cached_property
    def theme_names(self) -> dict[str, str]:
        """slug -> the name readers see (made once per library)."""
        return {t.slug: t.name for t in self.themes}
