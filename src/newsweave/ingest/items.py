"""What a source yields: an article to process, or a skipped input with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Hints


@dataclass(slots=True)
class Item:
    """One article as a source gives it (plain text, after any HTML extraction)."""

    source: str
    text: str
    url: str | None = None
    hints: Hints = field(default_factory=Hints)


@dataclass(frozen=True, slots=True)
class Skip:
    """An input, or part of one, that was not ingested, and why."""

    source: str
    reason: str
