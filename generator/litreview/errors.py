"""The project's error type and its warning records. Pure, no I/O."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


class LitReviewError(Exception):
    """Bad input or a failed stage: a message that names the file (and line when known)."""

    def __init__(self, message: str, filename: str | None = None, line: int | None = None):
        self.message = message
        self.filename = filename
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.filename:
            where = self.filename + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


def did_you_mean(word: str, options: list[str]) -> str:
    """"; did you mean 'x'?" for the option closest to ``word``, or ``""``."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class BuildWarning:
    """A recoverable oddity in the input, counted and shown in the build summary."""

    #: short machine-readable category, e.g. ``"no-abstract"``, ``"bad-date"``, ``"decode"``
    category: str
    #: human-readable explanation
    message: str
    #: file the warning is about (a dump file name), or ``""`` for library-wide warnings
    file: str = ""
    #: 1-based line in ``file``, or 0 when not tied to a line
    line: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (
            f"{self.file}: " if self.file else "")
        return f"{where}[{self.category}] {self.message}"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.category, self.message)
