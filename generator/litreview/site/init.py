"""``litreview init``: an empty review, ready for ``litreview add`` and ``litreview build``:
``dumps/`` with an empty manifest, ``bib/`` for the records, ``docs/`` for the review's
own pages, and a ``.gitignore`` for what a build makes. Writes only through ``write``;
never over a review that is there already.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import LitReviewError
from ..reading.manifest import MANIFEST_NAME
from .inputs import Paths
from .write import write_if_changed

MANIFEST = """\
# The dumps of this review, with the day each listing page was captured.
# Editions are ordered by capture date; a date printed without a year takes the
# capture year. Add a dump with `litreview add FILE --date YYYY-MM-DD`.
"""
DOCS_README = """\
# docs/: this review's own pages

A file put here is added to the site's pages, and one with the name of a tool page
(`about.md`, `index.md`, `how-to-cite.md`, ...) replaces it. The build never writes here.
This README is not a page.
"""
BIB_README = """\
# bib/: the records this review keeps

- `identities.toml`: each paper's identity (arXiv id, authors, date), added by
  `litreview resolve`; correct a value by hand and list the field in `curated`.
- `curated.bib` (optional): BibTeX fields that override the generated ones, by key.
- `themes.toml` (optional): corrections to the automatic themes.
"""
GITIGNORE = "/site/\n/.cache/\n/.venv/\n__pycache__/\n"


def init_review(root: Path) -> list[str]:
    """Make an empty review in ``root``; return the files written. A folder that holds a
    review already (a manifest listing dumps, or records in bib/) is refused."""
    paths = Paths(root)
    manifest = paths.dumps / MANIFEST_NAME
    if manifest.is_file() and "[[dump]]" in manifest.read_text("utf-8"):
        raise LitReviewError("this folder holds a review already (its manifest lists "
                             "dumps); start a new review in an empty folder", str(manifest))
    taken = [p.name for p in (paths.themes_file, paths.identities_file, paths.curated_file)
             if p.is_file()]
    if taken:
        raise LitReviewError(f"bib/ holds another review's records ({', '.join(taken)}); "
                             "remove them first, or start in an empty folder", str(paths.bib))
    files = {manifest: MANIFEST, paths.docs / "README.md": DOCS_README,
             paths.bib / "README.md": BIB_README}
    if not (root / ".gitignore").is_file():
        files[root / ".gitignore"] = GITIGNORE
    written = []
    for path, text in files.items():
        if not path.is_file():
            write_if_changed(path, text)
            written.append(str(path.relative_to(root)))
    return written
