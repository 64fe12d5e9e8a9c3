"""Golden files: one paper page's article (HTML) and its .bib entry, from the real seeds.

A failure shows a diff; ``make goldens`` rewrites them after an intended change.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from generator.build import make_libraries, render_site
from generator.manifest import DumpSpec
from generator.parse import parse_dump
from generator.render import PAPER_PAGES

from .conftest import seed_dumps, seed_specs

GOLDENS = Path(__file__).parent / "goldens"
KEY = "analysisVariationalSparse2025"  # has a date, an author count and five related papers


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    import datetime as dt
    specs = tuple(DumpSpec(f, dt.date.fromisoformat(c)) for f, c in seed_specs())
    dumps = tuple(parse_dump(data, name, int(c[:4])) for name, data, c in seed_dumps())
    out = render_site(make_libraries(dumps)[-1], specs, Path("/nonexistent/curated.bib"))
    papers = json.loads(out.pages[PAPER_PAGES])
    return {**out.pages, **{f"extra/{k}": v for k, v in out.extra.items()},
            **{f"papers/{k}.html": v["body"] for k, v in papers.items()}}


@pytest.mark.parametrize("name,generated", [
    (f"paper-{KEY}.html", f"papers/{KEY}.html"),
    (f"{KEY}.bib", f"extra/bib/{KEY}.bib"),
])
def test_golden(files: dict[str, str], update_goldens: bool, name: str, generated: str) -> None:
    actual = files[generated]
    path = GOLDENS / name
    if update_goldens:
        path.write_text(actual, "utf-8")
    expected = path.read_text("utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", f"generated/{generated}"))
        pytest.fail(f"output differs from the golden file (run `make goldens` if intended):\n"
                    f"{diff}")
