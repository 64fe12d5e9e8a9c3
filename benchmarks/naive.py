"""The naive reference site of the scaling issue: every paper a MyST page, listed in a
visible theme toctree, built by Sphinx with pydata-sphinx-theme and Sphinx's own search.
Each page carries what this project's paper pages carried when they were MyST documents
(title, abstract, themes, five related papers, where it was listed, BibTeX with the
abstract, a text citation). ``make bench`` times it in the same session as our build and
reports our figures as ratios to it."""

from __future__ import annotations

import shutil
from pathlib import Path

from litreview.reading.parse import parse_dump
from litreview.text import escape_myst
from litreview_dev.synth import make_dump

from .project import FIRST, corpus_rows

CONF = '''project = "Naive reference"
extensions = ["myst_parser"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]
'''


def _page(i: int, title: str, abstract: str, theme: int, n: int) -> str:
    plain = {ord(c): "'" for c in '"`{}'}
    bt, ba = title.translate(plain), abstract.translate(plain)
    related = [(i + d) % n for d in (1, 2, 3, 5, 8)]
    bib = (f"@misc{{p{i},\n    title = \"{{{bt}}}\",\n    howpublished = \"Hugging Face Daily "
           f"Papers\",\n    abstract = \"{ba}\",\n    keywords = \"Theme {theme}\"\n}}")
    return (f"# {escape_myst(title)}\n\n## Abstract\n\n{escape_myst(abstract)}\n\n"
            f"## Themes\n\n- [Theme {theme}](../theme{theme}.md)\n\n## Related papers\n\n"
            + "".join(f"- [Paper {r}](p{r}.md)\n" for r in related)
            + f"\n## Listed in\n\n- Daily Papers, entry {i + 1}\n\n## Cite\n\n"
            f"````bibtex\n{bib}\n````\n\nAs text:\n\n"
            f"````text\n{bt}. Hugging Face Daily Papers.\n````\n")


def make_naive(where: Path, papers: int, per_theme: int = 100) -> Path:
    """A Sphinx source folder of ``papers`` paper pages in themes of ``per_theme``."""
    if where.exists():
        shutil.rmtree(where)
    (where / "papers").mkdir(parents=True)
    dump = parse_dump(make_dump(corpus_rows(), papers, 1, FIRST, True).encode(), "n.txt",
                      FIRST.year)
    n = len(dump.entries)
    themes = []
    for t in range(0, n, per_theme):
        names = []
        for i, e in enumerate(dump.entries[t:t + per_theme], start=t):
            (where / "papers" / f"p{i}.md").write_text(
                _page(i, e.title, e.abstract, t // per_theme, n), "utf-8")
            names.append(f"papers/p{i}")
        name = f"theme{t // per_theme}"
        (where / f"{name}.md").write_text(
            f"# Theme {t // per_theme}\n\n```{{toctree}}\n" + "\n".join(
                "/" + x for x in names) + "\n```\n", "utf-8")
        themes.append(name)
    (where / "index.md").write_text("# Naive reference\n\n```{toctree}\n"
                                    + "\n".join(themes) + "\n```\n", "utf-8")
    (where / "conf.py").write_text(CONF, "utf-8")
    return where
