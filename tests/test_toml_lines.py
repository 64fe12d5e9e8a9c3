"""An error about bib/themes.toml names the line to fix: the checks name what is wrong
(a table, then a key, slug or name), and ``toml_line`` finds where the file says it. Each
case below marks the line the error is about with ``# <- here``."""

from __future__ import annotations

from pathlib import Path

import pytest

from litreview import cli
from litreview.analysis.checks import validate
from litreview.analysis.overrides import apply, parse_overrides
from litreview.errors import LitReviewError, toml_line

from .test_corrections_checked import five

HEAD = """# corrections; alpha and two are named in this comment, which is not the line
[rename]
one = "First theme"
"""

CASES = {
    "unknown paper in [other]": HEAD + """[other]
beta = "not about one"
alpah = "typo"  # <- here
""",
    "unknown theme in [pin]": HEAD + """[pin]
alpha = "one"
beta = "tow"  # <- here
""",
    "unknown paper in a multi-line list": HEAD + """[view.picked]
name = "Picked"
papers = ["alpha",
          "beta",
          "gamam",  # <- here
          "delta"]
""",
    "a view too small: its table": HEAD + """[view.picked]  # <- here
name = "Picked"
papers = ["alpha", "beta"]
""",
    "a merge naming a view: the merge's line": HEAD + """[view.picked]
name = "Picked"
papers = ["alpha", "beta", "gamma"]
[merge]
one = "two"
two = "picked"  # <- here
""",
    "an area naming no theme": HEAD + """[area.main]
name = "Main"
themes = ["one",
          "three"]  # <- here
""",
    "a slug used twice": HEAD + """[seed.fresh]  # <- here
name = "Fresh"
papers = ["alpha", "beta", "gamma"]
[view.fresh]
name = "Fresh view"
papers = ["delta", "eps", "gamma"]
""",
    "not TOML": HEAD + """[pin]
alpha = one  # <- here
""",
    "a pin's theme that an earlier name says": HEAD + """[area.main]
name = "One and more"
themes = ["one"]
[pin]
alpha = "one"
beta = "more"  # <- here
""",
    "an area's theme that its own name says": HEAD + """[area.main]
name = "Models of tow trucks"
themes = ["one",
          "tow"]  # <- here
""",
    "a section misspelt": HEAD + """[veiw.picked]  # <- here
name = "Picked"
papers = ["alpha", "beta", "gamma"]
""",
    "a comment glued to an earlier line": HEAD + """[pin]
alpha = "one"# not "tow"
beta = "tow"  # <- here
""",
}


def _check(text: str) -> None:
    overrides = parse_overrides(text, "bib/themes.toml")
    validate(overrides, apply(overrides, five()), "bib/themes.toml")


def _error(text: str) -> LitReviewError:
    with pytest.raises(LitReviewError) as caught:
        _check(text)
    return caught.value


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_error_names_the_line_to_fix(case: str) -> None:
    text = CASES[case]
    marked = next(i for i, line in enumerate(text.splitlines(), 1) if "# <- here" in line)
    assert toml_line(text, _error(text).message) == marked


def test_no_line_rather_than_a_wrong_one() -> None:
    """A name the file does not hold (it came from the papers, say) gives no line."""
    assert toml_line(CASES["unknown theme in [pin]"], "no paper 'zeta'") is None
    assert toml_line("", "[pin] x = 'y': whatever") is None


def test_the_command_line_prints_file_and_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """What the maintainer reads: ``bib/themes.toml:5: no theme 'tow'``."""
    path = tmp_path / "themes.toml"
    path.write_text(CASES["unknown theme in [pin]"], "utf-8")
    error = LitReviewError("no theme 'tow'; did you mean 'two'?", str(path))
    assert str(cli._with_line(error)) == f"{path}:6: no theme 'tow'; did you mean 'two'?"


def test_the_nth_array_table_is_where_its_error_is() -> None:
    """dumps/manifest.toml: an error about the third [[dump]] is on the third's line."""
    from litreview.reading.manifest import parse_manifest

    text = "".join(f'[[dump]]\nfile = "d{i}.txt"\ncaptured = {day}\n\n'
                   for i, day in enumerate(("2026-01-01", "2026-02-01", '"March"'), 1))
    with pytest.raises(LitReviewError) as caught:
        parse_manifest(text, "dumps/manifest.toml", ["d1.txt", "d2.txt", "d3.txt"])
    assert caught.value.message.startswith("[[dump]] #3")
    assert toml_line(text, caught.value.message) == 11
