"""Text transforms for untrusted dump text. Pure, no I/O.

Guarantees:
- ``latex_to_text`` never raises and never prints; on anything odd it returns its input.
- ``escape_myst`` returns MyST that renders to exactly ``normalise(text)`` as plain text:
  no element, role, directive, link, substitution or comment can come from the input.
"""

from __future__ import annotations

import logging
import re
import string
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text

from .model import CodeLink

_ASCII_PUNCT = frozenset(string.punctuation)
# a real LaTeX signal: a macro or escape, inline math, or TeX quotes (bare braces are not)
_LATEX_HINT = re.compile(r"\\[A-Za-z%&#_$\"'`^~{}]|\$[^$]+\$|``")
_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
logging.getLogger("pylatexenc").setLevel(logging.CRITICAL + 1)

#: hosts whose URLs are source code rather than a project page
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net",
              "huggingface.co", "gitee.com")
# conservative URL grammar: no quotes, brackets, parentheses or angle brackets
_URL_RE = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?"
                     r"(?:/[A-Za-z0-9\-._~/%#?=&+:@!$*,;]*)?")


def normalise(text: str) -> str:
    """Control/format characters -> space, whitespace collapsed: the text a page shows."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp", "Cs", "Co") or (cat == "Cf" and ch not in "\u200c\u200d"):
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def escape_myst(text: str) -> str:
    """Backslash-escape every ASCII punctuation character of the normalised text."""
    return "".join("\\" + ch if ch in _ASCII_PUNCT else ch for ch in normalise(text))


def _protect(text: str) -> str:
    """Make bare ``%`` (a LaTeX comment) and ``&`` (a table cell) literal before converting."""
    return re.sub(r"(?<!\\)([%&#])", r"\\\1", text)


def latex_to_text(text: str) -> str:
    """LaTeX remnants -> clean Unicode (``\\%`` -> %, ````q''`` -> “q”); raw text on failure."""
    if not _LATEX_HINT.search(text):
        return text
    urls = _URL_RE.findall(text)
    try:
        # pylatexenc raises assorted internal errors (IndexError, KeyError, ...) on odd
        # input; any failure means "keep the raw text", which is escaped downstream anyway.
        out = _LATEX.latex_to_text(_protect(text))
    except Exception:  # noqa: BLE001 - third-party parser, see above
        return text
    out = out.replace("\u00a0", " ").replace("“", "“").replace("”", "”")
    out = normalise(out)
    # never lose words: a stray brace or an unknown macro can swallow text
    if _alnum(out) < 0.9 * _alnum(text) - 20 or any(u not in out for u in urls):
        return text
    return out


def _alnum(s: str) -> int:
    return sum(ch.isalnum() for ch in s)


def code_links(text: str) -> tuple[CodeLink, ...]:
    """URLs in an abstract, in order, deduplicated; trailing sentence punctuation removed."""
    seen: list[str] = []
    for url in _URL_RE.findall(text):
        url = url.rstrip(".,;:!?*")
        if url not in seen and len(url) > len("https://x.y"):
            seen.append(url)
    out = []
    for url in seen:
        host = url.split("/", 3)[2].split(":")[0].lower()
        kind = "code" if any(host == h or host.endswith("." + h) for h in CODE_HOSTS) else "project"
        out.append(CodeLink(url, kind))
    return tuple(out)
