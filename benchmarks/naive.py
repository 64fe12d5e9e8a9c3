"""The naive reference site of the scaling issue: every paper a MyST page, listed in a
visible theme toctree, built by Sphinx with pydata-sphinx-theme. ``make bench`` times it
in the same session as our build, and reports our figures as ratios to it."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.parse import parse_dump
from generator.synth import make_dump
from generator.text import escape_myst

from .project import FIRST, corpus_rows

CONF = '''project = "Naive reference"
extensions = ["myst_parser"]
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]
'''


def make_naive(where: Path, papers: int, per_theme: int = 100) -> Path:
    """A Sphinx source folder of ``papers`` paper pages in themes of ``per_theme``."""
    if where.exists():
        shutil.rmtree(where)
    (where / "papers").mkdir(parents=True)
    dump = parse_dump(make_dump(corpus_rows(), papers, 1, FIRST, True).encode(), "n.txt",
                      FIRST.year)
    themes = []
    for t in range(0, len(dump.entries), per_theme):
        names = []
        for i, e in enumerate(dump.entries[t:t + per_theme], start=t):
            title = escape_myst(e.title)
            (where / "papers" / f"p{i}.md").write_text(
                f"# {title}\n\n## Abstract\n\n{escape_myst(e.abstract)}\n\n## Cite\n\n"
                f"```bibtex\n@misc{{p{i},\n  title = {{{e.title.replace('`', '')}}},\n}}"
                "\n```\n", "utf-8")
            names.append(f"papers/p{i}")
        name = f"theme{t // per_theme}"
        (where / f"{name}.md").write_text(
            f"# Theme {t // per_theme}\n\n```{{toctree}}\n" + "\n".join(
                "/" + n for n in names) + "\n```\n", "utf-8")
        themes.append(name)
    (where / "index.md").write_text("# Naive reference\n\n```{toctree}\n"
                                    + "\n".join(themes) + "\n```\n", "utf-8")
    (where / "conf.py").write_text(CONF, "utf-8")
    return where
