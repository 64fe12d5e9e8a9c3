"""A theme described the way a person would: what its papers do, in their own words. Pure,
no I/O.

An abstract says what its paper does in one sentence, usually "We propose …", "In this
paper, we introduce …" or "This paper presents …". That sentence, turned to the third
person ("… proposes …"), says more about a theme than its distinctive terms, so a theme's
description is built from its most representative papers' sentences:

    18 papers on pruning, dated from May 2019 to May 2025. Among the most representative,
    “Network Pruning via Transformable Architecture Search” (Dong and Yang, 2019)
    proposes to search for the channel and layer sizes of a network …; … The closest
    themes are …

A list of the theme's terms is not part of it (the themes page shows them as key terms):
readers took the sentence that listed them for a template.

The text is plain (the page escapes it); a paper whose abstract has no such sentence is
named by its title only.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..analysis.evidence import name_forms, name_words, uses
from ..analysis.naming import folded_words
from ..model import Library, Theme
from ..text import normalise, unicode_scripts
from .citation import Cite
from .wording import and_list, count, full_stop

#: the longest sentence taken from an abstract (cut at a word, with "…")
SENTENCE_CHARS = 220
#: how many representative papers a description quotes
QUOTED = 3

_LEAD = (r"(?:(?:in|with) (?:this|the present) (?:paper|work|study|article|letter),?\s+"
         # "To tackle these problems, we design …", "In light of this, we propose TFUP",
         # "Inspired by recent advances in prompt learning research in NLP, we propose
         # Context Optimization (CoOp)": without these, 15 of 251 seed papers had no
         # sentence found to say what they do
         r"|here,?\s+|to (?:this end|(?:address|tackle|overcome|solve|mitigate|alleviate|"
         r"handle|bridge|fill) (?:this|these|that|those)[\w\s-]{0,30}),\s+"
         r"|in light of [^,.;]{2,60},\s+"
         r"|therefore,?\s+|instead,?\s+|specifically,?\s+"
         r"|(?:inspired|motivated|driven|guided|encouraged) by [^,.;]{3,120},\s+"
         r"|(?:based on|building (?:on|upon)|following) [^,.;]{3,80},\s+)?")
_LEAD_RE = re.compile(_LEAD, re.IGNORECASE)
#: what a paper makes, then what it finds: a sentence with the first kind wins
_MAKES = ("propose", "introduce", "present", "develop", "design", "build", "construct",
          "formulate", "derive", "release", "offer", "describe")
_FINDS = ("show", "find", "study", "investigate", "explore", "analyze", "analyse",
          "demonstrate", "argue", "provide", "identify", "examine", "reveal", "establish",
          "prove")
#: verbs that go on from the first in one sentence after a comma ("introduces X,
#: describe Y, and organize Z"): each is turned to the third person too (after a bare
#: "and" the subject may be another: "X, which they train and use")
_THEN = re.compile(r"(,\s+(?:and\s+|then\s+)?)(" + "|".join(
    _MAKES + _FINDS + ("organize", "organise", "evaluate", "compare", "discuss", "outline",
                       "review", "summarize", "summarise", "highlight", "conduct", "apply",
                       "extend", "validate", "release", "train", "use", "achieve",
                       "obtain", "leverage", "incorporate", "combine", "suggest")) + r")\b")
#: "remote sensing (RS)": words, then an acronym of capitals (a plural "s" allowed)
_DEFINED = re.compile(r"((?:[\w-]+\s+){1,8}?)\(([A-Z][A-Za-z]*[A-Z]s?)\)")
#: words an acronym leaves out
_JOINING = frozenset(["a", "and", "for", "in", "of", "on", "the", "to", "with"])
#: words a sentence cut short may not end on
_HANGING = frozenset(["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of",
                      "on", "or", "such", "than", "that", "the", "their", "these", "this",
                      "to", "which", "while", "with", "whose"])
#: "e.g.the" (a space lost in the listing) reads as one word
_ABBREVIATION = re.compile(r"\b(e\.g\.|i\.e\.)(?=[A-Za-z])")


def _patterns(verbs: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"We propose …" (after an optional lead), and "This paper proposes …"."""
    alternatives = "|".join(verbs)
    return (re.compile(rf"^{_LEAD}we\s+(?:first\s+|also\s+|further\s+|then\s+)?"
                       rf"({alternatives})\b\s*", re.IGNORECASE),
            re.compile(rf"^{_LEAD}(?:this|the present|our) (?:paper|work|study|article|"
                       rf"letter)\s+({alternatives})(?:s|es)?\b\s*", re.IGNORECASE))


_KINDS = (_patterns(_MAKES), _patterns(_FINDS))
#: a sentence that leans on the one before by "such" ("offers a proper solution to such
#: issue", "finds such PEFT method can ...") reads as nonsense quoted alone ("tackles this
#: challenge by designing ..." still says what the paper does)
_LEANS = re.compile(r"\bsuch\s+(?:[\w-]+\s+)?(?:issues?|problems?|limitations?|"
                    r"challenges?|gaps?|methods?|approach(?:es)?|models?|techniques?|"
                    r"shortcomings?|drawbacks?|questions?|gradients?)\b"
                    # "demonstrates that these two aims diverge" (which aims?), where
                    # "updating these implicit models" points back in its own sentence
                    r"|\b(?:these|those)\s+(?:[\w-]+\s+)?(?:issues|problems|limitations|"
                    r"challenges|gaps|shortcomings|drawbacks|questions|aims|goals|"
                    r"properties|observations|findings|insights)\b"
                    r"|\b(?:the above|the aforementioned|this phenomenon)\b", re.IGNORECASE)
#: what a paper does to something named before: "We analyze it for both single model and
#: Co-teaching" (what is "it"?); "We show that …" is a clause, not a pointer
_POINTS_BACK = re.compile(r"(?:it|its|this|these|those|them|they)\b(?!\s+(?:paper|work|study))",
                          re.IGNORECASE)
#: ... unless all that leans is a purpose at its end, which goes: "proposes a method named
#: OptFS to address these problems" says what the paper does without it
_LEANING_PURPOSE = re.compile(
    r",?\s+(?:in order\s+)?to\s+(?:address|tackle|solve|overcome|mitigate|alleviate|"
    r"resolve|handle|fill|bridge|remedy|fix)\s+(?:these|those|such|this|the above|the "
    r"aforementioned)(?:\s+[\w-]+){1,3}$", re.IGNORECASE)
#: what leans on the sentence before at the ends of a sentence: "proposes in this work to
#: use A and B in parallel instead"
_LEANING_ENDS = re.compile(r"^(?:in|with) (?:this|the present) (?:paper|work|study),?\s+"
                           r"|,?\s+instead$", re.IGNORECASE)
#: where a sentence too long to quote whole may end, a clause's start: the clause and the
#: rest go ("proposes X, which …" -> "proposes X."; "…, aiming to solve …", "…, depending
#: upon …" had ended in "…" on the seeds); never ", and", which may drop the last of a list
#: ("consisting of A, and B")
_CLAUSE = re.compile(r";\s|,\s+(?=(?:which|where|while|by|thus|thereby|leveraging|"
                     r"using|achieving|enabling|allowing|resulting|yielding|making|"
                     r"outperforming|demonstrating|showing|including|such as|aiming|"
                     r"depending|relying|exploiting|focusing|based on)\b)")
#: ... if at least this much of it is left, and not after the first item of a list
#: ("(a) …; (b) …" cut after "(a)"); 90 kept "proposes a cold start recommendation model
#: that integrates contrastive learning" (80) from its clause, and the quote ran on to "…"
CLAUSE_KEEPS = 60
_ENUMERATED = re.compile(r"\((?:a|i|1)\)")
_FIRST_PERSON = [(re.compile(r"\bour\b"), "their"), (re.compile(r"\bOur\b"), "Their"),
                 (re.compile(r"\bwe\b"), "they"), (re.compile(r"\bWe\b"), "They"),
                 (re.compile(r"\bus\b"), "them"), (re.compile(r"\bourselves\b"), "themselves")]


def _third_person(verb: str) -> str:
    verb = verb.lower()
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"  # study -> studies
    return verb + ("es" if verb.endswith(("sh", "ch", "s", "x")) else "s")


def _spelled(abstract: str) -> dict[str, str]:
    """Acronym -> the words an abstract defines it by ("remote sensing (RS)" gives "RS"
    -> "remote sensing"): the fewest words before the parenthesis whose initials spell
    it (a plural "s" aside)."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(abstract):
        acronym, words = m.group(2), m.group(1).split()
        letters = "".join(c for c in acronym if c.isupper())  # "ViTs" -> "VT"
        for n in range(1, len(words) + 1):
            parts = [w for w in re.split(r"[\s-]+", " ".join(words[-n:])) if w]
            # every word's initial, or the capitalised words' ("Source-Free domain
            # adaptive Object Detection (SFOD)")
            if letters in ("".join(w[0].upper() for w in parts if w.lower() not in _JOINING),
                           "".join(w[0] for w in parts if w[0].isupper())):
                first, *rest = words[-n:]
                if first.istitle() and all(w.islower() for w in rest):  # a sentence's start
                    first = first.lower()
                out.setdefault(acronym, " ".join([first, *rest]))
                break
    return out


def _defined(said: str, abstract: str) -> str:
    """``said`` with the first use of each acronym the abstract defined earlier, and that
    ``said`` does not define, spelled out: "a new RS generative framework" -> "a new
    remote sensing (RS) generative framework"."""
    for acronym, words in _spelled(abstract).items():
        if f"({acronym})" in said or words.lower() in said.lower():
            continue
        said = re.sub(rf"\b{re.escape(acronym)}\b", f"{words} ({acronym})", said, count=1)
    return said


def contribution(abstract: str) -> str:
    """The sentence of an abstract that says what the paper does, as "proposes …" (third
    person, without its subject; an acronym the abstract defined before is spelled out
    at its first use); ``""`` when no sentence does."""
    found = _contributing(abstract)
    return _said(found[1], _defined(found[2], abstract)) if found else ""


@functools.lru_cache(maxsize=16384)  # (a paper's teaser is asked for in each of its lists)
def stated(abstract: str) -> str:
    """That sentence as the abstract writes it ("We propose …"), without a lead that
    points back or says nothing ("To address this limitation, we introduce …" -> "We
    introduce …"; "In this paper, "); ``""`` when there is none."""
    found = _contributing(abstract)
    if not found:
        return ""
    lead = _LEAD_RE.match(found[0])  # (the lead is optional: it always matches)
    sentence = found[0][lead.end() if lead else 0:]
    # "We then introduce …" (after what?) -> "We introduce …"
    sentence = re.sub(r"^(we)\s+(?:first|also|further|then)\s+", r"\1 ", sentence,
                      flags=re.IGNORECASE)
    return sentence[:1].upper() + sentence[1:]


def sequel(abstract: str) -> str:
    """The first sentence after the one ``stated`` takes that stands on its own, without a
    lead ("Specifically, the method …" -> "The method …"): how the paper does what it
    says. A list under a description that quoted what a paper does shows this instead,
    not the same sentence twice. A sentence that leans on one before it is passed over
    ("It is hardware-friendly …", "We propose to design them …", "… to address these
    problems"); ``""`` when none stands alone (or the abstract states nothing)."""
    found = _contributing(abstract)
    said = _split(abstract)
    if not found or found[0] not in said:
        return ""
    for after in said[said.index(found[0]) + 1:]:
        lead = _LEAD_RE.match(after)
        after = _FIRST_OF_MANY.sub("", after[lead.end() if lead else 0:])
        if len(after) >= 30 and not _POINTS_BACK.match(after) and not _LEANS.search(after) \
                and not _THEM.search(after):
            return after[:1].upper() + after[1:]
    return ""


#: "First, …", "Moreover, …": a step of an argument, dropped before a sentence quoted alone
_FIRST_OF_MANY = re.compile(r"^(?:first|second|third|finally|moreover|furthermore|"
                            r"additionally|in addition|besides|next|also),\s+", re.IGNORECASE)
#: what a sentence alone cannot say: "them", "such a prior", "to address above problems",
#: "this question", or a start that goes on from the sentence before ("Such simple …",
#: "For example, …", "To validate this, …")
_THEM = re.compile(r"\bthem\b|\bsuch an?\b|\babove (?:[\w-]+\s+)?(?:problems?|issues?|"
                   r"limitations?|challenges?)\b|\bthis (?:question|problem|issue|limitation|"
                   r"challenge|idea|observation|hypothesis|gap)\b|^such\b|^for (?:example|"
                   r"instance)\b|^to (?:validate|verify|test|do|achieve|this end) (?:this|that)\b",
                   re.IGNORECASE)


def _split(abstract: str) -> list[str]:
    """An abstract's sentences, split at every full stop before a capital: a fragment cut
    at "et al." says nothing a pattern matches, while a sentence segmenter
    (text.sentences) keeps "(ii) ... regions. In this paper, we present ..." whole and
    the contribution is missed (3 of 175 seeds)."""
    return re.split(r"(?<=[.!?])\s+(?=[A-Z(])", normalise(unicode_scripts(abstract)))


def _contributing(abstract: str) -> tuple[str, str, str] | None:
    """(the sentence, its verb, what follows the verb) of the sentence that says what the
    paper makes, else of the first that says what it finds; None when none does."""
    said = _split(abstract)
    for patterns in _KINDS:
        for sentence in said:
            found = next((m for p in patterns if (m := p.match(sentence))), None)
            rest = sentence[found.end():].strip().rstrip(".!? ") if found else ""
            rest = _LEANING_ENDS.sub("", _LEANING_PURPOSE.sub("", rest))
            if found and len(rest) >= 11 and not _LEANS.search(rest) \
                    and not _POINTS_BACK.match(rest):
                return sentence, found.group(1), rest
    return None


def _said(verb: str, rest: str) -> str:
    """"proposes …", first person turned to the third, cut at SENTENCE_CHARS."""
    for pattern, replacement in _FIRST_PERSON:
        rest = pattern.sub(replacement, rest)
    rest = _THEN.sub(lambda m: m.group(1) + _third_person(m.group(2)), rest)
    rest = _ABBREVIATION.sub(r"\1 ", rest)
    said = f"{_third_person(verb)} {rest}".rstrip(".!? ")
    if len(said) > SENTENCE_CHARS:
        ends = [m.start() for m in _CLAUSE.finditer(said, 0, SENTENCE_CHARS)
                if m.start() >= CLAUSE_KEEPS and _closed(said[:m.start()])
                and not _ENUMERATED.search(said[:m.start()])]
        if ends:  # a whole clause: no "…"
            return said[:ends[-1]]
        cut = said[: SENTENCE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")
        # not on a word that needs the next one ("… and…", "… the order in…")
        while (last := cut.rsplit(" ", 1))[-1].lower() in _HANGING and len(last) == 2:
            cut = last[0].rstrip(",;:")
        said = cut + "…"
    return said


def _month(iso: str) -> str:
    """"2024-03-15" or "2024-03" -> "March 2024"."""
    return dt.date.fromisoformat(iso[:7] + "-01").strftime("%B %Y")


def _span(theme: Theme, dates: dict[str, str]) -> str:
    known = sorted(d for k in theme.papers if (d := dates.get(k)))
    if not known:
        return ""
    first, last = _month(known[0]), _month(known[-1])
    when = f"in {first}" if first == last else f"from {first} to {last}"
    return (f", dated {when}" if len(known) == len(theme.papers) else
            f" ({len(known)} of them dated, {when})")


def _closed(text: str) -> bool:
    """Whether every parenthesis and bracket opened in ``text`` is closed."""
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")


def _quoted(key: str, lib: Library, cites: dict[str, Cite]) -> tuple[str, str]:
    """(“Title” (Smith et al., 2024), "proposes …" or "")."""
    paper, cite = lib.by_key[key], cites.get(key)
    who = ", ".join(x for x in (cite.short_authors, cite.year) if x) if cite else ""
    return f"“{paper.title_text}”" + (f" ({who})" if who else ""), \
        contribution(paper.abstract_text)


def _representatives(quotes: list[tuple[str, str]]) -> list[str]:
    """The sentences on a theme's most representative papers: those whose abstracts say
    what they do, with what they do; then the others, by title (a title with no verb
    after it does not hang in a list of papers that do something)."""
    told = [f"{title} {said}" for title, said in quotes if said]
    bare = [title for title, said in quotes if not said]
    out = []
    if told:
        out.append(full_stop("Among the most representative, " + (
            told[0] if len(told) == 1 else "; ".join(told[:-1]) + f"; and {told[-1]}")))
    if bare and told:
        out.append(f"{'Another is' if len(bare) == 1 else 'Others are'} {and_list(bare)}.")
    elif bare:
        out.append(f"The most representative {'is' if len(bare) == 1 else 'are'} "
                   f"{and_list(bare)}.")
    return out


def exemplary(theme: Theme, lib: Library) -> list[str]:
    """The theme's papers as ranked (closest to its centre first), those that say what
    its name says first: a paper quoted as representative of "Contrastive and
    self-supervised learning" should be about that, not the video highlight detector
    nearest the centre. Papers whose title says a part of the name come first, one part
    after the other ("Audio, speech and music": an audio paper, a speech paper, a music
    paper), then those whose abstract says one, then the rest."""
    # the name readers see (a rename's), each of its parts taken at its word: "action
    # recognition", not any "recognition"; a name of one part by its head noun too
    # ("Post-training quantization": any quantization paper)
    texts = {k: folded_words(f"{lib.by_key[k].title}. {lib.by_key[k].abstract_text}")
             for k in theme.papers}
    words = name_words(theme.name, list(texts.values()))
    parts = [name_forms(words)] if len(words) == 1 else [frozenset({w}) for w in words]
    picked = _titled(theme, lib, parts)
    rest = [k for k in theme.papers if k not in set(picked)]
    says = [k for k in rest if any(uses(texts[k], f) for f in parts)]
    return picked + says + [k for k in rest if k not in set(says)]


def _titled(theme: Theme, lib: Library, parts: list[frozenset[str]]) -> list[str]:
    """The theme's papers whose title says a part of its name: rounds over the parts,
    each taking its first paper (as ranked) not taken yet."""
    titles = {k: folded_words(lib.by_key[k].title) for k in theme.papers}
    picked: list[str] = []
    while True:
        taken = (next((k for k in theme.papers if k not in picked and uses(titles[k], f)),
                      None) for f in parts)
        new = list(dict.fromkeys(k for k in taken if k is not None))
        if not new:
            return picked
        picked += new


def quoted(theme: Theme, lib: Library, told: frozenset[str] = frozenset()) -> list[str]:
    """The papers a theme's description quotes as its most representative: not those the
    maintainer's introduction tells of (``told``), nor one shown only because its title
    names the theme (a medical DVPT and a time-series POND were "the most
    representative" of prompt tuning)."""
    return [k for k in exemplary(theme, lib)
            if k not in told and k not in theme.titled][:QUOTED]


def theme_description(theme: Theme, lib: Library, dates: dict[str, str],
                      cites: dict[str, Cite], told: frozenset[str] = frozenset()) -> str:
    """One paragraph (plain text) on a theme: its size and span (``dates``: key -> the
    first version's date, else the listing's), what its most representative papers do
    (other than those the maintainer's introduction tells of, ``told``, and those shown
    only because their title names it, ``Theme.titled``), and its closest themes."""
    n = len(theme.papers)
    lowered = theme.name[:1].lower() + theme.name[1:] if theme.name[1:2].islower() else theme.name
    # "29 papers on what networks learn: representations and …" reads as a slip
    topic = "in this theme" if ":" in theme.name else f"on {lowered}"
    out = [f"{count(n, 'paper')} {topic}{_span(theme, dates)}."]
    out += _representatives([_quoted(k, lib, cites) for k in quoted(theme, lib, told)])
    names = lib.theme_names
    near = [f"“{names[s]}”" for s in theme.related[:2] if s in names]
    if near:
        out.append(f"The closest theme{'s are' if len(near) > 1 else ' is'} {and_list(near)}.")
    return " ".join(out)
