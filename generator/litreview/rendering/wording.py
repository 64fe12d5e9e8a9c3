"""Small pieces of English the pages share: counts and lists. Pure, no I/O."""

from __future__ import annotations


def count(n: int, noun: str) -> str:
    """"1 paper", "2 papers"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def and_list(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
