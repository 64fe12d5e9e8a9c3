"""The project's error type and its warning records. Pure, no I/O."""

from __future__ import annotations

import difflib
import re
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


_SECTION = re.compile(r"\[([A-Za-z0-9_.-]+)\]")
_ARRAY_ITEM = re.compile(r"\[\[([\w.-]+)\]\] #(\d+)")
_NAMED = re.compile(r"^\[[^\]]+\] ([\w.-]+) =|'([^']+)'|\"([^\"]+)\"")


def toml_line(text: str, message: str) -> int | None:
    """The 1-based line of a TOML file that ``message`` (an error about it) is about, or
    None. The checks name what is wrong first: a table (``[view.x]``, ``[pin]``, the n-th
    ``[[dump]] #n``), then a quoted key, slug or name (``no paper 'x'``), or a bare key
    (``[pin] x = 'y'``). The line is the first one in that table (else in the file) that
    holds the name as a key, a whole string or a table's name, else the first that holds
    it as a word, comments left out; else the table's header. A "did you mean" name is
    not where the error is."""
    parsed = re.search(r"\(at line (\d+), column", message)  # tomllib's own
    if parsed:
        return int(parsed.group(1))
    message = message.split("; did you mean")[0]
    lines = [_code(line) for line in text.splitlines()]
    start, stop = _scope(lines, message)
    if start < 0:
        return None
    found = _NAMED.search(message)
    if found:
        name = re.escape(next(g for g in found.groups() if g))
        word = rf"(?<![\w-]){name}(?![\w-])"
        tries = [rf"^\s*[\"']?{name}[\"']?\s*="] if found.group(1) else [
            rf"[\"']{name}[\"']|^\s*{name}\s*=|^\s*\[[^\]]*{word}", word]
        for pattern in map(re.compile, tries):
            hit = next((i for i in range(start, stop) if pattern.search(lines[i])), None)
            if hit is not None:
                return hit + 1
    scoped = bool(_ARRAY_ITEM.match(message) or _SECTION.match(message))
    return start + 1 if scoped else None


def _scope(lines: list[str], message: str) -> tuple[int, int]:
    """The lines (start, stop) of the table the message begins with, the whole file when
    it names none, or (-1, -1) when the file has no such table."""
    item = _ARRAY_ITEM.match(message)
    if item:
        heads = [i for i, line in enumerate(lines)
                 if line.strip().startswith(f"[[{item.group(1)}]]")]
        n = int(item.group(2))
        if not 0 < n <= len(heads):
            return -1, -1
        return heads[n - 1], next((i for i in range(heads[n - 1] + 1, len(lines))
                                   if _is_header(lines[i])), len(lines))
    section = _SECTION.match(message)
    return _table(lines, section.group(1)) if section else (0, len(lines))


def _code(line: str) -> str:
    """The line without its comment (a ``#`` outside quotes)."""
    quote = ""
    escaped = False
    for i, c in enumerate(line):
        if escaped:
            escaped = False
        elif quote == '"' and c == "\\":
            escaped = True
        elif quote and c == quote:
            quote = ""
        elif not quote and c in "'\"":
            quote = c
        elif not quote and c == "#":
            return line[:i]
    return line


def _table(lines: list[str], header: str) -> tuple[int, int]:
    """The lines of table ``header`` and the tables inside it: (its header's index, the
    next other header's), or (-1, -1) when the file has no such table."""
    start = next((i for i, line in enumerate(lines)
                  if line.strip().startswith(("[" + header + "]", "[" + header + "."))), -1)
    if start < 0:
        return -1, -1
    return start, next((i for i in range(start + 1, len(lines))
                        if _is_header(lines[i]) and not _in_table(lines[i], header)),
                       len(lines))


def _is_header(line: str) -> bool:
    return line.lstrip().startswith("[") and "=" not in line.split("]")[0]


def _in_table(line: str, header: str) -> bool:
    """A header line of ``header`` or of a table inside it."""
    name = line.strip().lstrip("[").split("]")[0].strip()
    return name == header or name.startswith(header + ".")
