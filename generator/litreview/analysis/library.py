"""Entries of all dumps -> distinct ``Paper``s with stable keys. Pure, no I/O.

Key rule (stable because dumps are append-only): a paper's key is computed from its
*first sighting* in reading order (capture date, then position): the first three
significant title words, plus the year when that sighting printed a date. Clashes get
``a``, ``b``, ... suffixes in order of first sighting, so a later dump can never change
an earlier key. Keys match ``[A-Za-z0-9][A-Za-z0-9]*`` and are unique ignoring case
(they are file names).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from itertools import count

from anyascii import anyascii

from ..model import Dump, Entry, Paper, Source
from ..text import code_links, latex_to_text, normalise, without_symbols
from .match import abstracts_differ

#: words skipped when building a key (Better BibTeX's short-title stop words, roughly)
STOP_WORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "how", "in",
    "into", "is", "it", "its", "of", "on", "or", "over", "than", "that", "the", "their",
    "this", "to", "toward", "towards", "under", "via", "what", "when", "where", "which",
    "who", "why", "with", "without",
])
#: page names the site already uses in ``papers/``
RESERVED_KEYS = frozenset({"index", "genindex", "search", "py-modindex"})


#: a revision tag at the end of a title: "(v2)", "[v3]", "v2"
REVISION = re.compile(r"\s*[(\[]?\bv\d{1,2}[)\]]?\s*$", re.IGNORECASE)


def title_fingerprint(title: str) -> str:
    """The merge identity of a title: accents, case, punctuation, spacing and a trailing
    revision tag ("(v2)") removed."""
    clean = REVISION.sub("", normalise(title)) or normalise(title)
    ascii_title = str(anyascii(without_symbols(latex_to_text(clean)))).lower()
    # a title with no letter or digit ("???") is only the same as itself
    return " ".join(re.findall(r"[a-z0-9]+", ascii_title)) or "\0" + clean.lower()


def base_key(entry: Entry) -> str:
    """First three significant title words (camel case) plus the year when printed."""
    words: list[str] = re.findall(r"[A-Za-z0-9]+",
                                  str(anyascii(without_symbols(latex_to_text(
                                      normalise(entry.title))))))
    significant = [w for w in words if w.lower() not in STOP_WORDS] or words
    picked = [w[:24] for w in significant[:3]]
    if not picked:
        picked = ["paper"]
    key = picked[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in picked[1:])
    if entry.date is not None:
        key += str(entry.date.year)
    return key


def _suffixes() -> Iterable[str]:
    yield ""
    for n in count(1):
        s, k = "", n
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(ord("a") + r) + s
        yield s


def paper(key: str, title: str, abstract: str, sources: tuple[Source, ...],
          authors_count: int | None = None, date: dt.date | None = None) -> Paper:
    """A ``Paper`` with what is derived from its text: code links, and the title and
    abstract as plain text (LaTeX remnants converted once, here)."""
    return Paper(key=key, title=title, abstract=abstract, sources=sources,
                 authors_count=authors_count, date=date, code_links=code_links(abstract),
                 title_text=normalise(latex_to_text(title)),
                 abstract_text=latex_to_text(abstract))


#: (key, every sighting) of a paper listed more than once
Merge = tuple[str, tuple[Source, ...]]
#: (title, the keys of the papers that print it) of different papers with one title
Split = tuple[str, tuple[str, ...]]


#: (dump file, position) of a sighting -> the key its paper was published under
Published = Mapping[tuple[str, int], str]


def _groups(dumps: Iterable[Dump], published: Published) -> list[tuple[str, list[Entry]]]:
    """The sightings of each paper, in order of first sighting, with the key it was
    published under (``""`` if none): entries with the same title fingerprint, unless
    their abstracts clearly differ (``match.abstracts_differ`` from the group's first
    abstract), which keeps them apart. A sighting of a published paper stays with it,
    whatever the fingerprint says now: how titles are compared may change, a published
    key never does (an emoji taken out of titles had merged two published papers)."""
    by_title: dict[str, list[list[Entry]]] = {}
    by_key: dict[str, list[Entry]] = {}
    ordered: list[tuple[str, list[Entry]]] = []
    for dump in dumps:
        for entry in dump.entries:
            twins = by_title.setdefault(title_fingerprint(entry.title), [])
            was = published.get((entry.source.dump, entry.source.position), "")
            home = by_key.get(was) if was else next((g for g in twins if _same(g, entry)),
                                                     None)
            if home is None:
                home = []
                twins.append(home)
                ordered.append((was, home))
                if was:
                    by_key[was] = home
            home.append(entry)
    return ordered


def _same(group: list[Entry], entry: Entry) -> bool:
    """Whether an entry is the paper a group holds: its abstract does not clearly differ
    from the group's first one (or one of the two has none)."""
    first = next((e.abstract for e in group if e.abstract), "")
    return not first or not entry.abstract or not abstracts_differ(first, entry.abstract)


def merge(dumps: Iterable[Dump], published: Published | None = None,
          ) -> tuple[tuple[Paper, ...], tuple[Merge, ...]]:
    """Merge entries across dumps (given in reading order); return papers and merge report.
    A paper's abstract is its newest listing's (a revision replaces the text). A paper
    the site published keeps its key (``published``: from its papers.json), even where
    the generator would now derive another."""
    published = published or {}
    used: set[str] = set(RESERVED_KEYS) | {k.lower() for k in published.values()}
    papers = []
    merges = []
    for was, entries in _groups(dumps, published):  # in order of first sighting
        base = base_key(entries[0])
        key = was or next(base + s for s in _suffixes() if (base + s).lower() not in used)
        used.add(key.lower())
        papers.append(_paper_of(key, entries))
        if len(entries) > 1:
            merges.append((key, papers[-1].sources))
    return tuple(sorted(papers, key=Paper.sort_key)), tuple(sorted(merges))


def _paper_of(key: str, entries: list[Entry]) -> Paper:
    """The paper of a group of sightings: its first title, its newest abstract, the
    largest author count and the first listing date."""
    abstract = next((e.abstract for e in reversed(entries) if e.abstract), "")
    counts = [e.authors_count for e in entries if e.authors_count is not None]
    date = next((e.date for e in entries if e.date is not None), None)
    return paper(key, entries[0].title, abstract, tuple(e.source for e in entries),
                 authors_count=max(counts) if counts else None, date=date)


def splits(papers: tuple[Paper, ...]) -> tuple[Split, ...]:
    """Different papers that print the same title (kept apart by their abstracts)."""
    by_title: dict[str, list[Paper]] = {}
    for p in papers:
        by_title.setdefault(title_fingerprint(p.title), []).append(p)
    return tuple(sorted((ps[0].title_text, tuple(sorted(p.key for p in ps)))
                        for ps in by_title.values() if len(ps) > 1))
