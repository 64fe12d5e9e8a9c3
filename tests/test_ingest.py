"""Dumps as they really come, at the level of a project: published editions never change,
capture dates are checked, `litreview add` refuses what would break the review, and odd
files in dumps/ are errors that name them -- never a traceback, never a partial site."""

from __future__ import annotations

import hashlib
import os
import shutil
import tomllib
from pathlib import Path

import pytest

from litreview.cli import main
from litreview.reading.parse import parse_dump

from .conftest import make_project, small_seed_dump, write_dumps

pytestmark = pytest.mark.slow

ABS = ("We propose a method for a problem and show that it works. Results improve on strong "
       "baselines across several benchmarks.")


def listing(day: str, *titles: str) -> bytes:
    """A small dump whose page prints ``day`` ("Nov 21")."""
    return (f"Daily Papers\n\n{day}\n\n"
            + "".join(f"{t}\n\n{ABS} {t}.\n\n" for t in titles)).encode()


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with two published editions (2026-11-01 and 2026-11-08)."""
    project = make_project(tmp_path_factory.mktemp("pub"), [
        ("001_a.txt", small_seed_dump(12).replace(b"Nov 1\n", b"Nov 1\n"), "2026-11-01"),
        ("002_b.txt", listing("Nov 8", "Alpha Paper", "Beta Paper"), "2026-11-08")])
    assert main(["build", "--root", str(project)]) == 0
    return project


def copy(project: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "p"
    shutil.copytree(project, dest, symlinks=True)
    return dest


def refused(project: Path, capsys: pytest.CaptureFixture[str], *needles: str) -> None:
    """A build that stops with a message holding every needle, and leaves site/ as it
    was."""
    before = digest(project / "site")
    capsys.readouterr()
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    assert digest(project / "site") == before


def test_an_older_dump_inserted_by_hand_changes_no_published_edition(
        published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy(published, tmp_path)
    write_dumps(project, [("003_old.txt", listing("Nov 4", "Gamma Paper"), "2026-11-04")])
    refused(project, capsys, "2026-11-08", "before the published edition",
            "later than 2026-11-08")


def test_a_removed_or_changed_dump_is_refused(published: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    project = copy(published, tmp_path)
    (project / "dumps" / "002_b.txt").write_bytes(listing("Nov 8", "Alpha Paper"))
    refused(project, capsys, "edition 2026-11-08 is published and would change")
    project = copy(published, tmp_path / "again")
    manifest = project / "dumps" / "manifest.toml"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace("captured = 2026-11-08", "captured = 2026-11-09"),
                        "utf-8")
    refused(project, capsys, "edition 2026-11-08 is published, but the manifest no longer "
            "makes it", "delete")


def test_a_capture_date_in_the_future_or_off_the_page_date_is_refused(
        published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy(published, tmp_path)
    dump = tmp_path / "003_c.txt"
    dump.write_bytes(listing("Nov 21", "Gamma Paper"))
    manifest = (project / "dumps" / "manifest.toml").read_bytes()
    assert main(["add", str(dump), "--date", "2062-11-21", "--root", str(project)]) == 1
    assert "in the future" in capsys.readouterr().err
    assert main(["add", str(dump), "--date", "2026-11-12", "--root", str(project)]) == 1
    assert "prints the page date Nov 21, but its capture date is 2026-11-12" in \
        capsys.readouterr().err
    assert (project / "dumps" / "manifest.toml").read_bytes() == manifest
    assert not (project / "dumps" / "003_c.txt").exists()
    # the page's day, or a few days after it, is right
    assert main(["add", str(dump), "--date", "2026-11-23", "--root", str(project)]) == 0
    # and add says what it read, so that a misread file shows now (it said nothing)
    said = capsys.readouterr().out
    count = len(parse_dump(dump.read_bytes(), "003_c.txt", 2026).entries)
    assert f"added dumps/003_c.txt (captured 2026-11-23): {count} papers, 0 warnings" in said


def test_add_writes_valid_toml_for_any_label(published: Path, tmp_path: Path) -> None:
    project = copy(published, tmp_path)
    dump = tmp_path / "003_c.txt"
    dump.write_bytes(listing("Nov 21", "Gamma Paper"))
    label = 'odd \x7f "label" \\ with\ttab'
    assert main(["add", str(dump), "--date", "2026-11-21", "--label", label,
                 "--root", str(project)]) == 0
    data = tomllib.loads((project / "dumps" / "manifest.toml").read_text("utf-8"))
    assert data["dump"][-1]["label"] == label
    assert main(["build", "--root", str(project)]) == 0


def test_add_registers_a_file_already_in_dumps_and_refuses_a_copy(
        published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy(published, tmp_path)
    stray = project / "dumps" / "003_c.txt"
    stray.write_bytes(listing("Nov 21", "Gamma Paper"))
    capsys.readouterr()
    assert main(["build", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "003_c.txt is in dumps/ but not in the manifest; add it with `litreview add " \
           "dumps/003_c.txt" in err
    assert main(["add", str(stray), "--date", "2026-11-21", "--root", str(project)]) == 0
    assert main(["build", "--root", str(project)]) == 0
    twin = tmp_path / "004_twin.txt"
    twin.write_bytes(stray.read_bytes())
    assert main(["add", str(twin), "--date", "2026-11-22", "--root", str(project)]) == 1
    assert "a byte-for-byte copy of 003_c.txt" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["folder", "loop"])
def test_a_folder_or_a_link_loop_in_dumps_is_an_error_naming_it(
        published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    project = copy(published, tmp_path)
    odd = project / "dumps" / "003_odd.txt"
    if kind == "folder":
        odd.mkdir()
    else:
        os.symlink(odd, odd)  # a link to itself
    with (project / "dumps" / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[dump]]\nfile = "003_odd.txt"\ncaptured = 2026-11-21\n')
    refused(project, capsys, "003_odd.txt")


def test_a_dump_with_organisation_lines_builds_with_no_fake_paper(tmp_path: Path) -> None:
    import json
    body = (f"SWE-World: Agents\n\n{ABS}\n\nRUC-AIBOX RUC-AIBOX\n·\nNov 20 3\n\n"
            f"Other Paper\n\n{ABS} More.\n\n  • 2 authors\n·\nNov 19\n")
    project = make_project(tmp_path / "p", [], identities=False)
    write_dumps(project, [("001.txt", f"Daily Papers\n\nNov 21\n\n{body}".encode(),
                           "2026-11-21")])
    assert main(["build", "--root", str(project)]) == 0
    papers = json.loads((project / "site/latest/papers.json").read_text("utf-8"))["papers"]
    assert {p["title"]: p["date"] for p in papers} == {"SWE-World: Agents": "2026-11-20",
                                                      "Other Paper": "2026-11-19"}


def test_a_published_key_or_url_that_would_go_is_caught() -> None:
    """The last line of defence, behind the check of published editions."""
    from litreview.analysis.library import paper
    from litreview.errors import LitReviewError
    from litreview.model import Library, Source
    from litreview.site.verify import check_keys_kept
    lib = Library(papers=(paper("kept", "Kept", "", (Source("d.txt", 1, 1),)),))
    check_keys_kept({"kept": "papers/kept.html"}, lib, "site/latest")
    with pytest.raises(LitReviewError, match=r"^site/latest: 1 published keys or URLs "
                       r"would disappear or change \(dumps are append-only\): gone"):
        check_keys_kept({"kept": "papers/kept.html", "gone": "papers/gone.html"}, lib,
                        "site/latest")
