"""The browser's side of the tests: the seeds' editions served on 127.0.0.1, headless
Debian Chromium driven by Playwright, pages that record any request leaving the machine,
and screenshots in tests/_artifacts/. The fixtures are shared through conftest.py.

Chromium comes from Debian (`apt-get install chromium`): without it the browser tests
skip, except under CI=true, where .ci/run installs it and a missing browser fails.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "_artifacts"
EDITIONS = ["2026-03-11", "2026-04-16", "2026-06-06", "2026-10-03"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(seeds_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(seeds_site / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    exe = shutil.which("chromium")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI; .ci/run must apt-get install chromium")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_page(browser, server: str, **options):  # type: ignore[no-untyped-def]
    """A page in a fresh context that records every request leaving 127.0.0.1."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    pg = context.new_page()
    pg.outside = []  # requests to anything but the test server
    pg.on("request", lambda r: r.url.startswith(server) or r.url.startswith("data:")
          or pg.outside.append(r.url))
    return pg


def close(pg) -> None:  # type: ignore[no-untyped-def]
    outside = pg.outside
    pg.context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"


@pytest.fixture
def page(browser, server: str):  # type: ignore[no-untyped-def]
    pg = new_page(browser, server)
    yield pg
    close(pg)


def papers(seeds_site: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    data = json.loads((seeds_site / "site/latest/papers.json").read_text("utf-8"))
    return {p["key"]: p for p in data["papers"]}


def shot(pg, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def axe_violations(pg) -> list[dict]:  # type: ignore[no-untyped-def]
    """What axe-core finds serious or critical on the page as it is now."""
    import axe_playwright_python
    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    pg.add_script_tag(path=str(script))
    result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
