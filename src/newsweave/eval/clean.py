"""Score the cleaner against line-labelled gold articles (format: eval/gold/clean/README.md).

Per language: precision and recall of body lines (a raw line counts as kept when
any part of it is in the cleaned text), and accuracy of title, outlet and
publication timestamp.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GoldFormatError
from ..model import Document
from ..pipeline import Pipeline
from ..stages.clean import fold

LABELS = {"B", "T", "D", "O", "C"}


@dataclass
class GoldArticle:
    path: Path
    lang: str
    title: str | None
    published: str | None
    outlet: str | None
    raw: str
    labels: list[str | None]  # per raw line; None for blank lines


def parse_gold(path: Path) -> GoldArticle:
    header: dict[str, str] = {}
    raw_lines: list[str] = []
    labels: list[str | None] = []
    in_header = True
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if in_header and line.startswith("#"):
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
            continue
        in_header = False
        if not line.strip():
            raw_lines.append(line)
            labels.append(None)
            continue
        label, sep, rest = line.partition("| ")
        if not sep or label not in LABELS:
            raise GoldFormatError(f"{path}:{number}: line must start with B|, T|, D|, O| or C|")
        raw_lines.append(rest)
        labels.append(label)
    if "lang" not in header:
        raise GoldFormatError(f"{path}: missing '# lang:' header")
    if "B" not in labels:
        raise GoldFormatError(f"{path}: no body (B) lines")

    def opt(key: str) -> str | None:
        value = header.get(key, "")
        return None if value in {"", "null", "None"} else value

    return GoldArticle(
        path,
        header["lang"],
        opt("title"),
        opt("published"),
        opt("outlet"),
        "\n".join(raw_lines) + "\n",
        labels,
    )


def gold_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.txt")))
        else:
            out.append(path)
    return out


def kept_lines(doc: Document) -> set[int]:
    """Indices of raw lines that have any part in the cleaned text."""
    starts = []
    pos = 0
    for line in doc.raw.split("\n"):
        starts.append((pos, pos + len(line)))
        pos += len(line) + 1
    kept = set()
    for seg in doc.segments:
        for i, (s, e) in enumerate(starts):
            if s <= seg.raw_start < max(e, s + 1) or (seg.raw_start <= s < seg.raw_end):
                kept.add(i)
    return kept


@dataclass
class LangScore:
    articles: int = 0
    body: int = 0
    kept: int = 0
    kept_body: int = 0
    title_ok: int = 0
    outlet_ok: int = 0
    published_ok: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.kept_body / self.kept if self.kept else 0.0

    @property
    def recall(self) -> float:
        return self.kept_body / self.body if self.body else 0.0


def _same_time(gold: str | None, found: str | None) -> bool:
    if gold is None or found is None:
        return gold == found
    return found.startswith(gold)


def evaluate(paths: Iterable[Path], pipeline: Pipeline) -> dict[str, LangScore]:
    scores: dict[str, LangScore] = defaultdict(LangScore)
    for path in gold_files(paths):
        gold = parse_gold(path)
        doc = pipeline(Document(raw=gold.raw, source=str(path)))
        kept = kept_lines(doc)
        score = scores[gold.lang]
        score.articles += 1
        for i, label in enumerate(gold.labels):
            if label is None:
                continue
            is_body = label == "B"
            score.body += is_body
            if i in kept:
                score.kept += 1
                score.kept_body += is_body
                if not is_body:
                    score.errors.append(
                        f"{path.name}:{i + 1} kept {label}: {gold.raw.splitlines()[i][:70]}"
                    )
            elif is_body:
                score.errors.append(f"{path.name}:{i + 1} lost B: {gold.raw.splitlines()[i][:70]}")
        title_ok = (fold(doc.title) if doc.title else None) == (
            fold(gold.title) if gold.title else None
        )
        score.title_ok += title_ok
        if not title_ok:
            score.errors.append(f"{path.name}: title {doc.title!r} != {gold.title!r}")
        score.outlet_ok += (doc.outlet or None) == gold.outlet
        pub_ok = _same_time(gold.published, doc.published)
        score.published_ok += pub_ok
        if not pub_ok:
            score.errors.append(f"{path.name}: published {doc.published!r} != {gold.published!r}")
    return dict(scores)
