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
        return Venue("article", "journal", text, year)
    if CONFERENCE_WORDS.search(text):
        return Venue("inproceedings", "booktitle", text, year)
    return Venue("misc", "note", text, year)
