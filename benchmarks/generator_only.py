"""Time the generator alone on a project (parse, themes + related, render; no Sphinx) and
print one JSON line: {"seconds": ..., "peak_rss_mb": ...}. Run as a subprocess so the peak
RSS is this run's own."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from generator.build import Paths, load_dumps, make_libraries, render_site


def main() -> None:
    paths = Paths(Path(sys.argv[1]))
    start = time.perf_counter()
    specs, dumps = load_dumps(paths)
    lib = make_libraries(dumps)[-1]
    files = render_site(lib, specs, paths.bib / "curated.bib", specs[-1].captured.isoformat())
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mb": rss, "papers": len(lib.papers),
                      "files": len(files.pages) + len(files.extra)}))


if __name__ == "__main__":
    main()
