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
from urllib.parse import urlsplit

from pylatexenc.latex2text import LatexNodes2Text
from sentencex import segment

from .model import CodeLink

_ASCII_PUNCT = frozenset(string.punctuation)
# a real LaTeX signal: a macro or escape, inline math, or TeX quotes (bare braces are not)
_LATEX_HINT = re.compile(r"\\[A-Za-z%&#_$\"'`^~{}]|\$[^$]+\$|``")
_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
logging.getLogger("pylatexenc").setLevel(logging.CRITICAL + 1)

#: hosts whose URLs are source code rather than a project page
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net",
              "huggingface.co", "gitee.com", "anonymous.4open.science")
# conservative URL grammar: no quotes, brackets or angle brackets; parentheses only when
# they pair up inside the URL ("repo_(v2)", not the ")" that closes a remark)
_URL_RE = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?"
                     r"(?:/[A-Za-z0-9\-._~/%#?=&+:@!$*,;()]*)?")


def _drop_control(m: re.Match[str]) -> str:
    ch = m.group()
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Zl", "Zp", "Cs", "Co") or (cat == "Cf" and ch not in "\u200c\u200d") \
            or is_noncharacter(ch):
        return " "
    return ch


def is_noncharacter(ch: str) -> bool:
    """One of Unicode's 66 noncharacters (U+FDD0-U+FDEF and the last two of each plane),
    never for interchange: biber refuses a .bib file that holds one (U+CFFFF, found by
    hypothesis)."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


#: characters that may need replacing: anything but printable ASCII
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def without_symbols(text: str) -> str:
    """``text`` without emoji and other pictographs (Unicode "So"), the joiners and
    variation selectors that build them: what a title is compared and keyed by
    (anyascii spells "\U0001F40D" as "snake", and "MambaOut … 🐍" became a second paper)."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "So"
                   and ch not in "\u200d\ufe0e\ufe0f")


def normalise(text: str) -> str:
    """Control/format characters -> space, whitespace collapsed: the text a page shows."""
    return " ".join(_NOT_PRINTABLE_ASCII.sub(_drop_control, text).split())


def escape_myst(text: str) -> str:
    """Backslash-escape every ASCII punctuation character of the normalised text."""
    return "".join("\\" + ch if ch in _ASCII_PUNCT else ch for ch in normalise(text))


# LaTeX spans converted one by one; text between them is left exactly as printed
_SPAN_RE = re.compile(
    r"\$\$[^$\n]{1,300}?\$\$"                                     # display math
    # inline math as pandoc reads it: no space inside either dollar, no digit after the
    # closing one ("costs $5 to train and $10 to serve", "$5-$10" are money); but math
    # that opens with a backslash ("$\sim$0.6", "88.3$\%$", "$\{1,2\}$"), an operator alone
    # ("n$>$2", "p$<$0.05") and one spaced symbol ("$ d $") are math wherever they stand
    r"|\$\\\S[^$\n]{0,300}?(?<=[^\s$])\$"
    r"|\$[<>+=-]\$|\$ [A-Za-z](?:_\w)? \$"
    # ... and a dollar before an amount and prose opens no math ("costs $300, yet 2$\times$")
    r"|\$(?=[^\s$\\])(?!\d[\d.,]*[kKMB]?,?\s+[a-z]{2,}\b)[^$\n]{0,300}?(?<=[^\s$\\])\$(?!\d)"
    r"|``(?!`)[^`]{0,500}?''"                                       # ``TeX quotes''
    r"|\{\\(?:it|bf|em|sc|rm|tt|sf|sl|bfseries|itshape)\s+[^{}]{0,200}\}"  # {\it CL}
    r"|\{\\[A-Za-z]+\}"                                            # {\tau}
    r"|\\[A-Za-z]+\*?(?:\[[^\[\]{}]{0,100}\])?(?:\{[^{}]{0,500}\})*"   # \macro[opt]{arg}
    r"|\\[\"'`^~=.][A-Za-z]|\\[\"'`^~=.]\{[A-Za-z]\}"                 # accents: \"o \'{e}
    r"|\{\\(?:[\"'`^~=.]\s*|[cuvHk]\s+)[A-Za-z]\}"                   # {\"u} {\c c}
    r"|\\[%&#_$^~{}]"                                              # escaped specials
)
#: an accent in braces around its letter, as BibTeX writes names: ``{\"u}``, ``{\c c}``
_BRACED_ACCENT = re.compile(r"\{\\([\"'`^~=.cuvHk])\s*([A-Za-z])\}")
#: an old-style font switch in its group: ``{\it CL}inic{\it A}l`` reads "CLinicAl"
_FONT_GROUP = re.compile(r"\{\\[a-z]+\s+([^{}]*)\}")
#: the space a dropped citation key leaves before punctuation goes with it (only there:
#: "~ :" elsewhere stays as printed)
_UP_TO_STOP = r"(?:\s+(?=[,.;:)]))?"
#: a citation whose ``\cite`` the listing dropped, leaving its keys after a tie:
#: "DreamBooth ~ruiz2023dreambooth , InstantBooth ~shi2023instantbooth"
_BARE_CITE = re.compile(r"\s*~\s*[A-Za-z][A-Za-z-]*\d{4}[A-Za-z0-9_:-]*"
                        r"(?:\s*,\s*[A-Za-z][A-Za-z-]*\d{4}[A-Za-z0-9_:-]*)*(?=\W|$)"
                        + _UP_TO_STOP)
#: ... or with no tie at all, a Google Scholar style key standing alone: surname, year,
#: first word ("attention maps vaswani2017attention and ...")
_LONE_CITE = re.compile(r"\s+(?:[a-z]{2,}(?:19|20)\d{2}[a-z]{2,}[a-z0-9]*)"
                        r"(?:\s*,\s*[a-z]{2,}(?:19|20)\d{2}[a-z]{2,}[a-z0-9]*)*(?=[\s,.;:)]|$)"
                        + _UP_TO_STOP)
#: a sub- or superscript: braced (``PDS_{max}``), or one character before a non-word
#: (``Li_2``, ``G_F``); never the underscore of an identifier (``max_length``)
_SCRIPT = re.compile(r"(?<=[A-Za-z0-9)\]])([_^])"
                     r"(?:\{([^{}]{1,30})\}|([A-Za-z0-9+\-*\u221e])(?![\w]))")


_CITE_RE = re.compile(r"\\(?:cite|citep|citet|citeauthor|citeyear)\*?\{([^{}]*)\}")

#: LaTeX whose backslashes the listing dropped ("textbf{F}inetuning", "R^3 {times} S^2",
#: "{1, ldots, T}", "feature map varphi"): only spellings no English text uses, and "dots"
#: only between commas
_BARE_FONT = re.compile(r"(?<![A-Za-z\\])(?:textbf|textit|texttt|textsc|textrm|emph|mathbf|"
                        r"mathrm|mathit|mathsf|boldsymbol|underline)\{([^{}\\]{1,40})\}")
_BARE_SYMBOLS = {"times": "\u00d7", "cdot": "\u00b7", "ldots": "\u2026", "cdots": "\u2026",
                 "dots": "\u2026", "pm": "\u00b1", "infty": "\u221e", "leq": "\u2264",
                 "geq": "\u2265", "neq": "\u2260", "approx": "\u2248", "rightarrow": "\u2192",
                 "to": "\u2192", "in": "\u2208", "varphi": "\u03c6", "varepsilon": "\u03b5",
                 "vartheta": "\u03d1"}
_BARE_SYMBOL = re.compile(
    r"\{(" + "|".join(_BARE_SYMBOLS) + r")\}"                     # {times}
    r"|(?<![A-Za-z\\])(ldots|cdots|varphi|varepsilon|vartheta)(?![A-Za-z])"  # ldots, varphi
    r"|(?<=,)\s*(dots)\s*(?=,)")                                  # x_1,dots,x_n
#: what an ``\href{url}{text}`` leaves: the URL, then its link text in braces
_HREF_TEXT = re.compile(r"(?<=[A-Za-z0-9/])/?\{(?:github|here|link|code|website|project page)\}")
#: ... the URL with a URL as link text in braces after it ("…/COMET{https://…/COMET}"; a
#: template "…/{org}/{model}" stays), or the URL printed twice ("…/Synthesis.https://…")
_HREF_AFTER_URL = re.compile(r"(https?://[^\s{}]+)\{https?://[^{}\s]{1,200}\}")
_DOUBLED_URL = re.compile(r"(https?://[^\s{}]+?)[.,;]?\1(?![\w/-])")
#: where a second URL starts right after a first one ("…/Synthesis.https://…")
_GLUED = re.compile(r"(?<=[A-Za-z0-9.,;)])(?=https?://)")
#: numbers whose ``$\sim$`` and ``$\times$`` lost their backslash and dollars ("a merely
#: sim0.6 point decrease", "2.7times", "256 times 256"), never "sim2real" or "three times"
_BARE_SIM = re.compile(r"(?<![A-Za-z])sim(?=\d[\d.,]*(?![a-z\d]))")
_BARE_TIMES = re.compile(r"(?<=\d)times(?![A-Za-z])|(?<=\d) times (?=\d)")
_BARE_INFTY = re.compile(r"(?<=[\^_])infty(?![A-Za-z])")
#: the abbreviation macros of CVPR-style papers: "\eg," reads "e.g.,", not "EG,"
_ABBREVIATIONS = {"eg": "e.g.", "ie": "i.e.", "etal": "et al.", "wrt": "w.r.t.",
                  "vs": "vs.", "cf": "cf.", "etc": "etc.", "aka": "a.k.a."}
_ABBREVIATION = re.compile(r"\\(" + "|".join(_ABBREVIATIONS) + r")(?![A-Za-z])\.?")
#: TeX's dashes where they stand as dashes: " -- " (en), " --- " (em), "1--10"; never an
#: option ("--help") or an arrow ("-->")
_TEX_DASH = re.compile(r"(?<=\s)---?(?=\s)|(?<=\d)--(?=\d)")
#: "(rm StatsQ)": what "({\rm StatsQ})" leaves when the listing drops the backslash
_BARE_RM = re.compile(r"\(rm ([A-Z][\w-]*)\)")
#: TeX's opening quotes closed by a plain double quote: the task ``features"
_HALF_TEX_QUOTE = re.compile(r"``(?!`)([^`'\"\n]{1,200})\"")


def _plain_remnants(text: str) -> str:
    """Remnants that are no LaTeX span any more (an ``\\href``'s, ``\\eg``, half TeX
    quotes, TeX's dashes, a ``{\\rm X}`` that lost its backslash) -> text."""
    if "http" in text:
        text = _DOUBLED_URL.sub(r"\1", _HREF_AFTER_URL.sub(r"\1", text))
    if "--" in text:
        text = _TEX_DASH.sub(lambda m: "\u2014" if m.group(0) == "---" else "\u2013", text)
    if "(rm " in text:
        text = _BARE_RM.sub(r"(\1)", text)
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    return _HALF_TEX_QUOTE.sub(lambda m: "\u201c" + m.group(1) + "\u201d", text)


def _bare_latex(text: str) -> str:
    """LaTeX that lost its backslashes -> text (``_BARE_SIM`` to ``_BARE_INFTY``,
    ``_BARE_FONT``, ``_BARE_SYMBOL``)."""
    text = _BARE_INFTY.sub("\u221e", _BARE_SIM.sub("\u223c", text))
    text = _BARE_TIMES.sub(lambda m: "\u00d7" if m.group(0) == "times" else " \u00d7 ", text)
    if "{" not in text and not re.search(r"ldots|cdots|var(?:phi|epsilon|theta)|,\s*dots", text):
        return text
    text = _HREF_TEXT.sub("", _BARE_FONT.sub(r"\1", text))
    return _BARE_SYMBOL.sub(lambda m: _BARE_SYMBOLS[m.group(1) or m.group(2) or m.group(3)]
                            if (m.group(1) or m.group(2)) else "\u2026", text)


def _convert_span(span: str) -> str:
    """One LaTeX span -> text; the span itself when pylatexenc fails or drops words."""
    if span.startswith("``"):
        return "“" + latex_to_text(span[2:-2]) + "”"
    if m := _CITE_RE.fullmatch(span):
        return "[" + normalise(m.group(1)) + "]"
    if m := _BRACED_ACCENT.fullmatch(span):  # pylatexenc drops the accent of "{\c c}"
        span = "\\" + m.group(1) + "{" + m.group(2) + "}"
    if m := _FONT_GROUP.fullmatch(span):
        return latex_to_text(m.group(1))
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
        return _unknown_macro(span[1:])
    # macro names may go; the letters and digits of their arguments may not
    if _alnum(out) < _alnum(re.sub(r"\\[A-Za-z]+", "", span)):
        return span
    return out


def _unknown_macro(name: str) -> str:
    """An abstract's own macro (``\\au`` for "action unit"), which no converter knows: a
    short one reads as the acronym it stands for ("AU", plural "AUs"), a long one as its
    name."""
    if len(name) <= 4 and name.isalpha() and name.islower():
        return name[:-1].upper() + "s" if name.endswith("s") and len(name) > 2 \
            else name.upper()
    return name


def latex_to_text(text: str) -> str:
    """LaTeX remnants -> clean Unicode (``\\%`` -> %, ````q''`` -> “q”); never raises.

    Only recognised LaTeX spans are converted; everything else stays exactly as printed,
    so braces, backticks and ``%`` that are not LaTeX survive. Citation keys the listing
    left behind ("~ruiz2023dreambooth") are dropped; sub- and superscripts (``PDS_{max}``)
    stay for ``script_parts`` to show.
    """
    text = _LONE_CITE.sub("", _BARE_CITE.sub("", text) if "~" in text else text)
    plain = _plain_remnants(_bare_latex(text))
    if not _LATEX_HINT.search(plain):
        return plain if plain == text else normalise(plain)
    text = plain
    return normalise(_SPAN_RE.sub(lambda m: _convert_span(m.group(0)), text))


def script_parts(text: str) -> list[tuple[str, str]]:
    """Text cut into (kind, text) parts, kind ``""`` for plain text, ``"sub"`` or ``"sup"``
    for a sub- or superscript: what a page shows as ``<sub>``/``<sup>``."""
    out: list[tuple[str, str]] = []
    at = 0
    for m in _SCRIPT.finditer(text):
        out.append(("", text[at:m.start()]))
        out.append(("sub" if m.group(1) == "_" else "sup", m.group(2) or m.group(3)))
        at = m.end()
    out.append(("", text[at:]))
    return [(kind, part) for kind, part in out if part]


_SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUP = str.maketrans("0123456789+-=()abcdefghijklmnoprstuvwxyzT",
                     "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ")


def unicode_scripts(text: str) -> str:
    """Sub- and superscripts as Unicode where every character has a script form ("Li_2"
    -> "Li₂", "R^3" -> "R³"), else as plain text (``flat_scripts``): for plain text that
    readers see, such as a theme's description."""
    def one(m: re.Match[str]) -> str:
        part = m.group(2) or m.group(3)
        table = _SUB if m.group(1) == "_" else _SUP
        shown = part.translate(table)
        return shown if all(a != b for a, b in zip(part, shown, strict=True)) \
            else m.group(1) + part
    return _SCRIPT.sub(one, text)


def flat_scripts(text: str) -> str:
    """Sub- and superscripts as plain text ("PDS_{max}" -> "PDS_max"), for BibTeX and
    feeds."""
    return _SCRIPT.sub(lambda m: m.group(1) + (m.group(2) or m.group(3)), text)


def sentences(text: str) -> list[str]:
    """The sentences of a plain text, by sentencex (Wikimedia's segmenter): "et al.",
    "e.g.", "Fig. 3" and decimals end no sentence."""
    return [s for part in segment("en", text) if (s := part.strip())]


def _alnum(s: str) -> int:
    return sum(ch.isalnum() for ch in s)


def code_links(text: str) -> tuple[CodeLink, ...]:
    """URLs in an abstract, in order, deduplicated; trailing sentence punctuation removed."""
    seen: list[str] = []
    # two URLs printed with nothing between them are two ("…/Synthesis.https://…")
    for url in (part for found in _URL_RE.findall(text) for part in _GLUED.split(found)):
        url = url.rstrip(".,;:!?*")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(".,;:!?*")
        if url not in seen and len(url) > len("https://x.y"):
            seen.append(url)
    return tuple(CodeLink(url, _link_kind(url)) for url in seen)


#: what a Hugging Face repository holds, by the first step of its path
_HUB_KINDS = {"datasets": "dataset", "spaces": "demo"}


def _link_kind(url: str) -> str:
    """``"code"`` on a source-code host, ``"dataset"``, ``"demo"`` or ``"model"`` for a
    Hugging Face dataset, Space or model repository (a dataset was labelled "Code"),
    ``"project"`` for anything else."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in ("huggingface.co", "www.huggingface.co"):
        steps = [step for step in parts.path.split("/") if step]
        if steps and steps[0] in _HUB_KINDS:
            return _HUB_KINDS[steps[0]]
        if len(steps) >= 2 and steps[0] not in ("papers", "docs", "blog", "learn"):
            return "model"
    return "code" if any(host == h or host.endswith("." + h) for h in CODE_HOSTS) else "project"
