"""Papers -> pybtex ``BibliographyData`` and BibTeX text. Pure, no I/O.

Guarantees: every field value is sanitised so that pybtex, bibtexparser, bibtex, biber and
pandoc accept the file (see ``sanitise``); UTF-8 is kept as is (no LaTeX macros for
non-ASCII); entries are written by pybtex's writer, never formatted by hand.
Curated entries (``bib/curated.bib``) override generated fields by key and add entries.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

from anyascii import anyascii
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.database.output.bibtex import Writer
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from ..errors import LitReviewError
from ..model import Identity, Library, Paper
from ..text import flat_scripts, normalise
from .venues import venue

HOWPUBLISHED = "Hugging Face Daily Papers"
# Text macros sit in their own group ({\textless}, not \textless{}): pandoc treats a
# macro it does not know as taking the next brace group, and would swallow what follows.
_SIMPLE = {
    "\\": r"{\textbackslash}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_",
    "^": r"{\textasciicircum}", "~": r"{\textasciitilde}", "<": r"{\textless}",
    ">": r"{\textgreater}", "@": "{@}",
}


_SIMPLE_TABLE = str.maketrans(_SIMPLE)
#: combining accents -> the LaTeX accent command that makes them
_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=",
            "\u0306": "u", "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H",
            "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k", "\u0331": "b"}
#: pdfLaTeX's UTF-8 input reads Latin-1 and Latin Extended-A; past them, an accented
#: letter is written as accent commands
_BEYOND_LATIN = re.compile("[^\x00-\u017f]")


def _accented(m: re.Match[str]) -> str:
    """An accented letter beyond Latin Extended-A ("ṡ", the "ễ" of "Nguyễn") as LaTeX
    accent commands (``{\\.{s}}``), which every client reads back as the letter;
    anything else (CJK, Greek, emoji) stays as it is."""
    ch = m.group()
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], list(decomposed[1:])
    if not marks or not base.isascii() or not base.isalpha() or \
            any(mark not in _ACCENTS for mark in marks):
        return ch
    out = base
    for mark in marks:
        out = "\\" + _ACCENTS[mark] + "{" + out + "}"
    return "{" + out + "}"


def sanitise(text: str) -> str:
    """Plain Unicode text -> a BibTeX field value that every client reads back as that text."""
    text = _escape(normalise(text))
    return _BEYOND_LATIN.sub(_accented, text) if _BEYOND_LATIN.search(text) else text


def _escape(text: str) -> str:
    """Escape what BibTeX and LaTeX would read as syntax: specials, and braces (matched
    ones as ``\\{ \\}``, lone ones as text macros)."""
    if "{" not in text and "}" not in text:
        return text.translate(_SIMPLE_TABLE)
    # pair braces: a ``{`` is matched when a later ``}`` closes it
    matched: set[int] = set()
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            matched.add(stack.pop())
            matched.add(i)
    out = []
    for i, ch in enumerate(text):
        if ch in "{}":
            if i in matched:
                out.append("\\" + ch)
            else:
                out.append(r"{\textbraceleft}" if ch == "{" else r"{\textbraceright}")
        else:
            out.append(_SIMPLE.get(ch, ch))
    return "".join(out)


#: month macros BibTeX styles know (written unquoted: ``month = sep``)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class _PlainWriter(Writer):  # type: ignore[misc]
    """pybtex's writer without its own LaTeX encoding: values arrive already sanitised.

    pybtex would otherwise turn an already escaped ``\\%`` into ``\\\\%`` (field notes).
    It still quotes, braces and checks brace balance. A month is written as the macro
    every style knows (``month = sep``), not as a quoted string.
    """

    def _encode(self, text: str) -> str:
        return text

    def _write_field(self, stream: Any, type: str, value: str) -> None:
        if type.lower() == "month" and value in MONTHS:
            stream.write(f",\n    {type} = {value}")
        else:
            super()._write_field(stream, type, value)


#: a name suffix BibTeX keeps apart from the surname ("Smith, Jr., John")
_SUFFIX = re.compile(r"^(Jr\.?|Sr\.?|I{2,3}|IV)$")


def person(name: str) -> Person:
    """An author name (plain text, "First Last" as arXiv prints it) as a pybtex ``Person``:
    sanitised, with a suffix after a comma kept as the lineage, and every other comma and
    a lone "and" braced, so that no client splits the name in two."""
    parts = [p.strip() for p in name.split(",")]
    lineage = ""
    if len(parts) == 2 and _SUFFIX.match(parts[1]):
        name, lineage = parts[0], parts[1]
    elif len(name.split()) > 2 and _SUFFIX.match(name.split()[-1]):
        # as arXiv writes it, with no comma: "Robert L. Logan IV" (BibTeX took "IV" for
        # the surname)
        name, lineage = name.rsplit(None, 1)
    words = [sanitise(w) for w in name.split()]
    words = ["{" + w + "}" if w.lower() == "and" or "," in w else w for w in words]
    text = " ".join(w.replace(",", "{,}") if not w.startswith("{") else w for w in words)
    try:
        who = Person(text)
    except PybtexError:  # a name pybtex cannot split: keep it whole, as one last name
        who = Person(last_names=["{" + text + "}"])
    if lineage:
        who.lineage_names.append(sanitise(lineage))
    return who


#: words a short title may not end on
_JOINERS = frozenset(["a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "via",
                      "with"])


def title_label(title: str, words: int = 6) -> str:
    """What an entry with no author is cited by: natbib's author-year styles print its
    ``key`` where the authors go ("contributionsRobustEfficient2025 (2025)" was the
    citation key), so it is the title's short form: up to its colon ("CFSP"), else its
    first ``words`` words, not ending on a joining word."""
    head = title.split(":", 1)[0].split()
    head = head[:words]
    while len(head) > 1 and head[-1].lower() in _JOINERS:
        head.pop()
    return sanitise(" ".join(head))


def entry_for(paper: Paper, theme_names: list[str], identity: Identity | None = None,
              listed_year: int | None = None) -> Entry:
    """The generated entry of one paper: as arXiv and Google Scholar give it when the
    paper has an identity, else an honest ``@misc`` (title, year of first listing, a
    link to look the paper up)."""
    fields = {"title": "{" + sanitise(paper.title_text) + "}"}
    if identity is None:
        entry_type = "misc"
        fields.update(howpublished=HOWPUBLISHED, note=f"Listed in {HOWPUBLISHED}",
                      url=lookup_url(paper.title_text), key=title_label(paper.title_text))
        year = paper.date.year if paper.date is not None else listed_year
        if year is not None:
            fields["year"] = str(year)
        persons: dict[str, list[Person]] = {}
    else:
        entry_type = _identity_fields(identity, fields)
        persons = {"author": [person(a) for a in identity.authors]} if identity.authors \
            else {}
        if not persons:
            fields["key"] = title_label(paper.title_text)
    if paper.abstract:
        fields["abstract"] = sanitise(flat_scripts(paper.abstract_text))
    code = [c.url for c in paper.code_links if c.kind == "code"] + list(
        identity.code if identity else ())
    if code:
        fields["code"] = sanitise(code[0])
    if theme_names:
        # keywords are separated by commas (biber, Zotero, JabRef): none may hold one
        fields["keywords"] = sanitise(", ".join(" ".join(n.replace(",", " ").split())
                                                for n in theme_names))
    return Entry(entry_type, fields=fields, persons=persons)


def _identity_fields(identity: Identity, fields: dict[str, str]) -> str:
    """Add what an identity gives (year, month, eprint, DOI, venue); return the type."""
    where = venue(identity.venue) if identity.venue else None
    year = where.year if where is not None and where.year else identity.year
    fields["year"] = str(year)
    if where is None:  # the arXiv version's month; a venue's is not known
        fields["month"] = MONTHS[identity.month - 1]
    if where is not None:
        fields[where.field] = sanitise(where.name)
    fields.update(eprint=identity.arxiv_id, archivePrefix="arXiv",
                  url=f"https://arxiv.org/abs/{identity.arxiv_id}",
                  doi=f"10.48550/arXiv.{identity.arxiv_id}")
    # what the venue gives besides its name; its DOI is the published version's (the
    # arXiv version stays in eprint and url)
    fields.update({k: v if k == "doi" else sanitise(v)
                   for k, v in (where.extra if where is not None else ())})
    if identity.primary_class:
        fields["primaryClass"] = identity.primary_class
    return where.entry_type if where is not None else "misc"


def lookup_query(title: str) -> str:
    """A title as a search query: its ASCII words joined by ``+`` (no ``%`` escapes, which
    BibTeX clients read as comments or as literal text)."""
    return "+".join(re.findall(r"[A-Za-z0-9]+", anyascii(title)))


def lookup_url(title: str) -> str:
    """Where to look a paper up by its title: the Hugging Face papers search."""
    return "https://huggingface.co/papers?q=" + lookup_query(title)


def parse_curated(text: str, name: str) -> BibliographyData:
    """Read the maintainer's ``curated.bib``; a syntax error names the file and line."""
    try:
        return Parser(encoding="utf-8").parse_string(text)
    except PybtexSyntaxError as exc:
        raise LitReviewError(f"invalid BibTeX: {exc}", name, getattr(exc, "lineno", None)) \
            from None
    except PybtexError as exc:
        raise LitReviewError(f"invalid BibTeX: {exc}", name) from None


def apply_curation(generated: dict[str, Entry], curated: BibliographyData) -> dict[str, Entry]:
    """Curated fields and persons override generated ones by key; unknown keys are added."""
    out = dict(generated)
    for key, cur in curated.entries.items():
        base = out.get(key)
        if base is None:
            out[key] = cur
            continue
        fields = dict(base.fields)
        fields.update(cur.fields)
        persons = {role: list(people) for role, people in base.persons.items()}
        persons.update({role: list(people) for role, people in cur.persons.items()})
        out[key] = Entry(cur.type if cur.type else base.type, fields=fields, persons=persons)
    return out


def library_entries(lib: Library, curated: BibliographyData | None,
                    listed: dict[str, int] | None = None) -> dict[str, Entry]:
    """Every paper's entry, with the maintainer's curation applied (``curated.bib``);
    ``listed``: key -> the year of its first listing (for papers with no identity)."""
    names = lib.theme_names
    generated = {p.key: entry_for(p, [names[s] for s in lib.paper_themes.get(p.key, ())],
                                  lib.identities.get(p.key), (listed or {}).get(p.key))
                 for p in lib.papers}
    return apply_curation(generated, curated) if curated is not None else generated


def to_bibtex(entries: dict[str, Entry], keys: list[str] | None = None) -> str:
    """BibTeX text of the given keys (all, in key order, by default)."""
    order = keys if keys is not None else sorted(entries, key=str.lower)
    data = BibliographyData({k: entries[k] for k in order})
    stream = io.StringIO()
    _PlainWriter().write_stream(data, stream)
    return stream.getvalue()


class BibTexts:
    """Each entry written once by pybtex, then joined into any number of files: the
    per-paper, per-theme and whole-library files repeat the same entries. Joining gives
    the same text as writing those entries together (pybtex separates entries with one
    blank line; a test checks the equality)."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries
        self._text: dict[str, str] = {}

    def one(self, key: str) -> str:
        if key not in self._text:
            self._text[key] = to_bibtex(self.entries, [key])
        return self._text[key]

    def join(self, keys: list[str] | None = None) -> str:
        order = keys if keys is not None else sorted(self.entries, key=str.lower)
        return "\n".join(self.one(k) for k in order)


def authors_of(entry: Entry) -> list[str]:
    """Curated author names as plain text, for display."""
    names = []
    for p in entry.persons.get("author", []):
        raw = " ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names
                       + p.lineage_names)
        try:  # curated names are BibTeX: let pybtex read their braces and accents
            names.append(normalise(Text.from_latex(raw).render_as("text")))
        except PybtexError:
            names.append(normalise(raw))
    return names


def check_key(key: str) -> bool:
    """Keys every client accepts: ``[A-Za-z0-9][A-Za-z0-9_.:-]*``, no repeated punctuation."""
    return bool(re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9]|[_.:-](?=[A-Za-z0-9]))*", key))


__all__ = ["BibTexts", "Person", "apply_curation", "authors_of", "check_key", "entry_for",
           "library_entries", "lookup_query", "lookup_url", "parse_curated", "person", "sanitise",
           "to_bibtex"]
