"""Finding each paper's arXiv identity on Hugging Face, then on arXiv.

Guarantees: writes no files; every answer passes :func:`identity.make_identity`; a paper is
resolved only when exactly one distinct arXiv id fits it; failures of a source, malformed
answers and the request cap become per-paper errors, never exceptions.

**Match rule** (implemented in :mod:`match`, which gives the normalisation in full): a
candidate fits a query when (a) their titles are equal after normalising (LaTeX remnants
through pylatexenc, anyascii, lower case, ``[a-z0-9]`` words joined by one space, a
trailing ``(vN)`` dropped) and (b) the candidate has an abstract and the word 3-shingles
of the first 150 normalised words of the two abstracts have a containment
``|A & B| / min(|A|, |B|) >= 0.3`` (abstracts under 10 words must be equal). Measured on
the 251 seeds: true pairs (same abstract re-wrapped, LaTeX-ified, truncated, a sentence
replaced) scored 0.507..1.0, wrong pairs (other papers with the most similar titles, and
every seed against every other of 1,250 papers) 0..0.076. Rank order is ignored: every
candidate is judged. Exactly one fitting id resolves; two or more are ambiguous; a title
without a fitting abstract is refused ("title only"); so is every candidate of a query
that has no abstract.

**Order of work**: one ``list_daily_papers(date=...)`` per distinct listing date of the
queries (paged); per paper, its listings' entries are judged first; if none fits,
``list_papers(query=title)``; ``paper_info(id)`` for a title-matching candidate that lacks
an abstract or authors; if Hugging Face has no fit (or failed), the arXiv API is searched
by title words (``ti:w1 AND ti:w2 ...``).
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import arxiv
from huggingface_hub import HfApi
from tqdm import tqdm

from ..analysis.match import THRESHOLD, judge, norm_title, words
from ..model import Identity
from ..reading import identities as ident
from ..reading.identities import Invalid
from .clients import (
    ArxivSession,
    Budget,
    CapReached,
    Failure,
    Pacer,
    Retrying,
    classify_arxiv,
    classify_hf,
    hf_session,
)

#: results asked of one title search (Hugging Face and arXiv)
SEARCH_LIMIT = 20
#: papers asked per page of a daily listing, and most pages read per date
DAILY_PAGE, DAILY_PAGES = 100, 5
#: most ``paper_info`` calls for one paper
MAX_INFO = 5
#: most title words in an arXiv query
ARXIV_WORDS = 12
_STOP = frozenset({"a", "an", "and", "andnot", "are", "as", "at", "be", "by", "for", "from",
                   "in", "into", "is", "it", "of", "on", "or", "not", "the", "to", "via", "vs",
                   "with"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Query:
    """One paper to resolve, as the dumps show it."""

    #: the paper's key in the review
    key: str
    #: title as printed in the dump
    title: str
    #: abstract as printed in the dump (Hugging Face's summary)
    abstract: str
    #: ISO dates of real daily listings the paper appeared in
    daily: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What a run found: each query key lands in exactly one of the three dicts."""

    #: key -> identity, for papers with exactly one fitting candidate
    resolved: dict[str, Identity] = field(default_factory=dict)
    #: key -> why not (no candidate, title only, ambiguous)
    unresolved: dict[str, str] = field(default_factory=dict)
    #: key -> what failed, per source
    errors: dict[str, str] = field(default_factory=dict)
    #: HTTP requests made, retries included
    requests: int = 0


@dataclass(frozen=True)
class Candidate:
    """One answer from a source, before validation."""

    raw_id: object
    title: object
    summary: object
    #: has an abstract and authors (else paper_info may complete it)
    complete: bool
    #: validates the answer and builds the identity for a key; raises :class:`Invalid`
    build: Callable[[str], Identity]


@dataclass
class Tally:
    """Verdicts on one query's candidates, from any number of answers, in any order."""

    fits: dict[str, Identity] = field(default_factory=dict)
    #: id -> best abstract agreement of a title-only match (``None``: it had no abstract)
    title_only: dict[str, float | None] = field(default_factory=dict)
    unusable: list[str] = field(default_factory=list)
    #: ids (``None`` when unparseable) of unusable answers whose title and abstract fit
    blockers: list[str | None] = field(default_factory=list)

    def add(self, q: Query, c: Candidate,
            complete: Callable[[Candidate], Candidate] | None) -> None:
        """Judge one candidate (completing it first through ``complete`` if need be)."""
        if not isinstance(c.title, str) or norm_title(c.title) != norm_title(q.title):
            return
        if not c.complete and complete is not None:
            c = complete(c)
        summary = c.summary if isinstance(c.summary, str) else None
        verdict = judge(q.title, q.abstract, str(c.title), summary)
        try:
            found = c.build(q.key)
        except Invalid as err:
            self.unusable.append(f"{str(c.raw_id)[:40]!r}: {err}")
            if verdict.fits:
                try:
                    self.blockers.append(ident.arxiv_id(c.raw_id))
                except Invalid:
                    self.blockers.append(None)
            return
        if verdict.fits:
            self._fit(found)
        else:
            known = (self.title_only.get(found.arxiv_id), verdict.score)
            scores = [x for x in known if x is not None]
            self.title_only[found.arxiv_id] = max(scores) if scores else None

    def _fit(self, found: Identity) -> None:
        """Record a fitting answer; one with the authors wins over one without (Hugging
        Face's may lack them)."""
        had = self.fits.get(found.arxiv_id)
        if had is None or (found.authors and not had.authors):
            self.fits[found.arxiv_id] = found

    def wants_more(self) -> bool:
        """Whether arXiv is still to be asked: nothing fits, or what fits names no author
        (a record is never completed later)."""
        return not self.fits or not all(i.authors for i in self.fits.values())

    def identity(self) -> Identity | None:
        """The one identity that fits, when exactly one does and no unusable answer competes."""
        if len(self.fits) != 1 or any(b not in self.fits for b in self.blockers):
            return None
        return next(iter(self.fits.values()))

    def reason(self) -> str:
        """Why the paper is not resolved, for the report."""
        if len(self.fits) > 1:
            return f"{len(self.fits)} candidates fit: {', '.join(sorted(self.fits))}"
        if self.fits:
            return (f"1 candidate fits ({next(iter(self.fits))}) but another fitting answer "
                    f"is unusable: {'; '.join(self.unusable)}")
        parts = []
        only = {k: v for k, v in self.title_only.items() if k not in self.fits}
        scored = {k: v for k, v in only.items() if v is not None}
        if scored:
            parts.append(f"title matches {', '.join(sorted(scored))} but the abstract does not "
                         f"(agreement {max(scored.values()):.2f} < {THRESHOLD})")
        if len(scored) < len(only):
            bare = ", ".join(sorted(k for k, v in only.items() if v is None))
            parts.append(f"title matches {bare} but it has no abstract")
        if self.unusable:
            parts.append("title matches but the answer is unusable: " + "; ".join(self.unusable))
        return "; ".join(parts) or "no candidate"


def _hf_candidate(p: Any, today: str, endpoint: str) -> Candidate:
    """A Hugging Face ``PaperInfo`` as a candidate."""
    names = [getattr(a, "name", None) for a in (p.authors or [])]

    def build(key: str) -> Identity:
        return ident.date_fits_id(ident.make_identity(
            key=key, arxiv_id_value=p.id, title=p.title, author_names=names,
            date_value=p.published_at,
            today=today, source=f"huggingface {today}",
            evidence=[f"{endpoint}/papers/{ident.arxiv_id(p.id)}"],
            code=[p.github_repo] if p.github_repo else [], project=p.project_page))

    return Candidate(p.id, p.title, p.summary, bool(p.summary) and bool(p.authors), build)


def _arxiv_candidate(r: arxiv.Result, today: str) -> Candidate:
    """An ``arxiv.Result`` as a candidate."""

    def build(key: str) -> Identity:
        return ident.date_fits_id(ident.make_identity(
            key=key, arxiv_id_value=r.get_short_id(), title=r.title,
            author_names=[a.name for a in r.authors], date_value=r.published, today=today,
            source=f"arxiv {today}", evidence=[r.entry_id], venue=r.journal_ref or None,
            primary_class=r.primary_category or None))

    return Candidate(r.get_short_id(), r.title, r.summary, True, build)


def arxiv_query(title: str) -> str:
    """An arXiv ``search_query`` requiring the title's content words: ``ti:w1 AND ti:w2``."""
    content = dict.fromkeys(w for w in words(title) if w not in _STOP and len(w) > 1)
    chosen = list(content)[:ARXIV_WORDS]
    return " AND ".join(f"ti:{w}" for w in chosen)


def endpoints_from_env() -> tuple[str, str]:
    """(hf_endpoint, arxiv_api) from ``HF_ENDPOINT`` / ``LITREVIEW_ARXIV_API``, read now.

    huggingface_hub reads ``HF_ENDPOINT`` once, at import, into ``constants.ENDPOINT``; a
    caller that sets it later must pass it on, which is what this does.
    """
    hf = os.environ.get("HF_ENDPOINT", "").strip() or "https://huggingface.co"
    ax = os.environ.get("LITREVIEW_ARXIV_API", "").strip() or "https://export.arxiv.org/api/query"
    return hf.rstrip("/"), ax


class _Run:
    """One resolve run: clients, budget, retry policy, and the cache of daily listings."""

    def __init__(self, hf_endpoint: str, arxiv_api: str, today: str, budget: Budget,
                 policy: Retrying, timeout: float, arxiv_delay: float) -> None:
        self.endpoint = hf_endpoint.rstrip("/")
        self.today = today
        self.budget = budget
        self.policy = policy
        self.api = HfApi(endpoint=self.endpoint, token=False)
        self.arxiv = arxiv.Client(page_size=SEARCH_LIMIT, delay_seconds=0.0, num_retries=0)
        self.arxiv.query_url_format = arxiv_api.replace("{", "{{").replace("}", "}}") + "?{}"
        self.pacer = Pacer(arxiv_delay, policy.sleep)
        # paced in the session: the client asks for a next page itself
        self.arxiv._session = ArxivSession(budget, timeout, arxiv_api, self.pacer.wait)
        self.daily: dict[str, list[Candidate] | str] = {}

    def hf(self, call: Callable[[], Any], endpoint: str) -> Any:
        """One Hugging Face call under the retry policy (``endpoint``: given up alone)."""
        return self.policy.run(call, classify_hf, f"huggingface {endpoint}")

    def fetch_daily(self, date: str) -> None:
        """Read every page of one day's listing into the cache (or the failure)."""
        found: list[Candidate] = []
        try:
            for page in range(DAILY_PAGES):
                got = self.hf(partial(self._daily_page, date, page), "daily")
                found += [_hf_candidate(p, self.today, self.endpoint) for p in got]
                if len(got) < DAILY_PAGE:
                    break
            self.daily[date] = found
        except Failure as err:
            self.daily[date] = str(err)

    def _daily_page(self, date: str, page: int) -> list[Any]:
        """One page of one day's listing, as ``PaperInfo`` objects."""
        return list(self.api.list_daily_papers(date=date, p=page, limit=DAILY_PAGE))

    def complete(self, c: Candidate) -> Candidate:
        """The full record of a Hugging Face candidate, through ``paper_info``."""
        checked = ident.arxiv_id(c.raw_id)  # never put an unchecked id into a URL path
        p = self.hf(lambda: self.api.paper_info(checked), "paper")
        return _hf_candidate(p, self.today, self.endpoint)

    def one(self, q: Query) -> tuple[str, Identity | str]:
        """Resolve one query: ``("resolved", identity)``, ``("unresolved"|"errors", reason)``."""
        tally, failed, done = Tally(), list[str](), dict[str, Candidate]()

        def complete(c: Candidate) -> Candidate:
            """paper_info for an incomplete candidate: once per id, at most MAX_INFO ids."""
            key = repr(c.raw_id)
            if key not in done and len(done) < MAX_INFO:
                try:
                    done[key] = self.complete(c)
                except (Invalid, Failure) as err:
                    done[key] = c
                    if isinstance(err, Failure):
                        failed.append(f"huggingface: paper {str(c.raw_id)[:40]!r}: {err}")
            return done.get(key, c)

        for date in q.daily:
            listing = self.daily.get(date, [])
            for c in listing if isinstance(listing, list) else []:
                tally.add(q, c, complete)
        if not tally.fits:
            try:
                found = self.hf(lambda: list(self.api.list_papers(query=q.title[:300],
                                                                  limit=SEARCH_LIMIT)),
                                "search")
                for p in found:
                    tally.add(q, _hf_candidate(p, self.today, self.endpoint), complete)
            except Failure as err:
                failed.append(f"huggingface: {err}")
        if tally.wants_more():
            try:
                for r in self._arxiv_search(q.title):
                    tally.add(q, _arxiv_candidate(r, self.today), None)
            except Failure as err:
                failed.append(f"arxiv: {err}")
        return _verdict(tally, failed)

    def _arxiv_search(self, title: str) -> list[arxiv.Result]:
        """Title search on the arXiv API under the retry policy and pacing."""
        query = arxiv_query(title)
        if not query:
            return []
        search = arxiv.Search(query=query, max_results=SEARCH_LIMIT)

        def call() -> list[arxiv.Result]:
            got: list[arxiv.Result] = []
            try:
                got.extend(self.arxiv.results(search))
            except arxiv.UnexpectedEmptyPageError:  # a next page arXiv said it had, empty
                if not got:  # (as it now and then is): the first page's are the answer
                    raise
            return got

        return self.policy.run(call, classify_arxiv)


def _verdict(tally: Tally, failed: list[str]) -> tuple[str, Identity | str]:
    """``("resolved", identity)``, or ``("unresolved"|"errors", reason)``, from a query's
    tally and the failures met (``"arxiv: …"`` for arXiv's)."""
    found = tally.identity()
    if found is not None and not found.authors:
        # a record is never completed later: try again next run
        if any(f.startswith("arxiv:") for f in failed):  # arXiv, which has them, failed
            return "errors", "; ".join([*failed, "the answer that fits names no author"])
        return "unresolved", f"the answer that fits ({found.arxiv_id}) names no author"
    if found is not None:
        return "resolved", found
    reason = tally.reason()
    if failed and not tally.fits:
        return "errors", "; ".join(failed + ([reason] if reason != "no candidate" else []))
    return "unresolved", reason


def resolve(queries: Iterable[Query], *, hf_endpoint: str, arxiv_api: str, today: str,
            max_requests: int = 500, timeout: float = 10.0, retries: int = 4,
            max_wait: float = 60.0, progress: bool = True,
            sleep: Callable[[float], None] = time.sleep, arxiv_delay: float = 3.0,
            max_seconds: float | None = None) -> Outcome:
    """Resolve every query; see the module docstring for the rule and the order of work.

    Raises ``ValueError`` only for bad arguments (endpoints, ``today``, listing dates,
    duplicate keys), before any request.
    """
    qs = list(queries)
    for given, what in ((hf_endpoint, "hf_endpoint"), (arxiv_api, "arxiv_api")):
        try:
            ident.url(given, what)
        except Invalid as err:
            raise ValueError(str(err)) from err
    dates = sorted({d for q in qs for d in q.daily})
    for day in [today, *dates]:
        if not _ISO_DAY.fullmatch(day):
            raise ValueError(f"{day!r} is not an ISO date (YYYY-MM-DD)")
    if len({q.key for q in qs}) != len(qs):
        raise ValueError("query keys are not unique")
    budget = Budget(max_requests, max_seconds)
    run = _Run(hf_endpoint, arxiv_api, today, budget,
               Retrying(retries, max_wait, sleep), timeout, arxiv_delay)
    out = Outcome()
    bar = tqdm(total=len(qs), unit="paper", desc="resolve", file=sys.stderr,
               disable=not progress)
    with hf_session(budget, timeout, run.endpoint), bar:
        for date in dates:
            try:
                run.fetch_daily(date)
            except CapReached:
                break
        for q in qs:
            kind: str
            value: Identity | str
            try:
                kind, value = run.one(q)
            except CapReached as err:
                kind, value = "errors", str(err)
            if isinstance(value, Identity):
                out.resolved[q.key] = value
            else:
                getattr(out, kind)[q.key] = value
            bar.update(1)
    out.requests = budget.used
    return out
