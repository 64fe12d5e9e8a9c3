"""Dump bytes -> text, whatever encoding they came in, saying what was done. Pure.

- UTF-8 (a BOM is dropped) is read as it is.
- UTF-16 and UTF-32, with a BOM or (UTF-16) recognisable by its zero bytes, are read as
  such, with a warning naming the encoding.
- A file that is UTF-8 but for a few lines keeps its UTF-8 text; each line that is not
  UTF-8 is read as Windows-1252 and reported with its line and byte.
- A file with no UTF-8 sequence at all but bytes past ASCII is a legacy 8-bit file: read
  as Windows-1252, with one warning.
- Empty files and binary data (zero bytes that are not UTF-16) are errors naming the
  file (and the line).
"""

from __future__ import annotations

import codecs

from ..errors import BuildWarning, LitReviewError

#: how many undecodable lines are reported one by one (the rest are counted)
REPORTED_LINES = 20
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(data: bytes, name: str) -> tuple[str, list[BuildWarning]]:
    """The text of a dump file, and warnings for every byte that was not plain UTF-8."""
    if not data.strip():
        raise LitReviewError("empty file: not a Daily Papers dump", name)
    for bom, encoding in _BOMS:
        if data.startswith(bom) and encoding != "utf-8":
            return _decode_as(data[len(bom):], encoding, name)
    if data.startswith(codecs.BOM_UTF8):  # "UTF-8 with BOM" (Notepad): UTF-8, and mixed
        data = data[len(codecs.BOM_UTF8):]  # lines read as any other UTF-8 file's
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide:
            return _decode_as(data, wide, name)
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise LitReviewError("binary data (NUL byte): not a text dump", name, line)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return _mixed(data, name)


def _decode_as(data: bytes, encoding: str, name: str) -> tuple[str, list[BuildWarning]]:
    """Text in a declared or detected encoding (UTF-8 without warning)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count("\n".encode(encoding)) + 1
        raise LitReviewError(f"not valid {encoding.upper()} ({exc.reason})", name,
                             line) from None
    if encoding == "utf-8":
        return text, []
    return text, [BuildWarning("decode", f"the file is {encoding.upper()}, not UTF-8; "
                               "read as such", name, 1)]


def _utf16_without_bom(data: bytes) -> str:
    """``utf-16-le`` or ``utf-16-be`` when the zero bytes fall where UTF-16 text puts them
    (every other byte of mostly ASCII text), else ``""``."""
    if len(data) < 4 or len(data) % 2:
        return ""
    even, odd = data[0::2], data[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return ""


def _mixed(data: bytes, name: str) -> tuple[str, list[BuildWarning]]:
    """Bytes that are not all UTF-8: line by line when some lines are UTF-8 text, else the
    whole file as Windows-1252."""
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    for raw in lines:
        try:
            decoded.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
    has_utf8 = any(text is not None and not text.isascii() for text in decoded)
    if not has_utf8:
        return data.decode("cp1252", errors="replace"), [BuildWarning(
            "decode", "the file is not UTF-8 (no UTF-8 character in it): read as "
            "Windows-1252", name, 1 + next(n for n, t in enumerate(decoded) if t is None))]
    warnings: list[BuildWarning] = []
    out = []
    for n, (raw, text) in enumerate(zip(lines, decoded, strict=True), 1):
        if text is None:
            bad = _first_bad_byte(raw)
            text = raw.decode("cp1252", errors="replace")
            if len(warnings) < REPORTED_LINES:
                warnings.append(BuildWarning(
                    "decode", f"byte 0x{raw[bad]:02x} at column {bad + 1} is not UTF-8: "
                    "this line was read as Windows-1252", name, n))
        out.append(text)
    bad_lines = sum(t is None for t in decoded)
    if bad_lines > REPORTED_LINES:
        warnings.append(BuildWarning("decode", f"{bad_lines - REPORTED_LINES} more lines "
                                     "were not UTF-8 and were read as Windows-1252", name))
    return "\n".join(out), warnings


def _first_bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0
