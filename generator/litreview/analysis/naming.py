"""Readable theme names from the phrases of the member papers' titles. Pure, no I/O.

Authors name their subject in the title ("Post-Training Quantization for LLMs"), so a
theme is named by the title phrases that cover most of its papers and few others:

    score(phrase) = share of members whose text has it x share of its papers that are members

(a paper's text here is its title and the first 500 characters of its abstract).

A name is the best phrase, or the best two joined by "and" when the first covers
under half of the theme. Casing follows how the abstracts spell the phrase
("post-training quantization", "LLMs", "Kolmogorov-Arnold networks").
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from anyascii import anyascii
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from ..model import Paper
from .vectors import is_written, top_terms
from .words import (
    CONNECTORS,
    FALLBACK_WEAK,
    STOP,
    TOKEN,
    WEAK_FOLDED,
    describing,
    fold,
    stems,
)

#: a longer phrase that contains the best one wins when it scores at least this share
LONGER = 0.6
#: a second phrase joins the name only when it covers this share of members the first misses
SECOND_ADDS = 0.15
#: ... and scores at least this share of the first
SECOND_SCORE = 0.5
#: the characters of each abstract searched for phrases
ABSTRACT_HEAD = 500
#: a phrase of weak words only names no theme when more than this share of titles use it
WEAK_PHRASE_TITLES = 0.04
#: a new theme may take a phrase of another theme's name (not its first) when it holds
#: this share of the papers that say it (``Namer.taken``)
HELD = 0.75


@dataclass(frozen=True, eq=False)
class Phrases:
    """Candidate name phrases and which papers contain them."""

    #: the candidate phrases, lower case; the columns of the two matrices
    vocab: np.ndarray
    #: papers x phrases: 1 where the paper's title contains the phrase
    in_title: sparse.csr_matrix
    #: papers x phrases: 1 where the paper's title or abstract contains it
    in_text: sparse.csr_matrix
    #: how many papers contain each phrase (title or abstract)
    papers_with: np.ndarray
    #: how much each phrase is worth as a name before counting: longer phrases more, weak
    #: words ("layer") and describing words ("convolutional") less
    prior: np.ndarray
    #: phrase -> its column
    column: dict[str, int]
    #: the titles and abstracts, plain text (for casing)
    titles: tuple[str, ...]
    abstracts: tuple[str, ...]


def _candidate(phrase: str) -> bool:
    """Content words at both ends, at most four, not all of them weak unless there are
    three and few titles use them (``WEAK_PHRASE_TITLES``)."""
    words = phrase.split()
    if words[0] in STOP or words[-1] in STOP or words[-1].endswith("ly"):
        return False
    if any(w in STOP and w not in CONNECTORS for w in words[1:-1]):
        return False
    content = [w for w in words if w not in CONNECTORS]
    return len(content) <= 4 and (len(content) > 2 or not _all_weak(phrase))


def _all_weak(phrase: str) -> bool:
    """Whether every content word of the phrase is weak ("graph neural network")."""
    return all(w in WEAK_FOLDED for w in phrase.split() if w not in CONNECTORS)


def phrases(titles: list[str], abstracts: list[str]) -> Phrases:
    """The candidate phrases of the titles (1-4 words, content words at both ends)."""
    # a name needs two member titles (``_scores``): a phrase of one title never names one
    vec = CountVectorizer(ngram_range=(1, 4), token_pattern=TOKEN, binary=True,
                          min_df=2 if len(titles) >= 2 else 1, dtype=np.int32,
                          preprocessor=fold)
    empty = sparse.csr_matrix((len(titles), 0), dtype=np.int32)
    nothing = Phrases(np.array([], dtype=object), empty, empty, np.zeros(0), np.zeros(0), {},
                      tuple(titles), tuple(abstracts))
    try:
        T = vec.fit_transform(titles)
    except ValueError:  # no phrase at all
        return nothing
    names = vec.get_feature_names_out()
    keep = np.flatnonzero([_candidate(p) for p in names])
    if not len(keep):  # phrases, but none that could name a theme
        return nothing
    vocab = names[keep]
    T = T.tocsc()[:, keep].tocsr()
    text_vec = CountVectorizer(ngram_range=(1, 4), token_pattern=TOKEN, binary=True,
                               vocabulary=list(vocab), dtype=np.int32, preprocessor=fold)
    # an abstract states its subject early; counting the rest costs most of the time
    A = text_vec.transform([a[:ABSTRACT_HEAD] for a in abstracts]).tocsr()
    D = ((T + A) > 0).astype(np.int32).tocsr()
    words = np.array([len([w for w in p.split() if w not in CONNECTORS]) for p in vocab])
    weak = np.array([p in WEAK_FOLDED for p in vocab])
    describes = np.array([describing(p) for p in vocab])
    # three weak words together name a subject where few titles use them: "graph neural
    # network" (two never do: "neural network", "machine learning")
    common = np.array([_all_weak(p) for p in vocab]) & (
        np.asarray(T.sum(axis=0)).ravel() > WEAK_PHRASE_TITLES * len(titles))
    prior = (np.where(words > 1, 1.25, 1.0) * np.where(weak, 0.3, 1.0)
             * np.where(describes, 0.4, 1.0) * np.where(common, 0.0, 1.0))
    return Phrases(vocab, T, D, np.asarray(D.sum(axis=0)).ravel(), prior,
                   {str(p): j for j, p in enumerate(vocab)}, tuple(titles), tuple(abstracts))


def _scores(ph: Phrases, rows: list[int]) -> np.ndarray:
    """Coverage x precision of every phrase for these member rows."""
    d_in = np.asarray(ph.in_text[rows].sum(axis=0)).ravel().astype(float)
    t_in = np.asarray(ph.in_title[rows].sum(axis=0)).ravel()
    score = (d_in / len(rows)) * (d_in / np.maximum(ph.papers_with, 1))
    # a phrase that fewer than two member titles use is not how these authors name
    # their subject (one paper's title words are not a theme)
    score[(t_in < min(2, len(rows))) | (ph.papers_with < 2)] = 0.0
    return np.asarray(score * ph.prior, dtype=np.float64)


def _longest(ph: Phrases, score: np.ndarray, j: int) -> int:
    """The longest phrase containing phrase ``j`` that keeps most of its score
    ("convolutional neural" -> "convolutional neural network")."""
    while True:
        inner = f" {ph.vocab[j]} "
        # a lone word gives way more easily ("backdoor" -> "backdoor attacks")
        share = LONGER / 2 if " " not in str(ph.vocab[j]) else LONGER
        longer = [q for q in np.flatnonzero(score >= share * score[j]).tolist()
                  if q != j and inner in f" {ph.vocab[q]} "]
        if not longer:
            return j
        j = max(longer, key=lambda q: (score[q], str(ph.vocab[q])))


def _acronym(short: str, long: str) -> bool:
    """"ctr" abbreviates "click-through rate"."""
    letters = "".join(w[0] for w in re.split(r"[\s-]+", long) if w and w not in CONNECTORS)
    return any(w == letters for w in short.split())


def name_phrases(ph: Phrases, rows: list[int], avoid: frozenset[str] = frozenset()) -> list[str]:
    """The one or two phrases (lower case, singular) that name a theme of these rows;
    none of the ``avoid`` phrases (other themes' names), nor a part of one."""
    if not rows or len(ph.vocab) == 0:
        return []
    score = _scores(ph, rows)
    # nor a part of one ("object" of "object detection"): it names no other subject
    inside = [j for j, p in enumerate(ph.vocab.tolist())
              if any(f" {p} " in f" {a} " for a in avoid)] if avoid else []
    score[inside] = 0.0
    order = np.lexsort((ph.vocab, -score))
    if score[order[0]] <= 0:
        return []
    first = _longest(ph, score, int(order[0]))
    members = ph.in_text[rows].tocsc()
    has_first = members[:, first].toarray().ravel() > 0
    picked = [first]
    if has_first.mean() < 0.5:
        second = _second(ph, score, order[1:40].tolist(), first, members, has_first)
        picked += [second] if second is not None else []
    return [str(ph.vocab[j]) for j in picked]


def _second(ph: Phrases, score: np.ndarray, candidates: list[int], first: int,
            members: sparse.csc_matrix, has_first: np.ndarray) -> int | None:
    """The phrase that joins the first with "and": nearly as good, naming a subject, and
    covering enough members the first misses, with no word (or acronym) in common."""
    for j in candidates:
        if score[j] < SECOND_SCORE * score[first]:
            return None
        j = _longest(ph, score, j)
        a, b = str(ph.vocab[first]), str(ph.vocab[j])
        if b in WEAK_FOLDED or describing(b):
            continue
        adds = ((members[:, j].toarray().ravel() > 0) & ~has_first).mean()
        if (adds >= SECOND_ADDS and not (stems(a) & stems(b))
                and not _acronym(a, b) and not _acronym(b, a)):
            return j
    return None


def _spellings(phrase: str, texts: list[str]) -> Counter[str]:
    """How often each spelling of a (folded) phrase occurs in the texts, plurals included."""
    words = (re.escape(w) + r"(?:s|es)?" for w in phrase.split())
    pattern = re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)
    seen: Counter[str] = Counter()
    for t in texts:
        seen.update(" ".join(m.split()) for m in pattern.findall(t))
    return seen


def cased(phrase: str, abstracts: list[str], titles: list[str]) -> str:
    """The phrase as the abstracts most often spell it ("LLMs", "Kolmogorov-Arnold
    networks"); failing that, as the titles do, minus their Title Case."""
    seen = _spellings(phrase, abstracts)
    if seen:
        return max(seen.items(), key=lambda kv: (kv[1], kv[0] == kv[0].lower(), kv[0]))[0]
    seen = _spellings(phrase, titles)
    if not seen:
        return phrase
    form = max(seen.items(), key=lambda kv: (kv[1], kv[0]))[0]
    # Title Case is the title's style, not the word's: keep only acronyms (two capitals)
    return " ".join("-".join(part if sum(c.isupper() for c in part) >= 2 else part.lower()
                             for part in word.split("-"))
                    for word in form.split())


def theme_name(ph: Phrases, rows: list[int], fallback: str,
               avoid: frozenset[str] = frozenset()) -> str:
    """A readable name for a theme of these rows ("Post-training quantization and LLMs"),
    made of none of the ``avoid`` phrases (else ``fallback``)."""
    picked = name_phrases(ph, rows, avoid)
    if not picked or picked[0] in WEAK_FOLDED or describing(picked[0]):
        return fallback
    abstracts = [ph.abstracts[i] for i in rows]
    titles = [ph.titles[i] for i in rows]
    shown = [cased(p, abstracts, titles) for p in picked]
    name = " and ".join(shown)
    return name[:1].upper() + name[1:]


@functools.lru_cache(maxsize=16384)  # (a theme's description and its lists fold its texts
def folded_words(text: str) -> str:  # again: 3,000 papers spent 5 s of 40 s of render here)
    """The text's words, folded and space-joined with a space at each end, for finding
    phrases in it (``f" {phrase} " in folded_words(title)``)."""
    return " " + " ".join(re.findall(TOKEN, fold(text))) + " "


#: what separates the parts of a theme's name
NAME_PARTS = re.compile(r"\s+and\s+|[,:;]")


def name_split(name: str) -> list[str]:
    """A theme name's parts, folded: "Image, face and audio recognition" -> ["image",
    "face", "audio recognition"] (empty parts left out)."""
    parts = (" ".join(re.findall(TOKEN, fold(part))) for part in NAME_PARTS.split(name))
    return [p for p in parts if p]


def name_parts(name: str) -> list[str]:
    """The phrases of a theme name that say what its papers are about, folded:
    "Weight quantization and LLMs" -> ["weight quantization", "llm"]; weak or describing
    parts ("layer", "pre-trained") say too little and are left out."""
    return [p for p in name_split(name) if p not in WEAK_FOLDED and p not in STOP
            and not describing(p)]


def fallback_name(terms: list[str], forms: dict[str, str]) -> str:
    """A name from a theme's strongest tf-idf terms, for a theme no title phrase names:
    the best phrase among them, then one that adds new words."""
    picked: list[str] = []
    # prefer a two-word phrase among the few strongest terms
    head = next((t for t in terms[:4] if " " in t), None) or next(
        (t for t in terms if t not in FALLBACK_WEAK), terms[0])
    picked.append(head)
    for t in terms:
        if len(picked) == 2:
            break
        if t in FALLBACK_WEAK or stems(t) & stems(" ".join(picked)):
            continue
        picked.append(t)
    shown = [" ".join(w if sum(c.isupper() for c in w) >= 2 else w.lower()
                      for w in forms.get(t, t).split()) for t in picked]
    name = " and ".join(shown)
    return name[:1].upper() + name[1:]


class Namer:
    """Names new themes from their members' title phrases, falling back on their strongest
    terms; the phrases are counted once, on the first call. The one namer of themes."""

    def __init__(self, papers: tuple[Paper, ...], X: sparse.csr_matrix, terms: np.ndarray,
                 forms: dict[str, str], phrases_of: dict[str, tuple[str, ...]]) -> None:
        self.papers = papers
        self.X, self.terms, self.forms = X, terms, forms
        #: the themes' name phrases so far: a new name takes none of them
        self.phrases_of = phrases_of
        self._phrases: Phrases | None = None

    @property
    def phrases(self) -> Phrases:
        """The library's title phrases, counted on first use."""
        if self._phrases is None:
            self._phrases = phrases([p.title for p in self.papers],
                                    [p.abstract_text for p in self.papers])
        return self._phrases

    def best_phrase(self, rows: list[int]) -> str:
        """The phrase that would name these rows if no theme had taken it ("" if none)."""
        return next(iter(name_phrases(self.phrases, rows)), "")

    def __call__(self, rows: list[int], weights: np.ndarray | None = None) -> str:
        top = top_terms(self.X, rows, self.terms, self.forms) if weights is None else \
            [t for t in (str(self.terms[j]) for j in np.argsort(-weights, kind="stable")[:16])
             if is_written(t, self.forms)][:12]
        return theme_name(self.phrases, rows, fallback=fallback_name(top, self.forms),
                          avoid=self.taken(rows))

    def taken(self, rows: list[int]) -> frozenset[str]:
        """The phrases a new theme of these rows may not be named by: the other themes'
        name phrases, but not one that is no theme's first and whose papers these rows
        hold nearly all of (HELD). A split of "Segmentation and object detection" took all
        26 papers that say "object detection" and, kept from that phrase, was named
        "Defect detection" after 2 of them."""
        firsts = {ps[0] for ps in self.phrases_of.values() if ps}
        return frozenset(p for ps in self.phrases_of.values() for p in ps
                         if p in firsts or not self._holds(rows, p))

    def _holds(self, rows: list[int], phrase: str) -> bool:
        """Whether these rows hold at least HELD of the papers whose text has the phrase."""
        j = self.phrases.column.get(phrase)
        if j is None or not rows:
            return False
        inside = int(self.phrases.in_text[rows, j].sum())
        return inside >= HELD * int(self.phrases.papers_with[j])


#: page names under themes/ that a theme slug may not take
RESERVED_SLUGS = frozenset({"index", "map"})


def slug_for(name: str, used: set[str]) -> str:
    """A URL-safe slug for a theme name, not in ``used`` (which it joins)."""
    base = "-".join(re.findall(r"[a-z0-9]+", anyascii(name).lower()))[:60].strip("-") or "theme"
    slug, n = base, 2
    while slug in used or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug
