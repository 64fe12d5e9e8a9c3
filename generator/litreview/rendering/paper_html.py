"""Library -> the HTML of paper pages and paper lists, through autoescaped Jinja2
templates (``templates/paper.html``, ``templates/paper-list.html``). Pure: templates come
from the package, nothing else is read.

Guarantees: every string from a dump or an API reaches HTML only through a template with
autoescaping on; our own markup uses only keys, slugs and dates (``contract.checked``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from pybtex.database import Entry

from ..analysis.editions import Changes
from ..analysis.evidence import facet_groups
from ..contract import LATEST_FROM_PAPER, PaperPages, checked, paper_url, theme_url
from ..model import Library, Paper
from ..text import normalise, script_parts, sentences, unicode_scripts
from .bibtex import lookup_query, lookup_url, to_bibtex
from .citation import Cite, coins_span, highwire_tags, plain_citation
from .describe import sequel, stated
from .pictures import legend
from .wording import count

#: how many of an edition's new papers the home page lists
NEWEST_COUNT = 12

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("litreview.rendering", "templates"),
    autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


#: authors shown before the rest fold away under "and N more"
SHOWN_AUTHORS = 10


def _badges(paper: Paper, cite: Cite) -> list[tuple[str, str]]:
    """(sphinx-design colour, text) of the badges under a paper's title."""
    bits = []
    if cite.date:
        bits.append(("primary", f"first version {cite.date}"))
    elif paper.date:
        bits.append(("primary", f"listed {paper.date.isoformat()}"))
    if cite.venue:
        bits.append(("info", cite.venue))
    if paper.authors_count and not cite.authors:
        # the listing counts them; no record names them yet
        unknown = "name not known yet" if paper.authors_count == 1 else "names not known yet"
        bits.append(("secondary", f"{count(paper.authors_count, 'author')}, {unknown}"))
    if any(c.kind == "code" for c in paper.code_links):
        bits.append(("success", "code"))
    if len(paper.sources) > 1:
        bits.append(("secondary", f"listed {len(paper.sources)} times"))
    return bits


def lookups(title: str) -> list[tuple[str, str]]:
    """Title searches for a paper that has no identity yet."""
    q = lookup_query(title)
    return [("arXiv", f"https://arxiv.org/search/?query={q}&searchtype=title"),
            ("Hugging Face", lookup_url(title)),
            ("Semantic Scholar", f"https://www.semanticscholar.org/search?q={q}")]


def paper_date(paper: Paper, cite: Cite) -> str:
    """The date a paper is sorted and filtered by: its first version when known, else the
    date of its listing (``""`` when neither is known)."""
    return cite.date or (paper.date.isoformat() if paper.date else "")


#: how a paper page labels each kind of link an abstract gives (``text.code_links``)
_LINK_LABELS = {"code": "Code", "dataset": "Dataset", "demo": "Demo", "model": "Model"}


def _code_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) of each code or project link of a paper (http(s) only); two links of
    one kind are told apart by their host ("Project page · Project page" told a reader
    nothing)."""
    code = []
    for link in paper.code_links:
        if not re.match(r"https?://", link.url):  # text.code_links only finds http(s)
            raise ValueError(f"unsafe link target: {link.url!r}")
        code.append((_LINK_LABELS.get(link.kind, "Project page"), link.url))
    twice = {label for label, _ in code if sum(lab == label for lab, _ in code) > 1}
    return [(f"{label} ({_where(url)})" if label in twice else label, url)
            for label, url in code]


def _where(url: str) -> str:
    """A link's host and the first two steps of its path: "github.com/org/repo"."""
    parts = urlsplit(url)
    steps = [s for s in parts.path.split("/") if s][:2]
    return "/".join([parts.hostname or "", *steps])


def paper_article(paper: Paper, lib: Library, entry: Entry, cite: Cite,
                  captured: dict[str, str], base_url: str = "",
                  daily: dict[str, str] | None = None, first_edition: str = "",
                  note: Markup | None = None) -> str:
    """The HTML article of one paper page (autoescaped template ``templates/paper.html``);
    ``daily``: dump -> the date of the Hugging Face daily page it is a copy of;
    ``first_edition``: the edition that first listed it (a search filter); ``note``: the
    maintainer's note on it (HTML made by ``notes.paper_note_html``)."""
    daily = daily or {}
    by_key, names = lib.by_key, lib.theme_names
    reasons = lib.related_terms.get(paper.key, ())
    related = [(checked(key), by_key[key].title_text, reasons[n] if n < len(reasons) else ())
               for n, key in enumerate(lib.related.get(paper.key, ()))]
    shown = Entry(entry.type, fields=[(k, v) for k, v in entry.fields.items()
                                      if k.lower() != "abstract"], persons=entry.persons)
    return _TEMPLATES.get_template("paper.html").render(
        key=checked(paper.key), title=paper.title_text, badges=_badges(paper, cite),
        byline=_detail(paper, cite),
        date=paper_date(paper, cite), authors=list(cite.authors),
        # search filters by the year the paper is cited by (its byline's)
        year=cite.cited_year or paper_date(paper, cite)[:4],
        shown_authors=SHOWN_AUTHORS, arxiv_id=checked(cite.arxiv_id) if cite.arxiv_id else "",
        lookups=lookups(paper.title_text),
        abstract=script_parts(normalise(paper.abstract_text)) if paper.abstract else [],
        code_links=_code_links(paper),
        themes=[(checked(s), names[s]) for s in lib.paper_themes.get(paper.key, ())],
        why_other=lib.other_reasons.get(paper.key, ""),
        fields=[(checked(f.slug), f.name) for f in lib.facets if paper.key in f.papers],
        related=related, close=min(lib.related_close.get(paper.key, len(related)), len(related)),
        sources=[(captured.get(src.dump, ""), src.position, daily.get(src.dump, ""))
                 for src in paper.sources],
        bibtex=to_bibtex({paper.key: shown}).rstrip(),
        latest=LATEST_FROM_PAPER, first_edition=checked(first_edition) if first_edition else "",
        note=note,
        citation=plain_citation(paper, cite, base_url + paper_url(paper.key)))


def paper_pages(lib: Library, entries: dict[str, Entry], cites: dict[str, Cite],
                captured: dict[str, str], base_url: str = "",
                daily: dict[str, str] | None = None,
                first_editions: dict[str, str] | None = None,
                notes: dict[str, Markup] | None = None) -> PaperPages:
    """Every paper's page, as the extension turns it into a page through the theme's
    ``page.html`` (``contract.PAPER_PAGES``); ``base_url``: the site's address."""
    first_editions, notes = first_editions or {}, notes or {}
    pages: PaperPages = {}
    for p in lib.papers:
        url, cite = base_url + paper_url(p.key), cites[p.key]
        pages[p.key] = {
            "title": p.title_text,
            "body": paper_article(p, lib, entries[p.key], cite, captured, base_url, daily,
                                  first_editions.get(p.key, ""), notes.get(p.key))
            + coins_span(p, cite, url),
            "metatags": highwire_tags(p, cite, url)}
    return pages


#: a list item: (key, detail text, theme slugs linked after it)
Item = tuple[str, str, tuple[str, ...]]


#: the longest teaser under a title in a list, in characters
TEASER_CHARS = 140


def teaser(abstract: str, quoted: bool = False) -> str:
    """The sentence of an abstract that says what the paper does ("We propose …",
    ``describe.stated``), else its first sentence; cut at a word to TEASER_CHARS. A
    first sentence is often the field's background: lists read "Large language models
    (LLMs) have shown excellent performance on various tasks, but the astronomical…"
    under AWQ, and "Deep neural networks have been widely used in many critical
    applications…" under a backdoor defence. Under a theme's description that
    ``quoted`` what the paper does, the sentence after it (``describe.sequel``): the
    list repeated the quote a few lines below it."""
    said = stated(abstract)
    opening = next(iter(sentences(abstract)), "")
    if quoted and said:
        first = sequel(abstract) or (opening if opening != said else "")
    else:
        first = said or opening
    if len(first) <= TEASER_CHARS:
        return first
    return first[: TEASER_CHARS - 1].rsplit(" ", 1)[0] + "…"


def paper_list_html(lib: Library, items: list[Item], prefix: str, cites: dict[str, Cite],
                    sortable: bool = False, lean: bool = False,
                    quoted: frozenset[str] = frozenset()) -> str:
    """The HTML of one paper list; ``prefix`` leads from the page to the edition root;
    a ``sortable`` list gets the sort control of ``_static/sort-lists.js``; a ``lean``
    one (an edition's snapshot) gives each paper its title and byline only; ``quoted``:
    the papers the page quoted already (``teaser``)."""
    by_key, names = lib.by_key, lib.theme_names
    rank = {d.name: n for n, d in enumerate(lib.dumps)}
    rows = []
    for key, detail, slugs in items:
        p, first = by_key[key], by_key[key].sources[0]
        row: dict[str, object] = {
            "href": prefix + "../" + paper_url(key), "title": p.title_text, "detail": detail,
            "themes": [] if lean else [(prefix + theme_url(s), names[s]) for s in slugs]}
        if not lean:
            row.update({"teaser": teaser(normalise(unicode_scripts(p.abstract_text)),
                                         key in quoted),
                        "date": paper_date(p, cites[key]), "sort_title": p.title_text.lower(),
                        "listed": f"{rank.get(first.dump, 0):04d}-{first.position:05d}"})
        rows.append(row)
    return _TEMPLATES.get_template("paper-list.html").render(
        items=rows, sortable=sortable and not lean, lean=lean)


def _detail(p: Paper, cite: Cite) -> str:
    """What a list says beside a title: "Smith et al. · 2024", else the listing date."""
    return cite.byline() or (f"listed {p.date.isoformat()}" if p.date else "")


def _why_other(lib: Library, key: str) -> str:
    """What a paper in Other papers is, for the list: the maintainer's word in [other]
    (why no theme is about it), "in no theme: …"; else, when at least two of its related
    papers share a theme, which one ("in no theme; 3 of its 5 related papers are in
    Pruning"): a fifth dump's papers in Other said nothing of where they stand."""
    why = lib.other_reasons.get(key, "")
    if why:
        return f"in no theme: {why}"
    related = lib.related.get(key, ())
    near = Counter(s for k in related for s in lib.paper_themes.get(k, ()))
    if not near:
        return ""
    slug, n = min(near.items(), key=lambda kv: (-kv[1], kv[0]))
    name = lib.theme_names.get(slug)
    return (f"in no theme; {n} of its {len(related)} related papers are in {name}"
            if name and n >= 2 else "")


def paper_lists(lib: Library, news: Changes,
                cites: dict[str, Cite]) -> dict[str, tuple[str, list[Item]]]:
    """Every long list of papers on the generated pages: id -> (prefix to the edition
    root, items). Pages name a list with the ``paper-list`` directive."""
    by_key = lib.by_key

    def item(key: str, with_themes: bool = False, note: str = "") -> Item:
        themes = lib.paper_themes.get(key, ()) if with_themes else ()
        detail = " · ".join(x for x in (_detail(by_key[key], cites[key]), note) if x)
        return (key, detail, themes)

    out: dict[str, tuple[str, list[Item]]] = {}
    for t in lib.themes:
        out[f"theme-{t.slug}"] = ("../", [item(k) for k in t.papers])
    for f in lib.facets:
        for slug, _, keys in facet_groups(f, lib):
            out[f"facet-{f.slug}-{slug or 'other'}"] = ("../", [item(k) for k in keys])
    out["unthemed"] = ("../", [item(p.key, note=_why_other(lib, p.key)) for p in lib.papers
                               if not lib.paper_themes.get(p.key)])
    ordered = sorted(lib.papers, key=lambda p: (p.title_text.lower(), p.key))
    out["all"] = ("../", [item(p.key, True) for p in ordered])
    # the home page lists what this edition added, newest first by first version
    new = sorted(news.added, key=lambda k: (paper_date(by_key[k], cites[k]), k), reverse=True)
    out["newest"] = ("", [item(k, True) for k in new[:NEWEST_COUNT]])
    added = sorted(news.added, key=lambda k: (by_key[k].title_text.lower(), k))
    out["added"] = ("../", [item(k, True) for k in added])
    names = lib.theme_names

    def move(key: str) -> str:
        was = ", ".join(news.moved_from.get(key, ())) or "no theme"
        now = ", ".join(names[s] for s in lib.paper_themes.get(key, ())) or "no theme"
        return f"was: {was}; now: {now}"

    out["moved"] = ("../", [item(k, False, move(k)) for k in news.moved])
    out["updated"] = ("../", [item(k, True) for k in news.updated])
    return out


#: the lists a reader may sort (a theme's or a facet's papers, all papers)
SORTABLE = re.compile(r"^(theme-.*|facet-.*|all)$")


#: the lists of the whole library, lean in an edition's snapshot (the others are short)
LIBRARY_WIDE = re.compile(r"^(theme-.*|facet-.*|all|unthemed)$")


def paper_lists_json(lib: Library, news: Changes, cites: dict[str, Cite],
                     snapshot: bool = False,
                     quoted: dict[str, frozenset[str]] | None = None) -> str:
    """``contract.PAPER_LISTS``: list id -> finished HTML (the lists of papers, and the
    map's legend, a list of themes on themes/map). In an edition's ``snapshot``, the
    lists of the whole library are lean. ``quoted``: theme slug -> the papers its
    page's description quotes (``describe.quoted``)."""
    quoted = quoted or {}
    lists = {name: paper_list_html(lib, items, prefix, cites, bool(SORTABLE.match(name)),
                                   snapshot and bool(LIBRARY_WIDE.match(name)),
                                   quoted.get(name[len("theme-"):], frozenset())
                                   if name.startswith("theme-") else frozenset())
             for name, (prefix, items) in paper_lists(lib, news, cites).items()}
    lists["map-legend"] = _TEMPLATES.get_template("map-legend.html").render(
        themes=[(colour, checked(slug), name, size) for colour, slug, name, size
                in legend(lib)])
    return json.dumps(lists, ensure_ascii=False, sort_keys=True, indent=0) + "\n"
