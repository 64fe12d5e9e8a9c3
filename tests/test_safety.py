"""Untrusted text renders as exactly itself: property tests through the real MyST parser.

Each context wraps escaped text the way ``render.py`` does; the docutils tree must then
hold exactly the normalised input as text, with no element that the input could create.
The full-Sphinx check of the same property is in ``test_site.py``.
"""

from __future__ import annotations

import re

from anyascii import anyascii
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import example, given
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from litreview.text import escape_myst, normalise

PAYLOADS = [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<!-- c -->",
    "```{raw} html\n<b>x</b>\n```", ":::{raw} html\nx\n:::", "```{include} ../../etc/hostname\n```",
    "```{eval-rst}\n.. raw:: html\n```", "{raw}`<b>`", "{download}`/etc/passwd`", "{doc}`index`",
    "{{ 7*7 }}", "(target)=", "# Heading", "- item", "1. item", "| a | b |\n|---|---|",
    "[^1]", "[x]: /etc/passwd", "[l](../../etc/passwd)", "![i](/etc/passwd)", "$x$", "$$y$$",
    "% comment", "+++", "***", "> quote", "    indented code", "\\", "&amp;", "&#x3c;",
    "\u200b", "\u202e", "\x00\x07", "*emph* __strong__", "`code`", "<https://evil.example>",
    "https://evil.example", "\\%", "``tex''", "$$\n\\begin{x}\n$$",
]
text = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(PAYLOADS)), max_size=6).map(
    lambda parts: " ".join(parts))
SETTINGS = {"report_level": 5, "halt_level": 5, "warning_stream": False,
            "myst_enable_extensions": [], "raw_enabled": False,
            "file_insertion_enabled": False, "smart_quotes": False}


def doctree(source: str) -> nodes.document:
    return publish_doctree(source, parser=Parser(), settings_overrides=SETTINGS)


def only_text(node: nodes.Node) -> bool:
    return all(isinstance(n, nodes.Text) for n in node.children)


@given(text)
def test_paragraph(s: str) -> None:
    expected = normalise(s)
    tree = doctree(escape_myst(s) + "\n")
    if not expected:
        return
    (para,) = tree.children
    assert isinstance(para, nodes.paragraph)
    assert only_text(para)
    assert para.astext() == expected


@given(text)
def test_heading(s: str) -> None:
    expected = normalise(s)
    if not expected:
        return
    tree = doctree(f"# {escape_myst(s)}\n\nbody\n")
    title = tree.next_node(nodes.title)
    assert title is not None
    assert only_text(title)
    assert title.astext() == expected


@given(text)
def test_link_label_and_list_item(s: str) -> None:
    expected = normalise(s)
    if not expected:
        return
    tree = doctree(f"- [{escape_myst(s)}](https://example.org/k)\n")
    refs = list(tree.findall(nodes.reference))
    assert len(refs) == 1
    assert only_text(refs[0])
    assert refs[0].astext() == expected
    assert refs[0]["refuri"] == "https://example.org/k"


@given(text)
def test_table_cell(s: str) -> None:
    expected = normalise(s)
    if not expected:
        return
    tree = doctree(f"| a | b |\n|---|---|\n| {escape_myst(s)} | 1 |\n")
    entries = list(tree.findall(nodes.entry))
    assert len(entries) == 4
    assert entries[2].astext() == expected


LATEX = st.lists(st.one_of(
    st.text(max_size=20),
    st.sampled_from([r"\textbf{", "}", "{", r"\href{javascript:alert(1)}{x}", "$", "$x^2$",
                     "``", "''", r"\%", "%", r"\cite{", r"\begin{itemize}", r"\end{x}", "\\",
                     r"\"o", r"\'{e}", "_{+}", "^{3}", r"\input{/etc/passwd}", r"\def\x{y}",
                     r"\newcommand{\a}{b}", "&", "#", "~", r"\\", r"\verb|x|", "$$", r"\[",
                     r"\url{http://x}", r"\catcode"])), max_size=8).map("".join)


#: LaTeX that lost its backslash, which latex_to_text reads on purpose (text._BARE_*):
#: "varphi", "{times}", "x_1,dots,x_n", "sim0.6", "2.7times", "L^infty"
BARE = (r"\{[a-z]+\}|ldots|cdots|var(?:phi|epsilon|theta)|dots|sim\d|\dtimes|\d times \d|"
        r"[\^_]infty|textbf\{|emph\{|math[a-z]+\{|&[#A-Za-z0-9]+;|https?://")
SYMBOL_NAMES = frozenset(["times", "cdot", "ldots", "cdots", "dots", "infty", "leq", "geq",
                          "neq", "approx", "rightarrow", "varphi", "varepsilon", "vartheta",
                          "sim"])


@given(LATEX)
@example("varphi")  # a bare symbol name is read as the symbol
@example(' ``0"')  # a TeX quote closed by a plain one: read, and normalised
def test_latex_to_text_never_raises_or_prints(s: str) -> None:
    import contextlib
    import io

    from litreview.text import latex_to_text
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        result = latex_to_text(s)
    assert out.getvalue() == err.getvalue() == ""
    if not re.search(r"[\\$]|``|" + BARE, s):
        assert result == s  # no LaTeX signal: the text is left alone
        return
    # converted text is normalised, and no word of the input is lost (macro names may go,
    # and the names of symbols whose backslash was lost: "varphi" is "φ")
    assert result == s or result == normalise(result)
    # (a citation key after a tie, "~smith2020deep", is dropped on purpose)
    kept_in = re.sub(r"~\s*[A-Za-z][\w:-]*", " ", s)
    # (and so are an \href's link text after its URL, and the second of a URL printed
    # twice: text._HREF_AFTER_URL, text._DOUBLED_URL)
    kept_in = re.sub(r"(https?://[^\s{}]+?)[.,;]?\1(?![\w/-])", r"\1",
                     re.sub(r"(https?://[^\s{}]+)\{https?://[^{}\s]{1,200}\}", r"\1", kept_in))
    words = [w for w in re.findall(r"(?<![\\A-Za-z])[A-Za-z]{3,}(?![A-Za-z])", kept_in)
             if w not in SYMBOL_NAMES]
    kept = re.findall(r"[A-Za-z]+", anyascii(result))  # an accent command adds an accent
    assert [w for w in words if not any(w in k for k in kept)] == []
