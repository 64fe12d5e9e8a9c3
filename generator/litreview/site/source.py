"""The Sphinx source of one edition, assembled in ``.cache/source/``: the tool's pages
(``litreview/skeleton/``), the project's own ``docs/`` over them, and the generated
sources, under ``<edition>/``; Sphinx's configuration and assets at the root. Reads the
skeleton and ``docs/``; writes only through ``write`` (only changed files, so Sphinx
rebuilds only what changed).
"""

from __future__ import annotations

from pathlib import Path

from ..contract import GENERATED_DIRS
from ..errors import LitReviewError
from ..rendering.notes import Notes
from .inputs import Paths
from .write import sync_tree

#: the tool's pages and Sphinx configuration, shipped with the package
SKELETON = Path(__file__).resolve().parent.parent / "skeleton"
#: files of a ``docs/`` folder that are about the folder, not pages
NOT_PAGES = frozenset({"README.md"})
#: the folder of ``docs/`` with the maintainer's notes on themes and papers
NOTES = "notes"


def _files(root: Path) -> dict[str, str]:
    """rel path -> text of every file under ``root`` (none when it does not exist)."""
    if not root.is_dir():
        return {}
    return {str(f.relative_to(root)): f.read_text("utf-8") for f in sorted(root.rglob("*"))
            if f.is_file() and "__pycache__" not in f.parts}


def own_pages(paths: Paths) -> dict[str, str]:
    """The project's ``docs/``: pages that add to or replace the tool's (its notes, in
    ``docs/notes/``, go onto the theme and paper pages: ``notes``). A file inside a folder
    the generator owns is refused, naming it."""
    files = {rel: text for rel, text in _files(paths.docs).items()
             if rel not in NOT_PAGES and not rel.startswith(NOTES + "/")}
    for rel in files:
        if rel.split("/")[0] in GENERATED_DIRS:
            raise LitReviewError(f"{rel.split('/')[0]}/ is the generator's: put your own "
                                 "pages elsewhere in docs/", str(paths.docs / rel))
    return files


def notes(paths: Paths) -> Notes:
    """The maintainer's notes: ``docs/notes/themes/<slug>.md`` and
    ``docs/notes/papers/<key>.md`` (any other file there is refused, naming it)."""
    found = _files(paths.docs / NOTES)
    themes: dict[str, str] = {}
    papers: dict[str, str] = {}
    for rel, text in found.items():
        folder, _, name = rel.rpartition("/")
        if folder not in ("themes", "papers") or not name.endswith(".md") or "/" in folder:
            raise LitReviewError("a note goes into notes/themes/<slug>.md or "
                                 "notes/papers/<key>.md", str(paths.docs / NOTES / rel))
        (themes if folder == "themes" else papers)[name[:-3]] = text
    return Notes(themes=themes, papers=papers)


#: what stays at the source root, for every edition: Sphinx's configuration, the theme's
#: templates and assets
INFRA = frozenset({"conf.py", "_static", "_templates", "_extra"})


def assemble(paths: Paths, edition: str, pages: dict[str, str],
             root: dict[str, str]) -> tuple[int, int]:
    """Write the source folder: the skeleton's pages, then ``docs/``, then the generated
    ``pages``, all under ``<edition>/`` (its infrastructure at the root); then the
    generated ``root`` files. Every other file there goes. Returns (files written, files
    removed)."""
    files = {}
    for rel, text in {**_files(SKELETON), **own_pages(paths), **pages}.items():
        files[rel if rel.split("/")[0] in INFRA else f"{edition}/{rel}"] = text
    files.update(root)
    return sync_tree(paths.source, files, ["."])
