"""The files at the site root, beside the editions: the version switcher's list and the
redirect to the newest edition. Pure, no I/O.
"""

from __future__ import annotations

import html
import json

from ..analysis.editions import Edition


def switcher_json(editions: tuple[Edition, ...], base_path: str) -> str:
    """pydata-sphinx-theme's switcher.json: newest first, exactly one ``preferred``.

    URLs are root-relative (``base_path`` is ``/`` or ``/repo/``) and end with ``/``; the
    newest edition points at ``latest/``, which is a copy of it.
    """
    items = []
    for ed in reversed(editions):
        newest = ed is editions[-1]
        label = f" – {ed.label}" if ed.label else ""
        items.append({
            "name": f"{ed.name}{label}" + (" (latest)" if newest else ""),
            "version": ed.name,
            "url": f"{base_path}{'latest' if newest else ed.name}/",
            **({"preferred": True} if newest else {}),
        })
    return json.dumps(items, indent=1) + "\n"


def redirect_html(target: str) -> str:
    """The site root's index.html: send readers to the newest edition."""
    t = html.escape(target, quote=True)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={t}">\n'
            f'<link rel="canonical" href="{t}">\n<title>Daily Papers Review</title></head>\n'
            f'<body><p><a href="{t}">Go to the latest edition</a>.</p></body></html>\n')
