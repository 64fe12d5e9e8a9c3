"""What a theme's name promises (analysis.evidence): which papers support a name, which
names judge their members, which second memberships readers are shown, and fields shown
as facets."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from litreview.analysis.evidence import (
    as_facets,
    defined,
    facet_groups,
    name_forms,
    name_words,
    shown,
    spelled_out,
    supporters,
    texts,
    titled,
    uses,
)
from litreview.model import Library, Paper, Theme


def paper(key: str, title: str, abstract: str = "") -> Paper:
    text = abstract or f"We study {title.lower()}."
    return Paper(key=key, title=title, abstract=text, abstract_text=text, sources=())


def test_a_name_is_supported_by_its_phrase_its_head_noun_and_its_spelling_out() -> None:
    folded = texts((paper("a", "Large Language Models at scale"),
                    paper("b", "Tuning large language models"),
                    paper("c", "A simple and effective baseline"),
                    paper("d", "Simple and effective pruning"),
                    paper("e", "Squeeze-and-excitation networks"),
                    paper("f", "Squeeze-and-excitation revisited")))
    assert spelled_out("llm", folded) == ["large language model"]
    # joining words are no initials: neither phrase spells out "sae"
    assert spelled_out("sae", folded) == []
    forms = name_forms(("post-training quantization", "llm"), folded)
    assert forms == {"post-training quantization", "quantization", "llm",
                     "large language model"}
    # a weak head noun ("detection") supports nothing on its own
    assert name_forms(("object detection",)) == {"object detection"}
    # a phrase just after a negation is no use of it
    assert uses(" it is not applicable to large language model ", forms) is False
    assert uses(" not here but we prune large language model ", forms) is True
    # the name as readers see it counts, weak words and all
    assert name_words("Machine learning and sentiment") == ("machine learning", "sentiment")
    assert name_words("Image, face and audio recognition") == ("image", "face",
                                                                "audio recognition")


def test_only_a_name_that_describes_its_theme_judges_its_members() -> None:
    papers = tuple(paper(f"p{i}", t) for i, t in enumerate([
        "Structured pruning of transformers", "Pruning at initialization",
        "Magnitude pruning revisited", "Event cameras", "Voice analysis",
        "Calibration of classifiers", "Graph networks", "Audio tagging", "Music generation",
        "Calibrated uncertainty"]))
    themes = {"pruning": ("Pruning", [0, 1, 2, 3, 4]),
              "calibration": ("Calibration", [5, 6, 7, 8, 9])}
    judged = supporters(texts(papers), themes,
                        {"pruning": ("pruning",), "calibration": ("calibration",)})
    # 3 of 5 members say "pruning"; only 1 says "calibration" (the plural folding keeps
    # "calibrated" apart): that name is a guess and judges nobody
    assert judged == {"pruning": {0, 1, 2}}


def test_a_name_means_its_parts_as_written_and_a_shared_head_distributes() -> None:
    """"Image, handwriting, face and action recognition" means image recognition: a
    medical-imaging paper does not support that name by "image". A part counts as
    written even where it ends like a describing word ("contrastive", "music"), and a
    popular subject still supports its own theme's name however many papers say it."""
    titles = ["Fine-grained image recognition", "Handwriting recognition of scripts",
              "Face recognition at scale", "Medical image segmentation",
              "Image segmentation of tumours", "Semantic segmentation of roads"]
    folded = texts(tuple(paper(f"p{i}", t) for i, t in enumerate(titles)))
    name = "Image, handwriting, face and action recognition"
    assert name_words(name, folded) == ("image recognition", "handwriting recognition",
                                        "face recognition", "action recognition")
    # a text that never says "image recognition" keeps the part as written
    assert name_words(name) == ("image", "handwriting", "face", "action recognition")
    assert name_words("Segmentation, object detection and vision backbones", folded) == (
        "segmentation", "object detection", "vision backbone")
    assert name_words("Contrastive and self-supervised learning") == (
        "contrastive", "self-supervised learning")
    assert name_words("Audio, speech and music") == ("audio", "speech", "music")
    themes = {"recognition": (name, [0, 1, 2, 3]), "segmentation": ("Segmentation", [3, 4, 5])}
    judged = supporters(folded, themes, {})
    assert judged["recognition"] == {0, 1, 2}
    # most of the library says "segmentation": it still supports its theme
    assert judged["segmentation"] == {3, 4, 5}


def test_a_second_theme_is_shown_only_to_papers_that_say_its_name() -> None:
    # papers 0-2 fit theme a, 3-5 theme b; 5 and 6 are in both, fitting a better
    a, b = [1.0, 0.1], [0.1, 1.0]
    m = np.array([a, a, a, b, b, [0.9, 0.5], [0.9, 0.5]])
    X = sparse.csr_matrix(m / np.linalg.norm(m, axis=1, keepdims=True))
    themes = {"a": ("A", [0, 1, 2, 5, 6]), "b": ("B", [3, 4, 5, 6])}
    out = shown(X, themes, {"b": {3, 4, 6}})
    assert out["a"][1] == [0, 1, 2, 5, 6]
    assert out["b"][1] == [3, 4, 6]
    # a theme whose name judges nobody shows every member
    assert shown(X, themes, {})["b"][1] == [3, 4, 5, 6]


def test_a_theme_named_by_a_kind_of_model_is_a_facet_of_every_paper_naming_it() -> None:
    papers = (paper("q", "Quantizing LLMs"),
              paper("s", "Sparse autoencoders for LLMs", "Dictionaries of large language models."),
              paper("t", "Tuning large language models"), paper("c", "CTR prediction"))
    llms = Theme(slug="llms", name="LLMs", terms=(), papers=("s", "c"),
                 name_phrases=("llm",), related=("quant",), related_terms=(("x",),))
    quant = Theme(slug="quant", name="Quantization", terms=(), papers=("q",),
                  name_phrases=("quantization",), related=("llms",), related_terms=(("x",),))
    themes, facets = as_facets((llms, quant), papers)
    assert [t.slug for t in themes] == ["quant"]
    assert themes[0].related == ()
    (facet,) = facets
    # its own members that name the field first, then the others; "c" does not name it
    assert facet.papers == ("s", "q", "t")
    # the grouping it had is carried on, as a theme's
    assert facet.grouping == ("s", "c")
    lib = Library(papers=papers, themes=themes,
                  paper_themes={"q": ("quant",), "s": (), "t": (), "c": ()})
    assert facet_groups(facet, lib) == [("quant", "Quantization", ["q"]),
                                        ("", "Other papers", ["s", "t"])]


def _twelve() -> Library:
    """Three themes, "Prompt tuning" (four papers), "Medical image analysis" (eight, two
    of whose titles say "prompt tuning", and six "learned representations") and "Learned
    representations" (two), and seven papers in no theme (six of which say "learned
    representations" too)."""
    prompt = [paper(f"p{i}", f"Prompt tuning variant {i}") for i in range(4)]
    medical = [paper(f"m{i}", f"Medical image analysis of organ {i} by learned representations")
               for i in range(6)]
    learned = [paper(f"r{i}", f"Learned representations {i}") for i in range(2)]
    medical += [paper("dvpt", "Dynamic visual prompt tuning for medical image analysis"),
                paper("pin", "Prompt tuning, pinned by the maintainer")]
    alone = [paper("other", "Prompt tuning that the maintainer shows in no theme")]
    alone += [paper(f"x{i}", f"Learned representations for task {i}") for i in range(6)]
    papers = tuple(sorted(prompt + medical + learned + alone, key=lambda p: p.key))
    themes = (Theme("prompt-tuning", "Prompt tuning", (), tuple(p.key for p in prompt)),
              Theme("medical", "Medical image analysis", (), tuple(p.key for p in medical)),
              Theme("learned", "Learned representations", (), ("r0", "r1")))
    return Library(papers=papers, themes=themes,
                   paper_themes={p.key: ("prompt-tuning",) for p in prompt}
                   | {p.key: ("medical",) for p in medical}
                   | {p.key: ("learned",) for p in learned} | {p.key: () for p in alone})


def test_a_paper_is_also_shown_in_each_theme_its_title_names() -> None:
    """A reader of "Prompt tuning" looks there for a visual prompt tuning paper that fits
    medical imaging best; a paper the maintainer placed stays where it was placed; a part
    of a name that many papers say (more than 10, and more than a tenth of them: "learned
    representations", 14 of 21) tells nothing and brings none."""
    lib = _twelve()
    out = titled(lib, keep=frozenset({"pin", "other"}))
    prompt = next(t for t in out.themes if t.slug == "prompt-tuning")
    assert prompt.papers == ("p0", "p1", "p2", "p3", "dvpt")
    assert out.paper_themes["dvpt"] == ("medical", "prompt-tuning")
    assert out.paper_themes["pin"] == ("medical",)
    assert out.paper_themes["other"] == ()
    # the grouping the next edition carries is the theme's own members
    assert prompt.grouping == ("p0", "p1", "p2", "p3")
    assert out.themes[1:] == lib.themes[1:]
    # without the maintainer's placements, those papers follow their titles too
    assert titled(lib).paper_themes["other"] == ("prompt-tuning",)
    # nothing to add: the same library
    assert titled(out, keep=frozenset({"pin", "other"})) is out


def test_a_name_part_a_word_with_a_digit_left_is_not_taken_for_the_rest() -> None:
    """Folding keeps no word with a digit: "3D reconstruction" would be any
    "reconstruction" (an image-reconstruction paper), so the part is left out."""
    assert name_words("Neural fields and 3D reconstruction") == ("neural field",)
    assert name_words("YOLOv8 detectors") == ("yolov8 detector",)


def test_a_weak_word_in_a_name_the_generator_fell_back_on_brings_no_paper() -> None:
    """"Complexity and layer" (the generator's fallback) says "layer", which a paper on
    the layers of language models says too; a name the maintainer gave is taken at its
    word."""
    members = [paper(f"c{i}", f"Layer complexity bound {i}") for i in range(3)]
    other = paper("frozen", "Frozen transformers are effective visual encoder layers")
    lib = Library(papers=(*members, other),
                  themes=(Theme("complexity-and-layer", "Complexity and layer", (),
                                tuple(p.key for p in members)),),
                  paper_themes={p.key: ("complexity-and-layer",) for p in members}
                  | {"frozen": ()})
    assert titled(lib) is lib
    assert titled(lib, named=frozenset({"complexity-and-layer"})).paper_themes["frozen"] \
        == ("complexity-and-layer",)


def test_a_title_that_spells_out_an_acronym_of_the_name_names_the_theme() -> None:
    """"Interpretability and SAEs": a paper titled "Sparse Autoencoder as a Zero-Shot
    Classifier for Concept Erasing" belongs there for a reader too. The texts define
    the acronym ("sparse autoencoders (SAEs)", one word holding two of its letters), and
    a title that says the definition names the theme; a definition only one paper gives,
    or none, brings no paper."""
    members = [paper(f"s{i}", f"Interpretable features {i}",
                     f"We train sparse autoencoders (SAEs) on layer {i}.") for i in range(3)]
    erase = paper("erase", "Sparse Autoencoder as a Zero-Shot Classifier for Concept Erasing",
                  "Concept erasing in text-to-image diffusion models.")
    loose = paper("loose", "Sparse and efficient attention",
                  "We study attention in sparse autoencoders.")
    lib = Library(papers=(*members, erase, loose),
                  themes=(Theme("interpretability-and-saes", "Interpretability and SAEs", (),
                                tuple(p.key for p in members)),),
                  paper_themes={p.key: ("interpretability-and-saes",) for p in members}
                  | {"erase": (), "loose": ()})
    folded = texts(lib.papers)
    assert defined("sae", folded) == ["sparse autoencoder"]
    assert defined("sae", folded[:1]) == []  # one paper defines it: not enough
    assert defined("gan", folded) == []
    out = titled(lib)
    assert out.paper_themes["erase"] == ("interpretability-and-saes",)
    assert out.paper_themes["loose"] == ()
    # the name must write the acronym in capitals: a lower-case word is taken as written
    lower = Library(papers=lib.papers, themes=(Theme("sae", "Interpretability and sae", (),
                                                     tuple(p.key for p in members)),),
                    paper_themes={p.key: ("sae",) for p in members}
                    | {"erase": (), "loose": ()})
    assert titled(lower).paper_themes["erase"] == ()
