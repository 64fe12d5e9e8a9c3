"""Sphinx extension: the ``{sitefile}`` role for links to files published verbatim.

``{sitefile}`label <bib/key.bib>``` links to a file that ``html_extra_path`` copies to the
site root, relative to the current page, so the URL stays stable (unlike ``{download}``,
which copies into hashed ``_downloads`` folders). Only generated pages use it, with paths
made of keys and slugs; anything else is refused with a build warning.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx

_ROLE_RE = re.compile(r"^(?P<label>[^<>]+?)\s*<(?P<path>[A-Za-z0-9_.:-]+(?:/[A-Za-z0-9_.:-]+)*)>$",
                      re.DOTALL)


def sitefile_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
                  options: dict[str, Any] | None = None,
                  content: list[str] | None = None) -> tuple[list[nodes.Node], list[Any]]:
    """Resolve ``label <path>`` to a relative link to ``path`` at the site root."""
    m = _ROLE_RE.match(text)
    if not m or ".." in m.group("path").split("/"):
        msg = inliner.reporter.error(f"sitefile: expected 'label <path>', got {text!r}",
                                     line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    docname = inliner.document.settings.env.docname
    uri = "../" * docname.count("/") + m.group("path")
    node = nodes.reference(rawtext, m.group("label"), refuri=uri, classes=["sitefile"])
    return [node], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("sitefile", sitefile_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
