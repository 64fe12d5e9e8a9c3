"""resolve() against the stand-in with the real huggingface_hub and arxiv clients: matching."""

from __future__ import annotations

import time
from typing import Any

import pytest
from huggingface_hub import constants
from huggingface_hub.utils import _http

from litreview.resolve.engine import Outcome, Query, endpoints_from_env, resolve

from .conftest import FakeSleep
from .standin import Fault, StandIn, paper

pytestmark = pytest.mark.usefixtures("loopback_only")

TODAY = "2026-11-26"


def run(stand: StandIn, queries: list[Query], **kw: Any) -> Outcome:
    """resolve() against ``stand`` with test defaults (no real waiting, no progress bar)."""
    args: dict[str, Any] = dict(hf_endpoint=stand.hf_endpoint, arxiv_api=stand.arxiv_api,
                                today=TODAY, progress=False, sleep=FakeSleep(), arxiv_delay=0.0,
                                timeout=2.0)
    args.update(kw)
    return resolve(queries, **args)


def query(rec: dict[str, Any], **kw: Any) -> Query:
    """The query a dump would give for a recorded paper."""
    return Query(rec["key"], rec["hf"]["title"], rec["hf"]["summary"], **kw)


def abstracts(recordings: dict[str, Any], n: int) -> list[str]:
    """``n`` real, distinct seed abstracts."""
    return [p["hf"]["summary"] for p in recordings["papers"][:n]]


def test_all_seeds_resolve_exactly(recordings: dict[str, Any], seeds: dict[str, Any]) -> None:
    """The stand-in serves every seed's recorded answer: each resolves to its identity of
    record (bib/identities.toml), but for the one whose sources name no author (a thesis,
    recorded by hand): it stays unresolved, to be asked again, since a record is never
    completed later."""
    queries = [query(p) for p in recordings["papers"]]
    harness_cache_existed = constants.AGENT_HARNESSES_PATH and __import__("os").path.exists(
        constants.AGENT_HARNESSES_PATH)
    with StandIn(recordings) as s:
        start = time.perf_counter()
        out = run(s, queries)
        elapsed = time.perf_counter() - start
        seen = len(s.requests)
    print(f"\n251 seeds: {elapsed:.2f} s, {out.requests} requests")
    authorless = {k for k, seed in seeds.items() if not seed.authors}
    assert authorless == {"contributionsRobustEfficient2025"}
    assert (len(out.resolved), set(out.unresolved), out.errors) == (250, authorless, {})
    assert all(why.endswith("names no author") for why in out.unresolved.values())
    for key, found in out.resolved.items():
        seed = seeds[key]
        assert found.arxiv_id == seed.arxiv_id
        assert found.authors == seed.authors
        assert found.date[:len(seed.date)] == seed.date
        assert found.source == f"huggingface {TODAY}"
        assert found.evidence == (f"{s.hf_endpoint}/papers/{seed.arxiv_id}",)
    # one search each, plus paper_info and an arXiv search for the one seed without
    # authors (arXiv has none for it either)
    assert out.requests == seen == 253
    assert elapsed < 60
    assert __import__("os").path.exists(constants.AGENT_HARNESSES_PATH) == harness_cache_existed


def test_title_matches_but_abstract_does_not(recordings: dict[str, Any]) -> None:
    a, b = abstracts(recordings, 2)
    with StandIn([paper("2101.00001", "Deep Nets for Cats", b)]) as s:
        out = run(s, [Query("k", "Deep Nets for Cats", a)])
        assert s.count("arxiv") == 1  # HF had no fit, so arXiv was asked too
    assert out.unresolved["k"].startswith("title matches 2101.00001 but the abstract does not")
    assert not out.resolved
    assert not out.errors


def test_candidate_without_abstract_never_fits(recordings: dict[str, Any]) -> None:
    (a,) = abstracts(recordings, 1)
    with StandIn([paper("2101.00001", "Deep Nets for Cats", None, on=["hf"])]) as s:
        out = run(s, [Query("k", "Deep Nets for Cats", a)])
    assert out.unresolved == {"k": "title matches 2101.00001 but it has no abstract"}


def test_two_fitting_candidates_are_refused(recordings: dict[str, Any]) -> None:
    (a,) = abstracts(recordings, 1)
    twin = " ".join(a.split()[:-5])  # the same abstract, its end cut
    recs = [paper("2101.00001", "Deep Nets for Cats", a),
            paper("2101.00002", "Deep Nets for Cats", twin)]
    with StandIn(recs) as s:
        out = run(s, [Query("k", "Deep Nets for Cats", a)])
    assert out.unresolved == {"k": "2 candidates fit: 2101.00001, 2101.00002"}


@pytest.mark.parametrize("wrong_first", [True, False])
def test_wrong_paper_ranked_first_is_not_taken(recordings: dict[str, Any],
                                               wrong_first: bool) -> None:
    a, b = abstracts(recordings, 2)
    right = paper("2101.00001", "Deep Nets for Cats", a)
    wrong = paper("2101.00009", "Deep Nets for Cats", b)
    with StandIn([wrong, right] if wrong_first else [right, wrong]) as s:
        out = run(s, [Query("k", "Deep Nets for Cats", a)])
        assert s.count("arxiv") == 0
    assert out.resolved["k"].arxiv_id == "2101.00001"


def test_title_differences_that_still_match(recordings: dict[str, Any]) -> None:
    (a,) = abstracts(recordings, 1)
    rec = paper("2101.00001", "Schr\\\"odinger  Bridges for  $\\alpha$-Nets (v2)", a)
    with StandIn([rec]) as s:
        out = run(s, [Query("k", "Schrödinger Bridges for α-Nets", a)])
    assert out.resolved["k"].title == "Schr\\\"odinger Bridges for $\\alpha$-Nets (v2)"


def test_daily_listing_resolves_several_with_one_request(recordings: dict[str, Any]) -> None:
    recs = recordings["papers"][:3]
    day = "2024-06-03"
    with StandIn(recs, daily={day: [p["hf"]["id"] for p in recs]}) as s:
        out = run(s, [query(p, daily=(day,)) for p in recs])
        assert s.count("hf_daily", date=day) == 1
        assert s.count("hf_search") == 0
    assert sorted(i.arxiv_id for i in out.resolved.values()) == sorted(p["hf"]["id"] for p in recs)
    assert out.requests == 1


def test_paper_info_completes_lean_search_answers(recordings: dict[str, Any]) -> None:
    rec = paper("2101.00001", "Deep Nets for Cats", abstracts(recordings, 1)[0],
                authors=["Zoë Ng"], githubRepo="https://github.com/x/cats",
                projectPage="https://cats.example.org/")
    with StandIn([rec], lean_search=True) as s:
        out = run(s, [query(rec)])
        assert s.count("hf_paper") == 1
    found = out.resolved[rec["key"]]
    assert (found.authors, found.code, found.project) == (
        ("Zoë Ng",), ("https://github.com/x/cats",), "https://cats.example.org/")


HOSTILE = ["<script>alert(1)</script>", "{\\input{/etc/passwd}}", "100%", "Jos\\'e", "}{",
           "Zoë", "李华", "Łukasz", "a & b ]]> <![CDATA[ x"]


@pytest.mark.parametrize("source", ["hf", "arxiv"])
def test_hostile_and_non_ascii_names_come_back_exactly(recordings: dict[str, Any],
                                                       source: str) -> None:
    rec = paper("2101.00001", "Deep Nets for Cats", abstracts(recordings, 1)[0], authors=HOSTILE,
                on=[source])
    with StandIn([rec]) as s:
        out = run(s, [query(rec)])
    # exactly, but for TeX accents, which read as the letters they make ("Jos\\'e")
    assert out.resolved[rec["key"]].authors == tuple(
        "José" if name == "Jos\\'e" else name for name in HOSTILE)
    assert out.resolved[rec["key"]].source.startswith("huggingface" if source == "hf" else "arxiv")


def test_arxiv_fallback_fills_arxiv_fields(recordings: dict[str, Any]) -> None:
    rec = {**recordings["papers"][0], "on": ["arxiv"]}
    with StandIn([rec]) as s:
        out = run(s, [query(rec)])
        searched = s.requests[-1].query["search_query"][0]
    found = out.resolved[rec["key"]]
    assert (found.arxiv_id, found.primary_class) == (rec["hf"]["id"], "cs.LG")
    assert found.evidence == (f"http://arxiv.org/abs/{rec['hf']['id']}v1",)
    assert searched.startswith("ti:")
    assert " AND ti:" in searched
    assert '"' not in searched


@pytest.mark.parametrize("bad", [
    {"id": "not-an-id"}, {"authors": [{"name": "x" * 201}]}, {"githubRepo": "javascript:alert(1)"},
    {"publishedAt": "2099-01-01T00:00:00.000Z"}, {"title": "Deep Nets for Cats " + "z" * 600},
])
def test_invalid_answers_are_unusable_not_crashes(recordings: dict[str, Any],
                                                  bad: dict[str, Any]) -> None:
    rec = paper("2101.00001", "Deep Nets for Cats", abstracts(recordings, 1)[0], on=["hf"])
    rec["hf"].update(bad)
    # huggingface_hub's PaperInfo drops a githubRepo nested under "paper" (search items):
    # only paper_info's flat answer carries it, so make the search answer lean.
    with StandIn([rec], lean_search="githubRepo" in bad) as s:
        out = run(s, [Query("k", "Deep Nets for Cats", rec["hf"]["summary"])])
    assert not out.resolved
    assert not out.errors
    if "title" not in bad:
        assert "unusable" in out.unresolved["k"]


def test_endpoint_from_env_set_after_import(recordings: dict[str, Any],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    rec = recordings["papers"][0]
    with StandIn([rec]) as s:
        monkeypatch.setenv("HF_ENDPOINT", s.hf_endpoint + "/")
        monkeypatch.setenv("LITREVIEW_ARXIV_API", s.arxiv_api)
        hf, ax = endpoints_from_env()
        before = _http._GLOBAL_CLIENT_FACTORY
        out = resolve([query(rec)], hf_endpoint=hf, arxiv_api=ax, today=TODAY, progress=False)
        assert _http._GLOBAL_CLIENT_FACTORY is before  # the library's own client is back
        assert out.requests == len(s.requests) == 1
    assert out.resolved[rec["key"]].arxiv_id == rec["hf"]["id"]


def test_progress_bar_on_stderr_only_when_asked(recordings: dict[str, Any],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    rec = recordings["papers"][0]
    with StandIn([rec]) as s:
        run(s, [query(rec)], progress=False)
        assert capsys.readouterr() == ("", "")
        run(s, [query(rec)], progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "resolve" in captured.err
    assert "1/1" in captured.err


@pytest.mark.parametrize(("kw", "match"), [
    ({"hf_endpoint": "ftp://x"}, "not an http"), ({"today": "26/11/2026"}, "not an ISO date"),
    ({"queries": [Query("k", "t", "a"), Query("k", "u", "b")]}, "not unique"),
    ({"queries": [Query("k", "t", "a", daily=("June 3",))]}, "not an ISO date")])
def test_bad_arguments_raise_before_any_request(kw: dict[str, Any], match: str) -> None:
    with StandIn([]) as s:
        queries = kw.pop("queries", [Query("k", "t", "a")])
        with pytest.raises(ValueError, match=match):
            run(s, queries, **kw)
        assert s.requests == []


def test_fault_faults_unknown_fault_service_is_rejected() -> None:
    with pytest.raises(ValueError, match="fault service"):
        StandIn([], faults=[Fault("github", "500")])
