"""BibTeX values that read back as what they say, and curation that survives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import bibtexparser
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import Entry, parse_string

from litreview.analysis.library import paper
from litreview.errors import LitReviewError
from litreview.model import CodeLink, Paper, Source
from litreview.rendering.bibtex import (
    apply_curation,
    check_key,
    entry_for,
    parse_curated,
    sanitise,
    to_bibtex,
)

HOSTILE = [
    "50% of {x} & y_z # ~",
    "unbalanced } brace",
    "unbalanced { brace",
    r"already escaped \% and \\ and \textbf{x}",
    "trailing backslash \\",
    r"\input{/etc/passwd} and $x^2$",
    "at @string{x} <b>",
    "UTF-8 stays: naïve 日本 😀",
]


def make(title: str, abstract: str = "An abstract.") -> Paper:
    made = paper("someKey2024", title, abstract, (Source("d.txt", 1, 1),), 3,
                 dt.date(2024, 7, 8))
    return replace(made, code_links=(CodeLink("https://github.com/a/b", "code"),))


@pytest.mark.parametrize("text", HOSTILE)
def test_values_parse_back_in_pybtex_and_bibtexparser(text: str) -> None:
    p = make("Title " + text, "Abstract " + text)
    bib = to_bibtex({p.key: entry_for(p, ["Theme & co"])})
    fields = parse_string(bib, "bibtex").entries[p.key].fields
    assert set(fields) >= {"title", "abstract", "year", "date", "url", "keywords"}
    lib = bibtexparser.parse_string(bib)
    assert not lib.failed_blocks
    assert [e.key for e in lib.entries] == [p.key]


@pytest.mark.parametrize(("raw", "value"), [
    ("50%", r"50\%"), ("a_b", r"a\_b"), ("{x}", r"\{x\}"), ("}", r"{\textbraceright}"),
    ("{", r"{\textbraceleft}"), ("\\", r"{\textbackslash}"),
    ("^~", r"{\textasciicircum}{\textasciitilde}"),
    ("a@b", "a{@}b"), ("$", r"\$"), ("ü", "ü"), ("}@x", r"{\textbraceright}{@}x"),
])
def test_sanitise(raw: str, value: str) -> None:
    assert sanitise(raw) == value


def test_entry_fields() -> None:
    p = make(r"CFSP: 100\% ``Fast''")
    e = entry_for(p, ["Pruning"])
    assert e.type == "misc"
    assert e.fields["title"] == "{CFSP: 100\\% “Fast”}"
    assert (e.fields["year"], e.fields["date"]) == ("2024", "2024-07-08")
    assert e.fields["url"] == "https://github.com/a/b"
    assert e.fields["howpublished"] == "Hugging Face Daily Papers"


def test_curation_overrides_fields_and_adds_entries() -> None:
    p = make("Generated Title")
    curated = parse_curated(
        "@misc{someKey2024, author = {Ada Lovelace and Alan Turing}, eprint = {2401.00001},"
        " title = {{Fixed Title}}}\n@article{extra1, title = {Hand-added}}", "curated.bib")
    merged = apply_curation({p.key: entry_for(p, [])}, curated)
    e = merged[p.key]
    assert e.fields["title"] == "{Fixed Title}"
    assert e.fields["eprint"] == "2401.00001"
    assert e.fields["abstract"] == "An abstract."  # generated fields not curated stay
    assert [str(a) for a in e.persons["author"]] == ["Lovelace, Ada", "Turing, Alan"]
    assert set(merged) == {p.key, "extra1"}


def test_bad_curated_file_names_file() -> None:
    with pytest.raises(LitReviewError, match=r"^bib/curated\.bib.*invalid BibTeX"):
        parse_curated("@misc{x, title = {unclosed}\n", "bib/curated.bib")


@pytest.mark.parametrize(("key", "ok"), [("cfspEfficient2024", True), ("a-b_c.d:e", True),
                                    ("a--b", False), ("-a", False), ("a b", False),
                                    ("ü", False), ("a.", False)])
def test_check_key(key: str, ok: bool) -> None:
    assert check_key(key) is ok


@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=80)), min_size=1,
                max_size=6, unique_by=lambda t: t[0]))
def test_joined_entries_equal_one_pybtex_write(items: list[tuple[str, str]]) -> None:
    from litreview.rendering.bibtex import BibTexts
    entries = {f"k{i}": Entry("misc", fields={"title": "{" + sanitise(t) + "}",
                                              "abstract": sanitise(a)})
               for i, (t, a) in enumerate(items)}
    texts = BibTexts(entries)
    keys = list(entries)[::-1]
    assert texts.join(keys) == to_bibtex(entries, keys)
    assert texts.join() == to_bibtex(entries)
