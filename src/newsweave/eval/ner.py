"""NER evaluation: span-exact precision, recall and F1 per type and language.

Gold formats:

* **BRAT standoff**: a folder of ``<id>.txt`` + ``<id>.ann`` files (``T1<TAB>PER 0 5<TAB>text``).
  A ``dev-test-split.txt`` beside them (lines ``DEV``/``TEST`` followed by ids, as in
  NER-UK) restricts the run to one part (``--split test``, the default when present).
* **IOB/CoNLL**: one token per line, the tag in the last column (``token TAG`` or
  ``index<TAB>token<TAB>TAG``), blank lines between sentences. Each sentence is a
  document; tokens are joined with single spaces.

Gold types are mapped to PER/ORG/LOC/MISC (``PERS`` → ``PER``); other types
(dates, jobs, money …) are not scored. The headline figure is micro F1 over
PER, ORG and LOC.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Document, Sentence
from ..stages.entities import Entities
from ..stages.sentences import Splitter

TYPE_MAP = {
    "PER": "PER",
    "PERS": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "MISC": "MISC",
}
HEADLINE = ("PER", "ORG", "LOC")


@dataclass
class GoldDoc:
    id: str
    text: str
    spans: set[tuple[int, int, str]]
    sentences: list[tuple[int, int]] | None = None  # None: split the text


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    docs: int = 0

    def prf(self, types: tuple[str, ...]) -> dict[str, float]:
        tp = sum(self.tp[t] for t in types)
        fp = sum(self.fp[t] for t in types)
        fn = sum(self.fn[t] for t in types)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": tp + fn}

    def report(self) -> dict[str, object]:
        out: dict[str, object] = {"documents": self.docs, "PER+ORG+LOC": self.prf(HEADLINE)}
        for t in (*HEADLINE, "MISC"):
            out[t] = self.prf((t,))
        return out


def read_brat(folder: Path, split: str | None) -> Iterator[GoldDoc]:
    ids: set[str] | None = None
    split_file = next(iter(folder.rglob("dev-test-split.txt")), None)
    if split and split_file is not None:
        part, ids = None, set()
        for line in split_file.read_text("utf-8").split():
            if line in {"DEV", "TEST", "TRAIN"}:
                part = line.lower()
            elif part == split.lower():
                ids.add(line)
    for ann in sorted(folder.rglob("*.ann")):
        if ids is not None and ann.stem not in ids:
            continue
        text = ann.with_suffix(".txt").read_text("utf-8")
        spans = set()
        for line in ann.read_text("utf-8").splitlines():
            if not line.startswith("T"):
                continue
            fields = line.split("\t")
            # standard brat "TYPE start end"; some corpora put each in its own column
            parts = fields[1].split() if " " in fields[1] else fields[1:4]
            etype = TYPE_MAP.get(parts[0])
            if etype is None or len(parts) < 3 or ";" in parts[2]:
                continue  # unmapped type or a discontinuous span
            spans.add((int(parts[1]), int(parts[2]), etype))
        yield GoldDoc(ann.stem, text, spans)


def read_iob(path: Path) -> Iterator[GoldDoc]:
    tokens: list[tuple[str, str]] = []
    n = 0

    def flush() -> GoldDoc | None:
        nonlocal n
        if not tokens:
            return None
        text, spans, pos = "", set(), 0
        current: list[object] | None = None
        for word, tag in tokens:
            if text:
                text += " "
                pos += 1
            start, end = pos, pos + len(word)
            text += word
            pos = end
            kind, _, etype = tag.partition("-")
            mapped = TYPE_MAP.get(etype)
            if kind == "B" or (kind == "I" and (current is None or current[2] != mapped)):
                if current is not None:
                    spans.add(tuple(current))
                current = [start, end, mapped] if mapped else None
            elif kind == "I" and current is not None:
                current[1] = end
            else:
                if current is not None:
                    spans.add(tuple(current))
                current = None
        if current is not None:
            spans.add(tuple(current))
        n += 1
        tokens.clear()
        return GoldDoc(f"{path.stem}:{n}", text, spans, [(0, len(text))])

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                doc = flush()
                if doc:
                    yield doc
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t") if "\t" in line else line.split()
            if len(cols) >= 2:
                tokens.append((cols[-2], cols[-1]))
    doc = flush()
    if doc:
        yield doc


def gold_docs(path: Path, split: str | None = "test") -> Iterator[GoldDoc]:
    if path.is_dir():
        yield from read_brat(path, split)
    else:
        yield from read_iob(path)


def evaluate(
    path: Path,
    lang: str,
    stage: Entities,
    splitter: Splitter,
    split: str | None = "test",
    limit: int | None = None,
    errors: list[str] | None = None,
) -> Score:
    score = Score()
    for k, gold in enumerate(gold_docs(path, split)):
        if limit is not None and k >= limit:
            break
        doc = Document(raw=gold.text)
        doc.text, doc.lang = gold.text, lang
        spans = gold.sentences or splitter.spans(gold.text)
        doc.sentences = [Sentence(s, e, lang) for s, e in spans]
        stage(doc)
        pred = {(m.start, m.end, e.type) for e in doc.entities for m in e.mentions}
        score.docs += 1
        for s in pred & gold.spans:
            score.tp[s[2]] += 1
        for s in pred - gold.spans:
            score.fp[s[2]] += 1
            if errors is not None:
                errors.append(f"{gold.id} FP {s[2]} {gold.text[s[0] : s[1]]!r}")
        for s in gold.spans - pred:
            score.fn[s[2]] += 1
            if errors is not None:
                errors.append(f"{gold.id} FN {s[2]} {gold.text[s[0] : s[1]]!r}")
    return score
