"""Linking evaluation on gold mentions.

Gold: JSONL files, one document per line::

    {"id": "uk-001", "lang": "uk", "text": "…",
     "mentions": [{"start": 0, "end": 9, "text": "Резнікова", "entity": "person:reznikov",
                   "type": "PER"}]}

``entity`` is any key, the same for one real-world entity in every document and
language. The linker is given the gold spans (detection is scored by ``eval
ner``) and assigns entity ids; then each gold key is matched one-to-one to the
predicted id most of its mentions received (largest groups first).

* accuracy: the share of mentions whose predicted id is the one matched to their key
  (two entities merged into one id, or one entity split over several ids, both cost);
* purity: the share of mentions whose predicted id's largest gold key is their own.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Document, Sentence
from ..stages.entities import Entities
from ..stages.sentences import Splitter


@dataclass
class LinkScore:
    pairs: list[tuple[str, str, str, str]] = field(default_factory=list)  # lang, gold, pred, text

    def report(self) -> dict[str, object]:
        # the one-to-one matching is made on every language at once (ids are cross-lingual)
        mapping = _matching(self.pairs)
        out: dict[str, object] = {"all": _score(self.pairs, mapping)}
        for lang in sorted({p[0] for p in self.pairs}):
            out[lang] = _score([p for p in self.pairs if p[0] == lang], mapping)
        return out

    def errors(self) -> list[str]:
        mapping = _matching(self.pairs)
        return [
            f"{lang} {text!r}: gold {gold} -> {pred}"
            for lang, gold, pred, text in self.pairs
            if mapping.get(gold) != pred
        ]


def _matching(pairs: list[tuple[str, str, str, str]]) -> dict[str, str]:
    counts = Counter((gold, pred) for _lang, gold, pred, _t in pairs)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for (gold, pred), _n in sorted(counts.items(), key=lambda kv: -kv[1]):
        if gold not in mapping and pred not in used:
            mapping[gold] = pred
            used.add(pred)
    return mapping


def _score(
    pairs: list[tuple[str, str, str, str]], mapping: dict[str, str]
) -> dict[str, float | int]:
    if not pairs:
        return {"mentions": 0, "accuracy": 0.0, "purity": 0.0}
    correct = sum(1 for _l, gold, pred, _t in pairs if mapping.get(gold) == pred)
    by_pred: dict[str, Counter[str]] = defaultdict(Counter)
    for _l, gold, pred, _t in pairs:
        by_pred[pred][gold] += 1
    pure = sum(c.most_common(1)[0][1] for c in by_pred.values())
    return {
        "mentions": len(pairs),
        "entities": len({g for _l, g, _p, _t in pairs}),
        "accuracy": round(correct / len(pairs), 4),
        "purity": round(pure / len(pairs), 4),
    }


def evaluate(paths: list[Path], stage: Entities, splitter: Splitter) -> LinkScore:
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*.jsonl")))]
    score = LinkScore()
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            gold = json.loads(line)
            text, lang = gold["text"], gold.get("lang")
            doc = Document(raw=text)
            doc.text, doc.lang = text, lang
            doc.sentences = [Sentence(s, e, lang) for s, e in splitter.spans(text)]
            offsets = [(m["start"], m["end"]) for m in gold["mentions"]]
            predicted = {
                (m.start, m.end): e.id for e in stage.link_offsets(doc, offsets) for m in e.mentions
            }
            for m in gold["mentions"]:
                pred = predicted.get((m["start"], m["end"]), "<none>")
                score.pairs.append((lang or "", m["entity"], pred, m["text"]))
    return score
