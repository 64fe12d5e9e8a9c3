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
from litreview.model import CodeLink, Identity, Paper, Source
from litreview.rendering.bibtex import (
    apply_curation,
    check_key,
    entry_for,
    parse_curated,
    person,
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
    assert set(fields) >= {"title", "abstract", "year", "url", "code", "keywords"}
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


def test_entry_without_identity_is_an_honest_misc() -> None:
    p = make(r"CFSP: 100\% ``Fast''")
    e = entry_for(p, ["Pruning", "Image, face and audio"])
    assert e.type == "misc"
    assert e.fields["title"] == "{CFSP: 100\\% “Fast”}"
    assert e.fields["year"] == "2024"  # its listing's
    assert e.fields["url"].startswith("https://huggingface.co/papers?q=CFSP")
    assert e.fields["code"] == "https://github.com/a/b"  # not claimed as the paper's URL
    assert e.fields["howpublished"] == "Hugging Face Daily Papers"
    # what natbib prints where the authors go, and alpha styles take a label from
    assert e.fields["key"] == "CFSP"
    long = entry_for(make("Contributions to Robust and Efficient Methods for Analysis of High "
                          "Dimensional Data"), [])
    assert long.fields["key"] == "Contributions to Robust and Efficient Methods"
    assert e.fields["keywords"] == "Pruning, Image face and audio"  # no comma in a keyword


def test_entry_without_identity_or_listing_date_takes_the_year_first_listed() -> None:
    p = replace(make("Undated"), date=None)
    assert entry_for(p, [], None, 2026).fields["year"] == "2026"


IDENTITY = Identity(key="someKey2024", arxiv_id="2407.01234", title="t",
                    authors=("Ada Lovelace", "Blaise Agüera y Arcas", "John Smith, Jr."),
                    date="2024-07-03", venue="ICLR 2025", primary_class="cs.LG",
                    code=("https://github.com/x/y",))


@pytest.mark.parametrize(("text", "name", "extra"), [
    # the forms the seeds' identities have (bib/identities.toml)
    ("Neurocomputing 636 (2025) 129995", "Neurocomputing",
     {"volume": "636", "pages": "129995"}),
    ("Sensors 2020, 20(6), 1600", "Sensors", {"volume": "20", "number": "6", "pages": "1600"}),
    ("IEEE Transactions on Medical Imaging 36(1):86-97, 2017",
     "IEEE Transactions on Medical Imaging", {"volume": "36", "number": "1", "pages": "86--97"}),
    ("IEEE Transactions on Image Processing, vol. 33 (2024), pp. 1911-1922",
     "IEEE Transactions on Image Processing", {"volume": "33", "pages": "1911--1922"}),
    ("IEEE Transactions on Image Processing (2025), DOI 10.1109/TIP.2025.3553024",
     "IEEE Transactions on Image Processing", {"doi": "10.1109/TIP.2025.3553024"}),
    ("International Journal of Computer Vision (IJCV) 130(9), 2022",
     "International Journal of Computer Vision", {"volume": "130", "number": "9"}),
    ("Advances in Geophysics, Vol. 61 (Elsevier, 2020)", "Advances in Geophysics",
     {"volume": "61", "publisher": "Elsevier"}),
    ("Empirical Software Engineering 30 (2025), article 104", "Empirical Software Engineering",
     {"volume": "30", "pages": "104"}),
    ("Knowledge-Based Systems 194:105596 (2020)", "Knowledge-Based Systems",
     {"volume": "194", "pages": "105596"}),
    ("Letters 2020", "Letters", {}),  # a year is no volume
    ("Machine Learning journal (ECML-PKDD 2022 Journal Track)",
     "Machine Learning journal (ECML-PKDD 2022 Journal Track)", {}),
    # a "DOI" BibTeX would not read verbatim stays in the name (escaped there)
    ("Journal of X, doi:10.1234/{a}%b", "Journal of X, doi:10.1234/{a}%b", {}),
    # the forms of IEEE, Elsevier and ACM's own citations, and a doi.org URL
    ("IEEE Transactions on Image Processing, vol. 33, no. 2, pp. 100\u2013115, 2024",
     "IEEE Transactions on Image Processing", {"volume": "33", "number": "2",
                                               "pages": "100--115"}),
    ("Neurocomputing, Volume 500, 2022, Pages 100-110", "Neurocomputing",
     {"volume": "500", "pages": "100--110"}),
    ("Pattern Recognition Letters 170 (2023), https://doi.org/10.1016/j.patrec.2023.05.001",
     "Pattern Recognition Letters", {"volume": "170", "doi": "10.1016/j.patrec.2023.05.001"}),
    # what is not understood stays whole (hostile pass: a year was taken for a volume,
    # "no" was left in the name, "100" was split into volume 10 and pages 0-110)
    ("IEEE Transactions on Multimedia (TMM) 2023", "IEEE Transactions on Multimedia (TMM) 2023",
     {}),
    ("Journal of Imaging 9, 2023, 123", "Journal of Imaging 9, 2023, 123", {}),
    ("Transactions on Machine Learning Research, 2023. ISSN 2835-8856",
     "Transactions on Machine Learning Research, 2023. ISSN 2835-8856", {}),
    ("J. Data 24 (2023), doi:10.5555/abc%2Fdef", "J. Data 24 (2023), doi:10.5555/abc%2Fdef", {}),
])
def test_a_journal_reference_gives_its_name_and_its_fields(
        text: str, name: str, extra: dict[str, str]) -> None:
    """The venue of a published paper reads as a reference manager wants it: the journal's
    name in ``journal``, its volume, number and pages in theirs, its DOI as ``doi``
    (reader's review: "journal = Neurocomputing 636 (2025) 129995", and
    "Advances in Geophysics, Vol. 61 (Elsevier, 2020), 2020" in the PDF)."""
    from litreview.rendering.venues import journal

    assert journal(text) == (name, tuple(extra.items()))
    if extra.get("doi"):
        e = entry_for(make("Title"), [], replace(IDENTITY, venue=text))
        assert e.fields["doi"] == extra["doi"]
        assert e.fields["eprint"] == "2407.01234"  # the arXiv version is still named


@pytest.mark.parametrize(("venue", "kind", "field", "value", "year"), [
    ("", "misc", None, None, "2024"),
    ("ICLR 2025", "inproceedings", "booktitle",
     "International Conference on Learning Representations", "2025"),
    ("CVPR 2023 Workshop", "inproceedings", "booktitle",
     "IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops", "2023"),
    ("Findings of EMNLP 2023", "inproceedings", "booktitle",
     "Findings of the Association for Computational Linguistics: EMNLP 2023", "2023"),
    ("IEEE Transactions on Image Processing, vol. 33 (2024)", "article", "journal",
     "IEEE Transactions on Image Processing", "2024"),
    ("TMLR (09/2024)", "article", "journal", "Transactions on Machine Learning Research",
     "2024"),
    ("HCI International 2024 – Late Breaking Papers", "misc", "note",
     "HCI International 2024 – Late Breaking Papers", "2024"),
])
def test_entry_with_identity_is_what_arxiv_and_scholar_give(
        venue: str, kind: str, field: str | None, value: str | None, year: str) -> None:
    e = entry_for(make("Title"), [], replace(IDENTITY, venue=venue))
    assert e.type == kind
    if field:
        assert e.fields[field] == value
    assert e.fields["year"] == year
    # the arXiv version's month only on the arXiv record itself: "NeurIPS, February 2022"
    # paired the venue with the month the preprint appeared
    assert e.fields.get("month") == ("jul" if not venue else None)
    assert (e.fields["eprint"], e.fields["archivePrefix"], e.fields["primaryClass"]) == (
        "2407.01234", "arXiv", "cs.LG")
    assert e.fields["url"] == "https://arxiv.org/abs/2407.01234"
    assert e.fields["doi"] == "10.48550/arXiv.2407.01234"
    assert "key" not in e.fields
    assert e.fields["code"] == "https://github.com/a/b"
    assert [str(a) for a in e.persons["author"]] == [
        "Lovelace, Ada", "y Arcas, Blaise Agüera", "Smith, Jr., John"]
    text = to_bibtex({"k": e})
    assert ("month = jul" in text) == (not venue)  # the macro, unquoted


@pytest.mark.parametrize(("name", "written"), [
    ("Ann and Bob", "Bob, Ann {and}"),  # one person, not two
    ("Smith, John", "John, {Smith,}"),
    ("100% Smith", "Smith, 100\\%"),
    ("李华", "李华"),
    ("}{", "{\\textbraceright}{\\textbraceleft}"),
    # a generation written as arXiv writes it, with no comma, is the lineage, not the
    # surname ("IV, Robert L. Logan" was cited as "IV (2018)")
    ("Robert L. Logan IV", "Logan, IV, Robert L."),
    ("Carlos E. Jimenez Jr.", "Jimenez, Jr., Carlos E."),
])
def test_hostile_names_stay_one_person(name: str, written: str) -> None:
    entry = Entry("misc", fields={"title": "t"}, persons={"author": [person(name)]})
    text = to_bibtex({"k": entry})
    parsed = parse_string(text, "bibtex").entries["k"].persons["author"]
    assert len(parsed) == 1
    assert str(parsed[0]) == written


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


def test_the_plain_citation_has_one_full_stop_after_each_part() -> None:
    """"Carlos E. Jimenez Jr.. CapsGAN" (hostile pass); a title ending "?" takes no "."."""
    from litreview.rendering.citation import Cite, plain_citation

    cite = Cite(authors=("Robert L. Logan IV", "Carlos E. Jimenez Jr."), arxiv_id="1806.03968",
                date="2018-06-11")
    text = plain_citation(make("Do We Need GANs?"), cite, "https://x.org/p.html")
    assert text == ("Robert L. Logan IV, Carlos E. Jimenez Jr. Do We Need GANs? "
                    "arXiv:1806.03968, 2018-06-11. https://x.org/p.html")
