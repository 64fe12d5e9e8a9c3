"""HTTP plumbing shared by both sources: request cap, timeout, retries, and the two clients.

Guarantees: no files written; every HTTP request either client makes passes
:meth:`Budget.take` first (redirects and retries included), so the cap is exact; waits go
through the injected ``sleep``, never ``time.sleep`` directly.

huggingface_hub 2.x sends every call through one process-wide ``httpx2.Client`` made by a
factory (``utils/_http.py``: ``default_client_factory`` uses ``timeout=None``) and
``list_papers``/``paper_info``/``list_daily_papers`` never retry, so :func:`hf_session`
installs a factory with our timeout and counting hook for the duration of a run and puts
the previous factory back afterwards (read from the private ``_GLOBAL_CLIENT_FACTORY``:
the library has no getter). The ``arxiv`` package (4.0.2) calls ``requests`` without a
timeout, retries without honouring ``Retry-After`` and sleeps with ``time.sleep``; we give
its client ``num_retries=0``, ``delay_seconds=0`` and our own :class:`ArxivSession`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import arxiv
import httpx2
import requests
from huggingface_hub import constants, set_client_factory
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled
from huggingface_hub.utils import _http
from huggingface_hub.utils._http import parse_ratelimit_headers
from lxml import etree

T = TypeVar("T")
#: maps an exception to (label for the report, retryable?, server-requested wait or None)
Classifier = Callable[[Exception], tuple[str, bool, float | None]]
ATOM = "{http://www.w3.org/2005/Atom}feed"
#: statuses worth another try
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class CapReached(Exception):
    """The run's request cap or time is spent; no more requests may be made;
    ``str(err)`` says which."""


class Failure(Exception):
    """A source could not answer one call; ``str(err)`` is the reason for the report."""


class StatusError(Exception):
    """A non-200 answer from the arXiv API, with its ``Retry-After`` wait if any."""

    def __init__(self, status: int, wait: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.wait = wait


class ForeignHost(Exception):
    """A client tried to reach a host other than the endpoint it was given; refused unsent."""


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, default ports filled in, for same-origin checks."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default


class MalformedAnswer(Exception):
    """The answer's body is not the format the protocol promises."""


@dataclass
class Budget:
    """Counts real HTTP requests and refuses any past ``limit``, or once ``seconds`` have
    passed since it was made (``None``: no time limit). Each request has its own timeout,
    and waits are capped, but a run of hundreds of papers under rate limiting (429 with
    ``Retry-After: 60`` on every request) had asked for 91 minutes of waiting: past the
    limit, the run stops asking and writes what it found."""

    limit: int
    seconds: float | None = None
    clock: Callable[[], float] = time.monotonic
    used: int = 0
    #: URL of every request counted, in order
    urls: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.start = self.clock()

    def take(self, url: str) -> None:
        """Count one request to ``url``, or raise :class:`CapReached`."""
        if self.used >= self.limit:
            raise CapReached("request cap reached")
        if self.seconds is not None and self.clock() - self.start >= self.seconds:
            raise CapReached(f"time limit of {self.seconds:.0f} s reached")
        self.used += 1
        self.urls.append(url)


@dataclass
class Retrying:
    """Retry policy: how often, how long at most, and how to wait; and when to stop asking
    a source (an endpoint: Hugging Face's daily listing, search and paper pages apart).

    A server asking to wait longer than ``max_wait`` is not asked again by that call:
    under rate limiting (429 with ``Retry-After: 3600`` on every request) each call had
    waited 60 s four times, for every paper and both sources, so that 10 requests took 8
    minutes and the default 500 would have taken hours, past CI's limit, with nothing
    written. A source whose last ``give_up`` calls failed after their retries (5xx,
    timeouts: each cost the waits between tries) is then asked only by one call in
    ``probe_every``, until one succeeds."""

    retries: int
    max_wait: float
    sleep: Callable[[float], None]
    #: first backoff wait in seconds; doubled after each try
    base: float = 1.0
    give_up: int = 3
    #: while a source is given up, one call in this many is let through to try it again
    probe_every: int = 3
    #: source -> calls in a row that failed on retryable errors (then, skipped calls)
    failing: dict[str, int] = field(default_factory=dict)

    def run(self, call: Callable[[], T], classify: Classifier, source: str = "") -> T:
        """Run ``call``; retry what ``classify`` marks retryable; raise :class:`Failure` at the end.

        ``classify(err)`` returns ``(label, retryable, wait)``, ``wait`` being the server's
        ``Retry-After`` in seconds or ``None``. :class:`CapReached` passes through.
        ``source``: the endpoint (by default the classifier's service), given up alone.
        """
        source = source or classify.__name__
        self._let_through(source)
        attempt = 0
        while True:
            try:
                got = call()
                self.failing[source] = 0
                return got
            except (CapReached, Failure):
                raise
            # Every other exception a client library raises is handed to ``classify``,
            # which re-raises the ones it does not know (so programming errors surface).
            except Exception as err:
                label, retryable, wait = classify(err)
            if retryable and wait is not None and wait > self.max_wait:
                # not waited for, so it costs no time: the source is not given up for it
                # (a 429 asking for Hugging Face's 5-minute window, for a few requests)
                raise Failure(f"{label}, asked to wait {wait:.0f} s")
            if not retryable or attempt >= self.retries:
                self._failed(source, retryable)
                raise Failure(label + (f" after {attempt} retries" if attempt else ""))
            delay = min(self.max_wait, self.base * 2**attempt if wait is None else wait)
            if delay > 0:
                self.sleep(delay)
            attempt += 1

    def _let_through(self, source: str) -> None:
        """Raise :class:`Failure` for a call to a source given up, but one in
        ``probe_every``, which tries it again."""
        failed = self.failing.get(source, 0)
        if failed >= self.give_up and \
                (failed - self.give_up) % self.probe_every != self.probe_every - 1:
            self.failing[source] = failed + 1
            raise Failure(f"not asked: its last {self.give_up} calls failed")

    def _failed(self, source: str, retryable: bool) -> None:
        """Count a failed call (one that is not worth retrying shows the source is up)."""
        self.failing[source] = self.failing.get(source, 0) + 1 if retryable else 0


def retry_after(headers: Any) -> float | None:
    """Seconds the server asks us to wait: ``Retry-After`` (seconds or HTTP date), else None."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = str(value).strip()
    if value.isascii() and value.isdigit():  # ("²".isdigit() is True)
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def classify_hf(err: Exception) -> tuple[str, bool, float | None]:
    """Label, retryability and wait for an exception out of a huggingface_hub call."""
    if isinstance(err, HfHubHTTPError) and err.response is not None:
        status = err.response.status_code
        wait = retry_after(err.response.headers)
        if wait is None and status == 429:
            info = parse_ratelimit_headers(err.response.headers)
            wait = float(info.reset_in_seconds) if info else None
        return f"HTTP {status}", status in RETRY_STATUSES, wait
    if isinstance(err, httpx2.TimeoutException):
        return "timeout", True, None
    if isinstance(err, (httpx2.NetworkError, httpx2.RemoteProtocolError, httpx2.ProxyError)):
        return f"connection error ({type(err).__name__})", True, None
    if isinstance(err, OfflineModeIsEnabled):
        return "offline mode (HF_HUB_OFFLINE is set)", False, None
    if isinstance(err, ForeignHost):
        return str(err), False, None
    if isinstance(err, (httpx2.HTTPError, HfHubHTTPError)):
        return f"HTTP error ({type(err).__name__})", False, None
    # json.JSONDecodeError is a ValueError; PaperInfo(**x) raises TypeError, AttributeError
    # or KeyError (and parse_datetime ValueError) on answers of an unexpected shape.
    if isinstance(err, (ValueError, TypeError, AttributeError, KeyError)):
        return f"malformed answer ({type(err).__name__}: {str(err)[:120]})", False, None
    raise err


def classify_arxiv(err: Exception) -> tuple[str, bool, float | None]:
    """Label, retryability and wait for an exception out of an ``arxiv`` package call."""
    if isinstance(err, StatusError):
        return str(err), err.status in RETRY_STATUSES, err.wait
    if isinstance(err, ForeignHost):
        return str(err), False, None
    if isinstance(err, requests.exceptions.Timeout):
        return "timeout", True, None
    if isinstance(err, requests.exceptions.ConnectionError):
        return f"connection error ({type(err).__name__})", True, None
    if isinstance(err, requests.exceptions.RequestException):
        return f"HTTP error ({type(err).__name__})", False, None
    if isinstance(err, arxiv.UnexpectedEmptyPageError):  # the client's "try again"
        return "an empty page of results", True, None
    if isinstance(err, arxiv.ArxivError):
        return f"arXiv client error ({type(err).__name__})", False, None
    # MalformedAnswer from ArxivSession; ValueError from the package's date parsing.
    if isinstance(err, (MalformedAnswer, ValueError, TypeError)):
        return f"malformed answer ({type(err).__name__}: {str(err)[:120]})", False, None
    raise err


def hf_factory(budget: Budget, timeout: float, endpoint: str) -> Callable[[], httpx2.Client]:
    """A huggingface_hub client factory: our timeout, offline check, origin check, counting.

    The origin check matters: building request headers calls ``detect_agent()``
    (``utils/_headers.py``), which fetches ``{constants.ENDPOINT}/api/agent-harnesses``
    (``utils/_detect_agent.py``) from the import-time ``HF_ENDPOINT`` (huggingface.co by
    default), not from ``HfApi(endpoint=)``. Refused here, before any DNS lookup, the
    library swallows the error and caches an empty registry for the process.
    """
    allowed = origin(endpoint)

    def hook(request: httpx2.Request) -> None:
        if constants.is_offline_mode():
            raise OfflineModeIsEnabled(f"Cannot reach {request.url}: offline mode is enabled.")
        if origin(str(request.url)) != allowed:
            raise ForeignHost(f"refused a request to {str(request.url)[:100]} (not {endpoint})")
        budget.take(str(request.url))

    def factory() -> httpx2.Client:
        return httpx2.Client(event_hooks={"request": [hook]}, follow_redirects=True,
                             timeout=timeout)

    return factory


@contextmanager
def hf_session(budget: Budget, timeout: float, endpoint: str) -> Iterator[None]:
    """Route huggingface_hub's requests through :func:`hf_factory` while the block runs."""
    previous = _http._GLOBAL_CLIENT_FACTORY
    set_client_factory(hf_factory(budget, timeout, endpoint))
    try:
        yield
    finally:
        set_client_factory(previous)


class ArxivSession(requests.Session):
    """A ``requests`` session for the arxiv client: counts, times out, checks status and Atom."""

    def __init__(self, budget: Budget, timeout: float, endpoint: str,
                 pace: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.budget = budget
        self.timeout = timeout
        self.endpoint = endpoint
        #: called before each request: the arXiv client asks for later pages itself
        self.pace = pace

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Send one request (counted, with a timeout); raise on a bad status or body."""
        if origin(str(request.url)) != origin(self.endpoint):
            raise ForeignHost(f"refused a request to {str(request.url)[:100]} "
                              f"(not {self.endpoint})")
        self.budget.take(str(request.url))
        self.pace()
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        response = super().send(request, **kwargs)
        if not kwargs.get("allow_redirects", True):
            return response  # one hop of a redirect chain: the outer send checks the end
        if response.status_code != 200:
            raise StatusError(response.status_code, retry_after(response.headers))
        check_atom(response.content)
        return response


def check_atom(content: bytes) -> None:
    """Raise :class:`MalformedAnswer` unless ``content`` is a well-formed Atom feed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as err:
        raise MalformedAnswer(f"not XML: {err}") from err
    if root is None or root.tag != ATOM:
        raise MalformedAnswer(f"not an Atom feed (root {getattr(root, 'tag', None)!r})")


class Pacer:
    """Keeps at least ``delay`` seconds between arXiv requests (arXiv's terms ask for 3 s)."""

    def __init__(self, delay: float, sleep: Callable[[float], None]) -> None:
        self.delay = delay
        self.sleep = sleep
        self.last: float | None = None

    def wait(self) -> None:
        """Sleep until the next request is allowed, then mark it sent."""
        now = time.monotonic()
        if self.last is not None and self.delay > 0:
            pause = self.delay - (now - self.last)
            if pause > 0:
                self.sleep(pause)
        self.last = time.monotonic()
