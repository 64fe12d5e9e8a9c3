"""``litreview add``: check a new dump, copy it into dumps/ and list it in the manifest.
Writes only through ``write``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..errors import LitReviewError
from ..reading.manifest import MANIFEST_NAME
from ..reading.parse import parse_dump
from .inputs import Paths, load_specs
from .write import copy_file, write_if_changed


def add_dump(root: Path, source: Path, captured: dt.date, label: str = "") -> Path:
    """Check that ``source`` parses, copy it into dumps/ and append it to the manifest."""
    paths = Paths(root)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise LitReviewError(f"cannot read: {exc.strerror}", str(source)) from None
    parse_dump(data, source.name, captured.year)  # raises on a file that is not a dump
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.txt", source.name):
        raise LitReviewError("a dump's file name must be letters, digits, '_', '.', '-' "
                             "and end with .txt", str(source))
    dest = paths.dumps / source.name
    if dest.exists():
        raise LitReviewError("a dump with this name is already in dumps/", str(dest))
    specs = load_specs(paths)
    if specs and captured < specs[-1].captured:
        raise LitReviewError(
            f"captured {captured} is before the newest edition ({specs[-1].captured}); "
            "dumps are append-only, so a new dump must be the newest", str(source))
    manifest = paths.dumps / MANIFEST_NAME
    entry = f'\n[[dump]]\nfile = "{source.name}"\ncaptured = {captured.isoformat()}\n'
    if label:
        entry += f"label = {json.dumps(label, ensure_ascii=False)}\n"
    copy_file(source, dest)
    write_if_changed(manifest, manifest.read_text("utf-8") + entry)
    return dest


