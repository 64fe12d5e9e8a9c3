"""Papers -> themes (tf-idf + NMF) and related papers (tf-idf cosine). Pure, no I/O.

Deterministic: NMF is initialised with NNDSVDA, whose randomised SVD gets a fixed seed, and every output order is
explicit. Related papers use a sparse matrix product, never a dense N x N matrix.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter

import numpy as np
from anyascii import anyascii
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .model import Paper, Theme
from .text import latex_to_text

#: words that say nothing about a field; kept out of the vocabulary
GENERIC = frozenset(["paper", "propose", "proposed", "proposes", "present", "presents", "method", "methods", "approach", "approaches", "result", "results", "show", "shows", "shown", "using", "use", "used", "based", "novel", "new", "performance", "state", "art", "experiments", "experimental", "demonstrate", "demonstrates", "existing", "work", "works", "achieve", "achieves", "achieved", "significantly", "significant", "outperforms", "extensive", "effective", "effectiveness", "efficient", "framework", "code", "available", "github", "com", "https", "http", "www", "study", "studies", "provide", "provides", "various", "different", "including", "introduce", "introduces", "task", "tasks", "datasets", "benchmark", "benchmarks", "improve", "improves", "improved", "improvement", "approach", "furthermore", "moreover", "however", "addition", "specifically", "recent", "recently", "paper", "simple", "wide", "range", "large", "high", "low", "better", "best", "problem", "problems", "key"])
#: terms never used alone as a theme name
WEAK_NAMES = frozenset(["learning", "learned", "model", "models", "network", "networks", "neural", "deep", "data", "training", "train", "trained", "feature", "features", "information", "analysis", "image", "images", "language", "representation", "representations", "systems", "function", "functions", "convolutional", "structured", "sparse", "machine", "learn", "target", "hidden"])
TOKEN = r"(?u)\b[^\W\d_][\w-]*[^\W_]\b"
RELATED_COUNT = 5
MIN_THEMES, MAX_THEMES = 8, 40
SECONDARY_RATIO = 0.6


def documents(papers: tuple[Paper, ...]) -> list[str]:
    """The text each paper is compared by: the title twice, then the clean abstract."""
    return [f"{p.title}. {p.title}. {latex_to_text(p.abstract)}" for p in papers]


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
                   chunk: int = 2048) -> dict[str, tuple[str, ...]]:
    """The ``k`` most similar papers of each paper (cosine), ties broken by key."""
    out: dict[str, tuple[str, ...]] = {}
    order = np.argsort(np.array(keys, dtype=object), kind="stable")
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys))
    for start in range(0, X.shape[0], chunk):
        S = (X[start:start + chunk] @ X.T).toarray()
        for r, row in enumerate(S):
            i = start + r
            row[i] = -1.0
            # sort by similarity desc, then key asc; only papers sharing a term qualify
            cand = np.lexsort((rank, -row))[:k]
            out[keys[i]] = tuple(keys[j] for j in cand if row[j] > 0)
    return out


def theme_count(n: int) -> int:
    """About sqrt(n) themes, within [8, 40] (fewer only when there are very few papers)."""
    return max(1, min(MAX_THEMES, max(MIN_THEMES, round(math.sqrt(n))), n // 3 or 1))


def surface_forms(docs: list[str]) -> dict[str, str]:
    """lower-case term -> its most frequent spelling in the text (keeps 'LLMs', 'CTR')."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        words = re.findall(TOKEN, doc)
        for n in (1, 2):
            for i in range(len(words) - n + 1):
                form = " ".join(words[i:i + n])
                counts.setdefault(form.lower(), Counter())[form] += 1
    return {low: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for low, c in counts.items()}


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
        if t in WEAK_NAMES or _stems(t) & _stems(" ".join(picked)):
            continue
        picked.append(t)
    shown = [" ".join(w if sum(c.isupper() for c in w) >= 2 else w.lower()
                      for w in forms.get(t, t).split()) for t in picked]
    name = " and ".join(shown)
    return name[:1].upper() + name[1:], picked


def _stems(phrase: str) -> set[str]:
    return {w.rstrip("s") for w in re.split(r"[\s-]+", phrase) if w}


def _slug(name: str, used: set[str]) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", anyascii(name).lower()))[:60].strip("-") or "theme"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def find_themes(papers: tuple[Paper, ...], X: sparse.csr_matrix, terms: np.ndarray,
                docs: list[str]) -> tuple[tuple[Theme, ...], dict[str, tuple[str, ...]]]:
    """Group papers into themes; return themes (largest first) and key -> theme slugs."""
    keys = [p.key for p in papers]
    if X.shape[1] == 0 or len(papers) < 3:
        return (), {k: () for k in keys}
    k = theme_count(len(papers))
    nmf = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=800, tol=1e-4)
    with warnings.catch_warnings():
        # an unconverged NMF is still a deterministic, usable grouping; not the user's concern
        warnings.simplefilter("ignore", ConvergenceWarning)
        W = nmf.fit_transform(X)
    H = nmf.components_
    best = W.max(axis=1)
    members: dict[int, list[tuple[float, str]]] = {t: [] for t in range(k)}
    for i, key in enumerate(keys):
        if best[i] <= 1e-9:
            continue
        for t in np.flatnonzero(W[i] >= SECONDARY_RATIO * best[i]).tolist():
            members[t].append((float(W[i, t]), key))
    forms = surface_forms(docs)
    used: set[str] = set()
    built: list[tuple[int, Theme]] = []
    for t in sorted(range(k), key=lambda u: (-len(members[u]), u)):
        if not members[t]:
            continue
        top = [str(terms[j]) for j in np.argsort(-H[t], kind="stable")[:12]]
        name, _ = _name(top, forms)
        ranked = tuple(key for _, key in sorted(members[t], key=lambda wk: (-wk[0], wk[1])))
        shown_terms = tuple(forms.get(x, x) for x in top[:8])
        built.append((t, Theme(slug=_slug(name, used), name=name, terms=shown_terms,
                               papers=ranked)))
    # neighbouring themes: cosine between topic-term vectors
    norms = np.linalg.norm(H, axis=1, keepdims=True)
    Hn = H / np.where(norms == 0, 1, norms)
    sim = Hn @ Hn.T
    slug_of = {t: th.slug for t, th in built}
    themes = []
    for t, th in built:
        order: list[int] = np.argsort(-sim[t], kind="stable").tolist()
        near = [u for u in order if u != t and u in slug_of][:3]
        themes.append(Theme(th.slug, th.name, th.terms, th.papers,
                            tuple(slug_of[u] for u in near)))
    paper_themes: dict[str, list[str]] = {key: [] for key in keys}
    for th in themes:
        for key in th.papers:
            paper_themes[key].append(th.slug)
    return tuple(themes), {key: tuple(v) for key, v in paper_themes.items()}
