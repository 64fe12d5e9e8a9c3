"""The bad-dump corpus (tests/dumps/bad/): each case builds cleanly with counted warnings,
or stops with a message naming the file (and line) -- never a traceback, never a partial
site."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from litreview.cli import main

from .conftest import article_text, make_project, small_seed_dump, visible

pytestmark = pytest.mark.slow
BAD = Path(__file__).parent / "dumps" / "bad"
HUGE = "huge-abstract.txt"
UTF16 = "utf16.txt"


def huge_dump() -> bytes:
    sentence = "We measure a quantity carefully and report what we found in detail. "
    abstract = sentence * (200_000 // len(sentence))
    return (f"Daily Papers\n\nNov 2\n\nA Paper With A Huge Abstract\n\n{abstract}\n").encode()


def utf16_dump() -> bytes:
    return ("Daily Papers\n\nNov 2\n\nCafé Paper From A UTF-16 File\n\nWe propose a method "
            "and show that it works across several benchmarks.\n").encode("utf-16-le")


MADE = {HUGE: huge_dump, UTF16: utf16_dump}


# (file, expected exit, what stderr must match on error | warning categories on success)
CASES = [
    ("empty.txt", 1, r"empty\.txt: empty file"),
    ("binary.txt", 1, r"binary\.txt:2: binary data"),
    ("no-header.txt", 1, r"no-header\.txt:1: not a Daily Papers dump"),
    ("header-only.txt", 0, {"empty-dump": 1}),
    ("latin1.txt", 0, {"decode": 1}),
    ("crlf-bom.txt", 0, {}),
    ("no-abstract.txt", 0, {"not-a-paper": 1}),
    ("slug-nothing.txt", 0, {}),
    ("near-duplicates.txt", 0, {}),
    ("bad-date.txt", 0, {"bad-date": 1}),
    ("directive-fence.txt", 0, {}),
    (HUGE, 0, {"long-abstract": 1}),
    ("org-lines.txt", 0, {}),
    ("twins-and-variants.txt", 0, {}),
    ("mixed-encoding.txt", 0, {"decode": 1}),
    ("stray-lines.txt", 0, {"stray-line": 1, "not-a-paper": 1}),
    (UTF16, 0, {"decode": 1}),
]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small published project that each case copies and adds its bad dump to."""
    project = make_project(tmp_path_factory.mktemp("base"),
                           [("001_good.txt", small_seed_dump(12), "2026-11-01")])
    assert main(["build", "--root", str(project)]) == 0
    return project


@pytest.mark.parametrize(("name", "code", "expect"), CASES, ids=[c[0] for c in CASES])
def test_bad_dump(base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                  code: int, expect: str | dict[str, int]) -> None:
    import shutil
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    data = MADE[name]() if name in MADE else (BAD / name).read_bytes()
    (project / "dumps" / name).write_bytes(data)
    with (project / "dumps" / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[[dump]]\nfile = "{name}"\ncaptured = 2026-11-02\n')
    before = digest(project / "site")
    capsys.readouterr()
    assert main(["build", "--root", str(project)]) == code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if code:
        assert isinstance(expect, str)
        assert re.search(expect, err), err
        assert digest(project / "site") == before  # nothing published
        return
    assert isinstance(expect, dict)
    counts = dict(re.findall(r"(\S+) (\d+)", out.split("warnings: ")[1].splitlines()[0])) \
        if "warnings: " in out else {}
    assert {k: int(v) for k, v in counts.items()} == expect
    for category in expect:
        assert re.search(rf"{re.escape(name)}:\d+: \[{category}\]", out)
    papers = json.loads((project / "site/latest/papers.json").read_text("utf-8"))["papers"]
    from_bad = [p for p in papers if any(s["dump"] == name for s in p["sources"])]
    entries = sum(len(p["sources"]) for p in from_bad)
    assert entries == {"header-only.txt": 0, "no-abstract.txt": 1, "slug-nothing.txt": 3,
                       "near-duplicates.txt": 3, "org-lines.txt": 3,
                       "twins-and-variants.txt": 3, "mixed-encoding.txt": 2}.get(name, 1)
    check_case(name, from_bad, out)
    if name == "near-duplicates.txt":
        assert len(from_bad) == 1
    if name == "latin1.txt":
        assert from_bad[0]["title"] == "Naïve Bayes for Café Reviews"
    if name == "slug-nothing.txt":
        assert len({p["key"] for p in from_bad}) == 3
    if name == "directive-fence.txt":
        art = article_text(project / "site" / from_bad[0]["url"])
        assert "<script>" not in art
        assert "myst_enable_extensions" not in art
        assert "```{include} ../../docs/conf.py ``` {raw}`<script>alert(1)</script>`" \
            in visible(art)


def check_case(name: str, papers: list[dict], out: str) -> None:  # type: ignore[type-arg]
    """What each newer case must have produced."""
    titles = {p["title"]: p for p in papers}
    if name == "org-lines.txt":  # no fake paper; every date on its own paper
        assert {t: p["date"] for t, p in titles.items()} == {
            "SWE-World: Building Software Engineering Agents in Docker-Free Environments":
                "2026-11-01",
            "Qwen Guard: Safety Moderation for Chat Models": "2025-10-30",
            "Agents That Read Manuals": "2026-11-02"}
    if name == "twins-and-variants.txt":  # one title, two papers; no soft hyphen left
        assert len({p["key"] for p in papers}) == 3
        assert "kept apart (one title, abstracts of different papers):" in out
        coop = titles["Cooperative Agents Need Shared Maps"]
        assert coop["code_urls"] == ["https://github.com/org/maps_(v2)"]
    if name == "mixed-encoding.txt":  # UTF-8 kept, the Windows-1252 line read as such
        assert set(titles) == {"Café Networks: Über Attention", "Naïve Bayes for Reviews"}
    if name == HUGE:
        (p,) = papers
        assert 9_000 < len(p["abstract"]) <= 10_000
    if name == UTF16:
        assert set(titles) == {"Café Paper From A UTF-16 File"}


@pytest.mark.parametrize("damage", [
    lambda b: b[: len(b) // 2],  # cut short, as a failed restore leaves it
    lambda b: b'{"papers": [{"key": 1}]}',
    lambda b: b"[]",
    lambda b: b'{"papers": [{"key": "k", "url": "u", "sources": [{"dump": "d"}]}]}',
], ids=["truncated", "key-not-text", "not-an-object", "source-without-position"])
def test_a_damaged_published_papers_json_stops_build_and_resolve(
        base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        damage: Any) -> None:
    """The keys and theme URLs readers know are read from the published papers.json:
    one that is not what the generator writes stops with a message naming it, not a
    traceback, and nothing is published (a build without them would move URLs)."""
    import shutil
    project = tmp_path / "p"
    shutil.copytree(base, project, symlinks=True)
    published = project / "site" / "latest" / "papers.json"
    published.write_bytes(damage(published.read_bytes()))
    (project / "dumps" / "002_more.txt").write_bytes(small_seed_dump(14))
    with (project / "dumps" / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[dump]]\nfile = "002_more.txt"\ncaptured = 2026-11-03\n')
    before = digest(project / "site")
    capsys.readouterr()
    for command in (["build"], ["resolve", "--max-requests", "0"]):
        assert main([*command, "--root", str(project)]) != 0
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert re.search(r"latest/papers\.json: not a papers\.json this generator wrote", err)
    assert digest(project / "site") == before
