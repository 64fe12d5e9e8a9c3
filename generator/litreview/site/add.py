"""``litreview add``: check a new dump, copy it into dumps/ and list it in the manifest.
Writes only through ``write``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import tomli_w

from ..errors import LitReviewError
from ..model import Dump
from ..reading.manifest import MANIFEST_NAME, DumpSpec, check_capture
from ..reading.parse import parse_dump
from .inputs import Paths, load_specs, read_dump
from .write import copy_file, write_if_changed


def add_dump(root: Path, source: Path, captured: dt.date, label: str = "",
             today: dt.date | None = None) -> tuple[Path, Dump]:
    """Check that ``source`` is a new dump of a listing captured ``captured``, copy it into
    dumps/ (a file already there is only listed) and append it to the manifest; return
    where it is and what it holds. Nothing is written when a check fails."""
    paths = Paths(root)
    data = read_dump(source)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.txt", source.name):
        raise LitReviewError("a dump's file name must be letters, digits, '_', '.', '-' "
                             "and end with .txt", str(source))
    # raises on a file that is not a dump
    dump = parse_dump(data, source.name, captured.year, captured)
    dest = paths.dumps / source.name
    in_place = dest.exists() and dest.resolve() == source.resolve()
    if dest.exists() and not in_place:
        raise LitReviewError("a dump with this name is already in dumps/", str(dest))
    listed = _listed(paths.dumps / MANIFEST_NAME)
    if source.name in listed and dest.exists():  # (not "listed but not in dumps/")
        raise LitReviewError(f"already in the review: the manifest lists it, captured "
                             f"{listed[source.name]}", str(dest))
    specs = load_specs(paths, also_present=[source.name] if in_place else [])
    spec = DumpSpec(source.name, captured, label)
    check_capture(spec, dump, today or dt.date.today(), str(source))
    _check_new(spec, data, specs, paths, str(source))
    manifest = paths.dumps / MANIFEST_NAME
    entry: dict[str, object] = {"file": source.name, "captured": captured}
    if label:
        entry["label"] = label
    text = manifest.read_text("utf-8") if manifest.is_file() else ""
    if not in_place:
        copy_file(source, dest)
    # the table's values written by a TOML writer: any label stays valid TOML
    write_if_changed(manifest, text + "\n[[dump]]\n" + tomli_w.dumps(entry))
    return dest, dump


def _listed(manifest: Path) -> dict[str, str]:
    """file -> capture date of each dump the manifest lists (nothing if it cannot be read:
    ``load_specs`` says why)."""
    try:
        data = tomllib.loads(manifest.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    items = data.get("dump", [])
    return {str(d["file"]): str(d.get("captured", "")) for d in items
            if isinstance(items, list) and isinstance(d, dict) and "file" in d}


def _check_new(spec: DumpSpec, data: bytes, specs: tuple[DumpSpec, ...], paths: Paths,
               where: str) -> None:
    """A dump is new: no copy of one in the review, and the newest (append-only)."""
    for s in specs:
        if read_dump(paths.dumps / s.file) == data:
            raise LitReviewError(f"a byte-for-byte copy of {s.file}, already in the review",
                                 where)
    if specs and spec.captured < specs[-1].captured:
        raise LitReviewError(
            f"captured {spec.captured} is before the newest edition "
            f"({specs[-1].captured}); dumps are append-only, so a new dump must be the "
            "newest", where)
    if specs and spec.sort_key() < specs[-1].sort_key():
        # editions of one day are ordered by file name: this one would come before the
        # newest, and the edition of that day would be made of other dumps
        raise LitReviewError(
            f"captured the same day as the newest dump ({specs[-1].file}), but its name "
            f"sorts before that one's, so it would change the edition of {spec.captured}; "
            f"rename it to sort after {specs[-1].file}", where)
