"""The validation every answer passes: tables of good and bad values, and properties."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litreview.reading import identities as ident
from litreview.reading.identities import Invalid, make_identity


@pytest.mark.parametrize(("raw", "want"), [
    ("2101.00001", "2101.00001"), ("2101.00001v3", "2101.00001"), ("0704.0001", "0704.0001"),
    ("hep-th/9901001", "hep-th/9901001"), ("cs.LG/0601001v2", "cs.LG/0601001"),
    ("cond-mat.str-el/0601001", None), (" 2101.00001 ", "2101.00001"), ("2113.00001", None),
    ("2101.001", None), ("2101.00001v", None), ("../../etc/passwd", None), ("2101.00001/x", None),
    ("", None), (2101.00001, None), (None, None), ("2101.00001\n", "2101.00001"),
])
def test_arxiv_ids(raw: object, want: str | None) -> None:
    if want is None:
        with pytest.raises(Invalid):
            ident.arxiv_id(raw)
    else:
        assert ident.arxiv_id(raw) == want


@pytest.mark.parametrize(("raw", "ok"), [
    ("https://github.com/a/b", True), ("http://x.org", True), ("HTTPS://X.ORG/p?q=1", True),
    ("javascript:alert(1)", False), ("file:///etc/passwd", False), ("https://", False),
    ("github.com/a/b", False), ("https://a b.org", False), ("https://[::1", False),
    ("https://x.org/" + "a" * 3000, False), (42, False),
])
def test_urls(raw: object, ok: bool) -> None:
    if ok:
        assert ident.url(raw) == str(raw)
    else:
        with pytest.raises(Invalid):
            ident.url(raw)


@pytest.mark.parametrize(("raw", "precision", "want"), [
    ("2020-06-16T00:00:00.000Z", "day", "2020-06-16"), ("2020-06-16", "day", "2020-06-16"),
    ("2020-06", "month", "2020-06"), (dt.datetime(2020, 6, 16, 23, 0), "month", "2020-06"),
    (dt.date(2020, 6, 16), "day", "2020-06-16"), ("2020-13-01", "day", None),
    ("yesterday", "day", None), ("1985-01-01", "day", None), ("2026-11-28", "day", None),
    ("2020-06-16", "week", None), ("2020-06-16", "month", None), (None, "day", None),
])
def test_dates(raw: object, precision: str, want: str | None) -> None:
    if want is None:
        with pytest.raises(Invalid):
            ident.date(raw, precision, "2026-11-26")
    else:
        assert ident.date(raw, precision, "2026-11-26") == want


@pytest.mark.parametrize(("names", "want"), [
    (["<script>alert(1)</script>", "{\\input{/etc/passwd}}", "100%", "}{"],
     ("<script>alert(1)</script>", "{\\input{/etc/passwd}}", "100%", "}{")),
    # arXiv keeps names as submitted: TeX accents read as the letters they make
    (["Jos\\'e Garc\\'ia", "J{\\\"u}rgen", "Fran{\\c c}ois", "Pawe{\\l}", "x\\"],
     ("José García", "Jürgen", "François", "Paweł", "x\\")),
    (["Zoë", "李华", "Łukasz"], ("Zoë", "李华", "Łukasz")),
    (["  Ada\tLovelace\n", "", "  ", "\x00\x1f", "B\u202eC"], ("Ada Lovelace", "B C")),
    (["Zoe\u0308"], ("Zoë",)),
    # invisible characters go: a reader, BibTeX sorting and search see "Zoë Ng"
    (["\ufeffZo\u200bë\u00ad Ng\u2060", "Ana\u200dïs"], ("Zoë Ng", "Ana\u200dïs")),
])
def test_author_names_are_kept_as_text(names: list[str], want: tuple[str, ...]) -> None:
    assert ident.authors(names) == want


@pytest.mark.parametrize(("names", "match"), [
    (["x" * 201], "author 1 is 201 characters"), (["ok"] * 3001, "3001 authors"),
    ("Ada Lovelace", "not a list"), ([None], "author 1 is NoneType"), ([{"name": "x"}], "dict"),
])
def test_bad_author_lists(names: Any, match: str) -> None:
    with pytest.raises(Invalid, match=match):
        ident.authors(names)


def base(**kw: Any) -> dict[str, Any]:
    """Arguments of a valid identity, with overrides."""
    args: dict[str, Any] = dict(key="k", arxiv_id_value="2101.00001v2", title="A Title",
                                author_names=["A"], date_value="2021-01-01", today="2026-11-26",
                                source="huggingface 2026-11-26",
                                evidence=["https://huggingface.co/papers/2101.00001"])
    args.update(kw)
    return args


def test_make_identity_normalises() -> None:
    found = make_identity(**base(title=" A\n Title ", code=["https://g.com/a", "", "https://g.com/a"],
                                 project=" ", venue="ICLR\t2021", primary_class="cs.LG"))
    assert (found.arxiv_id, found.title, found.code, found.project, found.venue,
            found.primary_class) == ("2101.00001", "A Title", ("https://g.com/a",), "",
                                     "ICLR 2021", "cs.LG")


@pytest.mark.parametrize(("kw", "match"), [
    ({"title": ""}, "title is empty"), ({"title": "t" * 501}, "title is 501"),
    ({"code": ["ftp://x"]}, "code URL"), ({"project": "javascript:x"}, "project URL"),
    ({"evidence": ["not a url"]}, "evidence URL"), ({"primary_class": "cs LG"}, "category"),
    ({"date_value": None}, "date is missing"), ({"arxiv_id_value": None}, "arXiv id"),
])
def test_make_identity_refuses(kw: dict[str, Any], match: str) -> None:
    with pytest.raises(Invalid, match=match):
        make_identity(**base(**kw))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_clean_output_is_normal(text: str) -> None:
    try:
        out = ident.clean(text, "x", 300)
    except Invalid:
        return
    assert out == out.strip()
    assert "  " not in out
    assert not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in out)
    assert ident.clean(out, "x", 300) == out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=250), st.none(), st.integers()), max_size=20))
def test_authors_never_crash(values: list[object]) -> None:
    try:
        names = ident.authors(values)
    except Invalid:
        return
    assert all(n and len(n) <= ident.MAX_AUTHOR for n in names)
