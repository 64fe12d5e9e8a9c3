"""The built edition -> its Pagefind search index (``pagefind/`` inside the edition).

Pagefind (a static, chunked full-text index; the binary ships in the ``pagefind[bin]``
wheel) reads the HTML that Sphinx wrote: every paper page, theme page and overview. A
reader's query downloads only the index chunks for its words, never the whole index.
Filters (theme, year) and the date sort come from ``data-pagefind-*`` attributes in the
pages. Writes only inside the given folder, through the Pagefind binary.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..errors import LitReviewError

#: the part of each page that is indexed: the article, not the header or sidebars
ROOT_SELECTOR = "article.bd-article"
#: never indexed: heading anchors ("#"), and pages that are not content
EXCLUDE_SELECTORS = ".headerlink"
GLOB = "{index,about,how-to-cite,how-this-site-is-built,papers/*,themes/*,edition/*}.html"


def index_site(out: Path) -> None:
    """Write ``out/pagefind/``; raise with Pagefind's own message if it fails."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(out), "--silent",
           "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS,
           "--force-language", "en", "--keep-index-url", "--glob", GLOB]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not (out / "pagefind" / "pagefind.js").is_file():
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-20:])
        raise LitReviewError(f"pagefind failed (exit {proc.returncode}):\n{tail}", str(out))
