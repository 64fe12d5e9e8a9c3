"""The built site -> its one Pagefind search index (``pagefind/`` at the site's root).

Pagefind (a static, chunked full-text index; the binary ships in the ``pagefind[bin]``
wheel) reads the HTML that Sphinx wrote: every paper page and the newest edition's theme
pages. A reader's query downloads only the index chunks for its words, never the whole
index. Filters (kind, theme, year, first edition) and the date sort come from
``data-pagefind-*`` attributes in the pages; an edition's search page keeps to its own
papers with the edition filter. Writes only ``pagefind/``, through the Pagefind binary.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..contract import AREA_LINE
from ..errors import LitReviewError

#: the part of each page that is indexed: the article, not the header or sidebars
ROOT_SELECTOR = "article.bd-article"
#: never indexed: heading anchors ("#"), and what a theme page says of other themes (its
#: area's line and "Related themes"): "pruning" found "Quantization" by "…, with Pruning"
EXCLUDE_SELECTORS = f".headerlink, .{AREA_LINE}, section#related-themes"
#: the pages searched: every paper's, and the newest edition's themes (the pages mark
#: what is indexed: ``data-pagefind-body``)
GLOB = "{papers/*,latest/themes/*}.html"


def index_site(site: Path, out: Path) -> None:
    """Index ``site`` into the folder ``out`` (the build swaps it in as ``pagefind/``);
    raise with Pagefind's own message if it fails."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out),
           "--silent",
           "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS,
           "--force-language", "en", "--keep-index-url", "--glob", GLOB]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not (out / "pagefind.js").is_file():
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-20:])
        raise LitReviewError(f"pagefind failed (exit {proc.returncode}):\n{tail}", str(site))
