"""Sentence embeddings against tf-idf on the theme harness (issue 6): are they worth adopting?

Not part of `make bench`, and WordLlama is not a dependency. To repeat the measurement:

    .venv/bin/pip install wordllama   # ships its weights; no torch
    .venv/bin/python -m benchmarks.embeddings

It prints, for the seeds' newest edition, the related-paper hit rate (a must-link partner
among the 5 related) and, with k-means at the seeds' theme count, the must-link rate and
cannot-link violations; for the arXiv corpus, purity and NMI against the primary
categories. Each measure is taken over tf-idf (the generator's own vectors), over the
embeddings, and over both side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans

from litreview.analysis.chain import make_library
from litreview.analysis.library import title_fingerprint
from litreview.analysis.vectors import documents, related_papers, vectorise
from litreview.model import Library, Theme
from litreview.reading.parse import parse_dump
from litreview.site.inputs import Paths, load_dumps
from litreview_dev.evaluate import agreement, read_pairs, score
from litreview_dev.synth import make_dump, read_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpora" / "arxiv-ml-1000.csv"


def embed(lib: Library) -> np.ndarray:
    """WordLlama vectors of title + abstract, loaded from the package's own files."""
    import wordllama  # type: ignore[import-not-found]

    # the default loader looks for the tokenizer in the wrong folder and then downloads
    model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent,
                                     disable_download=True)
    return np.asarray(model.embed([f"{p.title}. {p.abstract}" for p in lib.papers],
                                  norm=True), dtype=np.float64)


def views(lib: Library) -> dict[str, sparse.csr_matrix]:
    X, _ = vectorise(documents(lib.papers))
    E = sparse.csr_matrix(embed(lib))
    return {"tf-idf": X, "embeddings": E, "both": sparse.hstack([X, E * 0.7]).tocsr()}


def clustered(lib: Library, R: sparse.csr_matrix, k: int) -> Library:
    labels = KMeans(k, random_state=0, n_init=4).fit_predict(R)
    groups: dict[int, list[str]] = {}
    for p, g in zip(lib.papers, labels.tolist(), strict=True):
        groups.setdefault(g, []).append(p.key)
    themes = tuple(Theme(f"t{g}", f"t{g}", (), tuple(keys)) for g, keys in groups.items())
    return replace(lib, themes=themes, paper_themes={
        p.key: (f"t{g}",) for p, g in zip(lib.papers, labels.tolist(), strict=True)})


def main() -> None:
    _, dumps = load_dumps(Paths(ROOT))
    pairs = read_pairs((ROOT / "tests/data/theme_pairs.tsv").read_text("utf-8"), "pairs")
    seeds = make_library(dumps)
    for name, R in views(seeds).items():
        keys = [p.key for p in seeds.papers]
        hit = score(replace(seeds, related=related_papers(R, keys)), pairs).related_hit_rate
        s = score(clustered(seeds, R, len(seeds.themes)), pairs)
        print(f"seeds  {name:10s} related hit {hit:.1%}  k-means must-link "
              f"{s.must_link_rate:.1%}  cannot-link violations {s.cannot_link_violations}")
    rows = read_corpus(CORPUS.read_text("utf-8"))
    text = make_dump(rows, len(rows), 0, dt.date(2026, 1, 1), with_metadata=False)
    arxiv = make_library((parse_dump(text.encode(), CORPUS.name, 2026),))
    label_of = {title_fingerprint(r.title): r.terms[0] for r in rows if r.terms}
    labels = {p.key: label_of[title_fingerprint(p.title)] for p in arxiv.papers
              if title_fingerprint(p.title) in label_of}
    for name, R in views(arxiv).items():
        purity, nmi = agreement(clustered(arxiv, R, len(arxiv.themes)), labels)
        print(f"arXiv  {name:10s} k-means purity {purity:.3f}  NMI {nmi:.3f}")


if __name__ == "__main__":
    main()
