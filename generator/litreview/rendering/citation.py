"""How a paper is cited outside BibTeX: a plain-text reference, Highwire Press meta tags
and a COinS span (what Zotero's connector reads). Pure, no I/O.

Every value is HTML-escaped here; names come from the BibTeX entry (curated or
generated), the title and date from the paper.
"""

from __future__ import annotations

import html
import re
import urllib.parse

from pybtex.database import Entry

from ..model import Paper
from .bibtex import authors_of


def arxiv_id(entry: Entry) -> str:
    """A curated arXiv identifier (``eprint`` with archivePrefix arXiv, or an arXiv-like
    eprint), else ``""``."""
    eprint = str(entry.fields.get("eprint", "")).strip()
    prefix = str(entry.fields.get("archiveprefix", entry.fields.get("archivePrefix", "")))
    if eprint and (prefix.lower() == "arxiv" or re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", eprint)):
        return eprint
    return ""


def plain_citation(paper: Paper, entry: Entry, url: str) -> str:
    """A plain-text reference: authors (if curated), title, venue, date, URL."""
    authors = authors_of(entry)
    who = (", ".join(authors) + ". ") if authors else ""
    when = f", {paper.date.isoformat()}" if paper.date else ""
    arx = f". arXiv:{arxiv_id(entry)}" if arxiv_id(entry) else ""
    return f"{who}{paper.title_text}. Hugging Face Daily Papers{when}{arx}. {url}"


def highwire_tags(paper: Paper, entry: Entry, url: str) -> str:
    """``<meta name="citation_...">`` tags, one ``citation_author`` per author, in order."""
    pairs = [("citation_title", paper.title_text)]
    pairs += [("citation_author", a) for a in authors_of(entry)]
    if paper.date:
        pairs.append(("citation_publication_date", paper.date.isoformat().replace("-", "/")))
    if arxiv_id(entry):
        pairs.append(("citation_arxiv_id", arxiv_id(entry)))
    pairs.append(("citation_public_url", url))
    return "".join(f'<meta name="{name}" content="{html.escape(str(value), quote=True)}" />\n'
                   for name, value in pairs)


def coins_span(paper: Paper, entry: Entry, url: str) -> str:
    """A COinS span (OpenURL 1.0 ContextObject in a title attribute)."""
    fields: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
        ("rft.genre", "preprint"), ("rft.atitle", paper.title_text),
        ("rft.jtitle", "Hugging Face Daily Papers")]
    fields += [("rft.au", a) for a in authors_of(entry)]
    if paper.date:
        fields.append(("rft.date", paper.date.isoformat()))
    fields.append(("rft_id", url))
    if arxiv_id(entry):
        fields.append(("rft_id", "info:arxiv/" + arxiv_id(entry)))
    title = urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)
    return f'<span class="Z3988" title="{html.escape(title, quote=True)}"></span>'
