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


ORG = "RUC-AIBOX RUC-AIBOX"
# (title, has abstract, authors, organisation, date, upvotes)
Row = tuple[str, bool, int | None, str | None, dt.date | None, int | None]


@pytest.mark.parametrize(("body", "expect", "warned"), [
    # format (a): title + abstract
    (f"Paper One\n\n{ABS}\n", [("Paper One", True, None, None, None, None)], []),
    # format (b): metadata block, date with upvotes
    (f"Paper One\n\n{ABS}\n\n  • 3 authors\n·\nJul 8, 2024 12\n",
     [("Paper One", True, 3, None, dt.date(2024, 7, 8), 12)], []),
    # one author; a date lacking the year -> capture year
    (f"Paper One\n\n{ABS}\n\n• 1 author\n·\nMar 12\n",
     [("Paper One", True, 1, None, dt.date(2026, 3, 12), None)], []),
    # metadata directly under the abstract, no blank line
    (f"Paper One\n\n{ABS}\n• 5 authors\n·\nJan 2, 2023\n",
     [("Paper One", True, 5, None, dt.date(2023, 1, 2), None)], []),
    # an organisation submitted it: its name instead of the author count
    (f"SWE-World: Agents\n\n{ABS}\n\n{ORG}\n·\nFeb 3 3\n",
     [("SWE-World: Agents", True, None, ORG, dt.date(2026, 2, 3), 3)], []),
    # the organisation line apart from the rest of the block
    (f"SWE-World: Agents\n\n{ABS}\n\n{ORG}\n\n·\nFeb 3 3\n",
     [("SWE-World: Agents", True, None, ORG, dt.date(2026, 2, 3), 3)], []),
    # two papers with organisation lines: each date on its own paper, no fake paper
    (f"Paper A\n\n{ABS}\n{ORG}\n·\nFeb 3 3\n\nPaper B\n\n{ABS}\n\nQwen\n·\nFeb 4, 2025\n",
     [("Paper A", True, None, ORG, dt.date(2026, 2, 3), 3),
      ("Paper B", True, None, "Qwen", dt.date(2025, 2, 4), None)], []),
    # upvotes on a line of their own under the date
    (f"Paper One\n\n{ABS}\n\n• 4 authors\n·\nFeb 3, 2025\n42\n",
     [("Paper One", True, 4, None, dt.date(2025, 2, 3), 42)], []),
    # a line between the abstract and its metadata is not a paper
    (f"Paper One\n\n{ABS}\n\nCode: https://github.com/x/y\n\n• 3 authors\n·\nFeb 3\n",
     [("Paper One", True, 3, None, dt.date(2026, 2, 3), None)], ["stray-line"]),
    # an abstract in two paragraphs is one abstract
    (f"Paper One\n\n{ABS}\n\n{ABS}\n\nPaper Two\n\n{ABS}\n",
     [("Paper One", True, None, None, None, None), ("Paper Two", True, None, None, None, None)],
     ["abstract-paragraphs"]),
    # a title with a metadata block but no abstract is still a paper
    ("Paper Three\n\n• 2 authors\n·\nMay 1, 2024\n",
     [("Paper Three", False, 2, None, dt.date(2024, 5, 1), None)], ["no-abstract"]),
    # a title with no abstract and no metadata, before a complete entry: not a paper
    (f"Lonely Title\n\nPaper Two\n\n{ABS}\n",
     [("Paper Two", True, None, None, None, None)], ["not-a-paper"]),
    # ... nor at the end of the dump (page chrome such as "Load more")
    (f"Paper Two\n\n{ABS}\n\nLoad more\n",
     [("Paper Two", True, None, None, None, None)], ["not-a-paper"]),
    # a short title-like abstract is still an abstract when metadata follows it
    ("Paper Three\n\nA short abstract without a period\n\n• 2 authors\n·\nMay 1, 2024\n",
     [("Paper Three", True, 2, None, dt.date(2024, 5, 1), None)], []),
    # an odd title ("!!! ...") is a title when an abstract follows it
    (f"Paper One\n\n{ABS}\n\n!!! ...\n\n{ABS}\n",
     [("Paper One", True, None, None, None, None), ("!!! ...", True, None, None, None, None)],
     []),
    # upvotes written "1,024" or "12 upvotes", an organisation ending "Inc." (the whole
    # block was dropped, or the organisation joined the abstract: hostile pass)
    (f"Paper One\n\n{ABS}\n\n  • 2 authors\n·\nSep 24 1,024\n\n"
     f"Paper Two\n\n{ABS}\n\nNAVER AI Lab\n·\nSep 22 12 upvotes\n\n"
     f"Paper Three\n\n{ABS}\n\nAcme Research Inc.\n·\nSep 23\n",
     [("Paper One", True, 2, None, dt.date(2026, 9, 24), 1024),
      ("Paper Two", True, None, "NAVER AI Lab", dt.date(2026, 9, 22), 12),
      ("Paper Three", True, None, "Acme Research Inc.", dt.date(2026, 9, 23), None)], []),
    # a title longer than a title may look (50 words) after an abstract, with its own
    # abstract, is a title: it had been joined to the abstract above, and the paper lost
    (f"Paper One\n\n{ABS}\n\n{' '.join(['Long'] * 50)}\n\n{ABS}\n",
     [("Paper One", True, None, None, None, None),
      (" ".join(["Long"] * 50), True, None, None, None, None)], ["long-title"]),
    # ... but a long paragraph of prose (questions, a list closed by ":") inside an
    # abstract continues it (it became a made-up paper: hostile pass)
    (f"Paper One\n\n{ABS}\n\n{'Can they plan? ' * 16}Do they know?\n\n{ABS}\n",
     [("Paper One", True, None, None, None, None)],
     ["abstract-paragraphs", "abstract-paragraphs"]),
    (f"Paper One\n\n{ABS}\n\n{'we list the steps and ' * 10}these are:\n\n{ABS}\n",
     [("Paper One", True, None, None, None, None)],
     ["abstract-paragraphs", "abstract-paragraphs"]),
    # an abstract that is only a URL is an abstract, and the title after it a title (the
    # URL became a paper's title, and the next title its abstract)
    ("Paper One\n\nhttps://github.com/a/b\n\nPaper Two\n\n  • 5 authors\n·\nSep 25\n",
     [("Paper One", True, None, None, None, None),
      ("Paper Two", False, 5, None, dt.date(2026, 9, 25), None)], ["no-abstract"]),
])
def test_entries(body: str, expect: list[Row], warned: list[str]) -> None:
    d = parse_dump(dump(body), "t.txt", 2026)
    got = [(e.title, bool(e.abstract), e.authors_count, e.organisation, e.date, e.upvotes)
           for e in d.entries]
    assert got == expect
    assert [w.category for w in d.warnings] == warned
    assert all(w.file == "t.txt" and w.line > 0 for w in d.warnings)


def test_joined_abstract_paragraphs() -> None:
    d = parse_dump(dump("Paper One\n\nFirst part.\n\nSecond part.\n"), "t.txt", 2026)
    assert d.entries[0].abstract == "First part. Second part."


@pytest.mark.parametrize("line", ["Get trending papers in your email inbox once a day!",
                                  "Get trending papers in your email inbox"])
def test_header_variants(line: str) -> None:
    header = f"new\n\n{line}\n\nSubscribe\n\nDaily Papers\n\nOct 3\n\n"
    d = parse_dump(dump(f"Paper\n\n{ABS}\n", header), "t.txt", 2026)
    assert [e.title for e in d.entries] == ["Paper"]
    assert d.page_date == dt.date(2026, 10, 3)


def test_soft_hyphens_and_zero_width_spaces_join_words() -> None:
    d = parse_dump(dump(f"Co\u00adoperative Agents\u200b\n\nWe co\u00adoperate. {ABS}\n"),
                   "t.txt", 2026)
    assert d.entries[0].title == "Cooperative Agents"
    assert d.entries[0].abstract.startswith("We cooperate. ")


def test_a_date_without_a_year_after_the_capture_is_of_the_year_before() -> None:
    """"Dec 31" on a page captured on Jan 2 is of the year before: it had the capture's
    year, a date in the future, and so a key and a BibTeX year a year late (hostile
    pass). A date printed with its year is taken as printed."""
    body = (f"Paper One\n\n{ABS}\n\n  • 2 authors\n·\nDec 31\n\n"
            f"Paper Two\n\n{ABS}\n\n  • 2 authors\n·\nJan 1\n\n"
            f"Paper Three\n\n{ABS}\n\n  • 2 authors\n·\nDec 30, 2026\n\n"
            f"Paper Four\n\n{ABS}\n\n  • 2 authors\n·\nJan 3\n")
    d = parse_dump(dump(body, HEADER.replace("Oct 3", "Dec 30")), "t.txt", 2026,
                   dt.date(2026, 1, 2))
    assert d.page_date == dt.date(2025, 12, 30)
    # (a day after the capture is a clock's skew, not last year)
    assert [e.date for e in d.entries] == [dt.date(2025, 12, 31), dt.date(2026, 1, 1),
                                          dt.date(2026, 12, 30), dt.date(2026, 1, 3)]


def test_html_character_references_are_read() -> None:
    """"Plug &amp; Play" (a page's source leaking into a copy) is "Plug & Play"; prose
    with a bare "&" stays as printed."""
    d = parse_dump(dump(f"Plug &amp; Play &#8212; R&D &not; AT&T&#x1F40D; &notation;\n\n"
                        f"{ABS}\n"), "t.txt", 2026)
    # (a reference is read whole or not at all: not "¬ation;")
    assert d.entries[0].title == "Plug & Play \u2014 R&D \u00ac AT&T\U0001F40D &notation;"


def test_a_page_date_printed_with_its_year() -> None:
    d = parse_dump(dump(f"Paper One\n\n{ABS}\n", HEADER.replace("Oct 3", "Mar 3, 2024")),
                   "t.txt", 2026)
    assert d.page_date == dt.date(2024, 3, 3)


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


def test_a_bom_and_a_few_windows_1252_bytes_are_read_as_without_the_bom() -> None:
    """Notepad's "UTF-8 with BOM" with a pasted Windows-1252 line was an error, while the
    same file without the BOM was read with a warning (hostile pass)."""
    body = (HEADER + "Caf\u00e9 Networks\n\n" + ABS + "\n\n").encode() \
        + "Na\u00efve Bayes\n\n".encode("cp1252") + ABS.encode() + b"\n"
    with_bom, without = (parse_dump(b, "t.txt", 2026) for b in (b"\xef\xbb\xbf" + body, body))
    assert [e.title for e in with_bom.entries] == ["Caf\u00e9 Networks", "Na\u00efve Bayes"]
    assert with_bom == without


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


def test_a_few_bad_bytes_keep_the_utf8_text_and_name_their_line() -> None:
    good = "Café Networks: Über Attention\n\n" + ABS + "\n\n"
    bad = "Na\u00efve Bayes\n\n".encode("cp1252") + ABS.encode() + b"\n"
    d = parse_dump(HEADER.encode() + good.encode() + bad, "mixed.txt", 2026)
    assert [e.title for e in d.entries] == ["Café Networks: Über Attention", "Naïve Bayes"]
    (w,) = d.warnings
    assert (w.category, w.file, w.line) == ("decode", "mixed.txt", 17)
    assert "0xef at column 3" in w.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_read_and_named(encoding: str) -> None:
    d = parse_dump((HEADER + f"Café Paper\n\n{ABS}\n").encode(encoding), "w.txt", 2026)
    assert [e.title for e in d.entries] == ["Café Paper"]
    (w,) = d.warnings
    assert w.category == "decode"
    assert "UTF-16" in w.message or "UTF-32" in w.message
