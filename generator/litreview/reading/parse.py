"""Dump text -> ``Dump`` records. Pure: takes bytes, never touches the disk.

A dump is the page header ("Daily Papers", the page's date) and then, per paper, a title,
its abstract and, in some dumps, a metadata block (``blocks``). Guarantees:

- a paper is a title with an abstract or a metadata block (or both); a short line with
  neither is a warning, never a paper, and so is a line between an abstract and its
  metadata block; a prose paragraph after an abstract continues it (with a warning);
- a title is cut at TITLE_MAX_CUT characters and an abstract at ABSTRACT_MAX, with a
  warning (BibTeX clients fail on longer lines);
- a file that is not a Daily Papers dump raises ``LitReviewError`` naming the file and
  line; odd but readable input becomes counted ``BuildWarning``s with file and line.
"""

from __future__ import annotations

import datetime as dt
import html
import html.entities
import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import BuildWarning, LitReviewError
from ..model import Dump, Entry, Source
from ..text import is_noncharacter
from .blocks import MONTHS, Meta, Para, items, make_date
from .decode import decode

#: the page chrome above the first paper (whole lines, after whitespace normalisation)
HEADER_RE = re.compile(r"^(new|Subscribe|Daily Papers|byAK and the research community|"
                       r"Get trending papers in your email inbox( once a day)?!?)$")
#: at least one of these must appear in the header for the file to count as a dump
HEADER_MARKERS = frozenset({"Daily Papers", "byAK and the research community"})
PAGE_DATE_RE = re.compile(r"^(?P<mon>" + "|".join(MONTHS) + r") (?P<day>\d{1,2})"
                          r"(?:, (?P<year>\d{4}))?$")
#: a paragraph that is nothing but a URL (an abstract that says only where the code is)
_URL_ONLY = re.compile(r"^<?https?://\S+>?$")

#: a paragraph longer than this cannot be a title
TITLE_MAX_CHARS = 300
TITLE_MAX_WORDS = 45
#: a first paragraph longer than this is cut (it is not a title anyway)
TITLE_MAX_CUT = 500
#: real abstracts stay under ~3,000 characters (arXiv allows 1,920); a longer one is cut
#: here: biber stops at lines of ~200 KB and pandoc slows to minutes on megabytes
ABSTRACT_MAX = 10_000
#: characters deleted, not spaced: soft hyphen, zero-width space, word joiner, BOM
_INVISIBLE = frozenset("\u00ad\u200b\u2060\ufeff")
#: ASCII's control characters (Unicode category Cc)
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


#: an HTML character reference a page's source leaked into the text ("Plug &amp; Play"),
#: with its semicolon: never "R&D" or "&not" in prose
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _reference(m: re.Match[str]) -> str:
    """A character reference read, if it is one whole ("&amp;", "&#8212;"), else as
    printed (html.unescape reads a legacy prefix: "&notation;" would be "¬ation;")."""
    ref = m.group(0)
    if ref[1] == "#" or ref[1:] in html.entities.html5:
        return html.unescape(ref)
    return ref


def clean_line(line: str) -> str:
    """Control characters become spaces; invisible format characters (a soft hyphen
    inside "co\u00adoperate") are deleted; HTML character references are read ("&amp;"
    made "Plug &amp; Play" a second paper); whitespace collapses. Unicode noncharacters become
    spaces too (``text.is_noncharacter``)."""
    if "&" in line:
        line = _ENTITY.sub(_reference, line)
    if line.isascii():  # most lines: only ASCII's controls to space (and no character loop)
        return " ".join(_ASCII_CONTROL.sub(" ", line).split())
    out = []
    for ch in line:
        cat = unicodedata.category(ch)
        if ch in _INVISIBLE or (cat == "Cf" and ch not in "\u200c\u200d"):
            continue
        out.append(" " if cat in ("Cc", "Zl", "Zp") or is_noncharacter(ch) else ch)
    return " ".join("".join(out).split())


def looks_like_title(text: str) -> bool:
    """A short paragraph that does not read like prose."""
    if len(text) > TITLE_MAX_CHARS or len(text.split()) > TITLE_MAX_WORDS:
        return False
    if _URL_ONLY.match(text):
        return False  # a paper is never called by a URL
    return not text.endswith(".") and ". " not in text


def parse_dump(data: bytes, name: str, capture_year: int | None,
               captured: dt.date | None = None) -> Dump:
    """Parse one dump file's bytes; ``capture_year`` fills dates printed without a year
    (the year before for a date after ``captured``, the capture date when known)."""
    text, warnings = decode(data, name)
    lines = [clean_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    i, page_date = _skip_header(lines, name, (capture_year, captured), warnings)
    found = _Entries(name, warnings)
    blocks = items(lines, i, name, capture_year, warnings, captured)
    for n, item in enumerate(blocks):
        found.add(item, blocks[n + 1] if n + 1 < len(blocks) else None)
    entries = found.finish()
    if not entries:
        warnings.append(BuildWarning("empty-dump", "the dump lists no papers", name, i + 1))
    return Dump(name=name, page_date=page_date, entries=tuple(entries),
                warnings=tuple(warnings))


def _skip_header(lines: list[str], name: str, when: tuple[int | None, dt.date | None],
                 warnings: list[BuildWarning]) -> tuple[int, dt.date | None]:
    """Index of the first line after the page header, and the page's date."""
    seen = False
    page_date = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        if not ln or HEADER_RE.match(ln):
            seen = seen or ln in HEADER_MARKERS
            i += 1
            continue
        m = PAGE_DATE_RE.match(ln)
        if m and seen and page_date is None:
            try:
                page_date = make_date(m, *when)
            except ValueError:
                warnings.append(BuildWarning("bad-date", f"page date {ln!r} is not a date",
                                             name, i + 1))
            i += 1
            continue
        break
    if not seen:
        first = next((n for n, ln in enumerate(lines, 1) if ln), 1)
        raise LitReviewError(
            "not a Daily Papers dump: no page header ('Daily Papers' or "
            "'byAK and the research community') before the first paper", name, first)
    return i, page_date


@dataclass
class _Open:
    """The entry being read."""

    title: Para
    abstract: list[Para] = field(default_factory=list)
    meta: Meta | None = None


class _Entries:
    """Paragraphs and metadata blocks, in order -> entries (the rules in the docstring)."""

    def __init__(self, name: str, warnings: list[BuildWarning]) -> None:
        self.name, self.warnings = name, warnings
        self.entries: list[Entry] = []
        self.open: _Open | None = None

    def warn(self, category: str, message: str, line: int) -> None:
        self.warnings.append(BuildWarning(category, message, self.name, line))

    def add(self, item: Para | Meta, after: Para | Meta | None) -> None:
        """Read one paragraph or block (``after``: the one that follows it)."""
        if isinstance(item, Meta):
            if self.open is None or self.open.meta is not None:
                self.warn("orphan-metadata", "metadata block with no title before it; "
                          "ignored", item.line)
                return
            self.open.meta = item
            self.close()
            return
        current = self.open
        if current is None:
            self.open = _Open(item)
        elif not current.abstract:
            if looks_like_title(item.text) and not isinstance(after, Meta):
                self.close()  # a title with no abstract, then the next paper's title
                self.open = _Open(item)
            else:
                current.abstract.append(item)
        elif isinstance(after, Meta) and looks_like_title(item.text) and \
                all(_URL_ONLY.match(p.text) for p in current.abstract):
            self.close()  # after an abstract that is only a URL: the next paper's title
            self.open = _Open(item)
        elif isinstance(after, Meta) and looks_like_title(item.text):
            self.warn("stray-line", f"a line between an abstract and its metadata: "
                      f"{item.text[:80]!r}; not part of any paper", item.line)
        elif _starts_entry(item, after):
            self.close()
            self.open = _Open(item)
        else:
            self.warn("abstract-paragraphs", "an abstract in more than one paragraph; "
                      "joined", item.line)
            current.abstract.append(item)

    def close(self) -> None:
        """End the entry being read: it becomes a paper, or a warning."""
        current, self.open = self.open, None
        if current is None:
            return
        if not current.abstract and current.meta is None:
            self.warn("not-a-paper", f"a line with no abstract and no metadata: "
                      f"{current.title.text[:80]!r}; not taken as a paper", current.title.line)
            return
        if not current.abstract:
            self.warn("no-abstract", f"title with no abstract: {current.title.text[:80]!r}",
                      current.title.line)
        self.entries.append(self._entry(current))

    def _entry(self, e: _Open) -> Entry:
        title = _cut(e.title.text, TITLE_MAX_CUT)
        if title != e.title.text:
            self.warn("long-title", f"title of {len(e.title.text)} characters cut to "
                      f"{TITLE_MAX_CUT}; is it an abstract?", e.title.line)
        elif len(title) > TITLE_MAX_CHARS or len(title.split()) > TITLE_MAX_WORDS:
            self.warn("long-title", f"a title of {len(title.split())} words, taken as the "
                      "title of a paper; is it a paragraph of an abstract?", e.title.line)
        text = " ".join(p.text for p in e.abstract)
        abstract = _cut(text, ABSTRACT_MAX)
        if abstract != text:
            self.warn("long-abstract", f"abstract of {len(text)} characters cut to "
                      f"{ABSTRACT_MAX}", e.abstract[0].line)
        meta = e.meta or Meta(0)
        return Entry(title=title, abstract=abstract,
                     source=Source(self.name, len(self.entries) + 1, e.title.line),
                     authors_count=meta.authors, date=meta.date, upvotes=meta.upvotes,
                     organisation=meta.organisation)

    def finish(self) -> list[Entry]:
        self.close()
        return self.entries


def _starts_entry(item: Para, after: Para | Meta | None) -> bool:
    """After an abstract: a paragraph is the next paper's title when it looks like one, or
    when it is short and an abstract follows it; else it continues the abstract."""
    if looks_like_title(item.text):
        return True
    short = len(item.text) <= TITLE_MAX_CHARS and len(item.text.split()) <= TITLE_MAX_WORDS
    # a title too long to look like one, but no prose (no sentence in it) with an abstract
    # after it, is a title, cut (``_entry``): it had been joined to the abstract above it
    # with its own abstract, and the paper was lost
    worded = len(item.text) <= TITLE_MAX_CUT and not _SENTENCE_MARK.search(item.text)
    return (short or worded) and isinstance(after, Para) and not looks_like_title(after.text)


#: what only prose has: a sentence's end inside or at the end of a paragraph (a run of
#: questions, a list closed by ":" or ")" inside an abstract is no title: hostile pass)
_SENTENCE_MARK = re.compile(r"[.?!;]\s|[.?!:;)]$")


def _cut(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters cut at a word and ended with "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head else head) + "…"
