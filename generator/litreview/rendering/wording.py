"""Small pieces of English the pages share: counts, lists, full stops. Pure, no I/O."""

from __future__ import annotations


def count(n: int, noun: str, plural: str = "") -> str:
    """"1 paper", "2 papers"; "1 entry", "2 entries" with ``plural``."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def and_list(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def full_stop(text: str) -> str:
    """``text`` ended with a full stop, unless it ends already ("… Jr.", "… for Vision?",
    a cut "…")."""
    return text if text.endswith((".", "?", "!", "\u2026")) else text + "."
