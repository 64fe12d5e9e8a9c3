"""The word lists of the analysis, in one place: what a word is, which words say how
rather than what, and which are too weak to name a theme alone. Pure, no I/O.

One core list (``HOW``: words that describe a method's claims, not its subject) is shared
by the tf-idf vocabulary (``VOCAB_STOP``) and by the namer (``FILLER``); each adds the
words of its own kind of text (abstract boilerplate; title style).
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: a word: letters first and last, hyphens and digits inside
TOKEN = r"(?u)\b[^\W\d_][\w-]*[^\W_]\b"
#: a plural ending that is folded into the singular when comparing phrases
PLURAL = re.compile(r"\b([a-z][\w-]*[^\Wsui])s\b")

#: words that say how, not what: kept out of the vocabulary and off the ends of names
HOW = frozenset([
    "achieve", "achieves", "approach", "approaches", "art", "based", "benchmark", "better",
    "demonstrate", "different", "effective", "efficient", "existing", "framework", "high",
    "improve", "improved", "improves", "introduce", "key", "large", "low", "method",
    "methods", "new", "novel", "paper", "performance", "present", "presents", "problem",
    "propose", "proposed", "proposes", "recent", "results", "show", "shows",
    "significantly", "simple", "state", "study", "task", "tasks", "use", "using", "various",
    "work",
])
#: the boilerplate of abstracts (and the parts of their URLs)
ABSTRACT_BOILERPLATE = frozenset([
    "achieved", "addition", "available", "benchmarks", "best", "code", "com", "datasets",
    "demonstrates", "effectiveness", "experimental", "experiments", "extensive",
    "furthermore", "github", "however", "http", "https", "improvement", "including",
    "introduces", "moreover", "outperforms", "problems", "provide", "provides", "range",
    "recently", "result", "shown", "significant", "specifically", "studies", "used", "wide",
    "works", "www",
])
#: the words of academic prose that say how a paper argues, not what it is about; never
#: shown as a term two papers or themes share ("viz", "utilize", "poses challenges",
#: "Additionally develop" read as junk to a reviewer). Kept in the vocabulary: taking
#: them out moves every theme of the seeds (14 themes instead of 15, "Pruning" with 55
#: papers), while related papers stay as good (blind pairs: 82.3 % against 81.8 %)
ACADEMIC_PROSE = frozenset([
    "ability", "able", "actually", "additionally", "address", "addresses", "addressing",
    "aim", "aims", "allowing", "allows", "amount", "amounts", "appealing", "applicability",
    "broad", "capable", "challenges", "challenging", "commonly", "compared", "comparing",
    "comparable", "competitive", "comprehensive", "conduct", "conducted", "crucial",
    "demonstrated", "demonstrating", "despite", "develop", "developed", "developing",
    "development", "develops", "emerging", "empirically", "enabling", "enhance",
    "enhanced", "enhances", "essential", "extensively", "factors", "finally", "findings",
    "gains", "greatly", "important", "incorporate", "incorporates", "incorporating",
    "incur", "incurring", "incurs", "inherently", "investigate", "investigated",
    "investigates", "largely", "leverage",
    "leverages", "like", "limitations", "mainly", "needed", "notably", "offer", "offers",
    "overall",
    "particular", "particularly", "pave", "paves", "paving", "poses", "potential",
    "previous", "previously", "progress", "relatively", "relies", "rely", "relying",
    "remarkable", "remain", "remains", "removed", "require",
    "requires", "respectively", "shed", "sheds", "showed", "showing", "strongly",
    "substantial", "substantially", "suggest", "suggests", "superior", "surpasses",
    "surpassing", "tackle", "tackles", "tackling", "time-consuming", "typically",
    "uniquely", "utilize",
    "utilizes", "utilizing", "valuable", "verify", "viz", "widely", "yield", "yields",
])
#: words that say nothing of a subject when they stand alone (or only with each other) as
#: a term two papers share or a theme's key term, though "data selection" and "feature
#: map" do: a reader found 37 of 180 shared terms on 12 paper pages nonsense ("gain",
#: "scratch", "vary", "final output") and 23 of 94 key terms meaningless ("module",
#: "random", "process")
GENERIC_ALONE = frozenset([
    "alternative", "alternatives", "analysis", "application", "applications", "aspect",
    "aspects", "base", "challenge", "classes", "compact", "comparative", "compute",
    "data", "depend", "depends", "driven", "estimates", "evaluation", "final", "gain",
    "highlight", "input", "inputs", "module", "modules", "network", "networks", "neural",
    "object", "output", "outputs", "process", "processes", "properties", "property",
    "random", "redundant", "scratch", "space", "stage", "stages", "string", "structure",
    "tool", "tools", "units", "vary", "varies", "varying",
])
#: the style of titles ("Rethinking ...", "... via ...", "Towards ...")
TITLE_STYLE = frozenset([
    "agnostic", "analysis", "aware", "beyond", "boosting", "data", "dataset", "deep",
    "driven", "enable", "enables", "end", "enhancing", "exploring", "fast", "free",
    "general", "generating", "good", "guided", "improving", "large-scale", "learning-based",
    "lens", "level", "leveraging", "look", "make", "matters", "model", "models", "multi",
    "need", "non", "oriented", "part", "rethinking", "review", "revisiting", "robust",
    "scalable", "self", "semi", "set", "sets", "small", "specific", "survey", "toward",
    "towards", "understanding", "unified", "via", "way", "wise",
])

#: stop words of the tf-idf vocabulary: English, and words that say nothing about a field
VOCAB_STOP = frozenset(ENGLISH_STOP_WORDS | HOW | ABSTRACT_BOILERPLATE)
#: title words that say how, not what; never at either end of a name
FILLER = frozenset(HOW | TITLE_STYLE)
#: words that may sit inside a phrase but never begin or end one
CONNECTORS = frozenset(["of"])
#: words that do not name a subject alone (fine inside a phrase: "neural architecture search")
WEAK = frozenset([
    "activation", "adaptive", "ai", "algorithm", "application", "attention", "audio",
    "bias", "black-box", "channel", "classification", "color", "complexity", "detection",
    "detector", "distribution", "downstream", "dynamic", "dynamics", "emergence",
    "evaluation", "event", "expressive", "extraction", "feature", "features", "function",
    "functions", "generalization", "generation", "generative", "graph", "hidden", "human",
    "image", "images", "importance", "inference", "information", "interaction", "language",
    "layer", "layers", "learn", "learning", "machine", "modeling", "multi-task",
    "multimodal", "network", "networks", "neural", "node", "parameter", "pre-trained",
    "prediction", "pretrained", "prompt", "properties", "prototype", "representation",
    "representations", "search", "semantic", "sentiment", "space", "sparse", "structured",
    "style", "system", "systems", "target", "text", "time", "training", "transformer",
    "transformers", "trigger", "tuning", "value", "video", "vision", "vision-language",
    "visual", "weight", "word",
])
#: (folded) names of the kinds of model that whole fields work on: a theme named only by
#: one gathers unrelated work that shares the kind of model (quantizing, interpreting and
#: fine-tuning LLMs), and is shown as a facet instead. (A theme named "machine learning"
#: is left to the maintainer's rename: as a facet, the seeds' one would send 13 papers of
#: applied work to "Other papers", 12 % of the library with the LLMs' 17.)
FIELDS = frozenset([
    "foundation model", "large language model", "language model", "llm",
    "vision-language model", "vlm",
])
#: the terms the fallback namer (tf-idf terms, when no title phrase names a theme) never
#: uses alone: the core of ``WEAK``, and the words of ``FILLER`` and describing words that
#: tf-idf terms still contain
FALLBACK_WEAK = frozenset(WEAK & {
    "feature", "features", "function", "functions", "hidden", "image", "images",
    "information", "language", "learn", "learning", "machine", "network", "networks",
    "neural", "representation", "representations", "sparse", "structured", "systems",
    "target", "training"} | {
    "analysis", "convolutional", "data", "deep", "learned", "model", "models", "train",
    "trained"})
#: endings of words that describe rather than name ("convolutional", "learned")
DESCRIBING = re.compile(r"(ed|al|ive|ic|ous|ful|less|able|ing|ian|ar)$")


def fold(text: str) -> str:
    """Lower case, plurals folded ("Networks" -> "network"), for counting phrases."""
    return PLURAL.sub(r"\1", text.lower())


#: never at either end of a phrase (and, but for CONNECTORS, never inside one)
STOP = frozenset(ENGLISH_STOP_WORDS | FILLER | {fold(w) for w in FILLER})
WEAK_FOLDED = frozenset(fold(w) for w in WEAK)


def stems(phrase: str) -> set[str]:
    """The words of a phrase, lower case and without a trailing s, to tell whether two
    phrases overlap."""
    return {w.rstrip("s") for w in re.split(r"[\s-]+", phrase.lower())
            if w and w not in CONNECTORS}


def describing(phrase: str) -> bool:
    """Ends in a word that describes rather than names: "convolutional", "accurate"
    ("learning" and "pruning" name subjects)."""
    last = phrase.split()[-1]
    parts = last.split("-")
    if parts[-1] in STOP or (len(parts) > 1 and parts[0] in STOP):  # "training-free", "low-bit"
        return True
    return bool(DESCRIBING.search(last) or last.endswith("ate")) and not (
        last.endswith(("learning", "pruning", "modeling", "computing", "clustering",
                       "reasoning", "processing")) or parts[-1] == "rate")


#: an adverb alone says how papers argue, not what they share ("Consequently",
#: "effectively", "semantically"); in a phrase it may name a subject ("weakly supervised")
ADVERB = re.compile(r"[a-z]{3,}ly", re.IGNORECASE)
#: words ending like adverbs that name things or say when ("heterophily": "-phily" names a
#: property of graphs)
NOT_ADVERBS = frozenset(["anomaly", "assembly", "butterfly", "daily", "early", "family",
                         "firefly", "hourly", "italy", "monopoly", "monthly", "supply",
                         "weekly", "yearly"])


def says_what(term: str) -> bool:
    """Whether a term may be shown as what papers share: none of its words is academic
    prose (``ACADEMIC_PROSE``), not all of them are generic (``GENERIC_ALONE``), and it is
    not an adverb alone (``ADVERB``)."""
    words = term.lower().split()
    if len(words) == 1 and ADVERB.fullmatch(words[0]) and words[0] not in NOT_ADVERBS \
            and not words[0].endswith("phily"):
        return False
    return not any(w in ACADEMIC_PROSE for w in words) \
        and not all(w in GENERIC_ALONE for w in words)


#: two words are one word's forms when they share a prefix of at least this many letters
#: and differ after it by at most ROOT_SLACK letters ("pruned", "pruning"; "interpretable",
#: "interpretability"; "generation", "generative")
ROOT_MIN = 4
ROOT_SLACK = 3


def _same_root(a: str, b: str) -> bool:
    n = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
             min(len(a), len(b)))
    return a == b or (n >= ROOT_MIN and n >= min(len(a), len(b)) - ROOT_SLACK)


def _covered(words: set[str], by: set[str]) -> bool:
    return all(any(_same_root(w, b) for b in by) for w in words)


def key_terms(name: str, terms: tuple[str, ...] | list[str], k: int) -> list[str]:
    """The first ``k`` of a theme's terms that tell a reader something its name does not:
    a term whose words the name or a term already shown has (in some form) is left out, and
    a term that adds words to one already shown takes its place. On the seeds, "Pruning"
    was listed with "pruning, network pruning, structured pruning, pruned" and
    "Interpretability and SAEs" with "SAEs, interpretability, Sparse Autoencoders,
    interpretable"."""
    said = stems(name)
    shown: list[str] = []
    for term in terms:
        words = stems(term)
        wider = [i for i, t in enumerate(shown) if stems(t) < words]
        if wider:  # "semantic" -> "semantic segmentation"
            shown = [term if i == wider[0] else t for i, t in enumerate(shown)
                     if i == wider[0] or i not in wider]
        elif len(shown) < k and not _covered(words, said.union(*map(stems, shown))) \
                and not _abbreviates(term, [name, *shown]):
            shown.append(term)
    return shown


def _abbreviates(term: str, phrases: list[str]) -> bool:
    """Whether ``term`` is the acronym of one of ``phrases``' runs of words ("KAN" of
    "Kolmogorov-Arnold Networks", "VLMs" of "vision-language models")."""
    if not re.fullmatch(r"[A-Z]{2,}s?", term):
        return False
    letters = term.rstrip("s").lower()
    for phrase in phrases:
        initials = "".join(w[0] for w in re.split(r"[\s-]+", phrase.lower()) if w)
        if letters in initials:
            return True
    return False
