#!/usr/bin/env python3
"""Format check for eval/gold/dates-blind2 and eval/gold/quantities-blind2.

Standard library only; it runs no newsweave code. Usage (from the repository root
or from anywhere):

    python eval/gold/quantities-blind2/validate.py

Checks: one JSON object per line, required keys and their types, ids unique and
of the form ``<lang>-d001`` / ``<lang>-q001``, ``lang`` equal to the file name,
every annotation ``text`` a substring of the snippet (with enough occurrences
when ``occurrence`` is given), date values ISO-looking, ``published`` an ISO
date, quantity values numbers, ``bound`` one of lower/upper/null, text in NFC
and, for uk/ru, no letters of the other language (ы э ё ъ in uk; і ї є ґ in ru).
Prints the counts per language and exits with status 1 on any error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent
SETS = {"dates": GOLD / "dates-blind2", "quantities": GOLD / "quantities-blind2"}
LANGS = ("en", "ru", "uk", "vi")

MONTHS = r"(0[1-9]|1[0-2])"
DAYS = r"(0[1-9]|[12]\d|3[01])"
WEEK = r"W(0[1-9]|[1-4]\d|5[0-3])"
SINGLE = [
    rf"\d{{4}}-{MONTHS}-{DAYS}",  # 2023-06-25
    rf"\d{{4}}-{MONTHS}",  # 2023-06
    r"\d{4}",  # 2023
    rf"\d{{4}}-{WEEK}",  # 2023-W25
    r"\d{4}-(SP|SU|FA|WI)",  # 2023-SU
    r"\d{4}-Q[1-4]",  # 2023-Q1
    rf"--{MONTHS}-{DAYS}",  # --05-22 (year unknown)
    rf"--{MONTHS}",  # --05 (year unknown)
    r"XXXX-WXX-[1-7]",  # a weekday, week unknown
]
SINGLE_RE = re.compile("^(?:" + "|".join(SINGLE) + ")$")
DAY_RANGE_RE = re.compile(rf"^\d{{4}}-{MONTHS}-{DAYS}/\d{{4}}-{MONTHS}-{DAYS}$")
YEAR_RANGE_RE = re.compile(r"^\d{4}/\d{4}$")
PUBLISHED_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
FOREIGN = {"uk": set("ыэёъЫЭЁЪ"), "ru": set("іїєґІЇЄҐ")}


def check_date_value(value: str) -> bool:
    if SINGLE_RE.match(value):
        if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return False
        return True
    if DAY_RANGE_RE.match(value):
        a, b = value.split("/")
        try:
            return dt.date.fromisoformat(a) < dt.date.fromisoformat(b)
        except ValueError:
            return False
    if YEAR_RANGE_RE.match(value):
        a, b = value.split("/")
        return int(a) < int(b)
    return False


def check_file(kind: str, path: Path, lang: str, errors: list[str], seen: set[str]) -> dict:
    key = "dates" if kind == "dates" else "quantities"
    letter = "d" if kind == "dates" else "q"
    counts = {"snippets": 0, "annotated": 0, "negatives": 0, "annotations": 0,
              "no_published": 0}
    raw = path.read_bytes().decode("utf-8")
    if unicodedata.normalize("NFC", raw) != raw:
        errors.append(f"{path}: not NFC")
    for n, line in enumerate(raw.splitlines(), 1):
        where = f"{path.name}:{n}"
        if not line.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{where}: not an object")
            continue
        counts["snippets"] += 1
        sid = obj.get("id")
        if not isinstance(sid, str) or not re.match(rf"^{lang}-{letter}\d{{3}}$", sid):
            errors.append(f"{where}: bad id {sid!r}")
        elif sid in seen:
            errors.append(f"{where}: duplicate id {sid}")
        else:
            seen.add(sid)
        if obj.get("lang") != lang:
            errors.append(f"{where}: lang {obj.get('lang')!r} != {lang}")
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: missing text")
            continue
        bad = FOREIGN.get(lang, set()) & set(text)
        if bad:
            errors.append(f"{where}: letters of the other language {sorted(bad)}")
        allowed = {"id", "lang", "text", key} | ({"published"} if kind == "dates" else set())
        extra = set(obj) - allowed
        if extra:
            errors.append(f"{where}: unexpected keys {sorted(extra)}")
        if kind == "dates":
            pub = obj.get("published")
            if pub is None:
                counts["no_published"] += 1
            elif not isinstance(pub, str) or not PUBLISHED_RE.match(pub):
                errors.append(f"{where}: bad published {pub!r}")
            else:
                try:
                    dt.date.fromisoformat(pub[:10])
                except ValueError:
                    errors.append(f"{where}: impossible published {pub!r}")
        anns = obj.get(key)
        if not isinstance(anns, list):
            errors.append(f"{where}: {key} must be a list")
            continue
        if anns:
            counts["annotated"] += 1
        else:
            counts["negatives"] += 1
        spans: list[tuple[int, int]] = []
        for i, ann in enumerate(anns):
            aw = f"{where} [{i}]"
            counts["annotations"] += 1
            if not isinstance(ann, dict):
                errors.append(f"{aw}: annotation not an object")
                continue
            atext = ann.get("text")
            if not isinstance(atext, str) or not atext:
                errors.append(f"{aw}: missing annotation text")
                continue
            occ = ann.get("occurrence", 1)
            if not isinstance(occ, int) or isinstance(occ, bool) or occ < 1:
                errors.append(f"{aw}: bad occurrence {occ!r}")
                occ = 1
            starts = [m.start() for m in re.finditer(re.escape(atext), text)]
            if len(starts) < occ:
                errors.append(f"{aw}: {atext!r} occurs {len(starts)}x in text, occurrence {occ}")
            else:
                if len(starts) > 1 and "occurrence" not in ann:
                    errors.append(f"{aw}: {atext!r} occurs {len(starts)}x; give occurrence")
                s = starts[occ - 1]
                spans.append((s, s + len(atext)))
            if not isinstance(ann.get("approx"), bool):
                errors.append(f"{aw}: approx must be true/false")
            if kind == "dates":
                extra = set(ann) - {"text", "value", "approx", "occurrence"}
                if extra:
                    errors.append(f"{aw}: unexpected keys {sorted(extra)}")
                value = ann.get("value", "MISSING")
                if value == "MISSING":
                    errors.append(f"{aw}: missing value")
                elif value is None:
                    if obj.get("published") is not None:
                        errors.append(f"{aw}: null value although published is given")
                elif not isinstance(value, str) or not check_date_value(value):
                    errors.append(f"{aw}: value {value!r} is not ISO-looking")
                elif obj.get("published") is not None and (
                        value.startswith("--") or value.startswith("XXXX")):
                    errors.append(f"{aw}: unknown-year value although published is given")
            else:
                extra = set(ann) - {"text", "value", "unit", "approx", "bound", "occurrence"}
                if extra:
                    errors.append(f"{aw}: unexpected keys {sorted(extra)}")
                for k in ("value", "unit", "approx", "bound"):
                    if k not in ann:
                        errors.append(f"{aw}: missing {k}")
                value = ann.get("value")
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    errors.append(f"{aw}: value {value!r} is not a number")
                unit = ann.get("unit")
                if not isinstance(unit, str) or not unit.strip():
                    errors.append(f"{aw}: unit must be a non-empty string")
                if ann.get("bound") not in ("lower", "upper", None):
                    errors.append(f"{aw}: bad bound {ann.get('bound')!r}")
                if ann.get("bound") is not None and ann.get("approx") is not True:
                    errors.append(f"{aw}: a bound is marked approx in this set")
        spans.sort()
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 < b1:
                errors.append(f"{where}: overlapping annotations at {a1}-{b1} and {a2}-{b2}")
    return counts


def main() -> int:
    errors: list[str] = []
    for kind, folder in SETS.items():
        print(f"{kind} ({folder.relative_to(GOLD.parent.parent)}):")
        total = {}
        for lang in LANGS:
            path = folder / f"{lang}.jsonl"
            if not path.exists():
                errors.append(f"{path}: missing")
                continue
            seen: set[str] = set()
            c = check_file(kind, path, lang, errors, seen)
            for k, v in c.items():
                total[k] = total.get(k, 0) + v
            line = (f"  {lang}: {c['snippets']} snippets ({c['annotated']} annotated, "
                    f"{c['negatives']} negative), {c['annotations']} annotations")
            if kind == "dates":
                line += f", {c['no_published']} without published"
            print(line)
        print(f"  all: {total.get('snippets', 0)} snippets, "
              f"{total.get('annotations', 0)} annotations, {total.get('negatives', 0)} negative")
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
