"""Readable theme names from the phrases of the member papers' titles. Pure, no I/O.

Authors name their subject in the title ("Post-Training Quantization for LLMs"), so a
theme is named by the title phrases that cover most of its papers and few others:

    score(phrase) = share of members whose text has it x share of its papers that are members

(a paper's text here is its title and the first 500 characters of its abstract).

A name is the best phrase, or the best two joined by "and" when the first covers
under half of the theme. Casing follows how the abstracts spell the phrase
("post-training quantization", "LLMs", "Kolmogorov-Arnold networks").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

#: a word: letters first and last, hyphens and digits inside (shared with ``themes``)
TOKEN = r"(?u)\b[^\W\d_][\w-]*[^\W_]\b"
#: words that may sit inside a phrase but never begin or end one
CONNECTORS = frozenset(["of"])
#: title words that say how, not what; never at either end of a name
FILLER = frozenset([
    "via", "towards", "toward", "using", "beyond", "rethinking", "revisiting", "exploring",
    "understanding", "improving", "enhancing", "boosting", "leveraging", "learning-based",
    "paper", "propose", "proposed", "method", "methods", "approach", "approaches", "novel",
    "new", "framework", "study", "analysis", "efficient", "effective", "simple", "fast",
    "towards", "based", "large-scale", "general", "unified", "scalable", "robust", "deep",
    "improved", "better", "survey", "review", "benchmark", "dataset", "model", "models",
    "results", "performance", "task", "tasks", "problem", "work", "data", "state", "art",
    "use", "show", "shows", "high", "low", "large", "small", "different", "various", "key",
    "existing", "recent", "multi", "non", "semi", "self", "free", "aware", "level", "wise",
    "driven", "guided", "specific", "agnostic", "oriented", "end", "way", "good", "make",
    "improve", "improves", "enable", "enables", "achieve", "achieves", "propose", "proposes",
    "present", "presents", "demonstrate", "significantly", "generating", "introduce",
    "lens", "set", "sets", "look", "need", "matters", "via", "toward", "part",
])
#: words that do not name a subject alone (fine inside a phrase: "neural architecture search")
WEAK = frozenset([
    "learning", "network", "networks", "neural", "training", "feature", "features",
    "information", "image", "images", "language", "representation", "representations",
    "system", "systems", "function", "functions", "structured", "sparse", "machine", "learn",
    "target", "hidden", "prediction", "generation", "detection", "classification", "layer",
    "layers", "attention", "transformer", "transformers", "modeling", "inference", "search",
    "space", "time", "visual", "semantic", "multimodal", "adaptive", "generative",
    "pre-trained", "pretrained", "downstream", "dynamic", "dynamics", "complexity",
    "importance", "word", "channel", "style", "trigger", "interaction", "extraction", "ai",
    "human", "application", "emergence", "expressive", "tuning", "prompt", "video",
    "audio", "graph", "text", "vision", "event", "sentiment", "algorithm", "node", "color",
    "detector", "prototype", "parameter", "generalization", "activation", "bias", "value", "weight",
    "vision-language", "properties", "evaluation", "distribution", "black-box", "multi-task",
])
#: endings of words that describe rather than name ("convolutional", "learned")
DESCRIBING = re.compile(r"(ed|al|ive|ic|ous|ful|less|able|ing|ian|ar)$")
#: a longer phrase that contains the best one wins when it scores at least this share
LONGER = 0.6
#: a second phrase joins the name only when it covers this share of members the first misses
SECOND_ADDS = 0.15
#: ... and scores at least this share of the first
SECOND_SCORE = 0.5
#: the characters of each abstract searched for phrases
ABSTRACT_HEAD = 500
#: a plural ending that is folded into the singular when comparing phrases
PLURAL = re.compile(r"\b([a-z][\w-]*[^\Wsui])s\b")


def _fold(text: str) -> str:
    """Lower case, plurals folded ("Networks" -> "network"), for counting phrases."""
    return PLURAL.sub(r"\1", text.lower())


#: never at either end of a phrase (and, but for CONNECTORS, never inside one)
STOP = frozenset(ENGLISH_STOP_WORDS | FILLER | {_fold(w) for w in FILLER})
WEAK_FOLDED = frozenset(_fold(w) for w in WEAK)


@dataclass(frozen=True, eq=False)
class Phrases:
    """Candidate name phrases and which papers contain them."""

    #: the candidate phrases, lower case; the columns of the two matrices
    vocab: np.ndarray
    #: papers x phrases: 1 where the paper's title contains the phrase
    in_title: sparse.csr_matrix
    #: papers x phrases: 1 where the paper's title or abstract contains it
    in_text: sparse.csr_matrix
    #: how many papers contain each phrase (title or abstract)
    papers_with: np.ndarray
    #: how much each phrase is worth as a name before counting: longer phrases more, weak
    #: words ("layer") and describing words ("convolutional") less
    prior: np.ndarray
    #: phrase -> its column
    column: dict[str, int]
    #: the titles and abstracts, plain text (for casing)
    titles: tuple[str, ...]
    abstracts: tuple[str, ...]


def _candidate(phrase: str) -> bool:
    """Content words at both ends, at most four, not all of them weak."""
    words = phrase.split()
    if words[0] in STOP or words[-1] in STOP or words[-1].endswith("ly"):
        return False
    if any(w in STOP and w not in CONNECTORS for w in words[1:-1]):
        return False
    content = [w for w in words if w not in CONNECTORS]
    return len(content) <= 4 and not all(w in WEAK_FOLDED for w in content)


def phrases(titles: list[str], abstracts: list[str]) -> Phrases:
    """The candidate phrases of the titles (1-4 words, content words at both ends)."""
    # a name needs two member titles (``_scores``): a phrase of one title never names one
    vec = CountVectorizer(ngram_range=(1, 4), token_pattern=TOKEN, binary=True,
                          min_df=2 if len(titles) >= 2 else 1, dtype=np.int32,
                          preprocessor=_fold)
    try:
        T = vec.fit_transform(titles)
    except ValueError:  # no phrase at all
        empty = sparse.csr_matrix((len(titles), 0), dtype=np.int32)
        return Phrases(np.array([], dtype=object), empty, empty, np.zeros(0), np.zeros(0), {},
                       tuple(titles), tuple(abstracts))
    names = vec.get_feature_names_out()
    keep = np.flatnonzero([_candidate(p) for p in names])
    vocab = names[keep]
    T = T.tocsc()[:, keep].tocsr()
    text_vec = CountVectorizer(ngram_range=(1, 4), token_pattern=TOKEN, binary=True,
                               vocabulary=list(vocab), dtype=np.int32, preprocessor=_fold)
    # an abstract states its subject early; counting the rest costs most of the time
    A = text_vec.transform([a[:ABSTRACT_HEAD] for a in abstracts]).tocsr()
    D = ((T + A) > 0).astype(np.int32).tocsr()
    words = np.array([len([w for w in p.split() if w not in CONNECTORS]) for p in vocab])
    weak = np.array([p in WEAK_FOLDED for p in vocab])
    describing = np.array([_describing(p) for p in vocab])
    prior = (np.where(words > 1, 1.25, 1.0) * np.where(weak, 0.3, 1.0)
             * np.where(describing, 0.4, 1.0))
    return Phrases(vocab, T, D, np.asarray(D.sum(axis=0)).ravel(), prior,
                   {str(p): j for j, p in enumerate(vocab)}, tuple(titles), tuple(abstracts))


def _scores(ph: Phrases, rows: list[int]) -> np.ndarray:
    """Coverage x precision of every phrase for these member rows."""
    d_in = np.asarray(ph.in_text[rows].sum(axis=0)).ravel().astype(float)
    t_in = np.asarray(ph.in_title[rows].sum(axis=0)).ravel()
    score = (d_in / len(rows)) * (d_in / np.maximum(ph.papers_with, 1))
    # a phrase that fewer than two member titles use is not how these authors name
    # their subject (one paper's title words are not a theme)
    score[(t_in < min(2, len(rows))) | (ph.papers_with < 2)] = 0.0
    return np.asarray(score * ph.prior, dtype=np.float64)


def _describing(phrase: str) -> bool:
    """Ends in a word that describes rather than names: "convolutional", "accurate"
    ("learning" and "pruning" name subjects)."""
    last = phrase.split()[-1]
    parts = last.split("-")
    if parts[-1] in STOP or (len(parts) > 1 and parts[0] in STOP):  # "training-free", "low-bit"
        return True
    return bool(DESCRIBING.search(last) or last.endswith("ate")) and not (
        last.endswith(("learning", "pruning", "modeling", "computing", "clustering",
                       "reasoning", "processing")) or parts[-1] == "rate")


def stems(phrase: str) -> set[str]:
    """The words of a phrase, lower case and without a trailing s, to tell whether two
    phrases overlap."""
    return {w.rstrip("s") for w in re.split(r"[\s-]+", phrase.lower())
            if w and w not in CONNECTORS}


def _longest(ph: Phrases, score: np.ndarray, j: int) -> int:
    """The longest phrase containing phrase ``j`` that keeps most of its score
    ("convolutional neural" -> "convolutional neural network")."""
    while True:
        inner = f" {ph.vocab[j]} "
        # a lone word gives way more easily ("backdoor" -> "backdoor attacks")
        share = LONGER / 2 if " " not in str(ph.vocab[j]) else LONGER
        longer = [q for q in np.flatnonzero(score >= share * score[j]).tolist()
                  if q != j and inner in f" {ph.vocab[q]} "]
        if not longer:
            return j
        j = max(longer, key=lambda q: (score[q], str(ph.vocab[q])))


def _acronym(short: str, long: str) -> bool:
    """"ctr" abbreviates "click-through rate"."""
    letters = "".join(w[0] for w in re.split(r"[\s-]+", long) if w and w not in CONNECTORS)
    return any(w == letters for w in short.split())


def name_phrases(ph: Phrases, rows: list[int], avoid: frozenset[str] = frozenset()) -> list[str]:
    """The one or two phrases (lower case, singular) that name a theme of these rows;
    none of the ``avoid`` phrases (other themes' names)."""
    if not rows or len(ph.vocab) == 0:
        return []
    score = _scores(ph, rows)
    score[[ph.column[p] for p in avoid if p in ph.column]] = 0.0
    order = np.lexsort((ph.vocab, -score))
    if score[order[0]] <= 0:
        return []
    first = _longest(ph, score, int(order[0]))
    members = ph.in_text[rows].tocsc()
    has_first = members[:, first].toarray().ravel() > 0
    picked = [first]
    if has_first.mean() < 0.5:
        for j in order[1:40].tolist():
            if score[j] < SECOND_SCORE * score[first]:
                break
            j = _longest(ph, score, j)
            a, b = str(ph.vocab[first]), str(ph.vocab[j])
            if b in WEAK_FOLDED or _describing(b):
                continue
            adds = ((members[:, j].toarray().ravel() > 0) & ~has_first).mean()
            if (adds >= SECOND_ADDS and not (stems(a) & stems(b))
                    and not _acronym(a, b) and not _acronym(b, a)):
                picked.append(j)
                break
    return [str(ph.vocab[j]) for j in picked]


def _spellings(phrase: str, texts: list[str]) -> Counter[str]:
    """How often each spelling of a (folded) phrase occurs in the texts, plurals included."""
    words = (re.escape(w) + r"(?:s|es)?" for w in phrase.split())
    pattern = re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)
    seen: Counter[str] = Counter()
    for t in texts:
        seen.update(" ".join(m.split()) for m in pattern.findall(t))
    return seen


def cased(phrase: str, abstracts: list[str], titles: list[str]) -> str:
    """The phrase as the abstracts most often spell it ("LLMs", "Kolmogorov-Arnold
    networks"); failing that, as the titles do, minus their Title Case."""
    seen = _spellings(phrase, abstracts)
    if seen:
        return max(seen.items(), key=lambda kv: (kv[1], kv[0] == kv[0].lower(), kv[0]))[0]
    seen = _spellings(phrase, titles)
    if not seen:
        return phrase
    form = max(seen.items(), key=lambda kv: (kv[1], kv[0]))[0]
    # Title Case is the title's style, not the word's: keep only acronyms (two capitals)
    return " ".join("-".join(part if sum(c.isupper() for c in part) >= 2 else part.lower()
                             for part in word.split("-"))
                    for word in form.split())


def theme_name(ph: Phrases, rows: list[int], fallback: str,
               avoid: frozenset[str] = frozenset()) -> str:
    """A readable name for a theme of these rows ("Post-training quantization and LLMs"),
    made of none of the ``avoid`` phrases (else ``fallback``)."""
    picked = name_phrases(ph, rows, avoid)
    if not picked or picked[0] in WEAK_FOLDED or _describing(picked[0]):
        return fallback
    abstracts = [ph.abstracts[i] for i in rows]
    titles = [ph.titles[i] for i in rows]
    shown = [cased(p, abstracts, titles) for p in picked]
    name = " and ".join(shown)
    return name[:1].upper() + name[1:]


def folded_words(text: str) -> str:
    """The text's words, folded and space-joined with a space at each end, for finding
    phrases in it (``f" {phrase} " in folded_words(title)``)."""
    return " " + " ".join(re.findall(TOKEN, _fold(text))) + " "


def name_parts(name: str) -> list[str]:
    """The phrases of a theme name that say what its papers are about, folded:
    "Weight quantization and LLMs" -> ["weight quantization", "llm"]; weak or describing
    parts ("layer", "pre-trained") say too little and are left out."""
    parts = [" ".join(re.findall(TOKEN, _fold(part))) for part in name.split(" and ")]
    return [p for p in parts if p and p not in WEAK_FOLDED and p not in STOP
            and not _describing(p)]
