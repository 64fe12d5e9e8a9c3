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
# conservative URL grammar: no quotes, brackets or angle brackets; parentheses only when
# they pair up inside the URL ("repo_(v2)", not the ")" that closes a remark)
_URL_RE = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?"
                     r"(?:/[A-Za-z0-9\-._~/%#?=&+:@!$*,;()]*)?")


def _drop_control(m: re.Match[str]) -> str:
    ch = m.group()
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Zl", "Zp", "Cs", "Co") or (cat == "Cf" and ch not in "\u200c\u200d"):
        return " "
    return ch


#: characters that may need replacing: anything but printable ASCII
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def normalise(text: str) -> str:
    """Control/format characters -> space, whitespace collapsed: the text a page shows."""
    return " ".join(_NOT_PRINTABLE_ASCII.sub(_drop_control, text).split())


def escape_myst(text: str) -> str:
    """Backslash-escape every ASCII punctuation character of the normalised text."""
    return "".join("\\" + ch if ch in _ASCII_PUNCT else ch for ch in normalise(text))


# LaTeX spans converted one by one; text between them is left exactly as printed
_SPAN_RE = re.compile(
    r"\$[^$\n]{1,300}?\$"                                         # inline math
    r"|``(?!`)[^`]{0,500}?''"                                       # ``TeX quotes''
    r"|\\[A-Za-z]+\*?(?:\[[^\[\]{}]{0,100}\])?(?:\{[^{}]{0,500}\})*"   # \macro[opt]{arg}
    r"|\\[\"'`^~=.][A-Za-z]|\\[\"'`^~=.]\{[A-Za-z]\}"                 # accents: \"o \'{e}
    r"|\\[%&#_$^~{}]"                                              # escaped specials
    r"|(?<=[A-Za-z0-9)])[_^]\{[^{}]{1,30}\}"                          # MP_{+}, R^{3}
)


_CITE_RE = re.compile(r"\\(?:cite|citep|citet|citeauthor|citeyear)\*?\{([^{}]*)\}")


def _convert_span(span: str) -> str:
    """One LaTeX span -> text; the span itself when pylatexenc fails or drops words."""
    if span.startswith("``"):
        return "“" + latex_to_text(span[2:-2]) + "”"
    if m := _CITE_RE.fullmatch(span):
        return "[" + normalise(m.group(1)) + "]"
    try:
        # pylatexenc raises assorted internal errors (IndexError, KeyError, ...) on odd
        # input; any failure means "keep the raw span", which is escaped downstream anyway.
        out = _LATEX.latex_to_text(span)
    except Exception:
        return span
    out = unicodedata.normalize("NFC", normalise(out.replace("\u00a0", " ")))
    if any(unicodedata.combining(ch) for ch in out):
        return span  # an accent with no precomposed letter (\^x) would not typeset
    if not out and re.fullmatch(r"\\[A-Za-z]+", span):
        return span[1:]  # an unknown bare macro (\LaTeX) reads better as its name
    # macro names may go; the letters and digits of their arguments may not
    if _alnum(out) < _alnum(re.sub(r"\\[A-Za-z]+", "", span)):
        return span
    return out


def latex_to_text(text: str) -> str:
    """LaTeX remnants -> clean Unicode (``\\%`` -> %, ````q''`` -> “q”); never raises.

    Only recognised LaTeX spans are converted; everything else stays exactly as printed,
    so braces, backticks and ``%`` that are not LaTeX survive.
    """
    if not _LATEX_HINT.search(text):
        return text
    return normalise(_SPAN_RE.sub(lambda m: _convert_span(m.group(0)), text))


def _alnum(s: str) -> int:
    return sum(ch.isalnum() for ch in s)


def code_links(text: str) -> tuple[CodeLink, ...]:
    """URLs in an abstract, in order, deduplicated; trailing sentence punctuation removed."""
    seen: list[str] = []
    for url in _URL_RE.findall(text):
        url = url.rstrip(".,;:!?*")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(".,;:!?*")
        if url not in seen and len(url) > len("https://x.y"):
            seen.append(url)
    out = []
    for url in seen:
        host = url.split("/", 3)[2].split(":")[0].lower()
        kind = "code" if any(host == h or host.endswith("." + h) for h in CODE_HOSTS) else "project"
        out.append(CodeLink(url, kind))
    return tuple(out)
