"""Measure rule (b) of the match rule on the 251 seeds: true pairs against wrong pairs.

Run: ``PYTHONPATH=generator .venv/bin/python -m litreview_dev.measure_match`` (reads the
stand-in's recordings and the arXiv corpus; prints the two score distributions). Pure
apart from reading those two files.

True pairs: each seed's dump abstract against versions of itself as an API might return
it: ``same``; ``arxiv`` (hard-wrapped at 72 columns, ``%`` as ``\\%``, accents and Greek as
LaTeX, a phrase in ``\\emph{}``); ``sentence`` (its second sentence replaced by a sentence
of another seed); ``first`` (its first sentence replaced); ``truncated`` (first 40 % of
its words); ``all`` (arxiv + sentence + truncated to 60 %). Wrong pairs: each seed
against the 5 other seeds and the 5 corpus papers whose titles share the most words with
its title (stop words left out), i.e. papers on the same topic.
"""

from __future__ import annotations

import csv
import json
import random
import re
import statistics
import textwrap
from collections.abc import Callable
from pathlib import Path

from litreview.analysis.match import PREFIX_WORDS, THRESHOLD, abstract_score, shingles, words

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpora" / "arxiv-ml-1000.csv"
RECORDINGS = ROOT / "tests" / "data" / "standin" / "recordings.json"
STOP = frozenset({"a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "is", "of",
                  "on", "or", "the", "to", "via", "with", "we", "our"})
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LATEX = {"é": "\\'e", "ö": '\\"o', "ü": '\\"u', "α": "$\\alpha$", "β": "$\\beta$", "%": "\\%"}


def sentences(text: str) -> list[str]:
    """Split an abstract into sentences (roughly)."""
    return _SENT.split(text)


def arxivify(text: str) -> str:
    """The abstract as arXiv's feed would print it: LaTeX, an emphasis, hard wraps."""
    for plain, latex in _LATEX.items():
        text = re.sub(r"(?<!\\)" + re.escape(plain), latex.replace("\\", "\\\\"), text)
    parts = text.split(" ")
    if len(parts) > 12:
        parts[10] = "\\emph{" + parts[10] + "}"
    return textwrap.fill(" ".join(parts), 72)


def truncate(text: str, share: float) -> str:
    """The first ``share`` of the words."""
    parts = text.split()
    return " ".join(parts[: max(1, int(len(parts) * share))])


def replace_sentence(text: str, index: int, other: str) -> str:
    """Sentence ``index`` replaced by the first sentence of ``other``."""
    sents = sentences(text)
    if len(sents) > index:
        sents[index] = sentences(other)[0]
    return " ".join(sents)


def title_words(title: str) -> set[str]:
    """Content words of a title."""
    return {w for w in words(title) if w not in STOP and len(w) > 1}


def nearest(title: str, pool: list[tuple[str, str]], k: int, skip: str) -> list[str]:
    """Abstracts of the ``k`` pool papers whose titles share most words with ``title``."""
    mine = title_words(title)
    ranked = sorted(((len(mine & title_words(t)) / max(1, len(mine | title_words(t))), t, a)
                     for t, a in pool if t != skip), reverse=True)
    return [a for _, _, a in ranked[:k]]


def describe(name: str, scores: list[float]) -> str:
    """One line: min, 1st/5th/50th/95th/99th percentile, max."""
    qs = statistics.quantiles(scores, n=100, method="inclusive")
    return (f"{name:<10} n={len(scores):4d} min={min(scores):.3f} p1={qs[0]:.3f} p5={qs[4]:.3f} "
            f"median={statistics.median(scores):.3f} p95={qs[94]:.3f} p99={qs[98]:.3f} "
            f"max={max(scores):.3f}")


VARIANTS: dict[str, Callable[[str, str], str]] = {
    "same": lambda a, o: a,
    "arxiv": lambda a, o: arxivify(a),
    "sentence": lambda a, o: replace_sentence(a, 1, o),
    "first": lambda a, o: replace_sentence(a, 0, o),
    "truncated": lambda a, o: truncate(a, 0.4),
    "all": lambda a, o: truncate(arxivify(replace_sentence(a, 1, o)), 0.6),
}


def true_scores(seeds: list[tuple[str, str]]) -> dict[str, list[float]]:
    """Each seed's abstract against each variant of itself."""
    rng = random.Random(20261126)
    true: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for title, abstract in seeds:
        other = rng.choice([a for t, a in seeds if t != title])
        for name, make in VARIANTS.items():
            true[name].append(abstract_score(abstract, make(abstract, other)))
    return true


def every_pair(seeds: list[tuple[str, str]], corpus: list[tuple[str, str]]) -> list[float]:
    """Every seed against every other paper of the seeds and the corpus."""
    pool = seeds + corpus
    sets = [shingles(words(a, PREFIX_WORDS)) for _, a in pool]
    names = [words(t) for t, _ in pool]
    return [len(x & y) / max(1, min(len(x), len(y)))
            for i, x in enumerate(sets[: len(seeds)]) for j, y in enumerate(sets)
            if names[j] != names[i]]


def main() -> int:
    """Print the distributions and whether :data:`match.THRESHOLD` separates them."""
    papers = json.loads(RECORDINGS.read_text(encoding="utf-8"))["papers"]
    seeds = [(p["hf"]["title"], p["hf"]["summary"]) for p in papers]
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        corpus = [(r["titles"], r["summaries"]) for r in csv.DictReader(fh)]
    true = true_scores(seeds)
    wrong_seed = [abstract_score(a, b) for t, a in seeds for b in nearest(t, seeds, 5, t)]
    wrong_corpus = [abstract_score(a, b) for t, a in seeds for b in nearest(t, corpus, 5, t)]
    print("true pairs (same paper, altered as an API might):")
    for name, scores in true.items():
        print("  " + describe(name, scores))
    print("wrong pairs (different paper, most similar titles):")
    print("  " + describe("seeds", wrong_seed))
    print("  " + describe("corpus", wrong_corpus))
    every = every_pair(seeds, corpus)
    print("  " + describe("all", every) + "  (every seed against every other paper)")
    seed_words = [words(x) for x, _ in seeds]
    for t, a in ((t, a) for t, a in corpus if words(t) in seed_words):
        mine = next(b for x, b in seeds if words(x) == words(t))
        print(f"real arXiv abstract vs dump abstract, {t[:50]!r}: {abstract_score(mine, a):.3f}")
    low = min(min(s) for s in true.values())
    high = max(wrong_seed + wrong_corpus + every)
    print(f"threshold {THRESHOLD}: lowest true {low:.3f}, highest wrong {high:.3f}, "
          f"separates: {high < THRESHOLD <= low}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
