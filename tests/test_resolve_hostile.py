"""resolve() on what real APIs can answer, found by a hostile pass (2026-11-28): an arXiv
feed whose next page comes back empty, answers with no author, a Hugging Face date that
is the day of the listing, ids and headers that are not what they claim."""

from __future__ import annotations

from typing import Any

import pytest

from litreview.reading import identities as ident
from litreview.resolve.clients import retry_after

from .conftest import FakeSleep
from .standin import Fault, StandIn
from .test_resolve import query, run

pytestmark = pytest.mark.usefixtures("loopback_only")


@pytest.fixture
def rec(recordings: dict[str, Any]) -> dict[str, Any]:
    """One recorded seed paper."""
    return recordings["papers"][7]  # type: ignore[no-any-return]


def test_an_empty_next_page_of_arxiv_results_keeps_the_first(rec: dict[str, Any],
                                                              fake_sleep: FakeSleep) -> None:
    """arXiv's feed says there are more results than its page holds, and the page the
    client asks for next is empty: the run had stopped with the client's
    UnexpectedEmptyPageError and written nothing. Its request, too, waits arXiv's 3 s."""
    only_arxiv = {**rec, "on": ["arxiv"]}
    with StandIn([only_arxiv], faults=[Fault("arxiv", "overcount")]) as s:
        out = run(s, [query(rec)], sleep=fake_sleep, arxiv_delay=3.0)
        assert s.count("arxiv") == 2
    assert out.resolved[rec["key"]].source.startswith("arxiv")
    assert len(fake_sleep.waits) == 1
    assert 2.5 < fake_sleep.waits[0] <= 3.0


@pytest.mark.parametrize("authors", [[], None])
def test_an_answer_with_no_author_stays_unresolved(rec: dict[str, Any], authors: Any) -> None:
    """Hugging Face's answer fits but names no author, and arXiv does not have the paper:
    it is not kept as a record without authors for good (records are never completed),
    but left to be asked again."""
    bare = {**rec, "hf": {**rec["hf"], "authors": authors}, "on": ["hf"]}
    with StandIn([bare]) as s:
        out = run(s, [query(bare)])
    assert (out.resolved, out.errors) == ({}, {})
    assert out.unresolved[rec["key"]] == (f"the answer that fits ({rec['hf']['id']}) "
                                          "names no author")


def test_a_date_far_from_the_ids_month_is_not_taken(rec: dict[str, Any]) -> None:
    """Hugging Face gives the day a paper was listed on Daily Papers where the paper's own
    date is missing: that date is refused, and arXiv's first-version date is kept."""
    first = f"20{rec['hf']['id'][:2]}-{rec['hf']['id'][2:4]}-03T10:00:00.000Z"
    listed = {**rec, "hf": {**rec["hf"], "publishedAt": "2026-11-20T00:00:00.000Z"},
              "arxiv": {**rec["arxiv"], "published": first}}
    with StandIn([listed]) as s:
        out = run(s, [query(listed)])
    found = out.resolved[rec["key"]]
    assert found.date == first[:10]
    assert found.source.startswith("arxiv ")


def test_date_fits_id_allows_the_month_before() -> None:
    base = dict(key="k", title="T", author_names=["A B"], today="2026-11-27", source="s",
                evidence=["https://arxiv.org/abs/2101.00001"])
    for arxiv_id, day, fits in [("2101.00001", "2020-12-31", True),
                                ("2101.00001", "2021-02-01", True),
                                ("2101.00001", "2021-03-01", False),
                                ("hep-th/9901001", "1999-01-20", True),
                                ("hep-th/9901001", "2026-11-20", False)]:
        found = ident.make_identity(arxiv_id_value=arxiv_id, date_value=day, **base)
        if fits:
            assert ident.date_fits_id(found) is found
        else:
            with pytest.raises(ident.Invalid, match="when arXiv id"):
                ident.date_fits_id(found)


@pytest.mark.parametrize("term", ["cond-mat.dis-nn", "cond-mat.stat-mech", "physics.comp-ph",
                                  "physics.data-an", "cs.LG", "hep-th", "q-bio.NC"])
def test_real_arxiv_categories_are_categories(term: str) -> None:
    assert ident.category(term) == term


def test_a_retry_after_in_other_digits_is_no_wait() -> None:
    assert retry_after({"retry-after": "\u00b2"}) is None  # "²".isdigit() is True
    assert retry_after({"retry-after": "7"}) == 7.0


def test_an_unusable_id_is_reported_on_one_line(rec: dict[str, Any]) -> None:
    """An answer's id is API text: the report quotes it, so that a newline in it cannot
    start a line of the CI log (``::error::`` is a GitHub workflow command)."""
    forged = {**rec, "hf": {**rec["hf"], "id": "not-an-id\n::error::forged"}, "on": ["hf"]}
    with StandIn([forged]) as s:
        out = run(s, [query(forged)])
    why = out.unresolved[rec["key"]]
    assert "unusable" in why
    assert "\n" not in why


def test_past_the_time_limit_the_run_stops_asking_and_returns(
        recordings: dict[str, Any]) -> None:
    """Under a 429 with ``Retry-After: 60`` on every request, 60 papers had asked for 91
    minutes of waiting, and a slow answer holds a run as long as it drips: past the
    run's time limit no request is made and every paper left says why."""
    recs = recordings["papers"][:3]
    with StandIn(recs) as s:
        out = run(s, [query(p) for p in recs], max_seconds=0.0)
        assert s.requests == []
    assert out.errors == {p["key"]: "time limit of 0 s reached" for p in recs}


def test_the_budget_counts_time_from_its_start() -> None:
    from litreview.resolve.clients import Budget, CapReached
    now = [100.0]
    budget = Budget(10, 30.0, clock=lambda: now[0])
    budget.take("u1")
    now[0] = 129.9
    budget.take("u2")
    now[0] = 130.0
    with pytest.raises(CapReached, match="time limit of 30 s"):
        budget.take("u3")
    assert budget.used == 2


def test_the_report_prints_each_reason_on_one_line() -> None:
    from litreview.cli import _one_line
    assert _one_line("'x\n::error::forged\x1b[31mRED' by Zoë 李\u2028") == \
        "'x\\n::error::forged\\x1b[31mRED' by Zoë 李\\u2028"
