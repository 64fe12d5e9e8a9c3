"""The match rule: does an answer describe the same paper as a dump entry? Pure, no I/O.

**Normalising** text (titles and abstracts alike):

1. keep the first :data:`MAX_CHARS` characters (enough for :data:`PREFIX_WORDS` words);
2. unwrap formatting macros that lost their backslash (``textbf{F}inetuning``);
   then, if the text holds a backslash or ``$``, convert LaTeX with pylatexenc's
   ``latex2text`` after escaping bare ``%`` (else ``%`` would start a comment and eat
   the line); when pylatexenc raises, the raw text is used;
3. transliterate with anyascii and lower-case;
4. keep only the runs of ``[a-z0-9]``, joined by single spaces.

A title also loses one trailing revision tag ``(v2)`` / ``[v3]`` before step 1.

**A candidate fits a query** when all hold:

(a) ``norm_title(candidate.title) == norm_title(query.title)`` and is not empty;
(b) the candidate has an abstract; let A and B be the first :data:`PREFIX_WORDS`
    normalised words of the query's and the candidate's abstract, and S(x) the set of
    word 3-shingles (3 consecutive words) of x. With m = min(|S(A)|, |S(B)|):

    - m >= :data:`MIN_SHINGLES`: containment |S(A) & S(B)| / m >= :data:`THRESHOLD`;
    - m < :data:`MIN_SHINGLES` (a stub of under 10 words): the normalised
      abstracts are equal.

Containment over the smaller set accepts a truncated abstract (its shingles are a
subset of the full one's prefix); shingles, not words, refuse a different paper on the
same topic (shared vocabulary, different sentences). The threshold was measured on the
251 seed papers: see ``measure.py`` and the report.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from anyascii import anyascii
from pylatexenc.latex2text import LatexNodes2Text

from ..text import without_symbols

#: words of each abstract compared
PREFIX_WORDS = 150
#: characters of raw text normalised (150 words fit well within it)
MAX_CHARS = 5000
#: shingle length in words
SHINGLE = 3
#: below this many shingles, only equal abstracts fit
MIN_SHINGLES = 8
#: containment needed for (b): measured true pairs >= 0.507, wrong pairs <= 0.074
THRESHOLD = 0.3

_WORD = re.compile(r"[a-z0-9]+")
_REVISION = re.compile(r"\s*[(\[]\s*v\d{1,3}\s*[)\]]\s*$", re.IGNORECASE)
_BARE_PERCENT = re.compile(r"(?<!\\)%")
#: a formatting macro whose backslash the listing page lost: ``textbf{F}inetuning``
_BARE_MACRO = re.compile(
    r"(?<![A-Za-z\\])(?:textbf|textit|textsc|texttt|emph|underline|mathrm|mathbf|mathit|mathcal"
    r"|mathbb)\{([^{}]*)\}")
_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)
logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)


def delatex(text: str) -> str:
    """LaTeX remnants converted to text; the input unchanged if it has none or pylatexenc fails."""
    if "\\" not in text and "$" not in text:
        return text
    try:
        return str(_LATEX.latex_to_text(_BARE_PERCENT.sub(r"\\%", text)))
    # pylatexenc raises IndexError, ValueError, RecursionError, its own LatexWalkerError...
    # on ~7 % of fuzzed input (FIELD-NOTES); any failure means "use the raw text".
    except Exception:
        return text


def words(text: str, limit: int | None = None) -> list[str]:
    """Normalised words of ``text`` (see the module docstring), at most ``limit`` of them."""
    plain = delatex(_BARE_MACRO.sub(r"\1", text[:MAX_CHARS]))
    found = _WORD.findall(anyascii(without_symbols(plain)).lower())
    return found if limit is None else found[:limit]


def norm_title(title: str) -> str:
    """A title's comparison form: normalised words joined by spaces, revision tag folded."""
    return " ".join(words(_REVISION.sub("", title)))


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    """The word :data:`SHINGLE`-grams of ``tokens``."""
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def abstract_score(query: str, candidate: str) -> float:
    """Agreement of two abstracts in [0, 1], as rule (b) defines it."""
    a, b = words(query, PREFIX_WORDS), words(candidate, PREFIX_WORDS)
    sa, sb = shingles(a), shingles(b)
    m = min(len(sa), len(sb))
    if m < MIN_SHINGLES:
        return 1.0 if a and a == b else 0.0
    return len(sa & sb) / m


@dataclass(frozen=True)
class Verdict:
    """How one candidate compares with one query."""

    #: normalised titles equal
    title: bool
    #: abstract agreement, ``None`` when the title differs or the candidate has no abstract
    score: float | None

    @property
    def fits(self) -> bool:
        """Title equal and abstract agrees: the candidate is this paper."""
        return self.title and self.score is not None and self.score >= THRESHOLD


def abstracts_differ(a: str, b: str) -> bool:
    """Two abstracts clearly belong to different papers: both are long enough to compare
    (:data:`MIN_SHINGLES` shingles each) and they fail rule (b). Revisions of one paper,
    and abstracts too short to tell, do not differ."""
    sa, sb = shingles(words(a, PREFIX_WORDS)), shingles(words(b, PREFIX_WORDS))
    if min(len(sa), len(sb)) < MIN_SHINGLES:
        return False
    return len(sa & sb) / min(len(sa), len(sb)) < THRESHOLD


def judge(query_title: str, query_abstract: str, title: str, abstract: str | None) -> Verdict:
    """Compare a candidate's title and abstract with a query's under the match rule."""
    q = norm_title(query_title)
    same = bool(q) and q == norm_title(title)
    if not same or not abstract or not abstract.strip():
        return Verdict(same, None)
    return Verdict(True, abstract_score(query_abstract, abstract))
