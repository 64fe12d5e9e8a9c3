"""``litreview resolve``: the papers of the project's dumps that have no identity yet are
looked up (``engine.resolve``), and the ones found are added to ``bib/identities.toml``.

Guarantees: an existing record is never changed (curated or not), so a second run
changes nothing; a paper that stays unresolved, or whose lookup failed, is reported with
the reason and left out of the file; the file is written only through ``site.write``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.editions import daily_date
from ..analysis.library import Published, merge
from ..errors import LitReviewError
from ..model import Dump, Identity
from ..reading.identities import format_identities, with_records
from ..site.inputs import Paths, load_dumps, load_identities, published_sources
from ..site.write import write_if_changed
from .engine import Query, endpoints_from_env, resolve


@dataclass
class Resolved:
    """What one run did."""

    #: papers that already had an identity (not looked up)
    known: int = 0
    #: key -> the identity found and added
    added: dict[str, Identity] = field(default_factory=dict)
    #: key -> why no identity was taken
    unresolved: dict[str, str] = field(default_factory=dict)
    #: key -> what failed
    errors: dict[str, str] = field(default_factory=dict)
    #: HTTP requests made
    requests: int = 0


def queries(dumps: tuple[Dump, ...], known: dict[str, Identity],
            published: Published | None = None) -> list[Query]:
    """The papers with no identity yet (by the keys the build gives them: ``published``,
    ``library.merge``), with the daily listings that list them."""
    papers, _ = merge(dumps, published)
    daily = {d.name: daily_date(d) for d in dumps}
    return [Query(p.key, p.title, p.abstract,
                  tuple(sorted({daily[s.dump] for s in p.sources if daily[s.dump]})))
            for p in papers if p.key not in known]


def resolve_project(root: Path, *, max_requests: int = 500, timeout: float = 10.0,
                    progress: bool = True, today: str = "",
                    sleep: Callable[[float], None] = time.sleep,
                    arxiv_delay: float = 3.0, max_minutes: float | None = 30.0) -> Resolved:
    """Look up every paper without an identity; add those found to the identities file."""
    paths = Paths(root)
    today = today or dt.date.today().isoformat()
    _, dumps = load_dumps(paths)
    known = load_identities(paths, today)
    todo = queries(dumps, known, published_sources(paths.site / "latest"))
    report = Resolved(known=len(known))
    if todo:
        hf_endpoint, arxiv_api = endpoints_from_env()
        try:
            outcome = resolve(todo, hf_endpoint=hf_endpoint, arxiv_api=arxiv_api,
                              today=today, max_requests=max_requests, timeout=timeout,
                              progress=progress, sleep=sleep, arxiv_delay=arxiv_delay,
                              max_seconds=None if max_minutes is None else 60 * max_minutes)
        except ValueError as err:  # raised before any request: a setting is wrong
            raise LitReviewError(f"{err} (from HF_ENDPOINT / LITREVIEW_ARXIV_API, or the "
                                 "listing dates of the dumps)") from None
        report.added, report.unresolved = outcome.resolved, outcome.unresolved
        report.errors, report.requests = outcome.errors, outcome.requests
    if report.added:
        # new records go in among the others; what is there is kept as it is
        path = paths.identities_file
        # newline="": a file saved with CRLF keeps them (with_records writes in its style)
        text = path.open(encoding="utf-8", newline="").read() if path.is_file() else ""
        write_if_changed(path, with_records(text, report.added, str(path), today)
                         if text.strip() else format_identities(report.added))
    return report
