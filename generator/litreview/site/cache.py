"""Content hashes of a build's inputs, and the cache of edition libraries (pickles in
``.cache/libraries/``). Reads inputs; writes only through ``write``.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..analysis.chain import make_library
from ..analysis.overrides import Overrides
from ..model import Dump, Library
from ..reading.manifest import DumpSpec
from .inputs import Paths
from .source import notes, own_pages
from .write import remove_files, write_bytes_if_changed

#: the installed package, whose code and templates a cached library depends on
PACKAGE = Path(__file__).resolve().parent.parent


#: the packages an edition's pages are made by, recorded in its edition.json
TOOLS = ("litreview", "sphinx", "myst-parser", "pydata-sphinx-theme", "sphinx-design",
         "sphinx-copybutton", "pybtex", "pagefind", "scikit-learn")


def tool_versions() -> dict[str, str]:
    """The installed version of each of TOOLS."""
    return {name: metadata.version(name) for name in TOOLS}


def digest(parts: list[tuple[str, bytes]]) -> str:
    """A content hash over named byte strings (order matters)."""
    h = hashlib.sha256()
    for name, data in parts:
        h.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()


@functools.cache
def code_digest() -> str:
    """One hash of the generator: its version, code, templates and pages."""
    files = sorted(f for f in PACKAGE.rglob("*")
                   if f.is_file() and "__pycache__" not in f.parts)
    return digest([("version", __version__.encode())]
                  + [(str(f.relative_to(PACKAGE)), f.read_bytes()) for f in files])


def dump_parts(paths: Paths, specs: tuple[DumpSpec, ...]) -> list[tuple[str, bytes]]:
    """The named bytes of the given dumps (with their capture dates and labels)."""
    return [(f"{s.file}@{s.captured}:{s.label}", (paths.dumps / s.file).read_bytes())
            for s in specs]


def dump_hashes(paths: Paths, specs: tuple[DumpSpec, ...]) -> dict[str, str]:
    """dump file -> the sha256 of its bytes, in the order given."""
    return {s.file: hashlib.sha256((paths.dumps / s.file).read_bytes()).hexdigest()
            for s in specs}


def cached_libraries(paths: Paths, specs: tuple[DumpSpec, ...], dumps: tuple[Dump, ...],
                     overrides: Overrides | None,
                     published: Mapping[tuple[str, int], str] | None = None) -> list[Library]:
    """``chain.make_libraries``, with each edition's library kept in ``.cache/libraries/``.

    The chain carries themes from edition to edition, so the newest edition needs every
    earlier one; at 10,000 papers each costs ~10 s. An entry is keyed by everything a
    library is made of (the dumps so far, the maintainer's theme file, the generator's
    code, and the keys the site published those dumps' papers under: ``published``, which
    does not change once they are published), so a stale one is never used; entries no
    build asks for are deleted. The cache is the project's own (pickle): never fill it
    from elsewhere.
    """
    published = published or {}
    by_dump: dict[str, list[str]] = {}
    for (dump, position), key in sorted(published.items()):
        by_dump.setdefault(dump, []).append(f"{position}={key}")
    folder = paths.cache / "libraries"
    themes = paths.themes_file.read_bytes() if paths.themes_file.is_file() else b""
    base = [("code", code_digest().encode()), ("themes.toml", themes)]
    libs: list[Library] = []
    wanted: set[Path] = set()
    for k in range(len(dumps)):
        keys = [(f"published {s.file}", "\n".join(by_dump.get(s.file, [])).encode())
                for s in specs[: k + 1]]
        path = folder / f"{digest(base + dump_parts(paths, specs[: k + 1]) + keys)}.pickle"
        wanted.add(path)
        lib = _load(path)
        if lib is None:
            lib = make_library(dumps[: k + 1], libs[-1] if libs else None, overrides,
                               published)
            write_bytes_if_changed(path, pickle.dumps(lib, protocol=pickle.HIGHEST_PROTOCOL))
        libs.append(lib)
    if folder.is_dir():
        remove_files([p for p in folder.glob("*.pickle") if p not in wanted])
    return libs


def _load(path: Path) -> Library | None:
    """A cached library, or None when there is none or it cannot be read (it is rebuilt)."""
    if not path.is_file():
        return None
    try:
        lib = pickle.loads(path.read_bytes())
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            ValueError):
        return None
    return lib if isinstance(lib, Library) else None


def edition_hashes(paths: Paths, specs: tuple[DumpSpec, ...], base_url: str) -> tuple[str, str]:
    """(frozen, live) of an edition made of ``specs``: frozen covers what an edition is made
    of (its dumps, the generator version, the base URL); live adds what a newest edition
    follows (curation, the docs sources, the generator's code)."""
    frozen = digest([("version", __version__.encode()), ("base", base_url.encode()),
                     *dump_parts(paths, specs)])
    live = [("frozen", frozen.encode()), ("code", code_digest().encode())]
    for curation in (paths.curated_file, paths.themes_file, paths.identities_file):
        if curation.is_file():
            live.append((curation.name, curation.read_bytes()))
    for rel, text in sorted(own_pages(paths).items()):
        live.append((f"docs/{rel}", text.encode()))
    written = notes(paths)
    for kind, texts in (("themes", written.themes), ("papers", written.papers)):
        live += [(f"notes/{kind}/{name}", text.encode()) for name, text in sorted(texts.items())]
    return frozen, digest(live)


def chrome_digest(paths: Paths, base_url: str) -> str:
    """What is around every paper page: the generator (code, templates, skeleton), the
    packages that build the page, the review's own pages (the menu) and the site's
    address. A change to any of them renders every paper page again."""
    parts = [("code", code_digest().encode()), ("base", base_url.encode()),
             ("tools", repr(sorted(tool_versions().items())).encode())]
    parts += [(f"docs/{rel}", text.encode()) for rel, text in sorted(own_pages(paths).items())]
    return digest(parts)
