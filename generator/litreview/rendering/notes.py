"""The maintainer's writing: theme introductions and paper notes, and the roles that
cross-reference papers and themes. Pure, no I/O.

Notes are MyST files the generator reads and never writes: ``docs/notes/themes/<slug>.md``
opens a theme's page, ``docs/notes/papers/<key>.md`` is shown on a paper's page. In them,
and in any page of ``docs/``:

- ``{paper}`key``` links a paper by its title;
- ``{cite}`key``` cites it author-year, "Wang et al. (2024)" (its title until its
  authors are known), and ``{citep}`key``` in parentheses, "(Wang et al., 2024)", as
  natbib's ``\\citet`` and ``\\citep`` do;
- ``{theme}`slug``` links a theme by its name (a slug a theme had before a merge or a
  rename leads to the theme that holds its papers now).

An unknown key or slug stops the build with the file, the line and the nearest known
name. A theme's introduction is part of its MyST page (Sphinx resolves the roles there:
``sphinxext.directives.reference_role``); a paper's note is rendered here, CommonMark
with the roles and no raw HTML, since a paper page is not a Sphinx document.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..analysis.editions import mostly_of
from ..contract import References, checked, resolve_reference
from ..errors import LitReviewError
from ..model import Library
from ..text import escape_myst
from .citation import Cite

#: a role in a note: {paper}`key`, {cite}`key`, {citep}`key`, {theme}`slug`
ROLE = re.compile(r"\{(paper|citep|cite|theme)\}`([^`\n]*)`")
#: the folders of ``docs/notes/``
THEMES_DIR, PAPERS_DIR = "notes/themes", "notes/papers"


@dataclass(frozen=True)
class Notes:
    """The maintainer's notes: slug -> introduction, key -> note (MyST texts)."""

    themes: dict[str, str]
    papers: dict[str, str]


def cited_keys(text: str) -> frozenset[str]:
    """The papers a note names by a role ({paper}, {cite}, {citep})."""
    return frozenset(m.group(2).strip() for m in ROLE.finditer(text) if m.group(1) != "theme")


def references(lib: Library, cites: dict[str, Cite]) -> References:
    """What the roles resolve against (``contract.REFERENCES``)."""
    return {
        "papers": {p.key: {"title": p.title_text,
                           "cite": citet(cites[p.key]) or p.title_text,
                           "citep": citep(cites[p.key]) or p.title_text}
                   for p in lib.papers},
        "themes": {t.slug: t.name for t in lib.themes},
        "aliases": dict(lib.theme_aliases),
    }


def citet(cite: Cite) -> str:
    """"Wang et al. (2024)", natbib's ``\\citet``; ``""`` without authors."""
    if not cite.short_authors:
        return ""
    return f"{cite.short_authors} ({cite.year})" if cite.year else cite.short_authors


def citep(cite: Cite) -> str:
    """"Wang et al., 2024", what natbib's ``\\citep`` puts in parentheses; ``""``
    without authors."""
    if not cite.short_authors:
        return ""
    return f"{cite.short_authors}, {cite.year}" if cite.year else cite.short_authors


def introduced(slugs: Iterable[str], lib: Library) -> dict[str, list[str]]:
    """Theme slug -> the slugs of the notes (``notes/themes/<slug>.md``) that introduce
    it: a note follows its theme through renames and merges, and through a second rename
    (whose old slug is kept only as a URL) where the papers that URL showed are most of
    the theme it points to now; a note for a theme that went apart introduces none."""
    out: dict[str, list[str]] = {}
    for slug in sorted(slugs):
        now = lib.theme_aliases.get(slug, slug)
        if slug in lib.url_pointers and not _same(slug, now, lib):
            now = ""
        if now:
            out.setdefault(now, []).append(slug)
    return out


def _same(old: str, now: str, lib: Library) -> bool:
    """Whether the papers the URL ``old`` showed are most of the theme ``now``'s."""
    return mostly_of(lib.moved_papers.get(old, ()),
                     next((t.papers for t in lib.themes if t.slug == now), ()))


def check_files(notes: Notes, lib: Library, folder: str) -> None:
    """Every note names a theme or paper of the review (by its file name), and no two
    introduce one theme (one would be lost)."""
    for slug, by in introduced(notes.themes, lib).items():
        if len(by) > 1:
            raise LitReviewError(
                f"{' and '.join(f'{b}.md' for b in by)} both introduce the theme {slug!r} "
                f"(renames or merges led them there); keep one",
                f"{folder}/notes/themes/{by[-1]}.md")
    for kind, names, known in (("themes", notes.themes, [t.slug for t in lib.themes]),
                               ("papers", notes.papers, [p.key for p in lib.papers])):
        for name in sorted(names):
            if name not in known and not (kind == "themes" and name in lib.theme_aliases):
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
                hint = f"; did you mean {close[0]}.md?" if close else ""
                raise LitReviewError(
                    f"a note for {kind[:-1]} {name!r}, which the review does not have{hint}",
                    f"{folder}/notes/{kind}/{name}.md")


_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def paper_note_html(text: str, refs: References, where: str) -> Markup:
    """A paper's note as HTML for its page (``papers/<key>.html``): the roles become
    links, then CommonMark, raw HTML left as text."""

    def link(m: re.Match[str]) -> str:
        try:
            label, target = resolve_reference(m.group(1), m.group(2), refs)
        except KeyError as exc:
            line = text[: m.start()].count("\n") + 1
            raise LitReviewError(str(exc.args[0]), where, line) from None
        url = (f"../latest/themes/{checked(target)}.html" if m.group(1) == "theme"
               else f"{checked(target)}.html")
        linked = f"[{escape_myst(label)}]({url})"
        return f"({linked})" if m.group(1) == "citep" else linked

    return Markup(_MARKDOWN.render(ROLE.sub(link, text)))
