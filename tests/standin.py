"""A stand-in for the Hugging Face paper API and the arXiv API, on 127.0.0.1, for tests.

Usage: ``with StandIn(recordings, faults=[...], daily={...}) as s: ...`` then point the
real clients at ``s.hf_endpoint`` and ``s.arxiv_api``; ``s.requests`` lists every request
received. Standard library only; binds 127.0.0.1 on a free port; one thread per request.

Paths and shapes are those huggingface_hub 2.4.0 and arxiv 4.0.2 use (``hf_api.py``:
``list_papers`` -> ``GET /api/papers/search?q=&limit=``, ``paper_info`` ->
``GET /api/papers/{id}``, ``list_daily_papers`` -> ``GET /api/daily_papers?p=&limit=&date=``;
``arxiv/__init__.py``: ``GET /api/query?search_query=&id_list=&sortBy=&sortOrder=&start=
&max_results=``). Search and daily items nest the paper under ``"paper"`` with the title
also at top level, as the Hub does; paper info is flat. Search is word matching over titles
(HF: at least 60 % of the query's words; arXiv: ``ti:``/``abs:``/``au:``/``all:`` terms
joined by AND/OR/ANDNOT, evaluated left to right, parentheses ignored).

A record is ``{"key", "hf": {id, title, summary, authors: [{name}], publishedAt,
githubRepo?, projectPage?}, "arxiv": {primary_category, categories, authors?, published?},
"on"?: ["hf", "arxiv"]}`` (``recordings.json`` holds 251 of them; :func:`paper` makes one).
"""

from __future__ import annotations

import contextlib
import json
import re
import textwrap
import threading
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

ATOM, OPENSEARCH, ARXIV = ("http://www.w3.org/2005/Atom", "http://a9.com/-/spec/opensearch/1.1/",
                           "http://arxiv.org/schemas/atom")
SERVICES = ("hf", "hf_search", "hf_paper", "hf_daily", "arxiv", "*")
_STOP = frozenset({"a", "an", "and", "andnot", "are", "as", "at", "be", "by", "for", "from",
                   "in", "into", "is", "it", "of", "on", "or", "not", "the", "to", "via", "vs",
                   "with"})
_TERM = re.compile(r'\w+:"[^"]*"|"[^"]*"|\S+')
ET.register_namespace("", ATOM)
ET.register_namespace("opensearch", OPENSEARCH)
ET.register_namespace("arxiv", ARXIV)


def words(text: str) -> list[str]:
    """Lower-case words, accents stripped (the stand-in's own simple tokenizer)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", bare.lower())


@dataclass
class Fault:
    """A misbehaviour of the stand-in for matching requests."""

    #: which endpoint: "hf", "hf_search", "hf_paper", "hf_daily", "arxiv" or "*"
    service: str
    #: an HTTP status ("429", "500", ...), "hang", "malformed", "shape", "empty" or
    #: "overcount" (arXiv: the feed says there are 10 more results than it has, and a
    #: later page comes back empty, as arXiv's now and then do)
    kind: str
    #: "*" or a title / paper id / date whose content words the request must carry
    target: str = "*"
    #: applies to the first ``times`` matching requests; ``None``: always
    times: int | None = None
    #: ``Retry-After`` sent with a 429/503 (seconds or an HTTP date; "" for none)
    retry_after: str = "1"
    #: how long a "hang" holds the request before answering
    hang: float = 5.0
    #: how often it has fired
    fired: int = 0

    def matches(self, service: str, subject: str) -> bool:
        """Whether this fault fires for a request to ``service`` about ``subject``."""
        if self.service not in ("*", service) and not (self.service == "hf" and
                                                       service.startswith("hf_")):
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        wanted = {w for w in words(self.target) if w not in _STOP and len(w) > 1}
        return self.target == "*" or wanted <= set(words(subject))


@dataclass(frozen=True)
class Seen:
    """One request the stand-in received."""

    method: str
    path: str
    query: dict[str, list[str]]
    service: str


def paper(arxiv_id: str, title: str, summary: str | None, authors: Iterable[str] = ("A. Author",),
          date: str = "", key: str | None = None, on: Iterable[str] = ("hf", "arxiv"),
          **hf_extra: Any) -> dict[str, Any]:
    """One record in the recordings shape (for tests); ``hf_extra`` adds Hub fields. The
    date is by default the 15th of the month the (new-style) id was given in."""
    date = date or f"20{arxiv_id[:2]}-{arxiv_id[2:4]}-15"
    hf: dict[str, Any] = {"id": arxiv_id, "title": title, "authors": [{"name": a} for a in authors],
                          "publishedAt": f"{date}T00:00:00.000Z", **hf_extra}
    if summary is not None:
        hf["summary"] = summary
    return {"key": key or arxiv_id, "hf": hf, "on": list(on),
            "arxiv": {"primary_category": "cs.LG", "categories": ["cs.LG"]}}


class StandIn:
    """The server; a context manager that starts and stops it."""

    def __init__(self, recordings: dict[str, Any] | list[dict[str, Any]], *,
                 faults: Iterable[Fault] = (), daily: dict[str, list[str]] | None = None,
                 lean_search: bool = False) -> None:
        papers = recordings["papers"] if isinstance(recordings, dict) else recordings
        self.papers = [p for p in papers if isinstance(p, dict)]
        self.faults = list(faults)
        for f in self.faults:
            if f.service not in SERVICES:
                raise ValueError(f"fault service {f.service!r} is not one of {SERVICES}")
        self.daily = daily or {}
        self.lean_search = lean_search
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        port = self.server.server_address[1]
        self.hf_endpoint = f"http://127.0.0.1:{port}"
        self.arxiv_api = f"http://127.0.0.1:{port}/api/query"

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def on(self, service: str) -> list[dict[str, Any]]:
        """Records the given service ("hf" or "arxiv") knows."""
        return [p for p in self.papers if service in p.get("on", ("hf", "arxiv"))]

    def fault(self, service: str, subject: str) -> Fault | None:
        """The first fault that fires for this request (counted), if any."""
        with self.lock:
            for f in self.faults:
                if f.matches(service, subject):
                    f.fired += 1
                    return f
        return None

    def count(self, service: str, **query: str) -> int:
        """How many requests reached ``service``, optionally with given query values."""
        return sum(1 for r in self.requests if r.service == service and
                   all(r.query.get(k, [None])[0] == v for k, v in query.items()))

    # ----- Hugging Face -------------------------------------------------------------
    def hf_search(self, q: str, limit: int) -> list[dict[str, Any]]:
        """Search items: papers whose titles hold at least 60 % of the query's words."""
        want = words(q)
        scored = []
        for i, p in enumerate(self.on("hf")):
            have = set(words(str(p["hf"].get("title", ""))))
            hits = sum(1 for w in want if w in have)
            if want and hits >= max(1, 0.6 * len(want)):
                scored.append((-hits, i, p))
        return [self.hf_item(p, lean=self.lean_search) for _, _, p in sorted(scored)[:limit]]

    def hf_item(self, p: dict[str, Any], lean: bool = False) -> dict[str, Any]:
        """A search/daily item: paper nested, title and dates also on top (as the Hub does)."""
        inner = {**p["hf"], "upvotes": 3, "discussionId": f"d{p['hf']['id']}"}
        if lean:
            inner.pop("summary", None)
            inner.pop("authors", None)
        return {"paper": inner, "title": p["hf"]["title"], "publishedAt": p["hf"]["publishedAt"],
                "thumbnail": "", "numComments": 0, "isAuthorParticipating": False}

    def hf_paper(self, arxiv_id: str) -> dict[str, Any] | None:
        """Paper info (flat) for an id, or None."""
        for p in self.on("hf"):
            if p["hf"]["id"] == arxiv_id:
                return {**p["hf"], "upvotes": 3, "discussionId": f"d{arxiv_id}"}
        return None

    def hf_daily(self, date: str, page: int, limit: int) -> list[dict[str, Any]]:
        """One page of a day's listing."""
        ids = self.daily.get(date, [])[page * limit : (page + 1) * limit]
        by_id = {p["hf"]["id"]: p for p in self.on("hf")}
        return [self.hf_item(by_id[i]) for i in ids if i in by_id]

    # ----- arXiv --------------------------------------------------------------------
    def arxiv_search(self, query: str, id_list: str) -> list[dict[str, Any]]:
        """Records matching an arXiv ``search_query`` and/or ``id_list``."""
        found = self.on("arxiv")
        if id_list.strip():
            ids = {re.sub(r"v\d+$", "", i.strip()) for i in id_list.split(",")}
            found = [p for p in found if p["hf"]["id"] in ids]
        if query.strip():
            found = [p for p in found if _query_matches(query, p)]
        return found

    def atom(self, papers: list[dict[str, Any]], total: int, start: int, size: int) -> bytes:
        """An arXiv API Atom feed for ``papers``."""
        feed = ET.Element(f"{{{ATOM}}}feed")
        ET.SubElement(feed, f"{{{ATOM}}}id").text = "https://arxiv.org/api/standin"
        ET.SubElement(feed, f"{{{ATOM}}}title").text = "arXiv Query: stand-in"
        ET.SubElement(feed, f"{{{ATOM}}}updated").text = "2026-11-26T00:00:00Z"
        ET.SubElement(feed, f"{{{OPENSEARCH}}}totalResults").text = str(total)
        ET.SubElement(feed, f"{{{OPENSEARCH}}}startIndex").text = str(start)
        ET.SubElement(feed, f"{{{OPENSEARCH}}}itemsPerPage").text = str(size)
        for p in papers:
            hf, ax = p["hf"], p["arxiv"]
            entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
            ET.SubElement(entry, f"{{{ATOM}}}id").text = f"http://arxiv.org/abs/{hf['id']}v1"
            stamp = ax.get("published", hf["publishedAt"]).replace(".000Z", "Z")
            ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp
            ET.SubElement(entry, f"{{{ATOM}}}published").text = stamp
            ET.SubElement(entry, f"{{{ATOM}}}title").text = hf["title"]
            text = textwrap.fill(str(hf.get("summary", "")), 72)  # arXiv keeps hard wraps
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = f"  {text}\n"
            for a in ax.get("authors", hf.get("authors", [])):  # (arXiv's own, if given)
                author = ET.SubElement(entry, f"{{{ATOM}}}author")
                ET.SubElement(author, f"{{{ATOM}}}name").text = str(a.get("name", ""))
            ET.SubElement(entry, f"{{{ATOM}}}link", href=f"https://arxiv.org/abs/{hf['id']}v1",
                          rel="alternate", type="text/html")
            ET.SubElement(entry, f"{{{ATOM}}}link", href=f"https://arxiv.org/pdf/{hf['id']}v1",
                          rel="related", type="application/pdf", title="pdf")
            ET.SubElement(entry, f"{{{ARXIV}}}primary_category", term=ax["primary_category"],
                          scheme="http://arxiv.org/schemas/atom")
            for cat in ax["categories"]:
                ET.SubElement(entry, f"{{{ATOM}}}category", term=cat,
                              scheme="http://arxiv.org/schemas/atom")
        body = bytes(ET.tostring(feed, encoding="utf-8"))
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _query_matches(query: str, p: dict[str, Any]) -> bool:
    """Evaluate an arXiv ``search_query`` against one record (left to right)."""
    hf = p["hf"]
    fields = {"ti": words(hf["title"]), "abs": words(str(hf.get("summary", ""))),
              "au": words(" ".join(str(a.get("name", "")) for a in hf.get("authors", [])))}
    fields["all"] = fields["ti"] + fields["abs"] + fields["au"]
    result: bool | None = None
    op = "AND"
    for token in _TERM.findall(query.replace("(", " ").replace(")", " ")):
        if token in ("AND", "OR", "ANDNOT"):
            op = token
            continue
        prefix, _, value = token.partition(":") if ":" in token else ("all", "", token)
        want = words(value.strip('"'))
        have = set(fields.get(prefix, fields["all"]))
        hit = bool(want) and all(w in have for w in want)
        if result is None:
            result = hit
        elif op == "AND":
            result = result and hit
        elif op == "OR":
            result = result or hit
        else:
            result = result and not hit
        op = "AND"
    return bool(result)


Reply = tuple[int, bytes, bool, dict[str, str]]


def route(path: str, arg: Callable[[str], str]) -> tuple[str, str]:
    """(service, subject) of a request path: what a fault's ``service``/``target`` match."""
    if path == "/api/query":
        return "arxiv", f"{arg('search_query')} {arg('id_list')}"
    if path == "/api/papers/search":
        return "hf_search", arg("q")
    if path.startswith("/api/papers/"):
        return "hf_paper", path[len("/api/papers/"):]
    if path == "/api/daily_papers":
        return "hf_daily", arg("date")
    return "other", path


def faulty(fault: Fault, xml: bool) -> Reply | None:
    """The reply a status, "malformed" or "shape" fault makes, else None."""
    if fault.kind.isdigit():
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        body = b"Error" if xml else json.dumps({"error": "stand-in fault"}).encode()
        return int(fault.kind), body, xml, headers
    if fault.kind == "malformed":
        return 200, (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</entry>' if xml
                     else b'[{"paper": {"id": "2101.0'), xml, {}
    if fault.kind == "shape":
        return 200, (b"<html><body>hello</body></html>" if xml
                     else json.dumps({"papers": "not a list"}).encode()), xml, {}
    return None


def reply(stand: StandIn, service: str, subject: str, arg: Callable[[str], str],
          empty: bool, overcount: bool = False) -> Reply:
    """The protocol's answer to one routed request (an empty one when ``empty``; see
    ``Fault.kind`` for ``overcount``)."""
    def number(name: str, default: int) -> int:
        return int(arg(name) or default)

    if service == "arxiv":
        start, size = number("start", 0), number("max_results", 10)
        found = [] if empty else stand.arxiv_search(arg("search_query"), arg("id_list"))
        total = len(found) + 10 * overcount
        page = [] if overcount and start > 0 else found[start : start + size]
        return 200, stand.atom(page, total, start, size), True, {}
    if service == "hf_search":
        items = [] if empty else stand.hf_search(subject, number("limit", 50))
        return 200, json.dumps(items).encode(), False, {}
    if service == "hf_daily":
        items = [] if empty else stand.hf_daily(subject, number("p", 0), number("limit", 50))
        return 200, json.dumps(items).encode(), False, {}
    info = ({} if empty else stand.hf_paper(subject)) if service == "hf_paper" else None
    if info is None:
        return 404, b'{"error": "Not Found"}', False, {}
    return 200, json.dumps(info).encode(), False, {}


def _handler(stand: StandIn) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one :class:`StandIn`."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet."""

        def do_GET(self) -> None:
            """Route, record, apply faults, answer."""
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            query = parse_qs(parts.query, keep_blank_values=True)

            def arg(name: str) -> str:
                return query.get(name, [""])[0]

            service, subject = route(path, arg)
            with stand.lock:
                stand.requests.append(Seen("GET", path, query, service))
            fault = stand.fault(service, subject)
            if fault is not None and fault.kind == "hang":
                stand.stop.wait(fault.hang)
                fault = None
            answer = faulty(fault, service == "arxiv") if fault is not None else None
            if answer is None:
                kind = fault.kind if fault is not None else ""
                answer = reply(stand, service, subject, arg, kind == "empty",
                               kind == "overcount")
            status, body, xml, headers = answer
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)  # the client may have timed out and gone
                kind = "application/atom+xml; charset=utf-8" if xml else "application/json"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

    return Handler
