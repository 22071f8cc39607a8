#!/usr/bin/env python3
"""Stand-alone check of the quantities-blind gold files (no project code).

Checks: valid JSON per line, unique ids, lang matches the file, NFC text,
every annotation's text found in the snippet at its occurrence, no two
annotations on the same span, numeric values, approx bool, bound in
{lower, upper, null} (a bound implies approx), unit a string or null.
Warns when an annotation's text occurs more than once without an explicit
occurrence. Prints counts per language.
"""
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = ["en", "uk", "ru", "vi"]


def find(text, sub, occ):
    pos = -1
    for _ in range(occ):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            return -1
    return pos


def main():
    errors, warnings, ids = [], [], set()
    for lang in LANGS:
        path = HERE / f"{lang}.jsonl"
        snippets = positives = negatives = quants = 0
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not line.strip():
                errors.append(f"{where}: empty line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: bad JSON ({e})")
                continue
            snippets += 1
            rid = rec.get("id")
            if not isinstance(rid, str) or rid in ids:
                errors.append(f"{where}: missing or duplicate id {rid!r}")
            ids.add(rid)
            if rec.get("lang") != lang:
                errors.append(f"{where}: lang {rec.get('lang')!r} in {path.name}")
            text = rec.get("text")
            if not isinstance(text, str) or not text:
                errors.append(f"{where}: no text")
                continue
            if unicodedata.normalize("NFC", text) != text:
                errors.append(f"{where}: text not NFC")
            qs = rec.get("quantities")
            if not isinstance(qs, list):
                errors.append(f"{where}: quantities is not a list")
                continue
            if qs:
                positives += 1
            else:
                negatives += 1
            spans = []
            for q in qs:
                quants += 1
                sub = q.get("text")
                if not isinstance(sub, str) or not sub:
                    errors.append(f"{where}: annotation without text")
                    continue
                if unicodedata.normalize("NFC", sub) != sub:
                    errors.append(f"{where}: annotation text not NFC: {sub!r}")
                occ = q.get("occurrence", 1)
                if not isinstance(occ, int) or occ < 1:
                    errors.append(f"{where}: bad occurrence {occ!r}")
                    continue
                start = find(text, sub, occ)
                if start < 0:
                    errors.append(f"{where}: {sub!r} (occurrence {occ}) not in text")
                    continue
                paired = any(o is not q and o.get("text") == sub for o in qs)
                if text.count(sub) > 1 and "occurrence" not in q and not paired:
                    warnings.append(f"{where}: {sub!r} occurs {text.count(sub)} times; first taken")
                span = (start, start + len(sub))
                for s in spans:
                    if s[0] < span[1] and span[0] < s[1]:
                        errors.append(f"{where}: {sub!r} overlaps another annotation")
                spans.append(span)
                v = q.get("value")
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    errors.append(f"{where}: value {v!r} is not a number")
                u = q.get("unit")
                if u is not None and (not isinstance(u, str) or not u):
                    errors.append(f"{where}: unit {u!r}")
                if not isinstance(q.get("approx"), bool):
                    errors.append(f"{where}: approx {q.get('approx')!r} is not bool")
                b = q.get("bound")
                if b not in ("lower", "upper", None):
                    errors.append(f"{where}: bound {b!r}")
                if b is not None and q.get("approx") is not True:
                    errors.append(f"{where}: bound {b} without approx")
                extra = set(q) - {"text", "value", "unit", "approx", "bound", "occurrence"}
                if extra:
                    errors.append(f"{where}: unknown keys {sorted(extra)}")
        print(f"{lang}: {snippets} snippets, {positives} positive, {negatives} negative, {quants} quantities")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
