"""Papers -> tf-idf vectors, related papers and the terms two papers share. Pure, no I/O.

Related papers use a sparse matrix product, never a dense N x N matrix; every output order
is explicit (ties broken by key or by term order).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice, pairwise

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Paper
from .words import TOKEN, VOCAB_STOP, says_what, stems

RELATED_COUNT = 5
#: how much closer two papers shown in one theme count for related papers: the maintainer's
#: corrections (pins, views) say what belongs together where the words alone do not. On
#: 137 pairs labelled blind by a reader, a must-link partner is among a paper's 5 related
#: for 79.2 % of papers with plain cosine and 82.3 % with 0.03 (0.02: 81.2 %, 0.05: 81.8 %),
#: measured before bib/themes.toml gained view themes on topics those pairs named
SAME_THEME = 0.03
#: a paper keeps the related papers it had in the last edition while each scores within
#: this of the one the new vectors rank there (``related_papers``)
STABLE = 0.02
#: a related paper is "closely related" when its score is one that only this share of pairs
#: of papers in the library reach (``close_bar``); the others are listed as less close
CLOSE_SHARE = 0.01
BAR_SAMPLE = 500
#: the lower-case spelling wins when it is used at least 1/LOWER_CASE_SHARE as often as the
#: most frequent one
LOWER_CASE_SHARE = 3


def documents(papers: tuple[Paper, ...]) -> list[str]:
    """The text each paper is compared by: the title twice, then the plain abstract."""
    return [f"{p.title}. {p.title}. {p.abstract_text}" for p in papers]


def vectorise(docs: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Tf-idf over 1-2 grams, sublinear tf, English + generic stop words."""
    min_df = 2 if len(docs) >= 20 else 1
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df, max_df=0.5,
                          stop_words=sorted(VOCAB_STOP), token_pattern=TOKEN,
                          dtype=np.float64)
    try:
        X = vec.fit_transform(docs)
    except ValueError:  # empty vocabulary: nothing to compare by
        return sparse.csr_matrix((len(docs), 0)), np.array([], dtype=object)
    return X.tocsr(), vec.get_feature_names_out()


def related_papers(X: sparse.csr_matrix, keys: list[str], k: int = RELATED_COUNT,
                   chunk: int = 0, themes: dict[str, tuple[str, ...]] | None = None,
                   before: dict[str, tuple[str, ...]] | None = None,
                   ) -> dict[str, tuple[str, ...]]:
    """The ``k`` most similar papers of each paper (cosine, plus SAME_THEME for two papers
    that ``themes`` (key -> slugs) shows in one theme), ties broken by key; or the list
    the paper had ``before`` (the last edition's) where it is as good (``_as_good``). Rows
    are compared ``chunk`` at a time (by default so that a chunk's similarities stay about
    4 million numbers, ~32 MB, whatever the size of the library)."""
    out: dict[str, tuple[str, ...]] = {}
    before = before or {}
    at = {key: i for i, key in enumerate(keys)} if before else {}
    n = X.shape[0]
    chunk = chunk or max(32, min(512, 4_000_000 // max(n, 1)))
    order = np.argsort(np.array(keys, dtype=object), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    XT = X.T.tocsr()
    M = _membership(keys, themes or {})
    MT = M.T.tocsr()
    for start in range(0, n, chunk):
        S = (X[start:start + chunk] @ XT).toarray()
        if M.nnz:
            S += SAME_THEME * ((M[start:start + chunk] @ MT).toarray() > 0)
        rows = np.arange(S.shape[0])
        S[rows, rows + start] = -1.0
        # the k-th best similarity of each row; everything at least as good (ties
        # included) is a candidate, ordered by similarity desc, then key asc
        kth = np.partition(S, n - k, axis=1)[:, n - k] if n > k else np.full(len(S), -1.0)
        for r in rows.tolist():
            row = S[r]
            cand = np.flatnonzero((row >= kth[r]) & (row > 0))
            best = cand[np.lexsort((rank[cand], -row[cand]))][:k]
            key = keys[start + r]
            old = [at.get(b, -1) for b in before.get(key, ())]
            out[key] = before[key] if _as_good(row, old, best) else \
                tuple(keys[j] for j in best.tolist())
    return out


def _as_good(row: np.ndarray, old: list[int], best: np.ndarray) -> bool:
    """Whether the related papers a paper had (``old``, rows; -1 for one no longer in
    the library) score within STABLE of the best ones, rank by rank: a new edition
    refits the vectors, and near-ties that swapped places changed the related papers of
    89-97 of 150-174 papers a week (15 new papers a week)."""
    if not old or len(old) != len(best) or min(old) < 0:
        return False
    return bool(np.all(row[old] >= row[best] - STABLE))


def close_counts(X: sparse.csr_matrix, keys: list[str], related: dict[str, tuple[str, ...]],
                 themes: dict[str, tuple[str, ...]],
                 before: tuple[dict[str, tuple[str, ...]], dict[str, int]] | None = None,
                 ) -> dict[str, int]:
    """key -> how many of its related papers (a prefix: they are ranked) are closely
    related: their score (cosine, plus SAME_THEME in one theme) is at least
    ``close_bar``, what only 1 % of pairs of papers in the library reach. On the seeds that
    is 63 % of related entries, and 94 % of those a reader labelled as belonging together.
    A paper whose related papers are those it had ``before`` (the last edition's related
    papers and counts) keeps its count while the papers it would move across the bar
    score within STABLE of it: the bar moves a little with each edition."""
    bar = close_bar(X)
    row = {key: i for i, key in enumerate(keys)}
    pairs = [(a, b) for a in keys for b in related.get(a, ())]
    if not pairs:
        return dict.fromkeys(keys, 0)
    left, right = (np.array([row[k] for k in side]) for side in zip(*pairs, strict=True))
    scores = np.asarray(X[left].multiply(X[right]).sum(axis=1)).ravel() + SAME_THEME * np.array(
        [bool(set(themes.get(a, ())) & set(themes.get(b, ()))) for a, b in pairs])
    had, counted = before or ({}, {})
    out: dict[str, int] = {}
    at = 0
    for a in keys:
        mine = scores[at:at + len(related.get(a, ()))].tolist()
        at += len(mine)
        old = counted.get(a) if a in had and had[a] == related.get(a, ()) else None
        out[a] = _close_count(mine, bar, old)
    return out


def _close_count(scores: list[float], bar: float, old: int | None) -> int:
    """How many of these ranked scores, from the first, reach the bar; or ``old`` where
    the scores between the two counts are within STABLE of the bar."""
    new = next((i for i, s in enumerate(scores) if s < bar - 1e-12), len(scores))
    if old is None or old == new or old > len(scores):  # (the pair at the bar is on it)
        return new
    lo, hi = sorted((old, new))
    return old if all(abs(s - bar) <= STABLE for s in scores[lo:hi]) else new


def close_bar(X: sparse.csr_matrix) -> float:
    """The cosine that CLOSE_SHARE of pairs of different papers reach, from at most
    BAR_SAMPLE papers (evenly spaced rows) against all; 1.0 (nothing is close) for fewer
    than 3 papers."""
    n = X.shape[0]
    if n < 3:
        return 1.0
    rows = np.unique(np.linspace(0, n - 1, min(n, BAR_SAMPLE)).astype(int))
    S = np.asarray((X[rows] @ X.T).todense())
    S[np.arange(len(rows)), rows] = np.nan  # a paper with itself is not a pair
    return float(np.nanquantile(S, 1 - CLOSE_SHARE))


def _membership(keys: list[str], themes: dict[str, tuple[str, ...]]) -> sparse.csr_matrix:
    """Papers x themes, 1 where ``themes`` shows the paper in the theme."""
    slugs = {s: j for j, s in enumerate(sorted({s for v in themes.values() for s in v}))}
    rows = [(i, slugs[s]) for i, key in enumerate(keys) for s in themes.get(key, ())]
    data = np.ones(len(rows))
    idx = np.array(rows, dtype=np.int64).reshape(-1, 2)
    return sparse.csr_matrix((data, (idx[:, 0], idx[:, 1])), shape=(len(keys), len(slugs)))


def shared_terms_all(X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str],
                     keys: list[str], related: dict[str, tuple[str, ...]], n: int = 3,
                     block: int = 16384, docs: list[str] | None = None,
                     before: tuple[dict[str, tuple[str, ...]],
                                   dict[str, tuple[tuple[str, ...], ...]]] | None = None,
                     ) -> dict[str, tuple[tuple[str, ...], ...]]:
    """For each paper and each of its related papers, the ``n`` terms that contribute most
    to their similarity (ties by term order); one sparse product per ``block`` pairs.
    With the papers' ``docs``, a two-word term is shown only where both texts write it as
    two words in a row: the vectoriser pairs the words around a stop word or a bracket,
    and "Models via Cognitive" and "Machine (SVM)" read as "models Cognitive" and
    "machine SVM". A pair of papers related ``before`` (the last edition's related papers
    and their terms) keeps its terms while they are all still among the 3n strongest: a
    new edition refits the weights, and "maps, CNN" became "map, CNN"."""
    row = {key: i for i, key in enumerate(keys)}
    pairs = [(row[a], row[b]) for a in keys for b in related.get(a, ())]
    if not pairs:
        return {a: () for a in keys}
    had = _by_pair(*before) if before else {}
    texts = None if docs is None else [written(d) for d in docs]
    found: list[tuple[str, ...]] = []
    for (one, other), best in zip(pairs, _strongest(X, pairs, 3 * n, block), strict=True):
        if texts is not None:
            best = _in_both(best, terms, texts[one], texts[other])
        shown = [forms.get(str(terms[c]), str(terms[c])) for c in best]
        old = had.get((keys[one], keys[other]))
        found.append(old if old and set(old) <= set(shown) else tuple(distinct(shown)[:n]))
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    at = 0
    for a in keys:
        m = len(related.get(a, ()))
        out[a] = tuple(found[at:at + m])
        at += m
    return out


def _by_pair(related: dict[str, tuple[str, ...]],
             terms: dict[str, tuple[tuple[str, ...], ...]],
             ) -> dict[tuple[str, str], tuple[str, ...]]:
    """(key, related key) -> the terms shown for the pair."""
    return {(a, b): t for a, bs in related.items()
            for b, t in zip(bs, terms.get(a, ()), strict=False)}


def _strongest(X: sparse.csr_matrix, pairs: list[tuple[int, int]], m: int, block: int,
               ) -> Iterator[list[int]]:
    """For each pair of rows, the ``m`` columns (terms) that contribute most to their
    cosine, strongest first (ties by column); one sparse product per ``block`` pairs,
    which keeps the row copies small."""
    for start in range(0, len(pairs), block):
        left, right = (np.array(side) for side in zip(*pairs[start:start + block],
                                                       strict=True))
        P = X[left].multiply(X[right]).tocsr()
        P.sort_indices()
        for p in range(P.shape[0]):
            lo, hi = P.indptr[p], P.indptr[p + 1]
            cols, vals = P.indices[lo:hi], P.data[lo:hi]
            yield cols[np.lexsort((cols, -vals))[:m]].tolist()


def _in_both(columns: list[int], terms: np.ndarray, one: str, other: str) -> list[int]:
    """The terms (columns) of one word, and those of more that both texts (``written``)
    write as words in a row."""
    return [c for c in columns if " " not in terms[c]
            or (f" {terms[c]} " in one and f" {terms[c]} " in other)]


#: a word (hyphens inside it) or one mark that is neither a word's nor a space
_WORDS_AND_MARKS = re.compile(r"[\w-]+|[^\w\s]")


def written(doc: str) -> str:
    """The text as its lower-case words and marks, one space apart and one at each end:
    ``f" {term} " in written(doc)`` says whether it writes the term's words in a row."""
    return " " + " ".join(_WORDS_AND_MARKS.findall(doc.lower())) + " "


#: what ends a run of words: any mark but a hyphen or an apostrophe inside a word
_MARKS = re.compile(r"[^\w\s'’-]+")


def surface_forms(docs: list[str]) -> dict[str, str]:
    """lower-case term -> its most frequent spelling in the text (keeps 'LLMs', 'CTR'),
    or the lower-case one when the text uses it a third as often; ties go to the
    spelling that sorts last. Two-word terms are those written as two words in a row,
    with no mark between ("Feature Extraction. Mobile App" has no "extraction mobile")."""
    counts: Counter[str] = Counter()
    for doc in docs:
        for part in _MARKS.split(doc):  # two words with a mark between are no term
            words = re.findall(TOKEN, part)
            counts.update(words)
            counts.update(map(" ".join, pairwise(words)))
    best: dict[str, tuple[int, str]] = {}
    for form, c in counts.items():
        low = form.lower()
        if low not in best or (c, form) > best[low]:
            best[low] = (c, form)
    # titles are in Title Case (and count twice): a term that the text also writes in lower
    # case often enough is a common word ("post-training"), not a name ("LLMs", "BERT")
    return {low: low if counts[low] * LOWER_CASE_SHARE >= c else form
            for low, (c, form) in best.items()}


def distinct(terms: list[str]) -> list[str]:
    """The terms to show, without repeats: a term whose words a term before it already
    has ("LLM" after "LLMs", "autoencoders" after "sparse autoencoders") is left out, as
    is academic prose ("utilize": ``words.says_what``)."""
    out: list[str] = []
    for t in terms:
        if says_what(t) and not any(_stems(t) <= _stems(o) for o in out):
            out.append(t)
    return out


#: the same terms come back for many papers: their stems are worth keeping
_stems = functools.lru_cache(maxsize=65536)(stems)



def top_terms(X: sparse.csr_matrix, rows: list[int], terms: np.ndarray,
              forms: dict[str, str]) -> list[str]:
    """The 16 terms that most distinguish these rows from the whole library, among those
    the text writes (``is_written``)."""
    inside = np.asarray(X[rows].mean(axis=0)).ravel()
    overall = np.asarray(X.mean(axis=0)).ravel()
    order = (str(terms[j]) for j in np.argsort(-(inside - overall), kind="stable"))
    return list(islice((t for t in order if is_written(t, forms)), 16))


def is_written(term: str, forms: dict[str, str]) -> bool:
    """Whether some text writes the term (``surface_forms`` has it): the vectoriser drops
    stop words before it pairs words, so "Feature Extraction Method from Mobile App
    Reviews" gives the two-word term "extraction mobile", which no one wrote and which two
    seed papers made a key term of "Mobile apps"."""
    return " " not in term or term in forms
