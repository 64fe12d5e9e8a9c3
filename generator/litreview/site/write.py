"""The only module that writes to disk.

Guarantees: every file is written atomically (temporary file + ``os.replace``) and only when
its content changed, so Sphinx's incremental build sees only real changes; stale files in
folders the generator owns are removed; a site is published by swapping a fully built
folder into place, so a failed build leaves the previous site byte-identical.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import minify_html

#: modes of what we publish, whatever the umask of temporary files
FILE_MODE = 0o644
DIR_MODE = 0o755


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8) to ``path`` atomically unless it already holds it."""
    return write_bytes_if_changed(path, text.encode("utf-8"))


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically unless it already holds it."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600; published files must be readable
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def sync_tree(root: Path, files: dict[str, str], owned: list[str]) -> tuple[int, int]:
    """Write ``files`` under ``root``; delete other files inside the ``owned`` folders.

    Returns (files written, files removed).
    """
    written = sum(write_if_changed(root / rel, text) for rel, text in sorted(files.items()))
    keep = {(root / rel).resolve() for rel in files}
    removed = 0
    for folder in owned:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.resolve() not in keep:
                path.unlink()
                removed += 1
    return written, removed


def fresh_dir(parent: Path, prefix: str) -> Path:
    """A new empty folder inside ``parent`` (created if needed)."""
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    path.chmod(DIR_MODE)  # mkdtemp makes 0700; a published site must be readable
    return path


def copy_file(src: Path, dest: Path) -> None:
    """Copy a file byte for byte (a new dump into dumps/), atomically."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(src, dst)


def copy_tree(src: Path, dest: Path) -> None:
    """Copy a built edition (to be published as ``latest/``) as hard links where the file
    system allows: published files are never changed in place (every write replaces the
    file), so a link is as good as a copy, and 10,000 pages take no time or space."""
    shutil.copytree(src, dest, copy_function=_link_or_copy)


def remove_files(paths: list[Path]) -> None:
    """Delete files the generator made (stale cache entries)."""
    for path in paths:
        path.unlink(missing_ok=True)


def remove_tree(path: Path) -> None:
    """Delete a folder the generator made (staging or a replaced site)."""
    shutil.rmtree(path, ignore_errors=True)


def publish(staging: Path, target: Path) -> None:
    """Swap a fully built ``staging`` folder in as ``target``; the old one is then deleted."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        remove_tree(old)
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        remove_tree(old)


def merge_into_site(staging: Path, site: Path, edition: str) -> None:
    """Move what one Sphinx build made (laid out as the site) into ``site/``: the
    edition's folder swapped in whole; each paper page it rendered in place of the old
    one; the theme's assets (``_static/``) swapped whole; the other files at its root."""
    publish(staging / edition, site / edition)
    papers = staging / "papers"
    if papers.is_dir():
        (site / "papers").mkdir(parents=True, exist_ok=True)
        for page in sorted(papers.iterdir()):
            os.replace(page, site / "papers" / page.name)
    if (staging / "_static").is_dir():
        publish(staging / "_static", site / "_static")
    for entry in sorted(staging.iterdir()):
        if entry.is_file() and not entry.name.startswith("."):
            os.replace(entry, site / entry.name)


def minify_pages(root: Path) -> int:
    """Minify every HTML page under ``root`` in place (``minify-html``: whitespace and
    quotes the HTML5 syntax does not need; closing tags, scripts and styles kept as
    they are). A paper page loses about a sixth of its bytes. Returns pages minified."""
    n = 0
    for page in root.rglob("*.html"):
        text = page.read_text("utf-8")
        page.write_text(minify_html.minify(text, keep_closing_tags=True,
                                           keep_html_and_head_opening_tags=True), "utf-8")
        n += 1
    return n
