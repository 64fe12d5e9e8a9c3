"""Command line: ``litreview build``, ``add``, ``parse``. Thin: parses arguments, calls the
pipeline, turns ``LitReviewError`` into a message and exit code 1."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import LitReviewError, toml_line
from .reading.parse import parse_dump
from .site.add import add_dump
from .site.build import DEFAULT_BASE_URL, Report, build


def _parse_cmd(args: argparse.Namespace) -> int:
    year = args.year or dt.date.today().year
    out = []
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise LitReviewError(f"cannot read: {exc.strerror}", name) from None
        dump = parse_dump(data, path.name, year)
        out.append(dump)
    if args.json:
        payload = [{
            "file": d.name,
            "page_date": d.page_date.isoformat() if d.page_date else None,
            "papers": [{**dataclasses.asdict(e), "date": e.date.isoformat() if e.date else None}
                       for e in d.entries],
            "warnings": [dataclasses.asdict(w) for w in d.warnings],
        } for d in out]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for d in out:
            print(f"{d.name}: {len(d.entries)} papers, {len(d.warnings)} warnings")
            for e in d.entries:
                print(f"  {e.source.position:4d}  {e.title}")
            for w in d.warnings:
                print(f"  warning: {w}")
    return 0


def _summary(report: Report, root: Path) -> str:
    lines = [(f"read {report.entries} entries -> {report.papers} papers "
              f"({len(report.merges)} listed more than once), {report.themes} themes"),
             (f"identities: {report.papers - report.unidentified} of {report.papers} papers"
              + (f"; {report.unidentified} not identified yet (`litreview resolve`)"
                 if report.unidentified else "")),
             (f"editions: {len(report.editions_built)} built "
              f"({', '.join(report.editions_built) or 'none'}), "
              f"{len(report.editions_kept)} already up to date; latest/ "
              f"{'built' if report.latest_built else 'up to date'}"),
             (f"sources: {report.pages_written} written, {report.pages_removed} removed; "
              f"paper pages: {report.papers_rendered} rendered, the others unchanged; "
              f"site: {root / 'site' / 'latest'}")]
    if report.splits:
        lines.append("kept apart (one title, abstracts of different papers):")
        lines.extend(f"  {title[:70]}: {', '.join(keys)}" for title, keys in report.splits)
    if report.merges:
        lines.append("merged (key: dump#position, ...):")
        lines.extend("  " + key + ": " + ", ".join(f"{s.dump}#{s.position}" for s in srcs)
                     for key, srcs in report.merges)
    lines.append("stages: " + ", ".join(f"{n} {s:.1f}s" for n, s in report.stages))
    if report.warnings:
        by_cat: dict[str, int] = {}
        for w in report.warnings:
            by_cat[w.category] = by_cat.get(w.category, 0) + 1
        lines.append(f"{len(report.warnings)} warnings: "
                     + ", ".join(f"{c} {n}" for c, n in sorted(by_cat.items())))
        lines.extend(f"  {w}" for w in report.warnings[:50])
    else:
        lines.append("0 warnings")
    return "\n".join(lines)


def _build_cmd(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    report = build(root, progress=lambda s: print(f"… {s}", file=sys.stderr, flush=True),
                   base_url=args.base_url)
    print(_summary(report, root))
    return 0


def _add_cmd(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    dest, dump = add_dump(root, Path(args.dump), args.date, args.label)
    # what was read, so that a misread file shows now, not at the build
    print(f"added {dest.relative_to(root)} (captured {args.date.isoformat()}): "
          f"{len(dump.entries)} papers, {len(dump.warnings)} warnings; "
          "run `make site` to build its edition")
    for w in dump.warnings[:WARNINGS_SHOWN]:
        print(f"  warning: {w}")
    if len(dump.warnings) > WARNINGS_SHOWN:
        print(f"  … and {len(dump.warnings) - WARNINGS_SHOWN} more "
              f"(`litreview parse {dest.relative_to(root)}` lists them)")
    return 0


#: warnings `litreview add` prints one by one
WARNINGS_SHOWN = 10


def _init_cmd(args: argparse.Namespace) -> int:
    from .site.init import init_review

    root = Path(args.root).resolve()
    written = init_review(root)
    print(f"an empty review in {root}: " + (", ".join(written) or "nothing to add"))
    print("next: litreview add DUMP --date YYYY-MM-DD, then litreview build")
    return 0


def _resolve_cmd(args: argparse.Namespace) -> int:
    from .resolve.command import resolve_project  # the only command that uses the network

    root = Path(args.root).resolve()
    report = resolve_project(root, max_requests=args.max_requests, timeout=args.timeout,
                             progress=not args.no_progress, max_minutes=args.max_minutes)
    looked = len(report.added) + len(report.unresolved) + len(report.errors)
    print(f"looked up {looked} papers ({report.known} had an identity already) with "
          f"{report.requests} requests: {len(report.added)} resolved, "
          f"{len(report.unresolved)} unresolved, {len(report.errors)} errors")
    if report.added:
        print(f"added {len(report.added)} records to bib/identities.toml")
    for what, found in (("unresolved", report.unresolved), ("error", report.errors)):
        for key, why in sorted(found.items()):
            print(f"  {what}: {key}: {_one_line(why)}")
    return 0


def _one_line(text: str) -> str:
    """A reason for the log, API text in it escaped: a newline in an answer could start a
    line that CI reads as a command (``::error::``), an escape sequence recolour it."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _at_least(low: float, kind: type[int] | type[float]) -> Callable[[str], float]:
    """An argparse type: a number of ``kind``, at least ``low``."""
    def read(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}: {text}")
        return value
    return read


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``litreview`` command."""
    ap = argparse.ArgumentParser(prog="litreview", description=__doc__)
    ap.add_argument("--version", action="version", version=f"litreview {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the site from dumps/ into site/latest/")
    b.add_argument("--root", default=".", help="project folder (default: current)")
    b.add_argument("--base-url", default=os.environ.get("LITREVIEW_BASE_URL",
                                                       DEFAULT_BASE_URL),
                   help="absolute URL the site is published at, ending with / "
                   f"(default: $LITREVIEW_BASE_URL or {DEFAULT_BASE_URL})")
    b.set_defaults(func=_build_cmd)
    a = sub.add_parser("add", help="copy a dump into dumps/ and list it in the manifest")
    a.add_argument("dump", metavar="DUMP")
    a.add_argument("--date", required=True, type=dt.date.fromisoformat,
                   help="the day the listing was captured, YYYY-MM-DD")
    a.add_argument("--label", default="", help="optional label for its edition")
    a.add_argument("--root", default=".", help="project folder (default: current)")
    a.set_defaults(func=_add_cmd)
    i = sub.add_parser("init", help="make an empty review: dumps/ with an empty manifest, "
                       "bib/, docs/")
    i.add_argument("--root", default=".", help="folder of the new review (default: current)")
    i.set_defaults(func=_init_cmd)
    r = sub.add_parser("resolve", help="look up the identity of every paper that has none "
                       "(Hugging Face Papers API, then arXiv) and add it to bib/identities.toml")
    r.add_argument("--root", default=".", help="project folder (default: current)")
    r.add_argument("--max-requests", type=_at_least(0, int), default=500,
                   help="most HTTP requests in this run (default: 500)")
    r.add_argument("--timeout", type=_at_least(0.1, float), default=10.0,
                   help="seconds to wait for one answer (default: 10)")
    r.add_argument("--max-minutes", type=_at_least(0.0, float), default=30.0,
                   help="stop asking after this many minutes and write what was found "
                   "(default: 30)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.set_defaults(func=_resolve_cmd)
    p = sub.add_parser("parse", help="parse dump files and print their papers")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print papers and warnings as JSON")
    p.add_argument("--year", type=int, help="year for dates printed without one "
                   "(default: this year)")
    p.set_defaults(func=_parse_cmd)
    args = ap.parse_args(argv)
    try:
        return int(args.func(args))
    except LitReviewError as exc:
        print(f"litreview: error: {_with_line(exc)}", file=sys.stderr)
        return 1


def _with_line(exc: LitReviewError) -> LitReviewError:
    """An error about a TOML file (bib/themes.toml, bib/identities.toml) names the line its
    checks do not know, found by what the message names (``toml_line``)."""
    path = Path(exc.filename or "")
    if exc.line is None and path.suffix == ".toml" and path.is_file():
        exc.line = toml_line(path.read_text("utf-8", errors="replace"), exc.message)
    return exc


if __name__ == "__main__":
    sys.exit(main())
