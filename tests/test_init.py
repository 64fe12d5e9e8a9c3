"""A new review started from nothing: `litreview init`, `add` a dump of one's own, `build`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from litreview.cli import main
from litreview_dev.synth import make_dump

pytestmark = pytest.mark.slow


def test_a_review_from_an_empty_folder(tmp_path: Path, corpus_rows: tuple,  # type: ignore[type-arg]
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "my-review"
    assert main(["init", "--root", str(root)]) == 0
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        ".gitignore", "bib/README.md", "docs/README.md", "dumps/manifest.toml"]
    dump = tmp_path / "2026-11-20.txt"  # not a seed: 60 papers of the arXiv corpus
    dump.write_text(make_dump(corpus_rows[200:], 60, 11, dt.date(2026, 11, 20), True), "utf-8")
    assert main(["add", str(dump), "--date", "2026-11-20", "--root", str(root)]) == 0
    capsys.readouterr()
    assert main(["build", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "identities: 0 of 60 papers; 60 not identified yet" in out
    site = root / "site" / "latest"
    papers = json.loads((site / "papers.json").read_text("utf-8"))["papers"]
    assert len(papers) == 60
    assert (site / "index.html").is_file()
    assert (site / "about.html").is_file()  # the tool's pages, though docs/ has none
    # the build wrote nothing into the review's own folders
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["README.md"]
    assert sorted(p.name for p in (root / "bib").iterdir()) == ["README.md"]
    # a second init leaves the review alone
    assert main(["init", "--root", str(root)]) == 1
    assert "holds a review already" in capsys.readouterr().err


def test_a_page_of_ones_own_replaces_the_tools(tmp_path: Path) -> None:
    from .conftest import make_project, small_seed_dump
    project = make_project(tmp_path / "p", [("a.txt", small_seed_dump(6), "2026-11-01")])
    (project / "docs" / "about.md").write_text("# About my review\n\nMine.\n", "utf-8")
    assert main(["build", "--root", str(project)]) == 0
    about = (project / "site" / "latest" / "about.html").read_text("utf-8")
    assert "About my review" in about
    (project / "docs" / "papers").mkdir()
    (project / "docs" / "papers" / "x.md").write_text("# X\n", "utf-8")
    assert main(["build", "--root", str(project)]) == 1
