"""``make bench-weekly``: a year of weekly dumps, as CI builds them.

A review starts from one dump of ``--first`` papers (6,000), then takes ``--weeks`` (52)
weekly dumps of 100 papers, a fifth of which were listed before (real dumps repeat
papers). After each dump, ``litreview build`` runs as CI runs it, and the benchmark
records:

- the build's time (seconds);
- the whole site as uploaded: bytes and files, every path counted (the Pages artifact is a
  tar made with ``--hard-dereference``, so ``latest/``'s hard links count in full);
- the newest edition's own folder (bytes);
- what CI restores from gh-pages before the build: the site as the previous build left it.

``--quick`` is 8 weeks. Writes ``benchmarks/results/<date>-weekly[-quick].json`` and
``.md``. Sizes are the point; times are single runs on a noisy machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from litreview_dev.synth import make_series

from .project import ROOT, corpus_rows, write_dump

RESULTS = ROOT / "benchmarks" / "results"
START = dt.date(2026, 1, 7)


def tree_size(root: Path) -> tuple[int, int]:
    """(bytes, files) under ``root``, every path counted (hard links too)."""
    total = files = 0
    for folder, _, names in os.walk(root):
        for name in names:
            total += os.lstat(os.path.join(folder, name)).st_size
            files += 1
    return total, files


def new_project(where: Path, dumps: list[tuple[str, dt.date]]) -> Path:
    (where / "dumps").mkdir(parents=True)
    (where / "bib").mkdir()
    (where / "docs").mkdir()
    text, day = dumps[0]
    write_dump(where, "000_first.txt", text, day)
    return where


def build(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "litreview"), "build", "--root",
                    str(project)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def scenario(first: int, weeks: int, per_week: int, repeat: float,
             where: Path, progress: bool = True) -> list[dict[str, Any]]:
    """Build the review after its first dump and after each weekly one; a row per build."""
    dumps = make_series(corpus_rows(), first, weeks, per_week, repeat, 7, START)
    project = new_project(where, dumps)
    rows = []
    for week in range(weeks + 1):
        if week:
            text, day = dumps[week]
            write_dump(project, f"{week:03d}_week.txt", text, day)
        restored = tree_size(project / "site")[0] if (project / "site").exists() else 0
        seconds = build(project)
        size, files = tree_size(project / "site")
        newest = max(p for p in (project / "site").iterdir()
                     if p.is_dir() and p.name[:1].isdigit())
        rows.append({"week": week, "build_s": round(seconds, 2), "site_bytes": size,
                     "files": files, "newest_edition_bytes": tree_size(newest)[0],
                     "restored_bytes": restored,
                     "editions": sum(1 for p in (project / "site").iterdir()
                                     if p.is_dir() and p.name[:1].isdigit())})
        if progress:
            r = rows[-1]
            print(f"week {week:2d}: {r['build_s']:6.1f} s, site {size / 1e6:7.1f} MB, "
                  f"{files:6d} files, newest {r['newest_edition_bytes'] / 1e6:6.1f} MB",
                  flush=True)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    out = ["| week | build (s) | site (MB) | files | newest edition (MB) | restored (MB) |",
           "|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['week']} | {r['build_s']:.1f} | {r['site_bytes'] / 1e6:.1f} | "
                   f"{r['files']} | {r['newest_edition_bytes'] / 1e6:.1f} | "
                   f"{r['restored_bytes'] / 1e6:.1f} |")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--first", type=int, default=6000)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--per-week", type=int, default=100)
    ap.add_argument("--repeat", type=float, default=0.2)
    ap.add_argument("--quick", action="store_true", help="8 weeks")
    ap.add_argument("--keep", type=Path, help="build here and keep it (default: a temp dir)")
    args = ap.parse_args()
    weeks = 8 if args.quick else args.weeks
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp) / "review"
        rows = scenario(args.first, weeks, args.per_week, args.repeat, where)
    name = f"{dt.date.today().isoformat()}-weekly{'-quick' if args.quick else ''}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"first": args.first, "weeks": weeks, "per_week": args.per_week,
            "repeat": args.repeat, "machine": platform.platform(),
            "cpus": os.cpu_count()}
    (RESULTS / f"{name}.json").write_text(json.dumps({"meta": meta, "rows": rows},
                                                     indent=1) + "\n", "utf-8")
    (RESULTS / f"{name}.md").write_text(table(rows), "utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
