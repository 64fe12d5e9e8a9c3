"""Import identities read by hand from public pages (a JSON-lines file: key, title,
arxiv_id, authors, date, date_precision, venue, evidence) into ``bib/identities.toml``.

    python -m litreview_dev.import_identities SEEDS.jsonl [--root .] [--date YYYY-MM-DD]

Records already in the file are kept as they are (as ``litreview resolve`` keeps them).
A venue loses the remarks a reader wrote beside it ("ICLR 2024 (poster)" -> "ICLR 2024");
every change of that kind is printed for review.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from litreview.errors import LitReviewError
from litreview.reading.identities import Invalid, format_identities, make_identity
from litreview.site.inputs import Paths, load_identities
from litreview.site.write import write_if_changed

#: a parenthetical that is a reader's remark, not part of a venue's name
REMARK = re.compile(r"\s*\((?=[^()]*\b(?:poster|spotlight|oral|per|later version|as|with)\b)"
                    r"[^()]*\)", re.IGNORECASE)


def clean_venue(venue: str | None) -> str | None:
    """The venue without reader's remarks in parentheses."""
    if not venue:
        return None
    return " ".join(REMARK.sub("", venue).split()) or None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m litreview_dev.import_identities",
                                 description=__doc__)
    ap.add_argument("jsonl", type=Path)
    ap.add_argument("--root", default=".", type=Path)
    ap.add_argument("--date", default=dt.date.today().isoformat(),
                    help="the day the records were read (default: today)")
    args = ap.parse_args(argv)
    paths = Paths(args.root.resolve())
    try:
        records = load_identities(paths, args.date)
    except LitReviewError as exc:
        print(f"import: error: {exc}", file=sys.stderr)
        return 1
    added = 0
    for n, line in enumerate(args.jsonl.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["key"] in records:
            continue
        venue = clean_venue(row.get("venue"))
        if venue != row.get("venue"):
            print(f"{row['key']}: venue {row.get('venue')!r} -> {venue!r}")
        try:
            records[row["key"]] = make_identity(
                key=row["key"], arxiv_id_value=row["arxiv_id"], title=row["title"],
                author_names=row["authors"], date_value=row["date"], today=args.date,
                source=f"public pages, read by hand; imported {args.date}",
                evidence=row.get("evidence", []),
                date_precision=row.get("date_precision", "day"), venue=venue)
        except Invalid as err:
            print(f"{args.jsonl}:{n}: {row['key']}: {err}", file=sys.stderr)
            return 1
        added += 1
    write_if_changed(paths.bib / "identities.toml", format_identities(records))
    print(f"{added} records added; {len(records)} in bib/identities.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
