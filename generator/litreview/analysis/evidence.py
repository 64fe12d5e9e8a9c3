"""What a theme's name promises, kept: names that judge their members, second memberships
shown only where the paper says what the name says, and fields shown as facets. Pure, no
I/O.

A reader judges a theme by its name: "Pruning" promises papers about pruning. A paper
*supports* a theme's name when its title or abstract uses one of the name's phrases
("post-training quantization", or "sentiment" in "Machine learning and sentiment"), the
head noun of a phrase the generator named it by ("quantization") or, for an acronym, its
spelling-out in the library ("llm" -> "large language model"). A maintainer's rename is
the name readers see, so it is the name that judges from the next edition on. The test
only holds where the name describes its theme: where at least NAME_COVER of the members
(and MIN_SUPPORT papers) support it. A theme whose generated name covers fewer
("Calibration": 3 of 26 members) is named by a guess, and its members are not judged.

``shown`` applies it to second memberships: a paper is shown in the theme it fits best,
and in another only when it supports that theme's name (where the name judges). On the
seeds' newest edition this takes 25 memberships off the pages (36 with the repository's
``bib/themes.toml``, whose names judge more themes), e.g. 8 of "Pruning"'s 17 papers,
none of which mentions pruning. The grouping itself keeps them
(``Theme.grouping``): the next edition carries them, so the themes' centroids, and the
themes new papers join, do not move. Trimming the grouping itself was tried and lost:
the sparse-autoencoder theme no longer formed in the third edition.

``as_facets``: a theme named only by a kind of model that a whole field works on
(``words.FIELDS``: "LLMs") gathers quantization, interpretability and fine-tuning papers
because they share the model. It is shown as a facet: a page, at the theme's URL, of
every paper whose text names the field, grouped by their themes.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace

from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from ..model import Library, Paper, Theme
from .coherence import fits
from .naming import NAME_PARTS, folded_words, name_split
from .words import FIELDS, STOP, TOKEN, WEAK_FOLDED, describing, fold

#: the share of a theme's members that must support its name for the name to judge them
NAME_COVER = 1 / 3
#: ... and at least this many papers
MIN_SUPPORT = 3
#: a one-word name phrase this short may be an acronym
MAX_ACRONYM = 6
#: words an acronym leaves out even inside a compound
JOINING = frozenset({"a", "an", "and", "of", "or", "the", "to"})
#: an acronym's spelling-out counts when this many papers use it
MIN_SPELLED = 2


def name_forms(phrases: tuple[str, ...], folded: list[str] | None = None) -> frozenset[str]:
    """The phrases (folded) whose use supports a name: each phrase; for a phrase of
    several words, its head noun ("post-training quantization" -> "quantization"); for
    an acronym, how the ``folded`` texts spell it out ("llm" -> "large language model")."""
    out = set()
    for phrase in phrases:
        out.add(phrase)
        if " " not in phrase and 3 <= len(phrase) <= MAX_ACRONYM and phrase.isalpha():
            out.update(spelled_out(phrase, folded or []))
        words = phrase.split()
        head = words[-1] if len(words) > 1 else ""
        if head and head not in WEAK_FOLDED and head not in STOP and not describing(head):
            out.add(head)
    return frozenset(out)


def name_words(name: str, folded: list[str] | None = None) -> tuple[str, ...]:
    """The parts of a theme's name as readers see it, folded: "Machine learning and
    sentiment" -> ("machine learning", "sentiment"). (The phrases the generator named a
    theme by leave out weak words, "sentiment", that a reader still takes at their word.)
    Every part counts as written, even one that ends like a describing word
    ("contrastive", "music", "retrieval"). A one-word part before a last part of several
    words takes that part's head noun where the ``folded`` texts use the two together:
    "Image, handwriting, face and action recognition" means image recognition, not every
    paper that says "image"; "Segmentation, … and vision backbones" keeps "segmentation"."""
    parts = [p for p in name_split(name) if p not in STOP and len(p.split()) <= 4
             and p not in _clipped(name)]
    head = parts[-1].split()[-1] if parts and " " in parts[-1] else ""
    return tuple(_headed(p, head, folded or []) if head and " " not in p else p
                 for p in parts)


def _clipped(name: str) -> set[str]:
    """The parts of a name (folded, as ``name_split`` gives them) that lost a word with a
    digit to folding, which keeps no such word: "3D reconstruction" folds to
    "reconstruction", which any image-reconstruction paper says."""
    out = set()
    for part in NAME_PARTS.split(name):
        kept = " ".join(re.findall(TOKEN, fold(part)))
        if kept and any(re.search(r"\d", w) and w not in kept.split()
                        for w in re.findall(r"[\w-]+", fold(part))):
            out.add(kept)
    return out


def _headed(part: str, head: str, folded: list[str]) -> str:
    """``part head`` where a text uses it ("image recognition"), else ``part``."""
    phrase = f"{part} {head}"
    return phrase if any(f" {phrase} " in t for t in folded) else part


def spelled_out(acronym: str, folded: list[str]) -> list[str]:
    """What the texts mean by an acronym: the sequences of content words with its
    initials ("large language model", "click-through rate"), as common as ``_common``."""
    words = r"[ -]".join(f"{re.escape(c)}[a-z0-9]*" for c in acronym)
    pattern = re.compile(rf"(?<![\w-]){words}(?![\w-])")
    seen: Counter[str] = Counter()
    for text in folded:
        seen.update(m for m in set(pattern.findall(text)) - {acronym}
                    # a stop word on its own is no content word ("simple and effective"),
                    # nor is a joining word in a compound ("squeeze-and-excitation"); a
                    # compound's other parts are ("click-through")
                    if not any(w in ENGLISH_STOP_WORDS for w in m.split())
                    and not any(w in JOINING for w in m.split("-")))
    return _common(seen)


def defined(acronym: str, folded: list[str]) -> list[str]:
    """What the texts define an acronym as where its letters are not each a word's
    initial ("sparse autoencoders (SAEs)", folded "sparse autoencoder sae"): the fewest
    words just before it that start with its first letter and hold its letters in order
    (as Schwartz and Hearst find abbreviations), as common as ``_common``."""
    before = re.compile(rf"(?<!\S)((?:[\w-]+ ){{1,{len(acronym) + 1}}}){re.escape(acronym)} ")
    seen: Counter[str] = Counter()
    for text in folded:
        found = set()
        for m in before.finditer(text):
            words = m.group(1).split()
            for k in range(1, len(words) + 1):
                if words[-k][0] == acronym[0] and _in_order(acronym, "".join(words[-k:])):
                    if words[-k] not in ENGLISH_STOP_WORDS:
                        found.add(" ".join(words[-k:]))
                    break
        seen.update(found)
    return _common(seen)


def _in_order(letters: str, text: str) -> bool:
    """Whether ``text`` has each of ``letters`` in order."""
    rest = iter(text)
    return all(c in rest for c in letters)


def _common(seen: Counter[str]) -> list[str]:
    """The spellings ``seen`` in at least MIN_SPELLED papers, and in at least a third as
    many as the most common one, sorted."""
    top = max(seen.values(), default=0)
    return sorted(s for s, c in seen.items() if c >= max(MIN_SPELLED, top / 3))


#: words that, just before a phrase, say the text is not about it ("not applicable to
#: large language models")
NEGATIONS = ("not", "no", "without", "beyond")
#: ... within this many words before it
NEGATION_REACH = 3


def uses(text: str, forms: frozenset[str] | set[str]) -> bool:
    """Whether a folded text uses one of the phrases, other than just after a negation
    ("in its current form is not applicable to large language models")."""
    for form in forms:
        start = text.find(f" {form} ")
        while start >= 0:
            before = text[:start].split()[-NEGATION_REACH:]
            if not any(w in NEGATIONS for w in before):
                return True
            start = text.find(f" {form} ", start + 1)
    return False


def texts(papers: tuple[Paper, ...]) -> list[str]:
    """Each paper's title and abstract, folded, for ``f" {phrase} " in text``."""
    return list(_texts(papers))


@functools.lru_cache(maxsize=2)
def _texts(papers: tuple[Paper, ...]) -> tuple[str, ...]:
    """``texts``, kept for the edition being made: grouping, placement and the themes
    titles name each ask for them (0.2 s each at 2,843 papers)."""
    return tuple(folded_words(f"{p.title}. {p.abstract_text}") for p in papers)


def supporters(folded: list[str], themes: dict[str, tuple[str, list[int]]],
               phrases_of: dict[str, tuple[str, ...]]) -> dict[str, set[int]]:
    """slug -> the rows (of any theme) whose text supports the theme's name, for the
    themes whose name describes them (see the module's docstring)."""
    out: dict[str, set[int]] = {}
    for slug, (name, rows) in themes.items():
        # the generator's phrases with their head nouns and acronyms; the words of the
        # name as shown only as they stand ("Theme number 4" must not bring in "number")
        forms = name_forms(phrases_of.get(slug, ()), folded) | set(name_words(name, folded))
        if not forms or not rows:
            continue
        having = {i for i, t in enumerate(folded) if uses(t, forms)}
        inside = having & set(rows)
        if len(inside) >= MIN_SUPPORT and len(inside) >= NAME_COVER * len(set(rows)):
            out[slug] = having
    return out


def shown(X: sparse.csr_matrix, themes: dict[str, tuple[str, list[int]]],
          supported: dict[str, set[int]], fields: frozenset[str] = frozenset(),
          ) -> dict[str, tuple[str, list[int]]]:
    """The themes as readers see them: a paper in several themes is shown in the one it
    fits best (leave-one-out cosine to the centroid), and in each other whose name it
    supports or whose name does not judge its members. A theme in ``fields`` (a facet to
    be: ``as_facets``) is the best only for a paper in no other theme: a paper of "LLMs"
    and "Distillation" that does not mention distillation would otherwise be in no theme
    once "LLMs" is a facet. (Showing a paper only in the
    themes that accept it, when one does, was tried on the seeds and lost: papers moved
    from the theme they fit to a catch-all whose name judges nobody, "EfficientVMamba"
    from "Segmentation and object detection" to "Mobile app", and must-link fell from
    96.2 % to 95.2 %.)"""
    slugs = list(themes)
    F = fits(X, [rows for _, rows in themes.values()])
    of: dict[int, list[int]] = {}
    for j, slug in enumerate(slugs):
        for i in set(themes[slug][1]):
            of.setdefault(i, []).append(j)
    best = {i: max(js, key=lambda j: (slugs[j] not in fields, F[i, j], -j))
            for i, js in of.items()}
    out: dict[str, tuple[str, list[int]]] = {}
    for j, slug in enumerate(slugs):
        name, rows = themes[slug]
        judge = supported.get(slug)
        out[slug] = (name, [i for i in rows if judge is None or best[i] == j or i in judge])
    return out


#: a part of a name that more of the library's papers than this share say, fewer than
#: TITLED_INSIDE of them in its theme, tells little of what a paper is about:
#: "representations", of "What networks learn: representations and training dynamics",
#: is said by 83 of the 251 seed papers, 8 of them in the theme ("segmentation", by 35 of
#: 300 papers with a fifth dump, 21 of them in its theme, tells what they are about)
TITLED_SHARE = 0.10
TITLED_INSIDE = 1 / 3
#: ... and by more than this many papers (in a small library a theme is a large share)
TITLED_FEW = 10
#: ... counted on at most about this many papers, evenly spaced
SHARE_SAMPLE = 2000


def titled(lib: Library, keep: frozenset[str] = frozenset(),
           named: frozenset[str] = frozenset()) -> Library:
    """``lib`` with each theme also showing the papers whose title says a part of its name
    (``name_words``), after its members: a paper called "DVPT: Dynamic Visual Prompt
    Tuning of … Models for Medical Image Analysis" is shown under "Prompt tuning and
    fine-tuning of pre-trained models" as well as "Medicine and health", where a reader
    of either looks for it. By the parts of the name that tell what a paper is about
    (``_telling_forms``; ``named``: the themes the maintainer named), and not for a paper
    the maintainer placed (``keep``: pinned or in [other]). (Only where the name
    describes its theme, MIN_SUPPORT and NAME_COVER of its members saying it as for
    ``supporters``, was tried: it left out "Prompt tuning and fine-tuning of pre-trained
    models", whose members say "fine-tuning" and "pre-trained models" apart, and every
    theme of 3 papers.) The grouping keeps its members (``Theme.grouping``) and
    ``Theme.titled`` says which were added, so that neither the next edition's themes
    nor where it shows its new papers (``placement``) move with them: on the seeds and
    200 arXiv papers as a fifth dump, counting them as seen had moved 10 new papers, 5 of
    them off-topic into "Segmentation…". A theme readers are not shown gets none."""
    folded = texts(lib.papers)
    sample = range(0, len(folded), max(1, len(folded) // SHARE_SAMPLE))
    forms_of = {t.slug: _telling_forms(t, lib, folded, sample, t.slug in named)
                for t in lib.themes}
    heads = [folded_words(p.title) for p in lib.papers]
    index = _phrase_index(heads, {f for forms in forms_of.values() for f in forms})
    themes = []
    paper_themes = dict(lib.paper_themes)
    for theme in lib.themes:
        # its own members: those a title brought in are found again (or not) from them
        brought = set(theme.titled)
        base = tuple(k for k in theme.papers if k not in brought)
        more = _titling(theme, set(forms_of[theme.slug]), index, heads, lib, set(base) | keep)
        if more == theme.titled:
            themes.append(theme)
            continue
        themes.append(replace(theme, papers=base + more, titled=more,
                              grouping=theme.grouping or base))
        for key in brought | set(more):
            paper_themes[key] = tuple(s for s in paper_themes.get(key, ())
                                      if s != theme.slug) + ((theme.slug,) * (key in more))
    if tuple(themes) == lib.themes:
        return lib
    return replace(lib, themes=tuple(themes), paper_themes=paper_themes)


def _titling(theme: Theme, forms: set[str], index: dict[str, list[int]], heads: list[str],
             lib: Library, taken: set[str]) -> tuple[str, ...]:
    """The keys of the papers, other than ``taken``, whose folded title (``heads``) says one
    of the theme's telling ``forms`` (found by the ``index`` of titles)."""
    rows = sorted({i for f in forms for i in index.get(f, ())})
    return tuple(lib.papers[i].key for i in rows
                 if lib.papers[i].key not in taken and uses(heads[i], forms))


def _telling_forms(theme: Theme, lib: Library, folded: list[str], sample: range,
                   by_hand: bool) -> tuple[str, ...]:
    """The parts of the theme's name that tell what a paper is about: all but those that
    more than TITLED_SHARE of the papers say (and more than TITLED_FEW), fewer than
    TITLED_INSIDE of them in the theme, counted on the ``sample`` rows of the library;
    and, in a name the generator gave, but a weak word ("layer", of "Complexity and
    layer": a name it fell back on). A name the maintainer gave (``by_hand``) is taken at
    its word ("Audio, speech and music")."""
    if not theme.papers:  # not shown: its papers are shown elsewhere
        return ()
    members = set(theme.papers)
    most = max(TITLED_SHARE * len(sample), TITLED_FEW * len(sample) / max(len(folded), 1))
    out = []
    for form in _spelled_too(theme.name, name_words(theme.name, folded), folded):
        if form in WEAK_FOLDED and not by_hand:
            continue
        said = [i for i in sample if f" {form} " in folded[i]]
        inside = sum(lib.papers[i].key in members for i in said)
        if len(said) <= most or inside >= TITLED_INSIDE * len(said):
            out.append(form)
    return tuple(out)


def _spelled_too(name: str, forms: tuple[str, ...], folded: list[str]) -> list[str]:
    """``forms``, each acronym the name writes in capitals ("SAEs") followed by what the
    texts mean by it (``spelled_out``: "sparse autoencoder"), so that a title that spells
    it out names the theme too."""
    capitals = {fold(w) for w in re.findall(r"\b[A-Z][A-Z0-9]+s?\b", name)}
    out = []
    for form in forms:
        out.append(form)
        if form in capitals and form.isalpha() and len(form) <= MAX_ACRONYM:
            out.extend(f for f in spelled_out(form, folded) + defined(form, folded)
                       if f not in out)
    return out


def _phrase_index(folded: list[str], wanted: set[str]) -> dict[str, list[int]]:
    """Each ``wanted`` phrase -> the rows of the folded texts that have it."""
    if not wanted or not folded:
        return {}
    vec = CountVectorizer(vocabulary=sorted(wanted), token_pattern=r"\S+", lowercase=False,
                          ngram_range=(1, max(len(w.split()) for w in wanted)), binary=True)
    M = vec.transform(folded).tocsc()
    return {w: M.indices[M.indptr[j]:M.indptr[j + 1]].tolist()
            for j, w in enumerate(vec.get_feature_names_out()) if M.indptr[j + 1] > M.indptr[j]}


def as_facets(themes: tuple[Theme, ...], papers: tuple[Paper, ...],
              ) -> tuple[tuple[Theme, ...], tuple[Theme, ...]]:
    """(themes, facets): a theme named only by the name of a whole field (``FIELDS``:
    "LLMs") is a facet instead. A facet lists every paper whose text names the field
    (its own members first, as ranked), whatever its themes; it keeps the theme's
    grouping, which the next edition carries as it carries a theme's."""
    folded = texts(papers)
    facets = tuple(_facet(t, papers, folded) for t in themes if _a_field(t))
    gone = {f.slug for f in facets}
    return tuple(_unrelated(t, gone) for t in themes if t.slug not in gone), facets


def _a_field(theme: Theme) -> bool:
    """Whether the generator named the theme only by fields (``FIELDS``)."""
    return named_by_fields(theme.name_phrases)


def named_by_fields(phrases: tuple[str, ...]) -> bool:
    """Whether a theme named by these phrases is a field ("LLMs"), to be a facet."""
    return bool(phrases) and all(p in FIELDS for p in phrases)


def _facet(theme: Theme, papers: tuple[Paper, ...], folded: list[str]) -> Theme:
    """The facet a field's theme becomes (see ``as_facets``)."""
    forms = name_forms(theme.name_phrases, folded)
    naming = [p.key for p, f in zip(papers, folded, strict=True)
              if uses(f, forms)]
    inside = [k for k in theme.papers if k in set(naming)]
    first = set(inside)
    members = tuple(inside + [k for k in naming if k not in first])
    return replace(theme, papers=members, grouping=theme.grouping or theme.papers,
                   related=(), related_terms=())


def _unrelated(theme: Theme, gone: set[str]) -> Theme:
    """The theme without the ``gone`` ones among its related themes."""
    if not gone & set(theme.related):
        return theme
    kept = [n for n, s in enumerate(theme.related) if s not in gone]
    return replace(theme, related=tuple(theme.related[n] for n in kept),
                   related_terms=tuple(theme.related_terms[n] for n in kept
                                       if n < len(theme.related_terms)))


def facet_groups(facet: Theme, lib: Library) -> list[tuple[str, str, list[str]]]:
    """(theme slug, theme name, keys) for each theme holding papers of the facet, most
    papers first; then ("", "Other papers", keys) for those in no theme."""
    inside = set(facet.papers)
    groups = [(t.slug, t.name, [k for k in t.papers if k in inside]) for t in lib.themes]
    out = sorted((g for g in groups if g[2]), key=lambda g: (-len(g[2]), g[0]))
    rest = [k for k in facet.papers if not lib.paper_themes.get(k)]
    return out + ([("", "Other papers", rest)] if rest else [])
