"""Time the generator alone on a project (parse, themes + related, render; no Sphinx) and
print one JSON line: {"seconds": ..., "peak_rss_mb": ...}. Run as a subprocess so the peak
RSS is this run's own."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from litreview.analysis.chain import make_libraries
from litreview.analysis.editions import changes
from litreview.rendering.outputs import EditionContext, edition_files
from litreview.site.inputs import Paths, load_curated, load_dumps


def main() -> None:
    paths = Paths(Path(sys.argv[1]))
    start = time.perf_counter()
    specs, dumps = load_dumps(paths)
    libs = make_libraries(dumps)
    lib, name = libs[-1], specs[-1].captured.isoformat()
    captured = {s.file: s.captured.isoformat() for s in specs}
    ctx = EditionContext(name=name, captured=captured,
                         news=changes(libs[-2] if len(libs) > 1 else None, lib, ""),
                         edition_of=captured, base_url="http://localhost:8000/")
    files = edition_files(lib, load_curated(paths), ctx)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mb": rss, "papers": len(lib.papers),
                      "files": len(files.sources) + len(files.published)}))


if __name__ == "__main__":
    main()
