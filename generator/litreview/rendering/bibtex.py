"""Papers -> pybtex ``BibliographyData`` and BibTeX text. Pure, no I/O.

Guarantees: every field value is sanitised so that pybtex, bibtexparser, bibtex, biber and
pandoc accept the file (see ``sanitise``); UTF-8 is kept as is (no LaTeX macros for
non-ASCII); entries are written by pybtex's writer, never formatted by hand.
Curated entries (``bib/curated.bib``) override generated fields by key and add entries.
"""

from __future__ import annotations

import io
import re

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.database.output.bibtex import Writer
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from ..errors import LitReviewError
from ..model import Library, Paper
from ..text import normalise

HOWPUBLISHED = "Hugging Face Daily Papers"
# Text macros sit in their own group ({\textless}, not \textless{}): pandoc treats a
# macro it does not know as taking the next brace group, and would swallow what follows.
_SIMPLE = {
    "\\": r"{\textbackslash}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_",
    "^": r"{\textasciicircum}", "~": r"{\textasciitilde}", "<": r"{\textless}",
    ">": r"{\textgreater}", "@": "{@}",
}


_SIMPLE_TABLE = str.maketrans(_SIMPLE)


def sanitise(text: str) -> str:
    """Plain Unicode text -> a BibTeX field value that every client reads back as that text."""
    text = normalise(text)
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


class _PlainWriter(Writer):  # type: ignore[misc]
    """pybtex's writer without its own LaTeX encoding: values arrive already sanitised.

    pybtex would otherwise turn an already escaped ``\\%`` into ``\\\\%`` (field notes).
    It still quotes, braces and checks brace balance.
    """

    def _encode(self, text: str) -> str:
        return text


def entry_for(paper: Paper, theme_names: list[str]) -> Entry:
    """The generated ``@misc`` entry of one paper."""
    fields = {
        # inner braces keep the title's capitalisation in every style
        "title": "{" + sanitise(paper.title_text) + "}",
        "howpublished": HOWPUBLISHED,
        "note": sanitise(f"Listed in {HOWPUBLISHED}"
                         + (f"; {paper.authors_count} authors" if paper.authors_count else "")),
        "key": paper.key,
    }
    if paper.abstract:
        fields["abstract"] = sanitise(paper.abstract_text)
    if paper.date is not None:
        fields["year"] = str(paper.date.year)
        fields["date"] = paper.date.isoformat()
    code = [c.url for c in paper.code_links if c.kind == "code"] or [
        c.url for c in paper.code_links]
    if code:
        fields["url"] = code[0]
    if theme_names:
        fields["keywords"] = sanitise(", ".join(theme_names))
    return Entry("misc", fields=fields)


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


def library_entries(lib: Library, curated: BibliographyData | None) -> dict[str, Entry]:
    """Every paper's entry, with the maintainer's curation applied (``curated.bib``)."""
    names = lib.theme_names
    generated = {p.key: entry_for(p, [names[s] for s in lib.paper_themes.get(p.key, ())])
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
           "library_entries", "parse_curated", "sanitise", "to_bibtex"]
