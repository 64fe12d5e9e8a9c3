"""A venue as a reference manager expects it: "ICLR 2024" -> an ``@inproceedings`` in the
proceedings of the International Conference on Learning Representations; "IEEE
Transactions on Image Processing" -> an ``@article`` in that journal. Pure, no I/O.

A venue that is neither recognisably a conference nor a journal stays a note of an
``@misc`` entry: a wrong entry type is worse than a plain one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: conference acronyms -> the proceedings' name, as Google Scholar and DBLP give it
CONFERENCES = {
    "AAAI": "AAAI Conference on Artificial Intelligence",
    "ACL": "Annual Meeting of the Association for Computational Linguistics",
    "ACM MM": "ACM International Conference on Multimedia",
    "AISTATS": "International Conference on Artificial Intelligence and Statistics",
    "BMVC": "British Machine Vision Conference",
    "CIKM": "ACM International Conference on Information and Knowledge Management",
    "COLING": "International Conference on Computational Linguistics",
    "CoRL": "Conference on Robot Learning",
    "CVPR": "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
    "ECCV": "European Conference on Computer Vision",
    "EMNLP": "Conference on Empirical Methods in Natural Language Processing",
    "FG": "IEEE International Conference on Automatic Face and Gesture Recognition",
    "ICASSP": "IEEE International Conference on Acoustics, Speech and Signal Processing",
    "ICCV": "IEEE/CVF International Conference on Computer Vision",
    "ICLR": "International Conference on Learning Representations",
    "ICML": "International Conference on Machine Learning",
    "ICRA": "IEEE International Conference on Robotics and Automation",
    "IJCAI": "International Joint Conference on Artificial Intelligence",
    "INTERSPEECH": "Interspeech",
    "IROS": "IEEE/RSJ International Conference on Intelligent Robots and Systems",
    "KDD": "ACM SIGKDD Conference on Knowledge Discovery and Data Mining",
    "MICCAI": "International Conference on Medical Image Computing and Computer-Assisted "
              "Intervention",
    "MLSys": "Conference on Machine Learning and Systems",
    "NAACL": "Conference of the North American Chapter of the Association for "
             "Computational Linguistics",
    "NeurIPS": "Advances in Neural Information Processing Systems",
    "NIPS": "Advances in Neural Information Processing Systems",
    "SANER": "IEEE International Conference on Software Analysis, Evolution and "
             "Reengineering",
    "SIGIR": "International ACM SIGIR Conference on Research and Development in "
             "Information Retrieval",
    "UAI": "Conference on Uncertainty in Artificial Intelligence",
    "WACV": "IEEE/CVF Winter Conference on Applications of Computer Vision",
    "WWW": "The Web Conference",
}
#: words that make a venue a conference or workshop
CONFERENCE_WORDS = re.compile(r"\b(conference|proceedings|symposium|workshops?|congress|"
                              r"meeting)\b", re.IGNORECASE)
#: words that make a venue a journal
JOURNAL_WORDS = re.compile(r"\b(journal|transactions|letters|review|surveys|advances in|"
                           r"sensors|neurocomputing|information fusion|knowledge-based "
                           r"systems|computer science|software engineering|tmlr|jmlr)\b",
                           re.IGNORECASE)
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_ACRONYM = re.compile(r"^(Findings of )?(?P<acronym>[A-Za-z][A-Za-z ]*?)\s+(?P<year>\d{4})\b"
                      r"(?P<rest>.*)$")


#: journals known by their acronym alone
JOURNALS = {"TMLR": "Transactions on Machine Learning Research",
            "JMLR": "Journal of Machine Learning Research"}
#: what a journal reference says besides the journal's name, each taken out of it in turn:
#: "IEEE Transactions on Medical Imaging 36(1):86-97, 2017", "Sensors 2020, 20(6), 1600",
#: "Neurocomputing 636 (2025) 129995", "Advances in Geophysics, Vol. 61 (Elsevier, 2020)"
#: (a DOI of the characters BibTeX and biblatex read verbatim: no braces, "%", "#" or "\\")
_DOI = re.compile(r"[,;.]?\s*(?:\bdoi[:\s]\s*|https?://(?:dx\.)?doi\.org/)"
                  r"(?P<doi>10\.\d{4,9}/[A-Za-z0-9._()/:-]*[A-Za-z0-9/])"
                  r"(?=$|[\s,;]|\.(?:\s|$))", re.IGNORECASE)  # all of it, or none
_PAGES = re.compile(r",?\s*(?:pp\.|pages|article(?: no\.)?|art\. no\.)\s*"
                    r"(?P<pages>\d+(?:[-\u2013]+\d+)?)", re.IGNORECASE)
_DATED = re.compile(r",?\s*\((?:(?P<publisher>[A-Z][\w&. ]*),\s*)?(?:\d{1,2}/)?\d{4}\)"
                    r"|,\s*\d{4}$|(?<=[A-Za-z])\s+\d{4}(?:,|$)")
_VOLUME = re.compile(r",?\s*vol(?:\.|ume)?\s*(?P<volume>\d+)", re.IGNORECASE)
_ISSUE = re.compile(r",?\s*no\.\s*(?P<number>\d+)", re.IGNORECASE)
_NUMBERS = re.compile(r",?\s+(?P<volume>\d+)(?:\s*\((?P<number>\d+)\))?"
                      r"(?:(?:\s*[:,]\s*|\s+)(?P<pages>\d+(?:[-\u2013]+\d+)?))?\s*$")
#: what a name keeps when a reference was not understood: a number, or a word that
#: labels one ("IEEE Transactions on Image Processing, no" lost its issue)
_NOT_UNDERSTOOD = re.compile(r"\d|\b(?:no|vol|volume|pages?|pp|article|art|issn|issue|"
                             r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b\.?\s*$",
                             re.IGNORECASE)
_ACRONYM_AFTER = re.compile(r"\s*\([A-Z]{2,8}\)")


@dataclass(frozen=True)
class Venue:
    """How a venue enters a BibTeX entry."""

    #: ``"inproceedings"``, ``"article"`` or ``"misc"``
    entry_type: str
    #: the field that names it (``booktitle``, ``journal`` or ``note``) and its value
    field: str
    name: str
    #: the year the venue gives, if any
    year: int | None
    #: the other fields it gives (volume, number, pages, publisher, doi), in that order
    extra: tuple[tuple[str, str], ...] = ()


def journal(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A journal reference -> the journal's name and the fields it gives besides (BibTeX
    page ranges with "--"); a name is never left empty."""
    found: dict[str, str] = {}

    def take(pattern: re.Pattern[str], rest: str) -> str:
        m = pattern.search(rest)
        if not m:
            return rest
        found.update({k: v for k, v in m.groupdict().items() if v and k not in found})
        return (rest[:m.start()] + rest[m.end():]).strip()

    name = text
    for pattern in (_DOI, _PAGES, _DATED, _VOLUME, _ISSUE, _NUMBERS):
        name = take(pattern, name)
    name = _ACRONYM_AFTER.sub("", name).strip(" ,;:.")
    years = set(_YEAR.findall(text))
    if not name or _NOT_UNDERSTOOD.search(name) or \
            {found.get("volume"), found.get("pages")} & years:
        # not understood (a year taken for a volume, a word left over): the whole
        # reference is the journal, as it was given, and only its DOI is taken out
        doi = _DOI.search(text)
        return (_DOI.sub("", text).strip(" ,;"), (("doi", doi["doi"]),)) if doi else (text, ())
    if "pages" in found:
        found["pages"] = re.sub(r"[-\u2013]+", "--", found["pages"])
    name = JOURNALS.get(name, name)
    order = ("volume", "number", "pages", "publisher", "doi")
    return name, tuple((k, found[k]) for k in order if k in found)


def venue(text: str) -> Venue:
    """Classify a venue string."""
    text = " ".join(text.split())
    years = [int(y) for y in _YEAR.findall(text)]
    year = years[0] if years else None
    m = _ACRONYM.match(text)
    if m and m["acronym"].strip() in CONFERENCES:
        acronym = m["acronym"].strip()
        name = CONFERENCES[acronym]
        if m["rest"].strip().lower().startswith("workshop"):
            name += " Workshops"
        if m.group(1):  # the ACL's Findings volumes
            name = f"Findings of the Association for Computational Linguistics: {acronym} {year}"
        return Venue("inproceedings", "booktitle", name, year)
    if JOURNAL_WORDS.search(text) and not CONFERENCE_WORDS.search(text.split("(")[0]):
        name, extra = journal(text)
        return Venue("article", "journal", name, year, extra)
    if CONFERENCE_WORDS.search(text):
        doi = _DOI.search(text)
        return Venue("inproceedings", "booktitle", _DOI.sub("", text).strip(" ,;"), year,
                     (("doi", doi["doi"]),) if doi else ())
    return Venue("misc", "note", text, year)
