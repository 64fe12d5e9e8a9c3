"""resolve() under faults: rate limits, server errors, hangs, bad bodies, the request cap."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import pytest
from huggingface_hub import constants

from litreview.resolve.engine import Query

from .conftest import FakeSleep
from .standin import Fault, StandIn
from .test_resolve import query, run

pytestmark = pytest.mark.usefixtures("loopback_only")


@pytest.fixture
def rec(recordings: dict[str, Any]) -> dict[str, Any]:
    """One recorded seed paper."""
    return recordings["papers"][5]  # type: ignore[no-any-return]


def test_429_retry_after_seconds_is_honoured(rec: dict[str, Any], fake_sleep: FakeSleep) -> None:
    with StandIn([rec], faults=[Fault("hf_search", "429", times=2, retry_after="7")]) as s:
        out = run(s, [query(rec)], sleep=fake_sleep)
        assert s.count("hf_search") == 3
    assert fake_sleep.waits == [7.0, 7.0]
    assert out.resolved[rec["key"]].source.startswith("huggingface")
    assert out.requests == 3


def test_429_retry_after_http_date_is_honoured(rec: dict[str, Any], fake_sleep: FakeSleep) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    with StandIn([rec], faults=[Fault("hf_search", "429", times=1, retry_after=when)]) as s:
        out = run(s, [query(rec)], sleep=fake_sleep)
    assert len(fake_sleep.waits) == 1
    assert 27 <= fake_sleep.waits[0] <= 30
    assert rec["key"] in out.resolved


def test_a_wait_longer_than_max_wait_is_not_waited(rec: dict[str, Any],
                                                   fake_sleep: FakeSleep) -> None:
    """A server asking to wait an hour is not asked again after max_wait (it had been,
    four times, per paper): the paper is looked up on arXiv instead."""
    with StandIn([rec], faults=[Fault("hf_search", "429", times=1, retry_after="3600")]) as s:
        out = run(s, [query(rec)], sleep=fake_sleep, max_wait=5.0)
        assert s.count("hf_search") == 1
    assert fake_sleep.waits == []
    assert out.resolved[rec["key"]].source.startswith("arxiv")


def test_a_rate_limited_source_costs_no_waiting(recordings: dict[str, Any],
                                                fake_sleep: FakeSleep) -> None:
    """Under rate limiting everywhere (429, Retry-After an hour), no call waits: 10
    papers cost one request per source each and no sleep, not 10 x 2 x 5 requests and 8
    minutes of waiting (hostile pass), and every paper says why."""
    recs = recordings["papers"][:10]
    with StandIn(recs, faults=[Fault("*", "429", retry_after="3600")]) as s:
        out = run(s, [query(p) for p in recs], sleep=fake_sleep)
        assert len(s.requests) == 20
    assert fake_sleep.waits == []
    assert len(out.errors) == 10
    assert all("HTTP 429, asked to wait 3600 s" in r for r in out.errors.values())


def test_a_failing_endpoint_is_asked_again_now_and_then(recordings: dict[str, Any],
                                                      fake_sleep: FakeSleep) -> None:
    """An endpoint whose last 3 calls failed after their retries (about 45 s of 500s) is
    skipped, but one call in 3 tries it again: the outage over, Hugging Face answers the
    later papers (it had been given up for the whole run: hostile pass)."""
    recs = recordings["papers"][:10]
    with StandIn(recs, faults=[Fault("hf_search", "500", times=15, retry_after="")]) as s:
        out = run(s, [query(p) for p in recs], sleep=fake_sleep)
        assert s.count("hf_search") == 15 + 5  # 3 papers x 5 tries, then 2 skipped, 5 asked
    by_hf = [k for k, v in out.resolved.items() if v.source.startswith("huggingface")]
    assert len(by_hf) == 5
    assert len(out.resolved) == 10  # the others from arXiv


def test_a_failing_daily_listing_does_not_stop_search(recordings: dict[str, Any],
                                                      fake_sleep: FakeSleep) -> None:
    """Each endpoint is given up alone: 3 failed daily listings do not stop title search
    (they shared one count: hostile pass)."""
    recs = recordings["papers"][:4]
    days = ("2024-06-03", "2024-06-04", "2024-06-05")
    with StandIn(recs, daily={d: [] for d in days},
                 faults=[Fault("hf_daily", "500", retry_after="")]) as s:
        out = run(s, [query(p, daily=days) for p in recs], sleep=fake_sleep, retries=0)
        assert s.count("hf_search") == 4
    assert all(v.source.startswith("huggingface") for v in out.resolved.values())


def test_an_answer_with_no_author_is_not_kept_when_arxiv_fails(rec: dict[str, Any]) -> None:
    """What fits names no author and arXiv, which would give them, fails: the paper is an
    error, asked again next run, not a record without authors for good (hostile pass)."""
    bare = {**rec, "hf": {**rec["hf"], "authors": []}}
    with StandIn([bare], faults=[Fault("arxiv", "503", retry_after="")]) as s:
        out = run(s, [query(bare)], retries=0)
    assert rec["key"] not in out.resolved
    assert "the answer that fits names no author" in out.errors[rec["key"]]


def test_500_is_retried_with_backoff_then_resolved(rec: dict[str, Any],
                                                   fake_sleep: FakeSleep) -> None:
    with StandIn([rec], faults=[Fault("hf", "500", times=3, retry_after="")]) as s:
        out = run(s, [query(rec)], sleep=fake_sleep)
        assert s.count("hf_search") == 4
        assert s.count("arxiv") == 0
    assert fake_sleep.waits == [1.0, 2.0, 4.0]
    assert out.resolved[rec["key"]].source.startswith("huggingface")


def test_always_500_falls_back_to_arxiv(rec: dict[str, Any], fake_sleep: FakeSleep) -> None:
    with StandIn([rec], faults=[Fault("hf", "500", retry_after="")]) as s:
        out = run(s, [query(rec)], sleep=fake_sleep, retries=2)
        assert s.count("hf_search") == 3
        assert s.count("arxiv") == 1
    found = out.resolved[rec["key"]]
    assert found.source.startswith("arxiv")
    assert found.arxiv_id == rec["hf"]["id"]
    assert not out.errors


def test_always_500_everywhere_is_an_error(rec: dict[str, Any], fake_sleep: FakeSleep) -> None:
    with StandIn([rec], faults=[Fault("*", "500", retry_after="")]) as s:
        out = run(s, [query(rec)], sleep=fake_sleep)
        assert out.requests == len(s.requests) == 10
    assert out.errors == {rec["key"]: "huggingface: HTTP 500 after 4 retries; "
                                      "arxiv: HTTP 500 after 4 retries"}
    assert fake_sleep.waits == [1.0, 2.0, 4.0, 8.0] * 2


def test_404_is_not_retried(rec: dict[str, Any], fake_sleep: FakeSleep) -> None:
    with StandIn([rec], faults=[Fault("hf_search", "404")]) as s:
        out = run(s, [query(rec)], sleep=fake_sleep)
        assert s.count("hf_search") == 1
    assert rec["key"] in out.resolved  # through arXiv
    assert fake_sleep.waits == []


def test_a_hang_times_out_fast_and_is_an_error(rec: dict[str, Any], fake_sleep: FakeSleep) -> None:
    with StandIn([rec], faults=[Fault("*", "hang", hang=5.0)]) as s:
        start = time.perf_counter()
        out = run(s, [query(rec)], sleep=fake_sleep, timeout=0.5, retries=1)
        elapsed = time.perf_counter() - start
    assert elapsed < 4.0
    assert out.errors == {rec["key"]: "huggingface: timeout after 1 retries; "
                                      "arxiv: timeout after 1 retries"}


@pytest.mark.parametrize("kind", ["malformed", "shape"])
def test_bad_bodies_become_errors(rec: dict[str, Any], kind: str) -> None:
    with StandIn([rec], faults=[Fault("*", kind)]) as s:
        out = run(s, [query(rec)])
        assert s.count("hf_search") == 1
        assert s.count("arxiv") == 1
    reason = out.errors[rec["key"]]
    assert reason.startswith("huggingface: malformed answer")
    assert "; arxiv: malformed answer" in reason


@pytest.mark.parametrize("kind", ["malformed", "shape", "empty"])
def test_a_bad_hf_answer_falls_back_to_arxiv(rec: dict[str, Any], kind: str) -> None:
    with StandIn([rec], faults=[Fault("hf", kind)]) as s:
        out = run(s, [query(rec)])
    assert out.resolved[rec["key"]].source.startswith("arxiv")


def test_empty_everywhere_is_no_candidate(rec: dict[str, Any]) -> None:
    with StandIn([rec], faults=[Fault("*", "empty")]) as s:
        out = run(s, [query(rec)])
    assert out.unresolved == {rec["key"]: "no candidate"}


def test_a_failing_daily_listing_still_resolves_by_search(recordings: dict[str, Any]) -> None:
    recs = recordings["papers"][:2]
    day = "2024-06-03"
    with StandIn(recs, daily={day: [p["hf"]["id"] for p in recs]},
                 faults=[Fault("hf_daily", "500", retry_after="")]) as s:
        out = run(s, [query(p, daily=(day,)) for p in recs], retries=1)
        assert s.count("hf_daily") == 2
        assert s.count("hf_search") == 2
    assert len(out.resolved) == 2


def test_faults_per_title_touch_only_that_paper(recordings: dict[str, Any]) -> None:
    a, b = recordings["papers"][:2]
    with StandIn([a, b], faults=[Fault("*", "500", target=a["hf"]["title"], retry_after="")]) as s:
        out = run(s, [query(a), query(b)], retries=0)
    assert set(out.errors) == {a["key"]}
    assert set(out.resolved) == {b["key"]}


def test_request_cap_stops_the_run_but_it_returns(recordings: dict[str, Any]) -> None:
    recs = recordings["papers"][:10]
    with StandIn(recs) as s:
        out = run(s, [query(p) for p in recs], max_requests=4)
        assert len(s.requests) == 4
    assert out.requests == 4
    assert len(out.resolved) == 4
    assert set(out.errors.values()) == {"request cap reached"}
    assert len(out.errors) == 6


def test_request_cap_counts_retries(rec: dict[str, Any], fake_sleep: FakeSleep) -> None:
    with StandIn([rec], faults=[Fault("*", "500", retry_after="")]) as s:
        out = run(s, [query(rec)], max_requests=3, sleep=fake_sleep)
        assert len(s.requests) == 3
    assert out.errors == {rec["key"]: "request cap reached"}
    assert out.requests == 3


def test_hostile_query_text_reaches_the_server_as_data(rec: dict[str, Any]) -> None:
    title = 'Cats & "Dogs" ti:x OR au:y) %00 <b>'
    with StandIn([rec]) as s:
        out = run(s, [Query("k", title, "an abstract of a few words only")])
        assert s.requests[0].query["q"] == [title]
        want = "ti:cats AND ti:dogs AND ti:ti AND ti:au AND ti:00"
        assert s.requests[1].query["search_query"] == [want]
    assert out.unresolved == {"k": "no candidate"}


def test_hf_offline_mode_is_honoured(rec: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with StandIn([rec]) as s:
        out = run(s, [query(rec)])
        assert s.count("hf_search") == 0
        assert s.count("arxiv") == 1
    assert out.resolved[rec["key"]].source.startswith("arxiv")


def test_errors_keep_what_the_other_source_said(recordings: dict[str, Any]) -> None:
    a, b = recordings["papers"][:2]
    wrong = {**b, "hf": {**b["hf"], "title": a["hf"]["title"]}, "on": ["hf"]}
    with StandIn([wrong], faults=[Fault("arxiv", "500", retry_after="")]) as s:
        out = run(s, [query(a)], retries=0)
    assert out.errors[a["key"]].startswith(f"arxiv: HTTP 500; title matches {b['hf']['id']} but")


def test_an_answer_without_authors_is_completed_from_arxiv(rec: dict[str, Any]) -> None:
    """Hugging Face's answer fits but names no author: arXiv is asked too, and its record
    (with the authors) is the one kept, since a record is never completed later (one
    without authors was kept for good: hostile pass)."""
    bare = {**rec, "hf": {**rec["hf"], "authors": []},
            "arxiv": {**rec["arxiv"], "authors": rec["hf"]["authors"]}}
    with StandIn([bare]) as s:
        out = run(s, [query(bare)])
        assert s.count("arxiv") == 1
    found = out.resolved[rec["key"]]
    assert found.authors == tuple(a["name"] for a in rec["hf"]["authors"])
    assert found.source.startswith("arxiv")
