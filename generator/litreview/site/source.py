"""The Sphinx source of one edition, assembled in ``.cache/source/``: the tool's pages
(``litreview/skeleton/``), the project's own ``docs/`` over them, and the generated
sources. Reads the skeleton and ``docs/``; writes only through ``write`` (only changed
files, so Sphinx rebuilds only what changed).
"""

from __future__ import annotations

from pathlib import Path

from ..contract import GENERATED_DIRS
from ..errors import LitReviewError
from .inputs import Paths
from .write import sync_tree

#: the tool's pages and Sphinx configuration, shipped with the package
SKELETON = Path(__file__).resolve().parent.parent / "skeleton"
#: files of a ``docs/`` folder that are about the folder, not pages
NOT_PAGES = frozenset({"README.md"})


def _files(root: Path) -> dict[str, str]:
    """rel path -> text of every file under ``root`` (none when it does not exist)."""
    if not root.is_dir():
        return {}
    return {str(f.relative_to(root)): f.read_text("utf-8") for f in sorted(root.rglob("*"))
            if f.is_file() and "__pycache__" not in f.parts}


def own_pages(paths: Paths) -> dict[str, str]:
    """The project's ``docs/``: pages that add to or replace the tool's. A file inside a
    folder the generator owns is refused, naming it."""
    files = {rel: text for rel, text in _files(paths.docs).items() if rel not in NOT_PAGES}
    for rel in files:
        if rel.split("/")[0] in GENERATED_DIRS:
            raise LitReviewError(f"{rel.split('/')[0]}/ is the generator's: put your own "
                                 "pages elsewhere in docs/", str(paths.docs / rel))
    return files


def assemble(paths: Paths, generated: dict[str, str]) -> tuple[int, int]:
    """Write the source folder: skeleton, then ``docs/``, then the generated files; every
    other file there goes. Returns (files written, files removed)."""
    files = {**_files(SKELETON), **own_pages(paths), **generated}
    return sync_tree(paths.source, files, ["."])
