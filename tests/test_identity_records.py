"""Identities of record (bib/identities.toml) and `litreview resolve` on a project: the file
reads back what it wrote, bad records stop with the key and the value, a run adds only
new records and never changes one, a second run changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from litreview.analysis.editions import daily_date
from litreview.cli import main
from litreview.errors import LitReviewError
from litreview.model import Identity
from litreview.reading.identities import format_identities, parse_identities
from litreview.resolve.command import resolve_project
from litreview.resolve.engine import Query

from .conftest import ROOT, FakeSleep, make_project, seed_dumps, small_seed_dump, write_dumps
from .standin import StandIn

TODAY = "2026-11-26"


def test_the_repository_holds_every_seed_identity(seeds: dict[str, Identity]) -> None:
    assert len(seeds) == 251
    assert sum(1 for r in seeds.values() if r.authors) == 250  # one record names nobody
    assert all(r.arxiv_id and r.date for r in seeds.values())
    assert {r.date_precision for r in seeds.values()} == {"day", "month"}


def test_the_file_reads_back_what_it_wrote(seeds: dict[str, Identity]) -> None:
    text = format_identities(seeds)
    assert parse_identities(text, "x.toml", TODAY) == seeds
    assert text == (ROOT / "bib" / "identities.toml").read_text("utf-8")  # sorted, stable
    hostile = dataclasses.replace(next(iter(seeds.values())), authors=(
        '<script>alert(1)</script>', r"{\input{/etc/passwd}}", "100% \x7f Zoë", '"\\"'))
    again = parse_identities(format_identities({hostile.key: hostile}), "x.toml", TODAY)
    assert again[hostile.key].authors == ('<script>alert(1)</script>',
                                          r"{\input{/etc/passwd}}", "100% Zoë", '"\\"')


@pytest.mark.parametrize(("record", "message"), [
    ('[k]\narxiv_id = "2101.00001"\ntitle = "T"\nauthors = []\ndate = "2021-01-01"\n'
     'auther = ["x"]\n', r"\[k\]: unknown field 'auther'; did you mean 'authors'\?"),
    ('[k]\narxiv_id = "2101.00001"\ntitle = "T"\nauthors = []\n', r"\[k\]: needs arxiv_id"),
    ('[k]\narxiv_id = "21.1"\ntitle = "T"\nauthors = []\ndate = "2021-01-01"\n',
     r"\[k\]: arXiv id '21.1' is not an arXiv identifier"),
    ('[k]\narxiv_id = "2101.00001"\ntitle = "T"\nauthors = []\ndate = "2031-01-01"\n',
     r"\[k\]: date 2031-01-01 is outside"),
    ('[k]\narxiv_id = "2101.00001"\ntitle = "T"\nauthors = [1]\ndate = "2021-01-01"\n',
     r"\[k\]: author 1 is int"),
    ('[k]\narxiv_id = "2101.00001"\ntitle = "T"\nauthors = []\ndate = "2021-01-01"\n'
     'curated = ["colour"]\n', r"curated lists field names"),
    ('k = 1\n', r"'k' must be a table"),
    ('[k\n', r"invalid TOML"),
])
def test_a_bad_record_names_the_file_key_and_value(record: str, message: str) -> None:
    with pytest.raises(LitReviewError, match=r"^bib/identities\.toml: .*" + message):
        parse_identities(record, "bib/identities.toml", TODAY)


def test_an_identity_for_no_paper_stops_the_build(tmp_path: Path) -> None:
    from litreview.site.build import build
    project = make_project(tmp_path, [("a.txt", small_seed_dump(8), "2026-11-01")])
    path = project / "bib" / "identities.toml"
    records = parse_identities(path.read_text("utf-8"), "x", TODAY)
    key = next(iter(records))
    typo = dataclasses.replace(records[key], key=key + "x")
    path.write_text(format_identities({**records, typo.key: typo}), "utf-8")
    with pytest.raises(LitReviewError, match=rf"keys are no paper of the review: {key}x; "
                                             rf"did you mean '{key}'\?"):
        build(project)
    assert not (project / "site").exists()


# --- `litreview resolve` on a project, against the stand-in ---------------------------------

@pytest.fixture
def endpoints(monkeypatch: pytest.MonkeyPatch, loopback_only: list[str],
              recordings: dict[str, Any]) -> Any:
    with StandIn(recordings) as s:
        monkeypatch.setenv("HF_ENDPOINT", s.hf_endpoint)
        monkeypatch.setenv("LITREVIEW_ARXIV_API", s.arxiv_api)
        yield s


def run(project: Path, **kw: Any) -> Any:
    return resolve_project(project, progress=False, today=TODAY, sleep=FakeSleep(),
                           arxiv_delay=0.0, timeout=2.0, **kw)


def test_resolve_adds_only_what_is_missing_and_a_second_run_changes_nothing(
        tmp_path: Path, endpoints: StandIn, seeds: dict[str, Identity]) -> None:
    project = make_project(tmp_path / "p", seed_dumps(1))
    path = project / "bib" / "identities.toml"
    records = parse_identities(path.read_text("utf-8"), "x", TODAY)
    # the maintainer corrected one record by hand; three others are not known yet
    first = sorted(records)[0]
    mine = dataclasses.replace(records[first], venue="My corrected venue", curated=("venue",))
    gone = sorted(records)[1:4]
    kept = {k: v for k, v in records.items() if k not in gone} | {first: mine}
    path.write_text(format_identities(kept), "utf-8")
    report = run(project)
    assert sorted(report.added) == gone
    assert (report.unresolved, report.errors) == ({}, {})
    assert report.requests == 3  # one title search each
    now = parse_identities(path.read_text("utf-8"), "x", TODAY)
    assert now[first] == mine  # untouched
    for key in gone:
        assert (now[key].arxiv_id, now[key].authors) == (seeds[key].arxiv_id,
                                                         seeds[key].authors)
        assert now[key].source == f"huggingface {TODAY}"
    before = path.read_bytes()
    again = run(project)
    assert (again.added, again.requests) == ({}, 0)
    assert path.read_bytes() == before


def test_resolve_keeps_every_byte_the_maintainer_wrote(
        tmp_path: Path, endpoints: StandIn, seeds: dict[str, Identity]) -> None:
    """Resolve puts new tables in among the others and changes nothing else: it had
    written the whole file again from what it parsed, dropping the maintainer's comments,
    turning a curated "2006.13311v3" into "2006.13311" and a TOML date into a string
    (hostile pass; CI commits the file unreviewed)."""
    project = make_project(tmp_path / "p", seed_dumps(1))
    path = project / "bib" / "identities.toml"
    records = parse_identities(path.read_text("utf-8"), "x", TODAY)
    keys = sorted(records)
    gone = [keys[0], keys[len(keys) // 2], keys[-1]]  # first, middle and last
    text = format_identities({k: v for k, v in records.items() if k not in gone})
    mine = keys[1]
    text = text.replace(f"[{mine}]\n", f"# Checked by hand against the publisher's page.\n"
                                        f"[{mine}]   # the journal version\n")
    text = re.sub(rf'(\[{mine}\][^\n]*\n)arxiv_id = "([^"]+)"',
                  r'\1arxiv_id = "\2v3"  # the version I read', text)
    text = text.replace(f"[{mine}]   # the journal version\n",
                        f"[{mine}]   # the journal version\ncurated = [\"arxiv_id\"]\n")
    path.write_text(text, "utf-8")
    report = run(project)
    assert sorted(report.added) == sorted(gone)
    after = path.read_text("utf-8")
    # every line that was there is there, in the same order, and the new tables in order
    kept = iter(after.splitlines())
    assert all(any(line == other for other in kept) for line in text.splitlines())
    heads = re.findall(r"^\[(\w+)\]", after, re.MULTILINE)
    assert heads == sorted(heads)
    assert set(gone) <= set(heads)
    assert f'arxiv_id = "{records[mine].arxiv_id}v3"  # the version I read' in after
    assert "# Checked by hand against the publisher's page.\n" \
        f"[{mine}]   # the journal version" in after


def test_an_api_outage_changes_nothing_and_says_why(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    loopback_only: list[str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", [("a.txt", small_seed_dump(3), "2026-11-01")],
                           identities=False)
    # nothing listens on these ports: every request fails at once
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("LITREVIEW_ARXIV_API", "http://127.0.0.1:9/api/query")
    # the waits the command would sleep (retries, arXiv's pace), recorded, not slept
    from litreview.resolve.command import resolve_project
    slept: list[float] = []
    monkeypatch.setitem(resolve_project.__kwdefaults__, "sleep", slept.append)
    assert main(["resolve", "--root", str(project), "--no-progress", "--timeout", "1",
                 "--max-requests", "6"]) == 0
    out = capsys.readouterr().out
    assert "0 resolved, 0 unresolved, 3 errors" in out
    assert slept
    assert sum(slept) >= 3.0  # at least arXiv's pace between two of its queries
    assert not (project / "bib" / "identities.toml").exists()


@pytest.mark.parametrize(("dates", "page", "daily"), [
    ([dt.date(2026, 3, 11)] * 9 + [dt.date(2025, 1, 1)], dt.date(2026, 3, 11), "2026-03-11"),
    ([dt.date(2026, 3, 11)] * 7 + [dt.date(2025, 1, 1)] * 3, dt.date(2026, 3, 11), ""),
    ([], dt.date(2026, 3, 11), ""),  # no listing dates: not known to be one day's list
    ([dt.date(2026, 3, 11)], None, ""),
])
def test_a_dump_is_one_days_listing_when_its_papers_were_listed_that_week(
        dates: list[dt.date], page: dt.date | None, daily: str) -> None:
    from litreview.model import Dump, Entry, Source
    dump = Dump("d.txt", page, tuple(Entry(f"T{i}", "A.", Source("d.txt", i, i), date=d)
                                     for i, d in enumerate(dates)))
    assert daily_date(dump) == daily


def test_the_seed_dumps_are_not_daily_listings() -> None:
    from litreview.site.inputs import Paths, load_dumps
    _, dumps = load_dumps(Paths(ROOT))
    assert [daily_date(d) for d in dumps] == ["", "", "", ""]


def test_queries_carry_the_daily_listing_of_a_real_day(tmp_path: Path) -> None:
    from litreview.resolve.command import queries
    from litreview.site.inputs import Paths, load_dumps
    body = "".join(f"Paper number {i}\n\nAbstract {i}.\n\n• 3 authors\n·\nNov 20\n\n"
                   for i in range(5))
    project = make_project(tmp_path / "p", [], identities=False)
    write_dumps(project, [("d.txt", ("Daily Papers\n\nNov 20\n\n" + body).encode(),
                           "2026-11-20")])
    _, dumps = load_dumps(Paths(project))
    found = queries(dumps, {})
    assert [q.daily for q in found] == [("2026-11-20",)] * 5
    assert isinstance(found[0], Query)


def test_new_records_keep_a_windows_file_windows(seeds: dict[str, Identity]) -> None:
    """A file saved with CRLF line ends keeps them, every one (resolve had rewritten all
    4,961 of the seeds' file: hostile pass), and new tables go in key order under the
    file's own top comment."""
    from litreview.reading.identities import with_records

    records = {k: seeds[k] for k in sorted(seeds)[:4]}
    keys = sorted(records)
    kept = {k: v for k, v in records.items() if k != keys[0]}
    text = "# my own header\n" + format_identities(kept).split("\n\n", 1)[1]
    text = text.replace("\n", "\r\n")
    out = with_records(text, {keys[0]: records[keys[0]]}, "x", TODAY)
    assert out.count("\n") == out.count("\r\n")
    assert out.startswith("# my own header\r\n[" + keys[0] + "]")
    assert text.replace("# my own header\r\n", "") in out
    assert parse_identities(out, "x", TODAY) == records


def test_resolve_keeps_a_windows_file_windows(tmp_path: Path, endpoints: StandIn) -> None:
    """A file saved with CRLF keeps them, the records there and the new ones: the command
    read it with universal newlines, so every line came back LF (hostile pass; the
    formatting function alone was tested)."""
    project = make_project(tmp_path / "p", seed_dumps(1))
    path = project / "bib" / "identities.toml"
    records = parse_identities(path.read_text("utf-8"), "x", TODAY)
    gone = sorted(records)[len(records) // 2]
    text = format_identities({k: v for k, v in records.items() if k != gone})
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert sorted(run(project).added) == [gone]
    after = path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") > text.count("\n")
    assert f"[{gone}]\r\n".encode() in after
