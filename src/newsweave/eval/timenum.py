"""Evaluation of date expressions and quantities on gold snippets.

Gold: JSONL, one snippet per line; the file name (``uk.jsonl``) gives the language
when a line has no ``lang``::

    {"id": "uk-d001", "lang": "uk", "published": "2023-06-26", "text": "…",
     "dates": [{"text": "у неділю ввечері", "value": "2023-06-25", "approx": false}]}

    {"id": "vi-q001", "text": "…",
     "quantities": [{"text": "hơn 3.200 binh sĩ", "value": 3200, "unit": "binh sĩ",
                     "approx": true, "bound": "lower"}]}

``text`` of an annotation is a substring of the snippet (``"occurrence": 2`` picks
the second one). A prediction matches a gold annotation when their spans overlap
(boundaries are scored leniently, values strictly); one prediction may match two
annotations it covers when both have its value ("во вторник, 4 апреля" annotated
as two expressions, found as one). Reported per language:

* ``accuracy``: gold annotations matched by a prediction with exactly the gold value
  (a missed expression counts as wrong): the acceptance figure;
* ``found``: gold annotations matched by any prediction (recall of detection);
* ``precision``: predictions that overlap a gold annotation (negative snippets,
  with an empty list, catch false alarms);
* quantities also: ``unit`` (unit right, of the matched ones) and ``approx``
  (approx and bound right, of the matched ones).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NewsweaveError

#: runs one snippet: (text, lang, published) -> predicted annotations as dicts
Runner = Callable[[str, str, str | None], list[dict[str, Any]]]


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    found: int = 0
    correct: int = 0
    hits: int = 0  # predictions overlapping a gold annotation
    unit_ok: int = 0
    approx_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def report(self, quantities: bool) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "gold": self.gold,
            "predicted": self.predicted,
            "accuracy": round(self.correct / self.gold, 4) if self.gold else 0.0,
            "found": round(self.found / self.gold, 4) if self.gold else 0.0,
            "precision": round(self.hits / self.predicted, 4) if self.predicted else 1.0,
        }
        if quantities:
            out["unit"] = round(self.unit_ok / self.found, 4) if self.found else 0.0
            out["approx"] = round(self.approx_ok / self.found, 4) if self.found else 0.0
        return out


def _locate(text: str, item: dict[str, Any]) -> tuple[int, int] | None:
    needle = str(item["text"])
    start = -1
    for _ in range(int(item.get("occurrence", 1))):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def _same_value(gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if isinstance(gold, int | float) and isinstance(pred, int | float):
        return math.isclose(float(gold), float(pred), rel_tol=1e-9, abs_tol=1e-9)
    return str(gold) == str(pred)


def _unit(value: Any) -> str:
    return "" if value is None else str(value).casefold().strip()


def files(paths: list[Path]) -> list[Path]:
    found = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*.jsonl")))]
    if not found:
        raise NewsweaveError("no gold files found")
    return found


def evaluate(paths: list[Path], layer: str, run: Runner) -> dict[str, Tally]:
    """Score one layer (``dates`` or ``quantities``) over every gold file."""
    quantities = layer == "quantities"
    tallies: dict[str, Tally] = defaultdict(Tally)
    for path in files(paths):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                gold = json.loads(line)
                text = gold["text"]
                items = gold[layer]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise NewsweaveError(f"{path}:{number}: not a gold line: {exc}") from exc
            lang = gold.get("lang") or path.stem
            predicted = run(text, lang, gold.get("published"))
            tally = tallies[lang]
            tally.gold += len(items)
            tally.predicted += len(predicted)
            used: set[int] = set()
            spans = []
            for item in items:
                span = _locate(text, item)
                if span is None:
                    raise NewsweaveError(f"{path}:{number}: {item['text']!r} is not in the text")
                spans.append(span)
            for p in predicted:
                if any(p["start"] < e and s < p["end"] for s, e in spans):
                    tally.hits += 1
                else:
                    tally.errors.append(
                        f"{gold.get('id', number)} extra {p['text']!r} = {p.get('value')!r}"
                    )
            for item, (s, e) in zip(items, spans, strict=True):
                match = next(
                    (
                        k
                        for k, p in enumerate(predicted)
                        if k not in used and p["start"] < e and s < p["end"]
                    ),
                    None,
                )
                if match is None:  # one prediction may cover two annotations of one date
                    match = next(
                        (
                            k
                            for k, p in enumerate(predicted)
                            if p["start"] <= s
                            and e <= p["end"]
                            and _same_value(item["value"], p.get("value"))
                        ),
                        None,
                    )
                ident = gold.get("id", number)
                if match is None:
                    tally.errors.append(f"{ident} missed {item['text']!r} = {item['value']!r}")
                    continue
                used.add(match)
                p = predicted[match]
                tally.found += 1
                if _same_value(item["value"], p.get("value")):
                    tally.correct += 1
                else:
                    tally.errors.append(
                        f"{ident} {item['text']!r}: gold {item['value']!r}, "
                        f"got {p.get('value')!r} from {p['text']!r}"
                    )
                if quantities:
                    if _unit(item.get("unit")) == _unit(p.get("unit")):
                        tally.unit_ok += 1
                    else:
                        tally.errors.append(
                            f"{ident} {item['text']!r}: unit {item.get('unit')!r}, "
                            f"got {p.get('unit')!r}"
                        )
                    if bool(item.get("approx")) == bool(p.get("approx")) and item.get(
                        "bound"
                    ) == p.get("bound"):
                        tally.approx_ok += 1
    return dict(tallies)


def stage_runner(packs: list[Any], layer: str) -> Runner:
    """A runner over the real stages: sentences, then dates (and quantities)."""
    from dataclasses import asdict

    from ..model import Document, Sentence
    from ..stages.dates import Dates
    from ..stages.quantities import Quantities
    from ..stages.sentences import Splitter
    from ..timestamps import normalise_iso

    splitter = Splitter(packs)
    dates = Dates(packs)
    quantities = Quantities(packs) if layer == "quantities" else None

    def run(text: str, lang: str, published: str | None) -> list[dict[str, Any]]:
        doc = Document(raw=text)
        doc.text, doc.lang = text, lang
        doc.published = normalise_iso(published) if published else None
        doc.sentences = [Sentence(s, e, lang) for s, e in splitter.spans(text)]
        doc = dates(doc)
        if quantities is not None:
            doc = quantities(doc)
        return [asdict(x) for x in getattr(doc, layer)]

    return run
