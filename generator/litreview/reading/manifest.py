"""``dumps/manifest.toml`` -> ordered ``DumpSpec``s. Reads only the manifest text given to it.

The manifest is the list of dumps with their capture dates; it fixes the reading order
(capture date, then file name), which fixes citation keys (first sighting wins).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass

from ..errors import LitReviewError, did_you_mean
from ..model import Dump

MANIFEST_NAME = "manifest.toml"
_DUMP_KEYS = ("file", "captured", "label")


@dataclass(frozen=True)
class DumpSpec:
    """One dump listed in the manifest."""

    #: file name inside ``dumps/``
    file: str
    #: the day the listing page was captured; its year fills dates printed without one
    captured: dt.date
    #: optional human label for the edition
    label: str = ""

    def sort_key(self) -> tuple[dt.date, str]:
        return (self.captured, self.file)


def parse_manifest(text: str, name: str, present: list[str]) -> tuple[DumpSpec, ...]:
    """Validate the manifest against the dump files ``present`` in the folder."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LitReviewError(f"invalid TOML: {exc}", name) from None
    for key in data:
        if key != "dump":
            raise LitReviewError(f"unknown key {key!r}{did_you_mean(key, ['dump'])}", name)
    specs = [_dump_spec(n, item, name, present)
             for n, item in enumerate(data.get("dump", []), 1)]
    listed = {s.file for s in specs}
    if len(listed) != len(specs):
        raise LitReviewError("a dump is listed twice", name)
    missing = sorted(set(present) - listed)
    if missing:
        raise LitReviewError(
            f"{missing[0]} is in dumps/ but not in the manifest; add it with "
            f"`litreview add dumps/{missing[0]} --date YYYY-MM-DD` or a [[dump]] entry "
            f'(file = "{missing[0]}", captured = YYYY-MM-DD)', name)
    return tuple(sorted(specs, key=DumpSpec.sort_key))


def _dump_spec(n: int, item: object, name: str, present: list[str]) -> DumpSpec:
    """The ``n``-th ``[[dump]]`` table, checked."""
    if not isinstance(item, dict):
        raise LitReviewError(f"[[dump]] #{n} must be a table", name)
    for key in item:
        if key not in _DUMP_KEYS:
            raise LitReviewError(
                f"[[dump]] #{n}: unknown key {key!r}{did_you_mean(key, list(_DUMP_KEYS))}", name)
    file, captured, label = item.get("file"), item.get("captured"), item.get("label", "")
    if not isinstance(file, str) or "/" in file or "\\" in file or file.startswith("."):
        raise LitReviewError(f"[[dump]] #{n}: 'file' must be a file name in dumps/", name)
    if not isinstance(captured, dt.date) or isinstance(captured, dt.datetime):
        raise LitReviewError(
            f"[[dump]] #{n} ({file}): 'captured' must be a date like 2026-03-11", name)
    if not isinstance(label, str):
        raise LitReviewError(f"[[dump]] #{n} ({file}): 'label' must be a string", name)
    if file not in present:
        raise LitReviewError(f"[[dump]] #{n}: {file} is listed but not in dumps/", name)
    return DumpSpec(file, captured, label)


#: how many days after the page's own date a listing may have been captured
CAPTURE_LAG_DAYS = 7


def check_capture(spec: DumpSpec, dump: Dump, today: dt.date, name: str) -> None:
    """A capture date is not in the future, and falls on the page's printed date or within
    CAPTURE_LAG_DAYS after it (a page printed "Dec 30" may be captured on Jan 2)."""
    if spec.captured > today:
        raise LitReviewError(
            f"{spec.file} is captured {spec.captured}, which is in the future (today is "
            f"{today}); correct its date in the manifest", name)
    page = dump.page_date
    if page is None:
        return
    if page > spec.captured:  # printed without a year: perhaps the year before
        page = page.replace(year=page.year - 1) if (page.month, page.day) != (2, 29) else page
    lag = (spec.captured - page).days
    if not 0 <= lag <= CAPTURE_LAG_DAYS:
        raise LitReviewError(
            f"{spec.file} prints the page date {page:%b} {page.day}, but its capture date is "
            f"{spec.captured}: a listing is captured on its day or within "
            f"{CAPTURE_LAG_DAYS} days after it; correct the date in the manifest", name)
