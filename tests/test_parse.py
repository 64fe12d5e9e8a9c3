"""Parser tables: both dump formats, header handling, odd and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from litreview.errors import LitReviewError
from litreview.reading.parse import parse_dump

from .conftest import SEEDS, seed_specs

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n" \
         "byAK and the research community\n\nOct 3\n\n"
ABS = ("We study a problem. We propose a method that works well on many benchmarks and "
       "report results. Code is at https://github.com/org/repo.")


def dump(body: str, header: str = HEADER) -> bytes:
    return (header + body).encode("utf-8")


@pytest.mark.parametrize(("name", "count"), [
    ("000_55710cb90658c9b3.txt", 90), ("001_ff67e1f32fc89d71.txt", 35),
    ("002_6f96a1003d4bdb3d.txt", 101), ("003_d5080a8416ecd256.txt", 85)])
def test_seed_entry_counts(name: str, count: int) -> None:
    d = parse_dump((SEEDS / name).read_bytes(), name, 2026)
    assert len(d.entries) == count
    assert d.warnings == ()
    assert all(e.title and e.abstract for e in d.entries)
    assert [e.source.position for e in d.entries] == list(range(1, count + 1))


def test_seeds_total_311() -> None:
    total = sum(len(parse_dump((SEEDS / f).read_bytes(), f, 2026).entries)
                for f, _ in seed_specs())
    assert total == 311


def test_metadata_block_with_and_without_year() -> None:
    d = parse_dump((SEEDS / "001_ff67e1f32fc89d71.txt").read_bytes(), "001.txt", 2026)
    first = d.entries[0]
    assert first.title == "Analysis of Variational Sparse Autoencoders"
    assert (first.authors_count, first.date) == (2, dt.date(2025, 9, 26))
    no_year = [e for e in d.entries if e.date == dt.date(2026, 3, 12)]
    assert len(no_year) == 1  # "Mar 12" printed without a year takes the capture year
    assert d.page_date == dt.date(2026, 4, 16)


@pytest.mark.parametrize(("body", "expect"), [
    # format (a): title + abstract
    (f"Paper One\n\n{ABS}\n", [("Paper One", True, None, None, None)]),
    # format (b): metadata block, date with upvotes
    (f"Paper One\n\n{ABS}\n\n  • 3 authors\n·\nJul 8, 2024 12\n",
     [("Paper One", True, 3, dt.date(2024, 7, 8), 12)]),
    # metadata with a date lacking the year -> capture year
    (f"Paper One\n\n{ABS}\n\n• 1 author\n·\nMar 12\n",
     [("Paper One", True, 1, dt.date(2026, 3, 12), None)]),
    # metadata directly under the abstract, no blank line
    (f"Paper One\n\n{ABS}\n• 5 authors\n·\nJan 2, 2023\n",
     [("Paper One", True, 5, dt.date(2023, 1, 2), None)]),
    # title with no abstract, followed by a complete entry: kept, not merged
    (f"Lonely Title\n\nPaper Two\n\n{ABS}\n",
     [("Lonely Title", False, None, None, None), ("Paper Two", True, None, None, None)]),
    # title with no abstract at the end of the dump
    (f"Paper Two\n\n{ABS}\n\nLast Title Alone\n",
     [("Paper Two", True, None, None, None), ("Last Title Alone", False, None, None, None)]),
    # a short title-like abstract is still an abstract when metadata follows it
    ("Paper Three\n\nA short abstract without a period\n\n• 2 authors\n·\nMay 1, 2024\n",
     [("Paper Three", True, 2, dt.date(2024, 5, 1), None)]),
])
def test_entries(body: str, expect: list[tuple[str, bool, int | None, dt.date | None,
                                                int | None]]) -> None:
    d = parse_dump(dump(body), "t.txt", 2026)
    got = [(e.title, bool(e.abstract), e.authors_count, e.date, e.upvotes) for e in d.entries]
    assert got == expect
    flagged = {w.line for w in d.warnings if w.category == "no-abstract"}
    assert flagged == {e.source.line for e in d.entries if not e.abstract}


def test_header_without_daily_papers_line() -> None:
    header = "new\n\nSubscribe\n\nbyAK and the research community\n\nJun 6\n\n"
    d = parse_dump(dump(f"Paper\n\n{ABS}\n", header), "t.txt", 2026)
    assert [e.title for e in d.entries] == ["Paper"]
    assert d.page_date == dt.date(2026, 6, 6)


def test_crlf_bom_trailing_spaces() -> None:
    raw = "\ufeff" + (HEADER + f"Paper One   \n\n{ABS}  \n\n • 2 authors \n·\nJul 8, 2024\n")
    d = parse_dump(raw.replace("\n", "\r\n").encode("utf-8"), "t.txt", 2026)
    assert [(e.title, e.abstract, e.authors_count) for e in d.entries] == [
        ("Paper One", ABS, 2)]
    assert d.warnings == ()


def test_latin1_is_read_with_a_warning_naming_the_line() -> None:
    raw = (HEADER + "Na\u00efve Bayes Revisited\n\n" + ABS + "\n").encode("latin-1")
    d = parse_dump(raw, "latin.txt", 2026)
    assert d.entries[0].title == "Na\u00efve Bayes Revisited"
    (w,) = d.warnings
    assert (w.category, w.file, w.line) == ("decode", "latin.txt", 13)


def test_bad_date_is_a_warning_not_a_crash() -> None:
    d = parse_dump(dump(f"Paper\n\n{ABS}\n\n• 2 authors\n·\nFeb 30, 2024\n"), "t.txt", 2026)
    assert d.entries[0].date is None
    assert d.entries[0].authors_count == 2
    assert [(w.category, w.line) for w in d.warnings] == [("bad-date", 19)]


def test_control_characters_become_spaces() -> None:
    d = parse_dump(dump(f"Paper\x07 One\u200b\n\n{ABS}\n"), "t.txt", 2026)
    assert d.entries[0].title == "Paper One"


def test_header_only_is_an_empty_dump_warning() -> None:
    d = parse_dump(dump(""), "t.txt", 2026)
    assert d.entries == ()
    assert [w.category for w in d.warnings] == ["empty-dump"]


@pytest.mark.parametrize(("data", "match"), [
    (b"", r"^e\.txt: empty file"),
    (b"  \n\n \n", r"^e\.txt: empty file"),
    (b"Daily Papers\n\x00\x01\x02binary", r"^e\.txt:2: binary data"),
    (b"Just a title\n\nAnd some text that is not a listing.\n",
     r"^e\.txt:1: not a Daily Papers dump"),
    (b"\n\n\nSome Title\n\nDaily Papers\n", r"^e\.txt:4: not a Daily Papers dump"),
])
def test_not_a_dump(data: bytes, match: str) -> None:
    with pytest.raises(LitReviewError, match=match):
        parse_dump(data, "e.txt", 2026)
