"""The ``litreview`` command: exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from litreview.cli import main

from .conftest import SEEDS


def test_parse_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEEDS / "001_ff67e1f32fc89d71.txt"), "--json", "--year",
                 "2026"]) == 0
    (dump,) = json.loads(capsys.readouterr().out)
    assert len(dump["papers"]) == 35
    assert dump["warnings"] == []
    first = dump["papers"][0]
    assert (first["authors_count"], first["date"]) == (2, "2025-09-26")
    assert first["source"] == {"dump": "001_ff67e1f32fc89d71.txt", "position": 1, "line": 13}


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
    (b"hello\n\nworld\n", "not a Daily Papers dump"),
])
def test_parse_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                        message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert main(["parse", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("litreview: error: bad.txt")
    assert message in err
    assert "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "/nonexistent/x.txt"]) == 1
    assert "/nonexistent/x.txt: cannot read" in capsys.readouterr().err


def test_resolve_settings_are_checked_before_any_request(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """An endpoint with no scheme ended in a traceback, and "--timeout -1" was taken and
    reported per paper as a malformed answer (hostile pass)."""
    from .conftest import make_project, small_seed_dump

    project = make_project(tmp_path / "p", [("a.txt", small_seed_dump(2), "2026-11-01")],
                           identities=False)
    monkeypatch.setenv("HF_ENDPOINT", "huggingface.co")
    assert main(["resolve", "--root", str(project), "--no-progress"]) == 1
    assert "hf_endpoint 'huggingface.co' is not an http(s) URL" in capsys.readouterr().err
    for bad in (["--timeout", "-1"], ["--timeout", "0"], ["--max-requests", "-5"]):
        with pytest.raises(SystemExit) as exit_:
            main(["resolve", "--root", str(project), *bad])
        assert exit_.value.code == 2
        assert "must be at least" in capsys.readouterr().err


def test_build_reports_a_dump_missing_from_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "manifest.toml").write_text("", "utf-8")
    (tmp_path / "dumps" / "005_new.txt").write_text("Daily Papers\n", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "litreview.cli", "build", "--root",
                           str(tmp_path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "005_new.txt is in dumps/ but not in the manifest" in proc.stderr
    assert "litreview add" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("manifest", "message"), [
    ('[[dump]]\nfile = "a.txt"\ncapture = 2026-01-01\n', "did you mean 'captured'"),
    ('[[dump]]\nfile = "a.txt"\ncaptured = "soon"\n', "must be a date"),
    ('[[dump]]\nfile = "../a.txt"\ncaptured = 2026-01-01\n', "must be a file name"),
    ("[[dump\n", "invalid TOML"),
])
def test_bad_manifest(manifest: str, message: str) -> None:
    from litreview.errors import LitReviewError
    from litreview.reading.manifest import parse_manifest
    with pytest.raises(LitReviewError, match=message):
        parse_manifest(manifest, "dumps/manifest.toml", ["a.txt"])


def test_eval_prints_the_quality_table(corpus_rows: tuple,  # type: ignore[type-arg]
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`make eval`: the seeds' labelled checks, the arXiv agreement and the arXiv corpus
    arriving as four dumps; the numbers are the ones the quality tests guard."""
    from litreview_dev.eval import main as eval_main

    from .conftest import CORPUS, ROOT
    assert eval_main(["--root", str(ROOT), "--pairs", str(ROOT / "tests/data/theme_pairs.tsv"),
                      "--corpus", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    must = float(out.split("must-link rate")[1].split("%")[0])
    assert must >= 95.0  # (as test_themes_quality.test_labelled_pairs_hold)
    assert "cannot-link violations     0  (56 pairs)" in out
    assert out.count("theme slugs surviving 100.0%") == 6  # seeds 3 steps, arXiv 3 steps
    assert "arXiv corpus as 4 dumps of 400, 200, 200, 200 papers" in out
    purity = float(out.split("newest edition: purity vs primary category ")[1].split(",")[0])
    assert purity > 0.7
