"""How a paper is cited: who wrote it and when, as every renderer shows it (``Cite``), a
plain-text reference, Highwire Press meta tags and a COinS span (what Zotero's connector
reads). Pure, no I/O.

A paper's authors, arXiv id and date come from its identity; the maintainer's
``curated.bib`` wins where it gives them. Every value is HTML-escaped here.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass, replace

from pybtex.database import BibliographyData, Entry

from ..model import Library, Paper, short_authors
from .bibtex import authors_of
from .wording import full_stop


@dataclass(frozen=True)
class Cite:
    """What every page says about who wrote a paper and when."""

    #: author names in order, plain text
    authors: tuple[str, ...] = ()
    #: arXiv identifier, or ``""``
    arxiv_id: str = ""
    #: first-version date, ``YYYY-MM-DD`` or ``YYYY-MM``, or ``""``
    date: str = ""
    #: conference or journal, or ``""``
    venue: str = ""
    #: "Smith et al." (surnames), or ``""``
    short_authors: str = ""
    #: "a", "b", ... when other papers of the review have the same short authors and
    #: year ("Yvinec et al., 2023a"), as natbib and biblatex label them; else ``""``
    year_suffix: str = ""
    #: the year of its BibTeX entry (the venue's, "2016" for a JMLR paper first on arXiv
    #: in 2015; curated.bib's where it sets one), or ``""`` without an identity
    cited_year: str = ""

    @property
    def year(self) -> str:
        """The year a reader cites it by, as natbib, biblatex and pandoc print it from
        the paper's BibTeX, with its suffix ("2023a")."""
        return self.cited_year + self.year_suffix if self.cited_year else ""

    def byline(self) -> str:
        """"Smith et al. · 2024", as lists show it (``""`` without an identity)."""
        return " · ".join(part for part in (self.short_authors, self.year) if part)


def cites(lib: Library, entries: dict[str, Entry],
          curated: BibliographyData | None) -> dict[str, Cite]:
    """Every paper's ``Cite``: its identity, with curated authors and eprint winning."""
    out = {}
    for p in lib.papers:
        ident = lib.identities.get(p.key)
        mine = curated.entries.get(p.key) if curated is not None else None
        authors = tuple(authors_of(entries[p.key])) if mine is not None and \
            mine.persons.get("author") else (ident.authors if ident else ())
        arxiv = arxiv_id(mine) if mine is not None and arxiv_id(mine) else (
            ident.arxiv_id if ident else "")
        year = str(entries[p.key].fields.get("year", "")) if ident or mine else ""
        out[p.key] = Cite(authors=authors, arxiv_id=arxiv, date=ident.date if ident else "",
                          venue=ident.venue if ident else "",
                          short_authors=short_authors(authors), cited_year=year)
    return _with_year_suffixes(out, {p.key: natbib_order(entries[p.key]) for p in lib.papers})


def _with_year_suffixes(cited: dict[str, Cite],
                        order: dict[str, tuple[str, str]]) -> dict[str, Cite]:
    """The cites with "a", "b", ... after the year of papers that share short authors and
    year, in the order natbib's plainnat sorts them (``natbib_order``), so that the site's
    "Liu et al., 2023b" is the paper a reader's LaTeX prints as "Liu et al. (2023b)"."""
    groups: dict[tuple[str, str], list[str]] = {}
    for key, c in cited.items():
        if c.short_authors and c.cited_year:
            groups.setdefault((c.short_authors, c.cited_year), []).append(key)
    out = dict(cited)
    for keys in groups.values():
        if len(keys) > 1:
            for n, key in enumerate(sorted(keys, key=lambda k: (order[k], k))):
                out[key] = replace(out[key], year_suffix=chr(ord("a") + n) if n < 26 else "")
    return out


def natbib_order(entry: Entry) -> tuple[str, str]:
    """How plainnat sorts entries of one author-year label: by every author's
    "von Last First Jr" (lower case, letters and digits only), then by title without a
    leading "A", "An" or "The" (its ``presort``)."""
    names = "   ".join(_sortify(" ".join(filter(None, (
        " ".join(p.prelast_names), " ".join(p.last_names), " ".join(p.first_names
                                                                   + p.middle_names),
        " ".join(p.lineage_names))))) for p in entry.persons.get("author", ()))
    title = _sortify(str(entry.fields.get("title", "")))
    return names, re.sub(r"^(?:a|an|the) ", "", title)


def _sortify(text: str) -> str:
    """BibTeX's ``purify$`` then lower case: braces and punctuation gone, hyphens and
    ties spaces."""
    text = re.sub(r"[-~]", " ", text.replace("{", "").replace("}", ""))
    return " ".join("".join(c for c in text if c.isalnum() or c.isspace()).lower().split())


def arxiv_id(entry: Entry) -> str:
    """An arXiv identifier in a BibTeX entry (``eprint`` with archivePrefix arXiv, or an
    arXiv-like eprint), else ``""``."""
    eprint = str(entry.fields.get("eprint", "")).strip()
    prefix = str(entry.fields.get("archiveprefix", entry.fields.get("archivePrefix", "")))
    if eprint and (prefix.lower() == "arxiv" or re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", eprint)):
        return eprint
    return ""


def plain_citation(paper: Paper, cite: Cite, url: str) -> str:
    """A plain-text reference: authors, title, venue or arXiv id, date, URL."""
    who = full_stop(", ".join(cite.authors)) + " " if cite.authors else ""
    where = [cite.venue] if cite.venue else []
    where += [f"arXiv:{cite.arxiv_id}"] if cite.arxiv_id else []
    if not where:
        where = ["Hugging Face Daily Papers"]
    when = cite.date or (paper.date.isoformat() if paper.date else "")
    return (f"{who}{full_stop(paper.title_text)} {', '.join(where)}" + (f", {when}" if when else "")
            + f". {url}")


def pdf_url(cite: Cite) -> str:
    return f"https://arxiv.org/pdf/{cite.arxiv_id}" if cite.arxiv_id else ""


def highwire_tags(paper: Paper, cite: Cite, url: str) -> str:
    """``<meta name="citation_...">`` tags, one ``citation_author`` per author, in order."""
    pairs = [("citation_title", paper.title_text)]
    pairs += [("citation_author", a) for a in cite.authors]
    when = cite.date or (paper.date.isoformat() if paper.date else "")
    if when:
        pairs.append(("citation_publication_date", when.replace("-", "/")))
    if cite.arxiv_id:
        pairs += [("citation_arxiv_id", cite.arxiv_id), ("citation_pdf_url", pdf_url(cite))]
    pairs.append(("citation_public_url", url))
    return "".join(f'<meta name="{name}" content="{html.escape(str(value), quote=True)}" />\n'
                   for name, value in pairs)


def coins_span(paper: Paper, cite: Cite, url: str) -> str:
    """A COinS span (OpenURL 1.0 ContextObject in a title attribute)."""
    fields: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
        ("rft.genre", "preprint"), ("rft.atitle", paper.title_text),
        ("rft.jtitle", cite.venue or ("arXiv" if cite.arxiv_id else
                                      "Hugging Face Daily Papers"))]
    fields += [("rft.au", a) for a in cite.authors]
    when = cite.date or (paper.date.isoformat() if paper.date else "")
    if when:
        fields.append(("rft.date", when))
    fields.append(("rft_id", url))
    if cite.arxiv_id:
        fields.append(("rft_id", "info:arxiv/" + cite.arxiv_id))
    title = urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)
    return f'<span class="Z3988" title="{html.escape(title, quote=True)}"></span>'
