"""A dump's lines -> paragraphs and metadata blocks. Pure, no I/O.

A listing prints, under a paper's title and abstract, a metadata block of consecutive
lines (a blank line before it is optional):

    • 6 authors                  who submitted it: an author count...
    RUC-AIBOX RUC-AIBOX          ...or, for a paper an organisation submitted, its name
    ·                            a separator line
    Feb 3, 2025 42               the listing date, its year when not this year, upvotes
    42                           (upvotes may also stand on a line of their own)

Any of the lines may be missing but the block is recognised by its fixed shapes only: an
organisation line counts as metadata only directly above the separator, and a number only
directly below a date. Everything else is a paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import BuildWarning

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
_MON = "(?P<mon>" + "|".join(MONTHS) + ")"
AUTHORS_RE = re.compile(r"^•\s*(?P<n>\d{1,5})\s+authors?$")
DOT_RE = re.compile(r"^[·•]$")
#: an upvote count: "12", "1,024", "12 upvotes"
_UP = r"(?P<up>\d{1,3}(?:,\d{3})+|\d{1,7})(?: upvotes?)?"
DATE_RE = re.compile(rf"^{_MON} (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?(?: {_UP})?$")
UPVOTES_RE = re.compile(rf"^{_UP}$")
#: an organisation's name may end with a full stop only in these ("Acme Research Inc.")
_ORG_STOP = re.compile(r"\b(?:Inc|Ltd|Co|Corp|LLC|Pty|PLC|S\.A|N\.V|B\.V|e\.V)\.$")
#: the longest line taken for an organisation's name
ORG_MAX_CHARS = 120


@dataclass(frozen=True)
class Para:
    """A paragraph: consecutive text lines, joined by spaces."""

    text: str
    #: 1-based line of its first line
    line: int


@dataclass(frozen=True)
class Meta:
    """A metadata block."""

    #: 1-based line of its first line
    line: int
    authors: int | None = None
    organisation: str | None = None
    date: dt.date | None = None
    upvotes: int | None = None


#: how many days after the capture a date printed without a year may fall and still be
#: of the capture's year
SKEW_DAYS = 31


def make_date(m: re.Match[str], year: int | None, latest: dt.date | None = None) -> dt.date:
    """The date a ``DATE_RE`` or page-date match names; ``year`` when it prints none, or
    the year before when that would put it after ``latest`` (the capture: "Dec 31" on a
    page captured on Jan 2 is of the year before)."""
    given = m.groupdict().get("year")
    y = int(given) if given else year
    if y is None:
        raise ValueError("no year")
    day = dt.date(y, MONTHS[m.group("mon")], int(m.group("day")))
    # (a day or two after it is a clock's or a time zone's skew, not last year)
    if not given and latest is not None and day > latest + dt.timedelta(days=SKEW_DAYS):
        day = dt.date(y - 1, day.month, day.day) if (day.month, day.day) != (2, 29) else day
    return day


def items(lines: list[str], start: int, name: str, year: int | None,
          warnings: list[BuildWarning], latest: dt.date | None = None) -> list[Para | Meta]:
    """Group the lines from ``start`` into paragraphs (blank-line separated) and metadata
    blocks, in order (dates printed without a year: ``make_date``)."""
    out: list[Para | Meta] = []
    i = start
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j]:
            j += 1
        k = _meta_start(lines, i, j)
        if k > i:
            out.append(Para(" ".join(lines[i:k]), i + 1))
        if k < j:
            org = _org_above(out, k) if DOT_RE.match(lines[k]) else None
            out.append(_meta(lines, k, j, (name, year, latest), warnings, org))
        i = j
    return out


def _meta_start(lines: list[str], i: int, j: int) -> int:
    """Where the metadata block at the end of the run ``lines[i:j]`` starts (``j``: none)."""
    k = j
    while k > i and _is_meta(lines, k - 1, i):
        k -= 1
    # an organisation's name stands directly above the separator
    if i < k < j and DOT_RE.match(lines[k]) and k - 1 >= i and _is_org(lines[k - 1]):
        k -= 1
    return k


def _is_meta(lines: list[str], n: int, first: int) -> bool:
    """Whether line ``n`` has a metadata shape where it stands."""
    text = lines[n]
    if AUTHORS_RE.match(text) or DOT_RE.match(text) or DATE_RE.match(text):
        return True
    return bool(UPVOTES_RE.match(text)) and n > first and bool(DATE_RE.match(lines[n - 1]))


def _is_org(text: str) -> bool:
    return 0 < len(text) <= ORG_MAX_CHARS and (not text.endswith(".")
                                                or bool(_ORG_STOP.search(text)))


def upvotes(m: re.Match[str]) -> int:
    """The count a ``DATE_RE`` or ``UPVOTES_RE`` match gives ("1,024" -> 1024)."""
    return int(m.group("up").replace(",", ""))


def _org_above(out: list[Para | Meta], k: int) -> Para | None:
    """An organisation's name alone in a paragraph right above a block that opens with the
    separator (a blank line between them) belongs to the block: it is taken out of the
    paragraphs and returned."""
    if len(out) < 3 or not all(isinstance(x, Para) for x in out[-3:]):
        return None  # it needs a title and an abstract above it
    last = out[-1]
    if isinstance(last, Para) and last.line == k - 1 and _is_org(last.text):
        out.pop()  # one line, then a blank line, then the block
        return last
    return None


def _meta(lines: list[str], k: int, j: int, where: tuple[str, int | None, dt.date | None],
          warnings: list[BuildWarning], org: Para | None) -> Meta:
    """The metadata block ``lines[k:j]`` (``where``: the file's name, capture year and
    capture date; ``org``: its organisation line, when it stood apart)."""
    authors = votes = None
    organisation = org.text if org is not None else None
    date = None
    for n in range(k, j):
        text = lines[n]
        if m := AUTHORS_RE.match(text):
            authors = int(m.group("n"))
        elif DOT_RE.match(text):
            continue
        elif m := DATE_RE.match(text):
            votes = upvotes(m) if m.group("up") else votes
            date = _date(m, text, where, n, warnings)
        elif (m := UPVOTES_RE.match(text)) and n > k and DATE_RE.match(lines[n - 1]):
            votes = upvotes(m)
        else:
            organisation = text
    return Meta(org.line if org is not None else k + 1, authors, organisation, date, votes)


def _date(m: re.Match[str], text: str, where: tuple[str, int | None, dt.date | None],
          n: int, warnings: list[BuildWarning]) -> dt.date | None:
    name, year, latest = where
    try:
        return make_date(m, year, latest)
    except ValueError:
        why = "no capture year known" if year is None and not m.group("year") else "no such day"
        warnings.append(BuildWarning("bad-date", f"date {text!r} ignored: {why}", name, n + 1))
        return None
