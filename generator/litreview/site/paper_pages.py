"""Which paper pages a build renders. A paper's page lives once, at the site's root
(``papers/<key>.html``), and carries the digest of everything it was made from (``<meta
name="litreview-page">``): the paper's article and metadata, and the "chrome" around it
(the generator, the theme and the site's own pages). A build renders a page only when it
is missing or its digest changed, so a new dump rewrites the pages of new papers and of
papers whose themes, related papers or identity changed, not 10,000 pages. Reads
``site/papers/``; writes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..contract import PaperPage, PaperPages
from ..model import Library
from .cache import digest

#: the digest a paper page carries in its head (minified: the attributes' quotes and
#: order are the minifier's)
_STAMP = re.compile(rb'<meta (?=[^>]*name="?litreview-page)[^>]*content="?([0-9a-f]{64})')


def page_digest(page: PaperPage, chrome: str) -> str:
    """The digest of a page's content and of the chrome around it."""
    return digest([("chrome", chrome.encode()), ("title", page["title"].encode()),
                   ("body", page["body"].encode()), ("meta", page["metatags"].encode())])


def stamped_digest(path: Path) -> str:
    """The digest a built page carries (``""``: no page, or no digest)."""
    try:
        found = _STAMP.search(path.read_bytes())
    except FileNotFoundError:
        return ""
    return found.group(1).decode() if found else ""


def changed_pages(site: Path, pages: PaperPages, chrome: str) -> PaperPages:
    """The pages to render: those missing from ``site/papers/`` or made from something
    else; each carries its digest in its meta tags."""
    out: PaperPages = {}
    for key, page in pages.items():
        d = page_digest(page, chrome)
        if stamped_digest(site / "papers" / f"{key}.html") != d:
            out[key] = {**page, "metatags": page["metatags"]
                        + f'\n<meta name="litreview-page" content="{d}">'}
    return out


def missing_pages(site: Path, lib: Library) -> bool:
    """Whether a paper of ``lib`` has no page in ``site/papers/``."""
    return any(not (site / "papers" / f"{p.key}.html").is_file() for p in lib.papers)
