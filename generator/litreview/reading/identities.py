"""Identities of record (``bib/identities.toml``) and the check every identity passes,
whether read from that file or from an API answer. Pure: text in, records or text out.

Every value is untrusted: ``make_identity`` returns an ``Identity`` whose strings are
normalised and bounded, or raises ``Invalid`` naming the value. Nothing is escaped here:
author names keep HTML, LaTeX, braces and ``%`` as literal text; rendering escapes them.

Normalising a string: lone surrogates become U+FFFD, NFC, control characters (Unicode
``Cc``, line/paragraph separators, bidi embedding/override/isolate controls) become a
space, runs of whitespace collapse to one space, ends are stripped.

The file holds one table per paper key, sorted::

    [analysisVariationalSparse2025]
    arxiv_id = "2509.22994"
    title = "Analysis of Variational Sparse Autoencoders"
    authors = ["Zachary Baker", "Yuxiao Li"]
    date = "2025-09-26"             # first arXiv version; "2025-09" with precision "month"
    date_precision = "day"
    venue = "NeurIPS 2025"          # optional, like primary_class, code, project, evidence
    source = "huggingface 2026-11-26"
    curated = ["venue"]             # the fields the maintainer set by hand
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import unicodedata
from dataclasses import fields, replace
from urllib.parse import urlsplit

import tomli_w

from ..errors import LitReviewError
from ..model import Identity
from ..text import is_noncharacter, latex_to_text

#: bounds on untrusted values (characters, after normalising)
MAX_TITLE, MAX_AUTHOR, MAX_AUTHORS, MAX_URL, MAX_VENUE, MAX_CODE = 500, 200, 3000, 2000, 500, 20
#: earliest plausible first-version date (arXiv opened in August 1991)
EARLIEST = dt.date(1991, 8, 1)
FIELDS = tuple(f.name for f in fields(Identity) if f.name != "key")
#: the fields every record must have
REQUIRED = ("arxiv_id", "title", "authors", "date")
HEADER = """\
# Identities of the review's papers: arXiv id, authors in order, first-version date,
# venue and links, one table per citation key, sorted.
# `litreview resolve` adds a table for each paper that has none and never changes one.
# Correct a value by hand and name the field in `curated`, so it is known as yours.
# `source` says where the values came from; `evidence` the pages they were read from.

"""

_NEW_ID = re.compile(r"(?P<id>\d{2}(?P<mm>\d{2})\.\d{4,5})(?:v\d{1,4})?")
_OLD_ID = re.compile(
    r"(?P<id>[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{2}(?P<mm>\d{2})\d{3})(?:v\d{1,4})?")
_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2,}(?:-[a-z]{2,})*)?")
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}
_SURROGATE = re.compile("[\ud800-\udfff]")
#: characters that show nothing and join nothing, dropped: zero-width space, word joiner,
#: byte-order mark, soft hyphen, Mongolian vowel separator ("Zo\u200bë Ng" is "Zoë Ng" to a
#: reader, and must be to BibTeX sorting and search)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u180e"))


class Invalid(ValueError):
    """A value failed validation; ``str(err)`` says which and why."""


def clean(value: object, what: str, limit: int) -> str:
    """Normalise one untrusted string; raise ``Invalid`` if not a string or too long."""
    if not isinstance(value, str):
        raise Invalid(f"{what} is {type(value).__name__}, not text")
    text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", value)).translate(_INVISIBLE)
    chars = [" " if _is_control(ch) else ch for ch in text]
    text = " ".join("".join(chars).split())
    if len(text) > limit:
        raise Invalid(f"{what} is {len(text)} characters long (limit {limit})")
    return text


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ord(ch) in _BIDI \
        or is_noncharacter(ch)


def arxiv_id(value: object) -> str:
    """The versionless arXiv id in ``value``, or raise ``Invalid``."""
    text = clean(value, "arXiv id", 64)
    for pattern in (_NEW_ID, _OLD_ID):
        m = pattern.fullmatch(text)
        if m and 1 <= int(m["mm"]) <= 12:
            return m["id"]
    raise Invalid(f"arXiv id {text[:40]!r} is not an arXiv identifier")


def url(value: object, what: str = "URL") -> str:
    """An http(s) URL with a host, or raise ``Invalid``."""
    text = clean(value, what, MAX_URL)
    if " " in text:
        raise Invalid(f"{what} {text[:80]!r} contains a space")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as err:
        raise Invalid(f"{what} {text[:80]!r} does not parse: {err}") from err
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise Invalid(f"{what} {text[:80]!r} is not an http(s) URL with a host")
    return text


def optional_url(value: object, what: str) -> str:
    """Like ``url``, but ``None`` or blank text means absent (``""``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return url(value, what)


def authors(values: object) -> tuple[str, ...]:
    """Author names, normalised, empty ones dropped; raise ``Invalid`` past the bounds."""
    if not isinstance(values, (list, tuple)):
        raise Invalid(f"authors is {type(values).__name__}, not a list")
    if len(values) > MAX_AUTHORS:
        raise Invalid(f"{len(values)} authors (limit {MAX_AUTHORS})")
    names = (clean(v, f"author {i + 1}", MAX_AUTHOR) for i, v in enumerate(values))
    # arXiv keeps names as submitted, some in TeX ("J{\\"u}rgen"): the page shows Unicode
    return tuple(latex_to_text(name) if "\\" in name else name for name in names if name)


def date(value: object, precision: str, today: str) -> str:
    """A first-version date as ``YYYY-MM-DD`` / ``YYYY-MM``, or raise ``Invalid``: a date
    or ISO text, not before arXiv opened nor after ``today`` (plus a day for time zones)."""
    if precision not in ("day", "month"):
        raise Invalid(f"date precision {precision!r} is not 'day' or 'month'")
    if value is None:
        raise Invalid("date is missing")
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = clean(value, "date", 40)
        try:
            if precision == "month":
                if len(text) != 7:
                    raise ValueError("expected YYYY-MM")
                day = dt.date.fromisoformat(text + "-01")
            else:
                day = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError as err:
            raise Invalid(f"date {text!r} does not parse: {err}") from err
    if not EARLIEST <= day <= dt.date.fromisoformat(today) + dt.timedelta(days=1):
        raise Invalid(f"date {day.isoformat()} is outside {EARLIEST.isoformat()}..{today}")
    return day.isoformat()[:7] if precision == "month" else day.isoformat()


def category(value: object) -> str:
    """An arXiv category like ``cs.LG`` or ``hep-th``; ``""`` if absent; else ``Invalid``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    text = clean(value, "primary category", 40)
    if not _CATEGORY.fullmatch(text):
        raise Invalid(f"primary category {text!r} is not an arXiv category")
    return text


def date_fits_id(found: Identity) -> Identity:
    """``found``, or raise ``Invalid`` when its date is more than a month from the month
    its arXiv id was given in (``2101.00001``: January 2021; a paper sent on the last day
    of a month may take the next month's). Hugging Face's record of a paper falls back on
    the day it was listed on Daily Papers when the paper's own date is missing."""
    m = _NEW_ID.fullmatch(found.arxiv_id) or _OLD_ID.fullmatch(found.arxiv_id)
    if m is None:
        return found
    yy = int(m["id"].rsplit("/", 1)[-1][:2])
    given = (2000 + yy if yy < 91 else 1900 + yy) * 12 + int(m["mm"]) - 1
    dated = int(found.date[:4]) * 12 + int(found.date[5:7]) - 1
    if abs(dated - given) > 1:
        raise Invalid(f"date {found.date} is not near {given // 12}-{given % 12 + 1:02d}, "
                      f"when arXiv id {found.arxiv_id} was given")
    return found


def make_identity(*, key: str, arxiv_id_value: object, title: object, author_names: object,
                  date_value: object, today: str, source: str, evidence: list[object],
                  date_precision: str = "day", venue: object = None,
                  primary_class: object = None, code: list[object] | None = None,
                  project: object = None) -> Identity:
    """Validate every value of one record or answer and build its ``Identity``; raise
    ``Invalid`` naming the first value that fails."""
    clean_title = clean(title, "title", MAX_TITLE)
    if not clean_title:
        raise Invalid("title is empty")
    links = [u for u in (optional_url(c, "code URL") for c in (code or [])[:MAX_CODE]) if u]
    return Identity(
        key=key, arxiv_id=arxiv_id(arxiv_id_value), title=clean_title,
        authors=authors(author_names), date=date(date_value, date_precision, today),
        date_precision=date_precision,
        venue=clean(venue, "venue", MAX_VENUE) if venue is not None else "",
        primary_class=category(primary_class), code=tuple(dict.fromkeys(links)),
        project=optional_url(project, "project URL"), source=clean(source, "source", 100),
        evidence=tuple(dict.fromkeys(url(e, "evidence URL") for e in evidence)))


def parse_identities(text: str, name: str, today: str) -> dict[str, Identity]:
    """Read ``bib/identities.toml``; a bad table is an error naming the key and the value."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LitReviewError(f"invalid TOML: {exc}", name) from None
    out = {}
    for key, table in data.items():
        if not isinstance(table, dict):
            raise LitReviewError(f"{key!r} must be a table: [{key}]", name)
        out[key] = _record(key, table, name, today)
    return out


def _record(key: str, table: dict[str, object], name: str, today: str) -> Identity:
    """One ``[key]`` table, checked."""
    for field in table:
        if field not in FIELDS:
            close = difflib.get_close_matches(field, FIELDS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise LitReviewError(f"[{key}]: unknown field {field!r}{hint}", name)
    missing = [f for f in REQUIRED if f not in table]
    curated = table.get("curated", [])
    if missing or not isinstance(curated, list) or any(c not in FIELDS for c in curated):
        raise LitReviewError(f"[{key}]: needs {', '.join(REQUIRED)}; curated lists field "
                             f"names ({', '.join(FIELDS)})", name)
    try:
        record = make_identity(
            key=key, arxiv_id_value=table["arxiv_id"], title=table["title"],
            author_names=table["authors"], date_value=table["date"], today=today,
            source=str(table.get("source", "")), evidence=_list(table.get("evidence", [])),
            date_precision=str(table.get("date_precision", "day")),
            venue=table.get("venue"), primary_class=table.get("primary_class"),
            code=_list(table.get("code", [])), project=table.get("project"))
    except Invalid as err:
        raise LitReviewError(f"[{key}]: {err}", name) from None
    return replace(record, curated=tuple(str(c) for c in curated))


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise Invalid(f"{value!r} is not a list")
    return value


def format_identities(records: dict[str, Identity]) -> str:
    """The text of ``bib/identities.toml``: one table per key, sorted; empty fields left
    out, so a record shows only what is known."""
    return HEADER + tomli_w.dumps({key: _table(records[key]) for key in sorted(records)},
                                  multiline_strings=False)


def _table(r: Identity) -> dict[str, object]:
    table: dict[str, object] = {"arxiv_id": r.arxiv_id, "title": r.title,
                                "authors": list(r.authors), "date": r.date,
                                "date_precision": r.date_precision}
    for field in ("venue", "primary_class", "code", "project", "source", "evidence",
                  "curated"):
        value = getattr(r, field)
        if value:
            table[field] = list(value) if isinstance(value, tuple) else value
    return table


#: a table's header line ("[key]", a comment after it allowed), not an array of tables
_HEADER_LINE = re.compile(r"^\[(?!\[)\s*\"?([^\]\"\n]+?)\"?\s*\][ \t]*(?:#.*)?$")


def _place(key: str, heads: list[tuple[str, int]], lines: list[str]) -> int:
    """The line a new table ``key`` goes before: the first table with a greater key, above
    the comment lines that go with it (not the file's own comment, at its top); or the
    end."""
    at = next((line for k, line in heads if k > key), None)
    if at is None:
        return len(lines)
    above = at
    while above > 0 and lines[above - 1].lstrip().startswith("#"):
        above -= 1
    return above if above > 0 else at


def with_records(text: str, added: dict[str, Identity], name: str, today: str) -> str:
    """``text`` (the identities file as it is) with a table for each of ``added`` put in
    key order, and every byte of what was there kept: the maintainer's comments, spacing
    and corrections (re-serialising the file had dropped comments and normalised a curated
    "2006.13311v3"). A new table goes before the first table with a greater key and the
    comment lines just above it; the result must read back as the old records and the new
    ones, or nothing is written."""
    crlf = "\r\n" in text  # (a file saved on Windows keeps its line ends)
    given, text = text, text.replace("\r\n", "\n")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    heads = [(m.group(1), n) for n, line in enumerate(lines)
             if (m := _HEADER_LINE.match(line.rstrip("\n")))]
    inserts: dict[int, list[str]] = {}
    for key in sorted(added):
        block = tomli_w.dumps({key: _table(added[key])}, multiline_strings=False) + "\n"
        at = _place(key, heads, lines)
        inserts.setdefault(at, []).append(("\n" if at == len(lines) and lines else "")
                                          + block)
    out = "".join("".join(inserts.get(i, [])) + line for i, line in enumerate(lines))
    out += "".join(inserts.get(len(lines), []))
    before = parse_identities(given, name, today) if given.strip() else {}
    new = parse_identities(format_identities(added), name, today)  # as the file reads them
    if parse_identities(out, name, today) != {**before, **new}:
        raise LitReviewError("could not add the new records without changing the others; "
                             "nothing was written", name)
    return out.replace("\n", "\r\n") if crlf else out
