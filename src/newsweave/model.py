"""The document model: one :class:`Document` flows through every pipeline stage.

Every annotation layer holds character offsets into ``Document.text`` (the cleaned
body), except ``removed``, whose offsets index into ``Document.raw``.
``Document.to_dict()`` is exactly one record of export schema v1 (see README).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1

#: Keys of one export record, in order. Every key is always present.
RECORD_KEYS = (
    "id",
    "source",
    "lang",
    "title",
    "outlet",
    "published",
    "text",
    "removed",
    "sentences",
    "entities",
    "dates",
    "quantities",
    "events",
    "quotes",
    "story",
)


@dataclass(slots=True)
class Removed:
    """A span of the raw text that the cleaner dropped, with the reason."""

    start: int
    end: int
    reason: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    lang: str | None = None


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    #: how sure the link to the entity is (0 for a new entity) and the rule that made it
    score: float = 0.0
    via: str = ""


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str  # PER | ORG | LOC | MISC
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO 8601, partial allowed ("2023-06", "--05-22", "2023-W25")
    granularity: str | None = None  # day | week | month | season | year
    approx: bool = False  # "early this month", "around mid-2022"


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float | None
    unit: str | None
    approx: bool = False
    bound: str | None = None  # "lower" (more than), "upper" (up to, nearly) or None


@dataclass(slots=True)
class Event:
    type: str
    mode: str | None
    source: str | None
    target: str | None
    date: str | None
    location: str | None
    sentence: dict[str, int]
    confidence: float


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    speaker: str | None
    text: str


@dataclass(slots=True)
class Segment:
    """Maps ``raw[raw_start:raw_end]`` onto ``text[text_start:...]`` (same length)."""

    raw_start: int
    raw_end: int
    text_start: int


@dataclass(slots=True)
class Hints:
    """Metadata given by the source itself (HTML meta, feed, JSONL fields, the user).

    Stages prefer hints over what they infer from the text.
    """

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    lang: str | None = None


def normalise_for_hash(text: str) -> str:
    """Case-, space- and Unicode-form-insensitive form of a text, for exact dedup."""
    if not unicodedata.is_normalized("NFKC", text):
        # line by line, and only the lines that need it (a "№" or "…" in one paragraph
        # used to cost the normalisation of the whole body): a line break is a starter
        # that composes with nothing and comes out of no decomposition, so the result is
        # the same as normalising the whole text
        text = "\n".join(
            line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)
            for line in text.split("\n")
        )
    folded = text.casefold()
    return " ".join(folded.split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    """An article and all of its annotation layers."""

    raw: str
    source: str = ""
    url: str | None = None
    hints: Hints = field(default_factory=Hints)
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    lang: str | None = None
    lang_confidence: float | None = None
    text: str = ""
    segments: list[Segment] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    story: str | None = None
    fingerprint: str | None = None
    minhash: bytes | None = None
    #: names of the stages that have run, in order
    processed_by: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable id: a digest of the normalised cleaned body (raw text if it is empty)."""
        return (self.fingerprint or content_hash(self.text or self.raw))[:16]

    def raw_offset(self, text_offset: int) -> int | None:
        """The offset in ``raw`` of a character offset in ``text`` (None in a joiner)."""
        for seg in self.segments:
            length = seg.raw_end - seg.raw_start
            if seg.text_start <= text_offset < seg.text_start + length:
                return seg.raw_start + text_offset - seg.text_start
        return None

    def to_dict(self) -> dict[str, Any]:
        """One record of export schema v1."""
        return {
            "id": self.id,
            "source": self.source,
            "lang": self.lang,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "text": self.text,
            "removed": [{"start": r.start, "end": r.end, "reason": r.reason} for r in self.removed],
            "sentences": [{"start": s.start, "end": s.end, "lang": s.lang} for s in self.sentences],
            "entities": [
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "mentions": [
                        {
                            "start": m.start,
                            "end": m.end,
                            "text": m.text,
                            "score": m.score,
                            "via": m.via,
                        }
                        for m in e.mentions
                    ],
                }
                for e in self.entities
            ],
            # the flat layers field by field: dataclasses.asdict deep-copies every value
            # through a generic walk, which cost more than the rest of storing an article
            "dates": [
                {
                    "start": d.start,
                    "end": d.end,
                    "text": d.text,
                    "value": d.value,
                    "granularity": d.granularity,
                    "approx": d.approx,
                }
                for d in self.dates
            ],
            "quantities": [
                {
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "value": q.value,
                    "unit": q.unit,
                    "approx": q.approx,
                    "bound": q.bound,
                }
                for q in self.quantities
            ],
            "events": [asdict(e) for e in self.events],
            "quotes": [
                {"start": q.start, "end": q.end, "speaker": q.speaker, "text": q.text}
                for q in self.quotes
            ],
            "story": self.story,
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any], raw: str | None = None) -> Document:
        """Rebuild a document from an export record (and the raw text, if stored)."""
        doc = cls(raw=raw if raw is not None else record.get("text", ""))
        doc.source = record.get("source") or ""
        doc.lang = record.get("lang")
        doc.title = record.get("title")
        doc.outlet = record.get("outlet")
        doc.published = record.get("published")
        doc.text = record.get("text") or ""
        doc.removed = [Removed(**r) for r in record.get("removed", [])]
        doc.sentences = [Sentence(**s) for s in record.get("sentences", [])]
        doc.entities = [
            Entity(
                id=e["id"],
                name=e["name"],
                type=e["type"],
                mentions=[Mention(**m) for m in e.get("mentions", [])],
            )
            for e in record.get("entities", [])
        ]
        doc.dates = [DateMention(**d) for d in record.get("dates", [])]
        doc.quantities = [Quantity(**q) for q in record.get("quantities", [])]
        doc.events = [Event(**e) for e in record.get("events", [])]
        doc.quotes = [Quote(**q) for q in record.get("quotes", [])]
        doc.story = record.get("story")
        doc.fingerprint = None
        return doc
