"""The exported BibTeX in real clients: bibtex + pdflatex, biber (biblatex), pandoc.

Run on the seeds' library.bib and on fuzzed libraries of hostile titles and abstracts.
A missing client skips with the install command on a developer's machine; in CI
(``CI=true``) it fails, because .ci/run installs them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from litreview.analysis.library import paper
from litreview.model import Paper, Source
from litreview.rendering.bibtex import entry_for, to_bibtex
from litreview.text import flat_scripts, latex_to_text, normalise

pytestmark = pytest.mark.slow
APT = ("apt-get install --no-install-recommends texlive-latex-base texlive-latex-recommended "
       "texlive-bibtex-extra biber pandoc poppler-utils")
FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
ENTRIES = 60
LIBRARIES = 40 if FUZZ else 3

BIBTEX_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{lib}
\end{document}
"""
BIBER_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber]{biblatex}
\addbibresource{lib.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""


def need(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{tool} is missing in CI; .ci/run must install it ({APT})")
            pytest.skip(f"{tool} is not installed here; to run these tests: {APT}")


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace",
                          check=False, timeout=600, stdin=subprocess.DEVNULL)


def latex(cwd: Path) -> None:
    proc = run(["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
                "doc.tex"], cwd)
    log = (cwd / "doc.log").read_text("latin-1")
    assert proc.returncode == 0, "\n".join(ln for ln in log.splitlines() if ln.startswith("!"))


def bibtex_run(bib: str, tmp: Path, typeset: bool) -> int:
    """bibtex (and pdflatex around it when ``typeset``); returns the number of bibitems."""
    (tmp / "lib.bib").write_text(bib, "utf-8")
    (tmp / "doc.tex").write_text(BIBTEX_DOC, "utf-8")
    if typeset:
        latex(tmp)
    else:  # bibtex needs only the .aux that the first LaTeX pass would write
        (tmp / "doc.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{lib}\n")
    proc = run(["bibtex", "doc"], tmp)
    blg = (tmp / "doc.blg").read_text("latin-1")
    assert proc.returncode == 0, blg[-2000:]
    assert "error message" not in blg, blg[-2000:]
    if typeset:
        latex(tmp)
        latex(tmp)
        log = (tmp / "doc.log").read_text("latin-1")
        assert "undefined" not in log
    return (tmp / "doc.bbl").read_text("utf-8").count("\\bibitem")


def biber_run(bib: str, tmp: Path) -> int:
    """biber in tool mode (parses and re-writes every entry); returns entries written."""
    (tmp / "lib.bib").write_text(bib, "utf-8")
    proc = run(["biber", "--tool", "--output-file=out.bib", "lib.bib"], tmp)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "ERROR" not in proc.stdout, proc.stdout[-2000:]
    return len(re.findall(r"^@", (tmp / "out.bib").read_text("utf-8"), re.MULTILINE))


def pandoc_run(bib: str, tmp: Path) -> dict[str, dict[str, str]]:
    (tmp / "lib.bib").write_text(bib, "utf-8")
    proc = run(["pandoc", "-f", "bibtex", "-t", "csljson", "lib.bib"], tmp)
    assert proc.returncode == 0, proc.stderr
    assert not proc.stderr.strip(), proc.stderr
    return {e["id"]: e for e in json.loads(proc.stdout)}


def typographic(text: str) -> str:
    """Fold what TeX typography changes (quotes, dashes, ligatures, spacing)."""
    text = text.replace("?`", "¿").replace("!`", "¡")
    text = re.sub(r"[`'‘’\"“”]+", '"', text)  # pandoc/CSL also flip single and double quotes
    text = re.sub(r"[-–—]+", "-", text)
    return " ".join(text.split())


def unmatched_braces_removed(text: str) -> str:
    """pandoc 2.17 drops \\textbraceleft{} / \\textbraceright{} (stray braces only)."""
    stack: list[int] = []
    pairs: set[int] = set()
    for i, ch in enumerate(text):
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            pairs |= {stack.pop(), i}
    return "".join(ch for i, ch in enumerate(text) if ch not in "{}" or i in pairs)


# --- the seeds' library -------------------------------------------------------------------

def test_seeds_bibtex_and_pdflatex(seeds_site: Path, tmp_path: Path) -> None:
    need("pdflatex", "bibtex")
    bib = (seeds_site / "site/latest/library.bib").read_text("utf-8")
    assert bibtex_run(bib, tmp_path, typeset=True) == 251


def test_seeds_biblatex_and_biber(seeds_site: Path, tmp_path: Path) -> None:
    need("pdflatex", "biber")
    (tmp_path / "lib.bib").write_bytes((seeds_site / "site/latest/library.bib").read_bytes())
    (tmp_path / "doc.tex").write_text(BIBER_DOC, "utf-8")
    latex(tmp_path)
    proc = run(["biber", "doc"], tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "ERROR" not in proc.stdout, proc.stdout[-2000:]
    assert (tmp_path / "doc.bbl").read_text("utf-8").count("\\entry{") == 251
    latex(tmp_path)


def test_seeds_pandoc_round_trip(seeds_site: Path, tmp_path: Path) -> None:
    need("pandoc")
    site = seeds_site / "site/latest"
    got = pandoc_run((site / "library.bib").read_text("utf-8"), tmp_path)
    papers = json.loads((site / "papers.json").read_text("utf-8"))["papers"]
    assert set(got) == {p["key"] for p in papers}
    for p in papers:
        assert typographic(got[p["key"]]["title"]) == \
            typographic(normalise(flat_scripts(latex_to_text(p["title"]))))
        assert typographic(got[p["key"]]["abstract"]) == \
            typographic(normalise(flat_scripts(latex_to_text(p["abstract"]))))


# --- fuzzed libraries -------------------------------------------------------------------------

PAYLOADS = ["\\", "{", "}", "%", "&", "#", "$", "_", "^", "~", "<", ">", "@", '"', ",", "=",
            r"\input{/etc/passwd}", r"\%", "@string{x = y}", r"\end{document}", "--", "``",
            "''", r"\textbf{x}", "}@misc{evil, title={x}", r"\\", "$x^2$", r"\def\a{b}",
            "\\csname", "#1", "%comment", "{}", "}{"]
ascii_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20)
hostile_ascii = st.lists(st.one_of(ascii_text, st.sampled_from(PAYLOADS)), min_size=1,
                         max_size=6).map(" ".join)
hostile_any = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(PAYLOADS)),
                       min_size=1, max_size=6).map(" ".join)


def library(pairs: list[tuple[str, str]]) -> tuple[str, dict[str, Paper]]:
    papers = {f"fuzz{i}": paper(f"fuzz{i}", f"T{i} {t}", a, (Source("f.txt", i + 1, 1),), 2,
                                dt.date(2024, 1, 2)) for i, (t, a) in enumerate(pairs)}
    entries = {k: entry_for(p, ["Theme {x} & y"]) for k, p in papers.items()}
    return to_bibtex(entries), papers


@settings(max_examples=LIBRARIES)
@given(st.lists(st.tuples(hostile_ascii, hostile_ascii), min_size=ENTRIES, max_size=ENTRIES))
def test_fuzzed_ascii_library_typesets(pairs: list[tuple[str, str]]) -> None:
    """No value can reach LaTeX as a command: pdflatex typesets every entry."""
    need("pdflatex", "bibtex")
    import tempfile
    bib, papers = library(pairs)
    with tempfile.TemporaryDirectory() as tmp:
        assert bibtex_run(bib, Path(tmp), typeset=True) == len(papers)


@settings(max_examples=LIBRARIES, suppress_health_check=[HealthCheck.data_too_large])
@given(st.lists(st.tuples(hostile_any, hostile_any), min_size=ENTRIES, max_size=ENTRIES))
# Unicode noncharacters (biber refused "\U000cffff", hypothesis found it)
@example([(f"Title {i} \U000cffff \ufdd0", f"An \uffff abstract {i} \U0010fffe.")
          for i in range(ENTRIES)])
def test_fuzzed_unicode_library_in_every_client(pairs: list[tuple[str, str]]) -> None:
    """Any Unicode: bibtex, biber, pandoc, pybtex and bibtexparser read every entry back."""
    need("bibtex", "biber", "pandoc")
    import tempfile
    bib, papers = library(pairs)
    assert set(parse_string(bib, "bibtex").entries) == set(papers)
    parsed = bibtexparser.parse_string(bib)
    assert not parsed.failed_blocks
    assert {e.key for e in parsed.entries} == set(papers)
    with tempfile.TemporaryDirectory() as tmp:
        assert bibtex_run(bib, Path(tmp), typeset=False) == len(papers)
        assert biber_run(bib, Path(tmp)) == len(papers)
        got = pandoc_run(bib, Path(tmp))
    assert set(got) == set(papers)
    for key, p in papers.items():
        for field, raw in (("title", p.title), ("abstract", p.abstract)):
            want = typographic(unmatched_braces_removed(normalise(latex_to_text(raw))))
            assert typographic(got[key].get(field, "")) == want, (field, raw)


# --- citing resolved papers: author-year, as a researcher's paper shows it ---------------------

def _cited(seeds_site: Path) -> list[tuple[str, str]]:
    """(key, "Surname et al. (YYYY)") of seven seed papers, as the site labels them
    ("Surname et al. · YYYY" on the paper's page): three or more authors, two, one, one
    whose first surname has a particle, and one first on arXiv a year before its venue
    (cited by the venue's year, as its BibTeX has it)."""
    from litreview.model import short_authors
    bib = parse_string((seeds_site / "site/latest/library.bib").read_text("utf-8"), "bibtex")
    papers = json.loads((seeds_site / "site/latest/papers.json").read_text("utf-8"))["papers"]
    picked: dict[int, list[tuple[str, str]]] = {1: [], 2: [], 3: []}
    particles, later = [], []  # "van der Ouderaa et al."; a venue a year after arXiv
    for p in papers:
        names = tuple(p["authors"])
        page = (seeds_site / f"site/papers/{p['key']}.html").read_text("utf-8")
        byline = re.search(r"data-pagefind-meta=by>([^<]*)<", page)
        if not names or byline is None:
            continue
        short, year = html.unescape(byline[1]).split(" · ")
        assert short == short_authors(names)
        assert re.sub(r"[a-z]$", "", year) == bib.entries[p["key"]].fields["year"]
        if short[:1].islower():
            particles.append((p["key"], f"{short} ({year})"))
        if not all(n.split()[-1].isascii() and n.split()[-1].isalpha() for n in names[:2]):
            continue
        if year[:4] != p["published"][:4]:
            later.append((p["key"], f"{short} ({year})"))
        picked[min(len(names), 3)].append((p["key"], f"{short} ({year})"))
    assert particles, "the seeds have a surname with a particle (van der Ouderaa)"
    assert later, "the seeds have a paper whose venue is a year after its arXiv version"
    return picked[3][:3] + picked[2][:1] + picked[1][:1] + particles[:1] + later[:1]


NATBIB_DOC = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[round]{natbib}
\begin{document}
%s
\bibliographystyle{plainnat}
\bibliography{lib}
\end{document}
"""
BIBLATEX_DOC = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[style=authoryear,backend=biber,maxcitenames=2]{biblatex}
\addbibresource{lib.bib}
\begin{document}
%s
\printbibliography
\end{document}
"""


def _pdf_text(tmp: Path) -> str:
    proc = run(["pdftotext", "-enc", "UTF-8", "doc.pdf", "-"], tmp)
    assert proc.returncode == 0, proc.stderr
    return " ".join(proc.stdout.replace("-\n", "").split())


@pytest.mark.parametrize(("engine", "template", "command"), [
    ("bibtex", NATBIB_DOC, "citet"), ("biber", BIBLATEX_DOC, "textcite")])
def test_resolved_papers_are_cited_author_year(seeds_site: Path, tmp_path: Path, engine: str,
                                               template: str, command: str) -> None:
    """\\citet (natbib, plainnat) and \\textcite (biblatex, authoryear) typeset
    "Author et al. (YYYY)" for papers with an identity, read back from the PDF."""
    need("pdflatex", engine, "pdftotext")
    cited = _cited(seeds_site)
    assert len(cited) == 7
    (tmp_path / "lib.bib").write_bytes((seeds_site / "site/latest/library.bib").read_bytes())
    body = "\n\n".join(f"Sentence {n}: \\{command}{{{key}}} shows it." for n, (key, _) in
                       enumerate(cited))
    (tmp_path / "doc.tex").write_text(template % body, "utf-8")
    latex(tmp_path)
    proc = run([engine, "doc"], tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    latex(tmp_path)
    latex(tmp_path)
    text = _pdf_text(tmp_path)
    for n, (key, expected) in enumerate(cited):
        if engine == "biber":  # biblatex cites without the name's prefix (useprefix=false)
            expected = re.sub(r"^(?:[a-z]+ )+", "", expected)
        assert f"Sentence {n}: {expected} shows it." in text, (key, expected, text[:3000])


def test_natbib_prints_the_sites_year_letters(seeds_site: Path, tmp_path: Path) -> None:
    """Every paper the site cites as "Surname et al. · 2023b" (a letter after the year: the
    same short authors and year as another) is "Surname et al. (2023b)" in a pdfLaTeX
    document citing the whole library with natbib and plainnat: the letters follow
    plainnat's order (authors' full names, then title), not the titles' alone."""
    need("pdflatex", "bibtex", "pdftotext")
    lettered = []
    for page in sorted((seeds_site / "site/papers").glob("*.html")):
        byline = re.search(r"data-pagefind-meta=by>([^<]*)<", page.read_text("utf-8"))
        if byline and re.search(r"\d{4}[a-z]$", html.unescape(byline[1])):
            short, year = html.unescape(byline[1]).split(" · ")
            if short.isascii():  # (pdftotext may spell accents otherwise)
                lettered.append((page.stem, f"{short} ({year})"))
    assert len(lettered) >= 20
    (tmp_path / "lib.bib").write_bytes((seeds_site / "site/latest/library.bib").read_bytes())
    body = "\n\n".join(f"Sentence {n}: \\citet{{{key}}} shows it." for n, (key, _) in
                        enumerate(lettered))
    (tmp_path / "doc.tex").write_text(NATBIB_DOC % (body + "\n\\nocite{*}"), "utf-8")
    latex(tmp_path)
    proc = run(["bibtex", "doc"], tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    latex(tmp_path)
    latex(tmp_path)
    text = _pdf_text(tmp_path)
    wrong = [(key, label) for n, (key, label) in enumerate(lettered)
             if f"Sentence {n}: {label} shows it." not in text]
    assert not wrong, wrong[:5]


def test_pandoc_citeproc_dates_and_names_every_entry(seeds_site: Path, tmp_path: Path) -> None:
    """No "n.d.", and every entry has its authors but the one record that names none."""
    need("pandoc")
    site = seeds_site / "site/latest"
    (tmp_path / "lib.bib").write_bytes((site / "library.bib").read_bytes())
    (tmp_path / "doc.md").write_text("---\nbibliography: lib.bib\nnocite: '@*'\n---\n",
                                     "utf-8")
    proc = run(["pandoc", "doc.md", "--citeproc", "-t", "plain"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("n.d.") == 0
    csl = pandoc_run((site / "library.bib").read_text("utf-8"), tmp_path)
    assert all("issued" in e for e in csl.values())
    assert sorted(k for k, e in csl.items() if not e.get("author")) == [
        "contributionsRobustEfficient2025"]
