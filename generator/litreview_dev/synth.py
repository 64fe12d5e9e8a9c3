"""Synthetic Daily Papers dumps from a real arXiv corpus. Pure: text in, text out.

For tests and benchmarks: ``make_dump`` recombines real titles and abstracts (so the text
is realistic) into a dump of any size, in format (a) or (b), deterministically from a
seed. Titles are unique within one call and never collide with real ones past the
corpus size, because recombined titles join two halves of different real titles.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from dataclasses import dataclass

#: organisation lines as the listing prints them (the name twice: avatar text, then name)
ORGANISATIONS = ["RUC-AIBOX RUC-AIBOX", "Qwen Qwen", "Google Google", "NVIDIA NVIDIA",
                 "Meta AI Meta AI", "Hugging Face Hugging Face"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Row:
    """One real paper of the corpus."""

    #: title, whitespace-normalised
    title: str
    #: abstract with arXiv's hard line wraps joined
    abstract: str
    #: arXiv categories, primary first
    terms: tuple[str, ...]


def read_corpus(text: str) -> tuple[Row, ...]:
    """Rows of ``arxiv-ml-1000.csv`` (columns titles, summaries, terms, ...)."""
    rows = []
    for rec in csv.DictReader(io.StringIO(text)):
        terms = tuple(re.findall(r"'([^']+)'", rec.get("terms", "")))
        rows.append(Row(" ".join(rec["titles"].split()), " ".join(rec["summaries"].split()),
                        terms))
    return tuple(rows)


def _papers(rows: tuple[Row, ...], n: int, rng: random.Random) -> list[tuple[str, str]]:
    order = list(range(len(rows)))
    rng.shuffle(order)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i in order[:n]:
        out.append((rows[i].title, rows[i].abstract))
        seen.add(rows[i].title.lower())
    while len(out) < n:
        a, b = rng.sample(range(len(rows)), 2)
        ta, tb = rows[a].title.split(), rows[b].title.split()
        title = " ".join(ta[: max(1, len(ta) // 2)] + tb[len(tb) // 2:])
        if title.lower() in seen:
            continue
        seen.add(title.lower())
        sa = re.split(r"(?<=\.) ", rows[a].abstract)
        sb = re.split(r"(?<=\.) ", rows[b].abstract)
        out.append((title, " ".join(sa[: max(1, len(sa) // 2)] + sb[len(sb) // 2:])))
    return out


def make_dump(rows: tuple[Row, ...], n: int, seed: int, page_date: dt.date,
              with_metadata: bool) -> str:
    """A dump of ``n`` papers; format (b) adds metadata: author counts (or an
    organisation's name), dates (some yearless) and upvotes."""
    rng = random.Random(seed)
    lines = ["new", "", "Get trending papers in your email inbox!", "", "Subscribe", "",
             "Daily Papers", "", "byAK and the research community", "",
             f"{MONTHS[page_date.month - 1]} {page_date.day}", ""]
    for title, abstract in _papers(rows, n, rng):
        lines += [title, "", abstract, ""]
        if with_metadata:
            day = page_date - dt.timedelta(days=rng.randrange(0, 900))
            year = "" if day.year == page_date.year else f", {day.year}"
            votes = f" {rng.randrange(1, 300)}" if rng.random() < 0.3 else ""
            # an organisation submitted about one paper in ten: its name replaces the count
            who = (rng.choice(ORGANISATIONS) if rng.random() < 0.1
                   else f"  • {rng.randrange(1, 15)} authors")
            lines += [who, "·", f"{MONTHS[day.month - 1]} {day.day}{year}{votes}", ""]
    return "\n".join(lines)


def make_series(rows: tuple[Row, ...], first: int, weeks: int, per_week: int,
                repeat_share: float, seed: int, start: dt.date) -> list[tuple[str, dt.date]]:
    """A review's dumps as they come: one of ``first`` papers, then ``weeks`` weekly dumps
    of ``per_week`` papers, of which ``repeat_share`` were listed before (the same title
    and abstract, as real listings repeat a paper) and the rest are new. Returns
    (dump text, capture date) pairs; deterministic in ``seed``."""
    rng = random.Random(seed)
    pool = _papers(rows, first + weeks * per_week, rng)  # unique titles throughout
    listed, fresh = pool[:first], pool[first:]
    out = [(_dump_text(listed, start, rng), start)]
    for week in range(1, weeks + 1):
        repeats = rng.sample(listed, round(per_week * repeat_share))
        new, fresh = fresh[: per_week - len(repeats)], fresh[per_week - len(repeats):]
        day = start + dt.timedelta(weeks=week)
        out.append((_dump_text(repeats + new, day, rng), day))
        listed = listed + new
    return out


def _dump_text(papers: list[tuple[str, str]], day: dt.date, rng: random.Random) -> str:
    lines = ["Daily Papers", "", f"{MONTHS[day.month - 1]} {day.day}", ""]
    for title, abstract in papers:
        lines += [title, "", abstract, "", f"  • {rng.randrange(1, 15)} authors", "·",
                  f"{MONTHS[day.month - 1]} {day.day}", ""]
    return "\n".join(lines)
