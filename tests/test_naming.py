"""Theme names from title phrases (generator/naming.py) and the papers a name draws in."""

from __future__ import annotations

import pytest

from litreview.analysis.library import paper
from litreview.analysis.naming import Namer, name_parts, phrases, theme_name
from litreview.analysis.themes import _join_by_name
from litreview.analysis.vectors import documents, surface_forms, vectorise
from litreview.analysis.words import key_terms
from litreview.model import Paper, Source

QUANT = [
    ("AWQ: Activation-aware Weight Quantization for LLMs",
     "Weight quantization of LLMs keeps salient channels in higher precision."),
    ("Post-Training Quantization of Vision Transformers",
     "We study post-training quantization for ViTs and their activations."),
    ("ZeroQuant-FP: Post-Training Quantization with Floating Points",
     "Post-training quantization with FP8 formats for LLMs."),
    ("Rethinking Post-Training Quantization for Diffusion Models",
     "Post-training quantization of diffusion models across time steps."),
]
OTHER = [
    ("Backdoor Attacks on Language Models", "A backdoor attack plants a trigger."),
    ("Defending against Backdoor Attacks", "We remove backdoor attacks from networks."),
    ("Kolmogorov-Arnold Networks for Vision", "Kolmogorov-Arnold networks replace MLPs."),
    ("Convolutional Kolmogorov-Arnold Networks", "We bring Kolmogorov-Arnold networks to CNNs."),
    ("Object Detection in Real Time", "A fast detector for object detection."),
    ("Small Object Detection with Transformers", "Object detection of small objects."),
]
ALL = QUANT + OTHER
TITLES = [t for t, _ in ALL]
ABSTRACTS = [a for _, a in ALL]


def test_a_theme_is_named_by_the_phrase_its_titles_share() -> None:
    ph = phrases(TITLES, ABSTRACTS)
    # spelled as the abstracts spell it, in sentence case
    assert theme_name(ph, [0, 1, 2, 3], "fallback") == "Post-training quantization"
    # a longer phrase that keeps the score wins over its single word
    assert theme_name(ph, [4, 5], "fallback") == "Backdoor attacks"
    # a name that is never written in lower case keeps its capitals; plurals are kept
    assert theme_name(ph, [6, 7], "fallback") == "Kolmogorov-Arnold networks"
    assert theme_name(ph, [8, 9], "fallback") == "Object detection"


def test_names_avoid_taken_names_and_fall_back() -> None:
    ph = phrases(TITLES, ABSTRACTS)
    assert theme_name(ph, [1, 2, 3], "fallback",
                      avoid=frozenset({"post-training quantization"})) \
        != "Post-training quantization"
    # nor a part of a taken name: "Object" would name no other subject than "Object
    # detection" does
    more = [*OTHER[4:], ("3D Object Detection for Driving",
                         "We detect each object in 3D scenes with 3D object detection."),
            ("Monocular 3D Object Detection", "3D object detection from one camera."),
            ("Object Tracking in Video", "We track each object across frames.")]
    objects = phrases([t for t, _ in more], [a for _, a in more])
    assert theme_name(objects, [2, 3, 4], "fallback") == "Object detection"
    assert theme_name(objects, [2, 3, 4], "fallback",
                      avoid=frozenset({"object detection"})) == "fallback"
    # words of a single paper are never a name
    assert "awq" not in theme_name(ph, [0], "fallback").lower()
    assert theme_name(phrases(["A", "B"], ["", ""]), [0, 1], "fallback") == "fallback"


def test_a_new_theme_takes_a_phrase_it_holds_nearly_all_papers_of() -> None:
    """A split of "Segmentation and object detection" that holds the object-detection
    papers is named by that phrase, not after two of its papers; a theme's first phrase
    is never reused, nor one whose papers the new theme does not hold."""
    texts = [("Object Detection in Real Time", "A fast detector for object detection."),
             ("Small Object Detection with Transformers", "Object detection of small objects."),
             ("3D Object Detection for Driving", "3D object detection in driving scenes."),
             ("Weld Defect Detection with CNNs", "Defect detection in steel welds."),
             ("Surface Defect Detection", "Defect detection on metal surfaces."),
             ("Semantic Segmentation of Roads", "Semantic segmentation for driving."),
             ("Panoptic Segmentation Revisited", "Segmentation of things and stuff.")]
    papers = tuple(paper(f"p{i}", t, a, (Source("d.txt", 1, 1),))
                   for i, (t, a) in enumerate(texts))
    X, terms = vectorise(documents(papers))
    forms = surface_forms(documents(papers))
    parent = {"seg": ("segmentation", "object detection")}
    assert Namer(papers, X, terms, forms, parent)([0, 1, 2, 3, 4]) == "Object detection"
    # holding 2 of the 3 object-detection papers is not holding them
    assert Namer(papers, X, terms, forms, parent)([0, 1, 3, 4]) == "Defect detection"
    # the parent's first phrase stays its own
    first = {"seg": ("object detection", "segmentation")}
    assert Namer(papers, X, terms, forms, first)([0, 1, 2, 3, 4]) == "Defect detection"


def test_weak_words_together_name_a_theme_only_where_few_titles_use_them() -> None:
    """"Graph neural networks" is a subject, though each of its words is weak; "neural
    networks", in more than 4 % of titles, is not (a 6-paper theme of graph papers was
    named "Convolutional networks")."""
    titles = ["Graph Neural Networks for Fraud", "Robust Graph Neural Networks",
              "Transfer Learning of Graph Neural Networks", "UltraGCN: Convolutional Networks"]
    gardens = [f"Study {i} of Gardens" for i in range(60)]
    two_words = [f"Neural Networks for Task {i}" for i in range(20)]
    ph = phrases(titles + two_words + gardens, [""] * 84)
    assert theme_name(ph, [0, 1, 2, 3], "fallback") == "Graph neural networks"
    assert theme_name(ph, [4, 5, 6, 7], "fallback") == "fallback"
    common = [f"Graph Neural Networks, Part {i}" for i in range(10)]
    ph = phrases(titles + common + gardens, [""] * 74)
    assert theme_name(ph, [0, 1, 2, 3], "fallback") == "fallback"


def test_name_parts_keep_what_the_name_is_about() -> None:
    assert name_parts("Weight quantization and LLMs") == ["weight quantization", "llm"]
    assert name_parts("Complexity and layer") == []  # weak words define nothing
    assert name_parts("Pre-trained and downstream") == []


def make(key: str, title: str) -> Paper:
    return paper(key, title, "", (Source("d.txt", 1, 1),))


def test_a_title_containing_a_theme_name_joins_that_theme() -> None:
    papers = tuple(make(f"p{i}", t) for i, t in enumerate(
        ["Structured Pruning for LLMs", "Network Pruning of ViTs", "Image Segmentation"]
        + [f"Unrelated study number {i}" for i in range(50)]))
    themes = {"pruning": ("Pruning", [1]), "segmentation": ("Segmentation", [2])}
    phrases_of = {"pruning": ("pruning",), "segmentation": ("segmentation",)}
    _join_by_name(papers, themes, phrases_of)
    assert themes["pruning"][1] == [1, 0]
    assert themes["segmentation"][1] == [2]
    # a phrase in more than 4 % of titles is a field, not a theme: it draws no one in
    crowded = tuple(make(f"q{i}", f"Pruning idea {i}") for i in range(10)) + papers
    themes = {"pruning": ("Pruning", [0])}
    _join_by_name(crowded, themes, {"pruning": ("pruning",)})
    assert themes["pruning"][1] == [0]


def test_term_lists_do_not_repeat_themselves() -> None:
    from litreview.analysis.vectors import distinct as _distinct

    assert _distinct(["Sparse Autoencoders", "autoencoders", "SAEs", "SAE", "LLMs", "llm",
                      "weight", "weight quantization"]) == [
        "Sparse Autoencoders", "SAEs", "LLMs", "weight", "weight quantization"]


def test_surface_forms_keep_names_and_lower_common_words() -> None:
    from litreview.analysis.vectors import surface_forms

    # the Title Case spelling is the most frequent (titles count twice), the lower-case
    # one is used half as often: the word is a common word
    docs = [("Post-Training Quantization for LLMs. Post-Training Quantization for LLMs. "
             "We study post-training quantization of LLMs with BERT."),
            ("Post-Training Rules. Post-Training Rules. A post-training step for LLMs.")]
    forms = surface_forms(docs)
    assert forms["post-training"] == "post-training"
    assert forms["llms"] == "LLMs"
    assert forms["bert"] == "BERT"


def test_titles_with_no_phrase_that_could_name_a_theme() -> None:
    """Six short papers whose shared title words are all stop words or filler: no name
    phrase, and no crash (a small review used to stop with "empty vocabulary")."""
    ph = phrases(["A new method", "A new method", "The new approach", "The new approach"],
                 ["x", "y", "z", "w"])
    assert len(ph.vocab) == 0
    assert theme_name(ph, [0, 1], fallback="Fallback") == "Fallback"


@pytest.mark.parametrize(("name", "terms", "shown"), [
    # the theme's name already says these words, in some form
    ("Pruning", ["pruning", "network pruning", "structured pruning", "pruned", "importance"],
     ["network pruning", "structured pruning", "importance"]),
    ("Interpretability and SAEs", ["SAEs", "interpretability", "Sparse Autoencoders",
                                   "interpretable", "attribution", "autoencoders SAEs"],
     ["Sparse Autoencoders", "attribution"]),
    # a phrase that adds a word takes the place of the word alone, once
    ("Network architectures", ["functions", "activation", "activation functions", "KAN"],
     ["activation functions", "KAN"]),
    # an acronym of the name or of a term shown says nothing new
    ("Network architectures", ["Kolmogorov-Arnold Networks", "KAN", "KANs", "GELU"],
     ["Kolmogorov-Arnold Networks", "GELU"]),
    ("Click-through rate prediction", ["CTR", "feature interactions"],
     ["feature interactions"]),
    ("Segmentation and object detection", ["object", "module", "semantic",
                                           "semantic segmentation", "fusion", "Mamba"],
     ["module", "semantic segmentation", "fusion"]),
])
def test_key_terms_say_what_the_name_does_not(name: str, terms: list[str],
                                               shown: list[str]) -> None:
    assert key_terms(name, terms, 3) == shown
