"""Dump text -> ``Dump`` records. Pure: takes bytes, never touches the disk.

Guarantees: every title block becomes exactly one ``Entry`` (a title with no abstract is
kept and warned about); a file that is not a Daily Papers dump raises ``LitReviewError``
naming the file and line; odd but readable input becomes counted ``BuildWarning``s.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ..errors import BuildWarning, LitReviewError
from ..model import Dump, Entry, Source

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
_MON = "(?P<mon>" + "|".join(MONTHS) + ")"

#: lines of the page chrome above the first paper (compared after whitespace normalisation)
HEADER_LINES = frozenset({
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
})
#: at least one of these must appear in the header for the file to count as a dump
HEADER_MARKERS = frozenset({"Daily Papers", "byAK and the research community"})

PAGE_DATE_RE = re.compile(rf"^{_MON} (?P<day>\d{{1,2}})$")
AUTHORS_RE = re.compile(r"^•\s*(?P<n>\d{1,5})\s+authors?$")
DOT_RE = re.compile(r"^·$")
DATE_RE = re.compile(rf"^{_MON} (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?(?: (?P<up>\d{{1,7}}))?$")

#: a paragraph longer than this cannot be a title
TITLE_MAX_CHARS = 300
TITLE_MAX_WORDS = 45
#: real abstracts stay under ~3,000 characters; longer ones are kept but flagged
ABSTRACT_WARN_CHARS = 10_000


@dataclass(frozen=True)
class _Para:
    text: str
    line: int


@dataclass(frozen=True)
class _Meta:
    line: int
    authors: int | None
    date: dt.date | None
    upvotes: int | None


def decode(data: bytes, name: str) -> tuple[str, list[BuildWarning]]:
    """Bytes -> text: UTF-8 (BOM stripped), else Windows-1252 with a warning; binary raises."""
    if not data.strip():
        raise LitReviewError("empty file: not a Daily Papers dump", name)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise LitReviewError("binary data (NUL byte): not a text dump", name, line)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        return text, [BuildWarning(
            "decode", f"not valid UTF-8 ({exc.reason} at byte {exc.start}); "
            "read as Windows-1252", name, line)]


def clean_line(line: str) -> str:
    """Replace control and zero-width format characters by spaces and collapse whitespace."""
    out = []
    for ch in line:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp") or (cat == "Cf" and ch not in "\u200c\u200d"):
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def _meta_line(text: str) -> bool:
    return bool(AUTHORS_RE.match(text) or DOT_RE.match(text) or DATE_RE.match(text))


def _make_date(m: re.Match[str], year: int | None) -> dt.date:
    given = m.groupdict().get("year")
    y = int(given) if given else year
    if y is None:
        raise ValueError("no year")
    return dt.date(y, MONTHS[m.group("mon")], int(m.group("day")))


def looks_like_title(text: str) -> bool:
    """A short paragraph that does not read like prose."""
    if len(text) > TITLE_MAX_CHARS or len(text.split()) > TITLE_MAX_WORDS:
        return False
    return not text.endswith(".") and ". " not in text


def parse_dump(data: bytes, name: str, capture_year: int | None) -> Dump:
    """Parse one dump file's bytes; ``capture_year`` fills dates printed without a year."""
    text, warnings = decode(data, name)
    lines = [clean_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]

    i, header_seen, page_date = _skip_header(lines, name, capture_year, warnings)
    if not header_seen:
        first = next((n for n, ln in enumerate(lines, 1) if ln), 1)
        raise LitReviewError(
            "not a Daily Papers dump: no page header ('Daily Papers' or "
            "'byAK and the research community') before the first paper", name, first)

    items = _items(lines, i, name, capture_year, warnings)
    entries = _entries(items, name, warnings)
    if not entries:
        warnings.append(BuildWarning("empty-dump", "the dump lists no papers", name, i + 1))
    return Dump(name=name, page_date=page_date, entries=tuple(entries),
                warnings=tuple(warnings))


def _skip_header(lines: list[str], name: str, year: int | None,
                 warnings: list[BuildWarning]) -> tuple[int, bool, dt.date | None]:
    """Index of the first line after the page header, whether a marker was seen, page date."""
    seen = False
    page_date = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        if not ln or ln in HEADER_LINES:
            seen = seen or ln in HEADER_MARKERS
            i += 1
            continue
        m = PAGE_DATE_RE.match(ln)
        if m and seen and page_date is None:
            try:
                page_date = _make_date(m, year)
            except ValueError:
                warnings.append(BuildWarning("bad-date", f"page date {ln!r} is not a date",
                                             name, i + 1))
            i += 1
            continue
        break
    return i, seen, page_date


def _items(lines: list[str], start: int, name: str, year: int | None,
           warnings: list[BuildWarning]) -> list[_Para | _Meta]:
    """Group lines into paragraphs (blank-line separated) and metadata blocks."""
    items: list[_Para | _Meta] = []
    i = start
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j]:
            j += 1
        run = list(range(i, j))
        # a metadata block may follow its abstract without a blank line: split it off
        k = len(run)
        while k > 0 and _meta_line(lines[run[k - 1]]):
            k -= 1
        text_part, meta_part = run[:k], run[k:]
        if text_part:
            items.append(_Para(" ".join(lines[n] for n in text_part), text_part[0] + 1))
        if meta_part:
            items.append(_meta(lines, meta_part, name, year, warnings))
        i = j
    return items


def _meta(lines: list[str], idx: list[int], name: str, year: int | None,
          warnings: list[BuildWarning]) -> _Meta:
    authors = upvotes = None
    date = None
    for n in idx:
        ln = lines[n]
        if m := AUTHORS_RE.match(ln):
            authors = int(m.group("n"))
        elif m := DATE_RE.match(ln):
            upvotes = int(m.group("up")) if m.group("up") else None
            try:
                date = _make_date(m, year)
            except ValueError:
                why = "no capture year known" if year is None and not m.group("year") \
                    else "no such day"
                warnings.append(BuildWarning("bad-date", f"date {ln!r} ignored: {why}",
                                             name, n + 1))
    return _Meta(idx[0] + 1, authors, date, upvotes)


def _size_warnings(title: _Para, abstract: str, abstract_line: int,
                   name: str) -> list[BuildWarning]:
    """A title too long to be one, an abstract too long to be one."""
    out = []
    if len(abstract) > ABSTRACT_WARN_CHARS:
        out.append(BuildWarning("long-abstract",
                                f"abstract of {len(abstract)} characters (kept whole)",
                                name, abstract_line))
    if len(title.text) > TITLE_MAX_CHARS:
        out.append(BuildWarning("long-title",
                                f"title of {len(title.text)} characters; is it an abstract?",
                                name, title.line))
    return out


def _entries(items: list[_Para | _Meta], name: str,
             warnings: list[BuildWarning]) -> list[Entry]:
    """Pair titles with abstracts and metadata."""
    entries: list[Entry] = []
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, _Meta):
            warnings.append(BuildWarning(
                "orphan-metadata", "metadata block with no title before it; ignored",
                name, item.line))
            i += 1
            continue
        title = item
        i += 1
        abstract = ""
        nxt = items[i] if i < len(items) else None
        after = items[i + 1] if i + 1 < len(items) else None
        if isinstance(nxt, _Para) and (not looks_like_title(nxt.text)
                                       or isinstance(after, _Meta)):
            abstract = nxt.text
            i += 1
        else:
            warnings.append(BuildWarning(
                "no-abstract", f"title with no abstract: {title.text[:80]!r}", name, title.line))
        warnings += _size_warnings(title, abstract,
                                   nxt.line if isinstance(nxt, _Para) else title.line, name)
        meta: _Meta | None = None
        if i < len(items):
            candidate = items[i]
            if isinstance(candidate, _Meta):
                meta, i = candidate, i + 1
        entries.append(Entry(
            title=title.text, abstract=abstract,
            source=Source(name, len(entries) + 1, title.line),
            authors_count=meta.authors if meta else None,
            date=meta.date if meta else None,
            upvotes=meta.upvotes if meta else None))
    return entries
