"""Make ``tests/data/standin/recordings.json``: the answers the tests' stand-in for the
Hugging Face and arXiv APIs serves, built from the seeds' identities of record
(``bib/identities.toml``) and the dumps' abstracts.

    PYTHONPATH=generator .venv/bin/python -m litreview_dev.recordings [--root .]

One record per seed paper, in Hugging Face's paper shape (``id``, ``title``, ``summary``
= the dump's abstract, ``authors`` as ``[{"name": ...}]``, ``publishedAt``) plus what only
the arXiv feed needs (``arxiv``: primary category, categories). Values the identities do
not give but a protocol requires are filled in and named in the record's ``synthetic``:
the arXiv primary category (``cs.LG``; the real one where the arXiv corpus knows the
paper) and, for month-precision dates, the day of ``publishedAt`` (the 1st).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from litreview.analysis.library import merge
from litreview.analysis.match import norm_title
from litreview.model import Identity
from litreview.site.inputs import Paths, load_dumps, load_identities

from .synth import read_corpus

HEADER = ("generated from bib/identities.toml and dumps/*.txt by "
          "litreview_dev/recordings.py; do not edit")


def record(ident: Identity, abstract: str, categories: tuple[str, ...]) -> dict[str, Any]:
    """One paper's recorded answer."""
    synthetic: list[str] = []
    date = ident.date
    if ident.date_precision == "month":
        date += "-01"
        synthetic.append("hf.publishedAt day")
    if not categories:
        categories = ("cs.LG",)
        synthetic.append("arxiv.primary_category")
    return {
        "key": ident.key,
        "hf": {"id": ident.arxiv_id, "title": ident.title, "summary": abstract,
               "authors": [{"name": name} for name in ident.authors],
               "publishedAt": f"{date}T00:00:00.000Z"},
        "arxiv": {"primary_category": categories[0], "categories": list(categories)},
        "date_precision": ident.date_precision,
        "synthetic": synthetic,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m litreview_dev.recordings",
                                 description=__doc__)
    ap.add_argument("--root", default=".", type=Path)
    args = ap.parse_args(argv)
    root = args.root.resolve()
    paths = Paths(root)
    _, dumps = load_dumps(paths)
    abstracts = {p.key: p.abstract for p in merge(dumps)[0]}
    corpus = root / "tests" / "data" / "corpora" / "arxiv-ml-1000.csv"
    categories = {norm_title(r.title): r.terms for r in read_corpus(corpus.read_text("utf-8"))}
    papers = [record(ident, abstracts[key], categories.get(norm_title(ident.title), ()))
              for key, ident in sorted(load_identities(paths, "2100-01-01").items())]
    lines = [json.dumps(p, ensure_ascii=False, sort_keys=True) for p in papers]
    text = f'{{"_comment": {json.dumps(HEADER)},\n"papers": [\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)  # the hand-joined document must still be one JSON value
    out = root / "tests" / "data" / "standin" / "recordings.json"
    out.write_text(text, encoding="utf-8")
    print(f"{out}: {len(papers)} papers, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
