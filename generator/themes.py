"""Papers -> themes (tf-idf + NMF) and related papers (tf-idf cosine). Pure, no I/O.

Deterministic: NMF is initialised with NNDSVDA, whose randomised SVD gets a fixed seed, and every output order is
explicit. Related papers use a sparse matrix product, never a dense N x N matrix.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

import numpy as np
from anyascii import anyascii
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .model import Paper, Theme
from .naming import TOKEN, Phrases, folded_words, name_parts, phrases, stems, theme_name
from .text import latex_to_text

#: words that say nothing about a field; kept out of the vocabulary
GENERIC = frozenset(["paper", "propose", "proposed", "proposes", "present", "presents", "method", "methods", "approach", "approaches", "result", "results", "show", "shows", "shown", "using", "use", "used", "based", "novel", "new", "performance", "state", "art", "experiments", "experimental", "demonstrate", "demonstrates", "existing", "work", "works", "achieve", "achieves", "achieved", "significantly", "significant", "outperforms", "extensive", "effective", "effectiveness", "efficient", "framework", "code", "available", "github", "com", "https", "http", "www", "study", "studies", "provide", "provides", "various", "different", "including", "introduce", "introduces", "task", "tasks", "datasets", "benchmark", "benchmarks", "improve", "improves", "improved", "improvement", "approach", "furthermore", "moreover", "however", "addition", "specifically", "recent", "recently", "paper", "simple", "wide", "range", "large", "high", "low", "better", "best", "problem", "problems", "key"])
#: terms never used alone as a theme name
WEAK_NAMES = frozenset(["learning", "learned", "model", "models", "network", "networks", "neural", "deep", "data", "training", "train", "trained", "feature", "features", "information", "analysis", "image", "images", "language", "representation", "representations", "systems", "function", "functions", "convolutional", "structured", "sparse", "machine", "learn", "target", "hidden"])
RELATED_COUNT = 5
MIN_THEMES, MAX_THEMES = 8, 40
SECONDARY_RATIO = 0.6
#: the number of terms (most widespread first) that NMF factorises over
NMF_FEATURES = 8000


def clean_abstracts(papers: tuple[Paper, ...]) -> list[str]:
    """Each paper's abstract as plain text (LaTeX remnants converted)."""
    return [latex_to_text(p.abstract) for p in papers]


def documents(papers: tuple[Paper, ...], abstracts: list[str] | None = None) -> list[str]:
    """The text each paper is compared by: the title twice, then the clean abstract
    (``abstracts``: from ``clean_abstracts``, when the caller has them already)."""
    clean = clean_abstracts(papers) if abstracts is None else abstracts
    return [f"{p.title}. {p.title}. {a}" for p, a in zip(papers, clean, strict=True)]


def vectorise(docs: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Tf-idf over 1-2 grams, sublinear tf, English + generic stop words."""
    min_df = 2 if len(docs) >= 20 else 1
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df, max_df=0.5,
                          stop_words=sorted(ENGLISH_STOP_WORDS | GENERIC),
                          token_pattern=TOKEN, dtype=np.float64)
    try:
        X = vec.fit_transform(docs)
    except ValueError:  # empty vocabulary: nothing to compare by
        return sparse.csr_matrix((len(docs), 0)), np.array([], dtype=object)
    return X.tocsr(), vec.get_feature_names_out()


def related_papers(X: sparse.csr_matrix, keys: list[str], k: int = RELATED_COUNT,
                   chunk: int = 0) -> dict[str, tuple[str, ...]]:
    """The ``k`` most similar papers of each paper (cosine), ties broken by key. Rows are
    compared ``chunk`` at a time (by default so that a chunk's similarities stay about
    4 million numbers, ~32 MB, whatever the size of the library)."""
    out: dict[str, tuple[str, ...]] = {}
    n = X.shape[0]
    chunk = chunk or max(32, min(512, 4_000_000 // max(n, 1)))
    order = np.argsort(np.array(keys, dtype=object), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    XT = X.T.tocsr()
    for start in range(0, n, chunk):
        S = (X[start:start + chunk] @ XT).toarray()
        rows = np.arange(S.shape[0])
        S[rows, rows + start] = -1.0
        # the k-th best similarity of each row; everything at least as good (ties
        # included) is a candidate, ordered by similarity desc, then key asc
        kth = np.partition(S, n - k, axis=1)[:, n - k] if n > k else np.full(len(S), -1.0)
        for r in rows.tolist():
            row = S[r]
            cand = np.flatnonzero((row >= kth[r]) & (row > 0))
            best = cand[np.lexsort((rank[cand], -row[cand]))][:k]
            out[keys[start + r]] = tuple(keys[j] for j in best.tolist())
    return out


def shared_terms_all(X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str],
                     keys: list[str], related: dict[str, tuple[str, ...]], n: int = 3,
                     block: int = 16384) -> dict[str, tuple[tuple[str, ...], ...]]:
    """For each paper and each of its related papers, the ``n`` terms that contribute most
    to their similarity (ties by term order); one sparse product per ``block`` pairs."""
    row = {key: i for i, key in enumerate(keys)}
    pairs = [(row[a], row[b]) for a in keys for b in related.get(a, ())]
    if not pairs:
        return {a: () for a in keys}
    found: list[tuple[str, ...]] = []
    for start in range(0, len(pairs), block):  # blocks keep the row copies small
        left, right = (np.array(side) for side in zip(*pairs[start:start + block],
                                                       strict=True))
        P = X[left].multiply(X[right]).tocsr()
        P.sort_indices()
        for p in range(P.shape[0]):
            lo, hi = P.indptr[p], P.indptr[p + 1]
            cols, vals = P.indices[lo:hi], P.data[lo:hi]
            best = cols[np.lexsort((cols, -vals))[:2 * n]]
            found.append(tuple(_distinct([forms.get(str(terms[c]), str(terms[c]))
                                          for c in best.tolist()])[:n]))
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    at = 0
    for a in keys:
        m = len(related.get(a, ()))
        out[a] = tuple(found[at:at + m])
        at += m
    return out


def theme_count(n: int) -> int:
    """About sqrt(n) themes, within [8, 40] (fewer only when there are very few papers)."""
    return max(1, min(MAX_THEMES, max(MIN_THEMES, round(math.sqrt(n))), n // 3 or 1))


#: the lower-case spelling wins when it is used at least 1/LOWER_CASE_SHARE as often as the
#: most frequent one
LOWER_CASE_SHARE = 3


def surface_forms(docs: list[str]) -> dict[str, str]:
    """lower-case term -> its most frequent spelling in the text (keeps 'LLMs', 'CTR'),
    or the lower-case one when the text uses it a third as often; ties go to the
    spelling that sorts last."""
    counts: Counter[str] = Counter()
    for doc in docs:
        words = re.findall(TOKEN, doc)
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


def _name(terms: list[str], forms: dict[str, str]) -> tuple[str, list[str]]:
    """A readable name from the top terms: the best phrase, then one that adds new words."""
    picked: list[str] = []
    # prefer a two-word phrase among the few strongest terms
    head = next((t for t in terms[:4] if " " in t), None) or next(
        (t for t in terms if t not in WEAK_NAMES), terms[0])
    picked.append(head)
    for t in terms:
        if len(picked) == 2:
            break
        if t in WEAK_NAMES or stems(t) & stems(" ".join(picked)):
            continue
        picked.append(t)
    shown = [" ".join(w if sum(c.isupper() for c in w) >= 2 else w.lower()
                      for w in forms.get(t, t).split()) for t in picked]
    name = " and ".join(shown)
    return name[:1].upper() + name[1:], picked


#: page names under themes/ that a theme slug may not take
RESERVED_SLUGS = frozenset({"index", "map"})


def _slug(name: str, used: set[str]) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", anyascii(name).lower()))[:60].strip("-") or "theme"
    slug, n = base, 2
    while slug in used or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _groups(X: sparse.csr_matrix, k: int) -> tuple[list[list[tuple[float, int]]], np.ndarray]:
    """NMF into ``k`` groups of row indices (with secondary memberships) and the topic
    weights; rows with no weight at all are left out."""
    nmf = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=800, tol=1e-4)
    # factorise over the most widespread terms only: the rare tail of a large library's
    # vocabulary costs most of the time (k^2 per column per iteration) and names no theme
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    cols = np.sort(np.argsort(-df, kind="stable")[:NMF_FEATURES])
    with warnings.catch_warnings():
        # an unconverged NMF is still a deterministic, usable grouping; not the user's concern
        warnings.simplefilter("ignore", ConvergenceWarning)
        # on degenerate input (a few near-empty rows) sklearn's loss report takes the
        # square root of a tiny negative number; the factorisation itself is fine
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        W = nmf.fit_transform(X[:, cols])
    H = np.zeros((k, X.shape[1]))
    H[:, cols] = nmf.components_
    best = W.max(axis=1)
    groups: list[list[tuple[float, int]]] = [[] for _ in range(k)]
    for i in range(X.shape[0]):
        if best[i] > 1e-9:
            for t in np.flatnonzero(W[i] >= SECONDARY_RATIO * best[i]).tolist():
                groups[t].append((float(W[i, t]), i))
    return groups, H


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def find_themes(papers: tuple[Paper, ...], X: sparse.csr_matrix, terms: np.ndarray,
                forms: dict[str, str], previous: tuple[Theme, ...] = (),
                abstracts: list[str] | None = None,
                ) -> tuple[tuple[Theme, ...], dict[str, tuple[str, ...]]]:
    """Group papers into themes; return themes (largest first) and key -> theme slugs.

    With ``previous`` (the themes of the edition before), themes are carried over: their
    papers stay, new papers join the theme whose centroid is closest, papers that fit no
    theme form new ones, and a theme past 20 % of the papers is split in two (the larger
    part keeps its slug and name). Without it, themes come from one NMF. New themes are
    named from their titles and ``abstracts`` (``clean_abstracts``; computed if not given).
    """
    keys = [p.key for p in papers]
    row = {k: i for i, k in enumerate(keys)}
    if X.shape[1] == 0 or len(papers) < 3:
        return (), {k: () for k in keys}
    n = len(papers)
    # slug -> (name, member rows); names and slugs of carried themes never change
    themes: dict[str, tuple[str, list[int]]] = {}
    # slug -> the phrases the generator named it by (a maintainer's rename leaves them)
    phrases_of: dict[str, tuple[str, ...]] = {}
    used: set[str] = set()
    for old in previous:
        rows = [row[k] for k in old.papers if k in row]
        if rows:
            themes[old.slug] = (old.name, rows)
            phrases_of[old.slug] = old.name_phrases
            used.add(old.slug)

    namer = _Namer(papers, abstracts, X, terms, forms, phrases_of)

    def new_theme(rows: list[int], weights: np.ndarray | None = None) -> None:
        name = namer(rows, weights)
        slug = _slug(name, used)
        themes[slug] = (name, rows)
        phrases_of[slug] = tuple(name_parts(name))

    if not themes:
        groups, H = _groups(X, theme_count(n))
        for t in sorted(range(len(groups)), key=lambda u: (-len(groups[u]), u)):
            if groups[t]:
                new_theme([i for _, i in groups[t]], H[t])
    else:
        placed = {i for _, rows in themes.values() for i in rows}
        fresh = [i for i in range(n) if i not in placed]
        leftovers = _join_nearest(X, themes, fresh, FIT_MIN)
        if len(leftovers) >= 2 * MIN_THEME:
            sub = X[leftovers]
            groups, H = _groups(sub, max(1, round(math.sqrt(len(leftovers)) / 2)))
            lonely = set(leftovers)
            for t, g in enumerate(groups):
                if len(g) >= MIN_THEME:
                    rows = [leftovers[i] for _, i in g]
                    new_theme(rows, H[t])
                    lonely -= set(rows)
            leftovers = sorted(lonely)
        _join_nearest(X, themes, leftovers, 0.0)
    _join_by_name(papers, themes, phrases_of)
    _split_large(X, themes, new_theme, n)
    return _finish(X, terms, forms, keys, themes, phrases_of)


class _Namer:
    """Names new themes from their members' title phrases (``naming``), falling back on
    their strongest terms; the phrases are counted once, on the first call."""

    def __init__(self, papers: tuple[Paper, ...], abstracts: list[str] | None,
                 X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str],
                 phrases_of: dict[str, tuple[str, ...]]) -> None:
        self.papers, self.abstracts = papers, abstracts
        self.X, self.terms, self.forms = X, terms, forms
        #: the themes' name phrases so far: a new name takes none of them
        self.phrases_of = phrases_of
        self.phrases: Phrases | None = None

    def __call__(self, rows: list[int], weights: np.ndarray | None = None) -> str:
        top = _top_terms(self.X, rows, self.terms) if weights is None else \
            [str(self.terms[j]) for j in np.argsort(-weights, kind="stable")[:12]]
        if self.phrases is None:
            self.phrases = phrases([p.title for p in self.papers],
                                   self.abstracts or clean_abstracts(self.papers))
        taken = frozenset(p for ps in self.phrases_of.values() for p in ps)
        return theme_name(self.phrases, rows, fallback=_name(top, self.forms)[0],
                          avoid=taken)



#: a new paper joins a theme when its cosine to the theme's centroid reaches this
FIT_MIN = 0.12
#: the smallest theme made from papers that fit no existing theme
MIN_THEME = 3
MAX_SHARE = 0.20
#: a theme's name draws in the papers whose titles contain it, unless more titles than this
#: share do
NAME_JOIN_MAX = 0.04
#: a joining paper also enters its second-closest theme only when nearly as close
JOIN_SECOND_RATIO = 0.85


def _centroids(X: sparse.csr_matrix, themes: dict[str, tuple[str, list[int]]]) -> np.ndarray:
    return np.vstack([_unit(np.asarray(X[rows].mean(axis=0)).ravel())
                      for _, rows in themes.values()])


def _join_nearest(X: sparse.csr_matrix, themes: dict[str, tuple[str, list[int]]],
                  rows: list[int], fit_min: float) -> list[int]:
    """Add each row to its closest theme(s) if the cosine reaches ``fit_min``; return the
    rows that fit nowhere."""
    if not rows or not themes:
        return rows
    C = _centroids(X, themes)
    S = np.asarray(X[rows] @ C.T)
    slugs = list(themes)
    left = []
    for r, sims in zip(rows, S, strict=True):
        best = float(sims.max())
        if best <= fit_min or best <= 0:
            left.append(r)
            continue
        order = np.argsort(-sims, kind="stable")[:2].tolist()
        themes[slugs[order[0]]][1].append(r)
        if len(order) > 1 and sims[order[1]] >= max(JOIN_SECOND_RATIO * best, fit_min):
            themes[slugs[order[1]]][1].append(r)
    return left


def _join_by_name(papers: tuple[Paper, ...], themes: dict[str, tuple[str, list[int]]],
                  phrases_of: dict[str, tuple[str, ...]]) -> None:
    """A paper whose title contains a theme's name ("... Structured Pruning for LLMs" and
    the theme "Pruning") belongs to that theme too: a reader expects to find it there.
    The name is the generator's (``phrases_of``): a maintainer's rename changes no
    membership."""
    titles = [folded_words(p.title) for p in papers]
    for slug, (_, rows) in themes.items():
        inside = set(rows)
        for part in phrases_of.get(slug, ()):
            having = [i for i, t in enumerate(titles) if f" {part} " in t]
            # a phrase in many titles ("LLMs") is a field, not a theme's definition
            if len(having) <= NAME_JOIN_MAX * len(titles):
                rows.extend(i for i in having if i not in inside)
                inside.update(having)


def _split_large(X: sparse.csr_matrix, themes: dict[str, tuple[str, list[int]]],
                 new_theme: Callable[[list[int], np.ndarray], None], n: int) -> None:
    """Split themes over MAX_SHARE of the papers; the larger part keeps slug and name,
    the other becomes a theme of its own (``new_theme``)."""
    for _ in range(MAX_THEMES):
        if len(themes) >= MAX_THEMES:
            return
        slug, (name, rows) = max(themes.items(), key=lambda kv: (len(kv[1][1]), kv[0]))
        if len(rows) <= MAX_SHARE * n or len(rows) < 2 * MIN_THEME:
            return
        rows = sorted(set(rows))
        groups, H = _groups(X[rows], 2)
        parts = [sorted({rows[i] for _, i in g}) for g in groups]
        if min(len(p) for p in parts) < MIN_THEME:
            return
        keep, split = sorted(range(2), key=lambda t: (-len(parts[t]), t))
        themes[slug] = (name, parts[keep])
        new_theme(parts[split], H[split])


def _distinct(terms: list[str]) -> list[str]:
    """The terms without repeats: a term whose words a term before it already has
    ("LLM" after "LLMs", "autoencoders" after "sparse autoencoders") is left out."""
    out: list[str] = []
    for t in terms:
        if not any(_stems(t) <= _stems(o) for o in out):
            out.append(t)
    return out


#: the same terms come back for many papers: their stems are worth keeping
_stems = functools.lru_cache(maxsize=65536)(stems)


def _top_terms(X: sparse.csr_matrix, rows: list[int], terms: np.ndarray) -> list[str]:
    """The terms that most distinguish these rows from the whole library."""
    inside = np.asarray(X[rows].mean(axis=0)).ravel()
    overall = np.asarray(X.mean(axis=0)).ravel()
    return [str(terms[j]) for j in np.argsort(-(inside - overall), kind="stable")[:16]]


def _shared_terms(a: np.ndarray, b: np.ndarray, terms: np.ndarray, forms: dict[str, str],
                  n: int = 3) -> tuple[str, ...]:
    """The ``n`` terms that contribute most to the cosine of two theme centroids."""
    product = a * b
    best = [j for j in np.argsort(-product, kind="stable")[:n].tolist() if product[j] > 0]
    return tuple(forms.get(str(terms[j]), str(terms[j])) for j in best)


def _finish(X: sparse.csr_matrix, terms: np.ndarray, forms: dict[str, str], keys: list[str],
            themes: dict[str, tuple[str, list[int]]],
            phrases_of: dict[str, tuple[str, ...]] | None = None,
            ) -> tuple[tuple[Theme, ...], dict[str, tuple[str, ...]]]:
    """Themes with ranked members, distinctive terms and neighbours; largest first."""
    themes = {s: (nm, sorted(set(rows))) for s, (nm, rows) in themes.items() if rows}
    if not themes:
        return (), {k: () for k in keys}
    C = _centroids(X, themes)
    sim = C @ C.T
    slugs = list(themes)
    built = []
    for t, (slug, (name, rows)) in enumerate(themes.items()):
        closeness = np.asarray(X[rows] @ C[t]).ravel()
        ranked = tuple(keys[rows[i]] for i in np.lexsort((np.array(rows), -closeness)))
        shown = tuple(forms.get(x, x) for x in _distinct(_top_terms(X, rows, terms))[:8])
        order: list[int] = np.argsort(-sim[t], kind="stable").tolist()
        near = [u for u in order if u != t][:3]
        why = tuple(_shared_terms(C[t], C[u], terms, forms) for u in near)
        built.append(Theme(slug=slug, name=name, terms=shown, papers=ranked,
                           related=tuple(slugs[u] for u in near), related_terms=why,
                           name_phrases=(phrases_of or {}).get(slug, ())))
    built.sort(key=lambda th: (-len(th.papers), th.slug))
    paper_themes: dict[str, list[str]] = {key: [] for key in keys}
    for th in built:
        for key in th.papers:
            paper_themes[key].append(th.slug)
    return tuple(built), {key: tuple(v) for key, v in paper_themes.items()}
