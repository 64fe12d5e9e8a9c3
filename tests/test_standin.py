"""The stand-in speaks the protocols the real client libraries expect."""

from __future__ import annotations

import socket
from typing import Any

import arxiv
import pytest
from huggingface_hub import HfApi

from litreview.resolve.clients import Budget, hf_session

from .conftest import is_loopback
from .standin import Fault, StandIn, paper

pytestmark = pytest.mark.usefixtures("loopback_only")


@pytest.fixture
def recs(recordings: dict[str, Any]) -> list[dict[str, Any]]:
    """Three recorded seed papers."""
    return recordings["papers"][:3]  # type: ignore[no-any-return]


def test_huggingface_hub_reads_every_endpoint(recs: list[dict[str, Any]]) -> None:
    first = recs[0]["hf"]
    stand = StandIn(recs, daily={"2024-06-03": [first["id"]]})
    with stand as s, hf_session(Budget(10), 5.0, s.hf_endpoint):
        api = HfApi(endpoint=s.hf_endpoint, token=False)
        found = list(api.list_papers(query=first["title"], limit=5))
        info = api.paper_info(first["id"])
        daily = list(api.list_daily_papers(date="2024-06-03"))
        paths = [(r.path, r.query) for r in s.requests]
    assert [p.id for p in found] == [first["id"]]
    for p in (found[0], info, daily[0]):
        assert (p.title, p.summary) == (first["title"], first["summary"])
        assert [a.name for a in p.authors or []] == [a["name"] for a in first["authors"]]
        assert p.published_at is not None
        assert p.published_at.date().isoformat() == first["publishedAt"][:10]
    assert paths == [("/api/papers/search", {"q": [first["title"]], "limit": ["5"]}),
                     (f"/api/papers/{first['id']}", {}),
                     ("/api/daily_papers", {"date": ["2024-06-03"]})]


def test_arxiv_client_reads_feeds_and_pages(recs: list[dict[str, Any]]) -> None:
    with StandIn(recs) as s:
        client = arxiv.Client(page_size=2, delay_seconds=0.0, num_retries=0)
        client.query_url_format = s.arxiv_api + "?{}"
        ids = [p["hf"]["id"] for p in recs]
        got = list(client.results(arxiv.Search(id_list=ids, max_results=None)))
        starts = [r.query["start"][0] for r in s.requests]
    assert [r.get_short_id() for r in got] == [i + "v1" for i in ids]
    first = got[0]
    assert first.title == recs[0]["hf"]["title"]
    assert first.primary_category == "cs.LG"
    assert " ".join(first.summary.split()) == recs[0]["hf"]["summary"]
    assert [a.name for a in first.authors] == [a["name"] for a in recs[0]["hf"]["authors"]]
    assert starts == ["0", "2"]  # paged by opensearch:totalResults


@pytest.mark.parametrize(("query", "hits"), [
    ("ti:deep AND ti:cats", ["1"]), ("ti:deep OR ti:dogs", ["1", "2"]),
    ('ti:"deep nets"', ["1"]), ("ti:deep ANDNOT au:zoe", []), ("abs:purrs", ["1"]),
    ("all:barks", ["2"]), ("(ti:deep)", ["1"]), ("ti:nothing", []),
])
def test_arxiv_search_query_semantics(query: str, hits: list[str]) -> None:
    recs = [paper("2101.00001", "Deep Nets for Cats", "It purrs.", authors=["Zoë Ng"], key="1"),
            paper("2101.00002", "Shallow Nets for Dogs", "It barks.", key="2")]
    with StandIn(recs) as s:
        assert [p["key"] for p in s.arxiv_search(query, "")] == hits


def test_faults_fire_the_given_number_of_times() -> None:
    fault = Fault("hf_search", "500", target="Deep Nets", times=2)
    assert fault.matches("hf_search", "deep nets for cats")
    assert not fault.matches("hf_paper", "deep nets for cats")
    assert not fault.matches("hf_search", "shallow nets")
    fault.fired = 2
    assert not fault.matches("hf_search", "deep nets for cats")
    assert Fault("hf", "500").matches("hf_daily", "2024-01-01")


def test_binds_loopback_only() -> None:
    with StandIn([]) as s:
        host, port = s.server.server_address[:2]
        assert host == "127.0.0.1"
        assert s.hf_endpoint == f"http://127.0.0.1:{port}"
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass


@pytest.mark.parametrize(("host", "ok"), [("127.0.0.1", True), ("127.9.9.9", True), ("::1", True),
                                      ("localhost", True), ("10.0.0.1", False),
                                      ("huggingface.co", False), ("export.arxiv.org", False)])
def test_network_guard_tells_loopback_apart(host: str, ok: bool) -> None:
    assert is_loopback(host) is ok


def test_network_guard_refuses_lookups(loopback_only: list[str]) -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("huggingface.co", 443)
    assert loopback_only == ["lookup 'huggingface.co'"]
    loopback_only.clear()  # refused as expected: do not fail this test at teardown
