"""Validate the Vietnamese NER gold set and print its counts.

Run from anywhere: ``python eval/gold/ner/vi/check.py``. Exits non-zero on any problem.
"""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = {"PER", "ORG", "LOC", "MISC"}
MIN_DOCS, MIN_ENTITIES = 30, 400


def main() -> int:
    errors: list[str] = []
    per_type: Counter[str] = Counter()
    docs = 0
    for ann in sorted(HERE.glob("*.ann")):
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            errors.append(f"{ann.name}: no matching .txt")
            continue
        text = txt.read_text("utf-8")
        if unicodedata.normalize("NFC", text) != text:
            errors.append(f"{txt.name}: not NFC")
        docs += 1
        spans: list[tuple[int, int, str]] = []
        for n, line in enumerate(ann.read_text("utf-8").splitlines(), 1):
            fields = line.split("\t")
            if len(fields) != 3 or not fields[0].startswith("T"):
                errors.append(f"{ann.name}:{n}: malformed line {line!r}")
                continue
            etype, start, end = fields[1].split(" ")
            s, e = int(start), int(end)
            if etype not in TYPES:
                errors.append(f"{ann.name}:{n}: bad type {etype}")
            if text[s:e] != fields[2]:
                errors.append(f"{ann.name}:{n}: text[{s}:{e}]={text[s:e]!r} != {fields[2]!r}")
            if fields[2] != fields[2].strip() or not fields[2]:
                errors.append(f"{ann.name}:{n}: span has outer whitespace or is empty")
            spans.append((s, e, fields[0]))
            per_type[etype] += 1
        spans.sort()
        for (s1, e1, t1), (s2, e2, t2) in zip(spans, spans[1:]):
            if s2 < e1:
                errors.append(f"{ann.name}: {t1} and {t2} overlap")
    total = sum(per_type.values())
    if docs < MIN_DOCS:
        errors.append(f"only {docs} articles (< {MIN_DOCS})")
    if total < MIN_ENTITIES:
        errors.append(f"only {total} entities (< {MIN_ENTITIES})")
    print(f"articles: {docs}")
    for t in ("PER", "ORG", "LOC", "MISC"):
        print(f"{t}: {per_type[t]}")
    print(f"total: {total}")
    for err in errors:
        print("ERROR", err, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
