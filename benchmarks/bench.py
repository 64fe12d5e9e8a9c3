"""``make bench``: the scaling benchmarks of docs/scaling.md, medians of several runs.

Measures, at each size (2,500 and 10,000 papers by default): the generator alone; a full
site build from nothing; a no-op rebuild; adding one 100-paper dump (a new edition, with
the previous edition's library cached); peak RSS; HTML bytes of a paper page (median, no
shared assets); what a reader downloads for a first search. The generator alone also at
50,000. In the same session it builds the naive reference (every paper a MyST page in a
visible theme toctree) at 2,500 papers and reports each time as a ratio to it, so results
compare across noisy machines. Writes benchmarks/results/<date>.json and .md, and puts
the table into docs/scaling.md (between its bench-table markers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .naive import make_naive
from .project import ROOT, add_small_dump, make_project

RESULTS = ROOT / "benchmarks" / "results"
QUERY = "diffusion"


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MB, the largest process of the command's tree) of a command."""
    code = ("import resource,subprocess,sys,time;t=time.perf_counter();"
            "r=subprocess.run(sys.argv[1:]);"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN)"
            ".ru_maxrss/1024, file=sys.stderr);sys.exit(r.returncode)")
    proc = subprocess.run([sys.executable, "-c", code, *cmd], cwd=cwd, check=False,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    seconds, rss = proc.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(rss)


def median_of(runs: int, once: Callable[[int], tuple[float, float]]) -> dict[str, Any]:
    got = [once(i) for i in range(runs)]
    secs = [s for s, _ in got]
    return {"median_s": statistics.median(secs), "runs_s": secs,
            "peak_rss_mb": max(r for _, r in got)}


def litreview(project: Path) -> tuple[float, float]:
    return run([str(Path(sys.executable).parent / "litreview"), "build", "--root",
                str(project)])


def generator_only(project: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.generator_only", str(project)],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return data["seconds"], data["peak_rss_mb"]


def page_bytes(site: Path) -> dict[str, float]:
    sizes = [p.stat().st_size for p in (site / "papers").glob("*.html")
             if p.name != "index.html"]
    return {"median_bytes": statistics.median(sizes), "max_bytes": max(sizes),
            "pages": len(sizes)}


def search_download(site: Path) -> dict[str, Any]:
    """Bytes a reader's browser fetches from pagefind/ for a first query (Chromium)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return {"skipped": "no chromium"}
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    gzipped: dict[str, int] = {}  # what a host that compresses (GitHub Pages does) sends
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium)
            page = browser.new_page()

            def seen(resp: Any) -> None:
                if "/pagefind/" in resp.url:
                    body = resp.body()
                    sizes[resp.url] = len(body)
                    gzipped[resp.url] = len(gzip.compress(body))

            page.on("response", seen)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/latest/search.html"
                      f"?q={QUERY}")
            page.locator("a.pagefind-ui__result-link").first.wait_for(timeout=60000)
            page.wait_for_timeout(1500)
            results = page.locator(".pagefind-ui__message").inner_text()
            browser.close()
    finally:
        httpd.shutdown()
    is_code = [u for u in sizes if u.endswith((".js", ".css", ".pagefind"))]
    code = sum(sizes[u] for u in is_code)
    return {"query": QUERY, "results": results, "files": len(sizes),
            "code_bytes": code, "data_bytes": sum(sizes.values()) - code,
            "total_bytes": sum(sizes.values()),
            "code_gzip_bytes": sum(gzipped[u] for u in is_code),
            "total_gzip_bytes": sum(gzipped.values())}


def bench_size(n: int, runs: int, work: Path) -> dict[str, Any]:
    print(f"== {n} papers", flush=True)
    out: dict[str, Any] = {"papers": n}
    gen = work / f"gen{n}"
    make_project(gen, n)
    out["generator"] = median_of(runs, lambda i: generator_only(gen))
    print(f"  generator {out['generator']['median_s']:.1f}s", flush=True)
    full, noop, added = [], [], []
    project = work / f"site{n}"
    for _ in range(runs):
        make_project(project, n)
        full.append(litreview(project))
        noop.append(litreview(project))
        add_small_dump(project, 1)
        added.append(litreview(project))
    for name, got in (("full_build", full), ("noop_rebuild", noop), ("new_edition", added)):
        out[name] = {"median_s": statistics.median(s for s, _ in got),
                     "runs_s": [s for s, _ in got], "peak_rss_mb": max(r for _, r in got)}
        print(f"  {name} {out[name]['median_s']:.1f}s", flush=True)
    out["paper_page"] = page_bytes(project / "site")
    out["search"] = search_download(project / "site")
    return out


def naive_reference(n: int, runs: int, work: Path) -> dict[str, Any]:
    print(f"== naive reference, {n} papers", flush=True)
    src = make_naive(work / "naive", n)

    def once(i: int) -> tuple[float, float]:
        out = work / "naive-out"
        shutil.rmtree(out, ignore_errors=True)
        return run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)])

    got = median_of(runs, once)
    print(f"  naive {got['median_s']:.1f}s", flush=True)
    return got


def table(r: dict[str, Any]) -> str:
    ref = r["naive_2500"]["median_s"]
    lines = [(f"Measured {r['date']} on {r['machine']}; medians of {r['runs']} runs; "
             f"ratios are to the naive reference build at {r['naive_papers']:,} papers "
             f"({ref:.1f} s in the same session)."), "",
             "| papers | measure | median | ratio to naive | target | peak RSS |",
             "|---:|---|---:|---:|---|---:|"]
    targets = {"full_build": ("≤ 0.8 (10,000)", 10000), "new_edition": ("≤ 0.09 (10,000)", 10000),
               "noop_rebuild": ("≤ 5 s (10,000)", 10000), "generator": ("≤ 5 s (10,000)", 10000)}
    for size in r["sizes"]:
        for key in ("generator", "full_build", "noop_rebuild", "new_edition"):
            m = size[key]
            target = targets[key][0] if size["papers"] == targets[key][1] else ""
            lines.append(f"| {size['papers']:,} | {key.replace('_', ' ')} | "
                         f"{m['median_s']:.1f} s | {m['median_s'] / ref:.2f} | {target} | "
                         f"{m['peak_rss_mb']:.0f} MB |")
        page = size["paper_page"]
        lines.append(f"| {size['papers']:,} | paper page HTML | "
                     f"{page['median_bytes'] / 1024:.1f} KB (max {page['max_bytes'] / 1024:.1f}) | "
                     f"| ≤ 15 KB | |")
        s = size["search"]
        if "total_bytes" in s:
            lines.append(f"| {size['papers']:,} | first search ('{s['query']}') | "
                         f"{s['data_bytes'] / 1024:.0f} KB index data + "
                         f"{s['code_bytes'] / 1024:.0f} KB Pagefind code "
                         f"({s['total_gzip_bytes'] / 1024:.0f} KB in all, gzipped) | "
                         "| ≤ 300 KB | |")
    for g in r.get("generator_large", []):
        lines.append(f"| {g['papers']:,} | generator (1 run) | {g['median_s']:.1f} s | "
                     f"{g['median_s'] / ref:.2f} | ≤ 30 s, ≤ 2 GB | {g['peak_rss_mb']:.0f} MB |")
    lines.append(f"| {r['naive_papers']:,} | naive reference build | {ref:.1f} s | 1.00 | | "
                 f"{r['naive_2500']['peak_rss_mb']:.0f} MB |")
    return "\n".join(lines) + "\n"


START, END = "% bench-table: start\n", "% bench-table: end\n"


def put_table(page: Path, text: str) -> None:
    """Replace the table between the two marker comments of ``page``."""
    doc = page.read_text("utf-8")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    page.write_text(head + START + "\n" + text + "\n" + END + tail, "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2500,10000")
    ap.add_argument("--generator-sizes", default="50000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--naive", type=int, default=2500)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="litreview-bench-") as tmp:
        work = Path(tmp)
        result: dict[str, Any] = {
            "date": dt.date.today().isoformat(), "runs": args.runs,
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                       f"Python {platform.python_version()}"}
        result["naive_papers"] = args.naive
        result["naive_2500"] = naive_reference(args.naive, args.runs, work)
        result["sizes"] = [bench_size(int(n), args.runs, work)
                           for n in args.sizes.split(",") if n]
        result["generator_large"] = []
        for n in (int(x) for x in args.generator_sizes.split(",") if x):
            project = work / f"gen{n}"
            make_project(project, n)
            # one run: at 50,000 papers a run takes minutes (the table says so)
            got = median_of(1, lambda i, p=project: generator_only(p))
            result["generator_large"].append({"papers": n, **got})
            print(f"== generator alone, {n} papers: {got['median_s']:.1f}s", flush=True)
        result["wall_s"] = time.perf_counter() - start
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / result["date"]
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    text = table(result)
    stem.with_suffix(".md").write_text(text, "utf-8")
    if args.out == RESULTS:  # the table docs/scaling.md shows
        put_table(ROOT / "docs" / "scaling.md", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
