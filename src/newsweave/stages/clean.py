"""Clean stage: split scraped text into the article body and clutter.

The input is text with no HTML left (or the text an HTML extractor produced).
Each line is described by layout features and the packs' cue words, scored, and
the body is the run of lines with the highest total score (the densest run of
prose). Inside that run, cue lines, section labels, timestamp lines, the
repeated title and lists of other headlines are dropped; everything outside it
is dropped too. Every dropped line is kept in ``doc.removed`` with its reason.

The title, outlet and publication timestamp are taken from the lines before
the body; dates in lists of other headlines are never taken.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from .. import lang
from ..lang import LanguagePack
from ..model import Document, Removed, Segment
from ..pipeline import register
from ..settings import CleanSettings
from ..timestamps import Stamp, TimestampParser, normalise_iso

#: joins kept lines in ``doc.text``
PARAGRAPH_BREAK = "\n\n"

_TERMINAL = re.compile(r"[.!?…:;][\"'»”’)\]]*\s*$")
_QUESTION = re.compile(r"[!?][\"'»”’)\]]*\s*$")
_STOP = re.compile(r"[.…][\"'»”’)\]]*\s*$")
_BULLET = re.compile(r"^\s*(?:[-–—•*▪►]\s+|\d{1,2}[.)]\s+\S)")
_CRUMB = re.compile(r"\s[>»›/]\s")
_MENU_SPLIT = re.compile(r"\s+[|•·>»›/]\s+|\s*\|\s*")
_LETTER = re.compile(r"[^\W\d_]")
_FOLD_PUNCT = re.compile(r"[\W_]+")

# Line kinds. HARD kinds are clutter wherever they stand.
BLANK, CUE, SECTION, STAMP, MENU = "blank", "cue", "section", "timestamp", "menu"
PROSE, SHORT, QUESTION, BULLET, TITLEISH, WORD = (
    "prose",
    "short",
    "question",
    "bullet",
    "titleish",
    "word",
)
HARD = frozenset({CUE, SECTION, STAMP, MENU})
#: a line with no final full stop whose words are this capitalised is headline case
HEADLINE_CASE = 0.6
#: cues not anchored at the line start (captions, credits) are tried on lines this short
FLOATING_CUE_WORDS = 30


@dataclass(slots=True)
class Line:
    start: int  # raw offset of the stripped line
    end: int
    text: str
    words: int
    kind: str
    reason: str = ""
    score: float = 0.0
    stamp: Stamp | None = None
    _key: str | None = None

    @property
    def key(self) -> str:
        """The folded text (computed once)."""
        if self._key is None:
            self._key = fold(self.text)
        return self._key


def fold(text: str) -> str:
    """Comparison key for titles and labels: case, punctuation and spacing folded."""
    return " ".join(_FOLD_PUNCT.sub(" ", text.casefold()).split())


def split_lines(raw: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of every line; offsets index into ``raw``."""
    out = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        start = pos + lead
        out.append((start, start + len(stripped), stripped))
        pos += len(piece)
    return out


class LineClassifier:
    """Describes one line from its layout and the packs' cues (a pure function of the line)."""

    def __init__(self, packs: Sequence[LanguagePack], settings: CleanSettings):
        everything = [*packs, lang.common()]
        self.settings = settings
        cues = [cue for pack in everything for cue in pack.cues]
        # cues anchored at the line start run as one alternation, tried at offset 0 only
        anchored = [c for c in cues if c.pattern.pattern.startswith("^")]
        self.reasons = {f"c{i}": c.reason for i, c in enumerate(anchored)}
        self.anchored = re.compile(
            "|".join(f"(?P<c{i}>{c.pattern.pattern[1:]})" for i, c in enumerate(anchored)),
            re.IGNORECASE,
        )
        floating = [c for c in cues if not c.pattern.pattern.startswith("^")]
        self.floating_reasons = {f"f{i}": c.reason for i, c in enumerate(floating)}
        self.floating = re.compile(
            "|".join(f"(?P<f{i}>{c.pattern.pattern})" for i, c in enumerate(floating)) or "(?!)",
            re.IGNORECASE,
        )
        self.labels = frozenset().union(*(p.section_labels for p in everything))
        self.stamps = TimestampParser(everything)
        self.alphabets = {p.code: p.alphabet for p in packs}
        self.orders = {p.code: p.date_order for p in packs}

    def date_order(self, raw: str) -> str:
        """The date order of the pack whose alphabet explains the most of the text."""
        letters = lang.letters(raw[:4000])
        if not letters or not self.alphabets:
            return "DMY"
        best = max(self.alphabets, key=lambda code: len(letters & self.alphabets[code]))
        return self.orders[best]

    def classify(self, start: int, end: int, text: str, order: str) -> Line:
        s = self.settings
        if not text:
            return Line(start, end, text, 0, BLANK)
        words = len(text.split())
        if words <= 40:
            stamp = self.stamps.parse_line(text, order)
            if stamp is not None:
                return Line(start, end, text, words, STAMP, "date-line", stamp=stamp)
            m = self.anchored.match(text)
            if m:
                return Line(start, end, text, words, CUE, self.reasons[m.lastgroup or ""])
            if words <= FLOATING_CUE_WORDS:
                m = self.floating.search(text)
                if m:
                    reason = self.floating_reasons[m.lastgroup or ""]
                    return Line(start, end, text, words, CUE, reason)
            if words <= 8 and fold(text) in self.labels:
                return Line(start, end, text, words, SECTION, "section-label")
            if words <= 30 and not _TERMINAL.search(text):
                items = [i for i in _MENU_SPLIT.split(text) if i.strip()]
                # a breadcrumb ("World > Europe") needs two items, a menu three
                least = 2 if _CRUMB.search(text) else 3
                if len(items) >= least and all(
                    len(i.split()) <= 4 and _LETTER.search(i) for i in items
                ):
                    return Line(start, end, text, words, MENU, "menu")
        if not _LETTER.search(text):
            return Line(start, end, text, words, CUE, "no-letters")
        terminal = bool(_TERMINAL.search(text))
        question = terminal and bool(_QUESTION.search(text))
        if _BULLET.match(text):
            # a numbered question ("2. Which chain is cheapest?") is a headline, not prose
            prose = terminal and not question and words >= s.prose_min_words
            return Line(start, end, text, words, BULLET, score=float(words) if prose else 1.0)
        if words <= 20 and not _STOP.search(text) and headline_case(text):
            return Line(start, end, text, words, TITLEISH, score=-s.titleish_penalty)
        if words >= s.prose_long_words or (terminal and words >= s.prose_min_words):
            return Line(start, end, text, words, PROSE, score=float(words))
        if question:
            return Line(start, end, text, words, QUESTION, score=0.0)
        if terminal and words >= 2:
            return Line(start, end, text, words, SHORT, score=2.0)
        if words <= 1:
            return Line(start, end, text, words, WORD, score=-3.0)
        return Line(start, end, text, words, TITLEISH, score=-s.titleish_penalty)


def headline_case(text: str) -> bool:
    """True when most words of four letters or more start with a capital ("Who Belongs to It?")."""
    long = [w for w in text.split() if len(w) >= 4 and w[0].isalpha()]
    if len(long) < 3:
        return False
    return sum(w[0].isupper() for w in long) >= HEADLINE_CASE * len(long)


def densest_run(lines: list[Line]) -> tuple[int, int] | None:
    """Indices [first, last] of the run of lines with the highest total score.

    A maximum-sum segment (Kadane); it starts and ends on a positive line.
    """
    best, best_span = 0.0, None
    current, start = 0.0, 0
    for i, line in enumerate(lines):
        if line.kind == BLANK:
            continue
        if current <= 0:
            if line.score <= 0:
                continue
            current, start = 0.0, i
        current += line.score
        if current > best:
            best, best_span = current, (start, i)
    return best_span


def headline_lists(lines: list[Line], run_length: int) -> set[int]:
    """ids of title-like lines that stand in a list of other headlines.

    A list is a run of at least ``run_length`` title-like lines (timestamp
    lines and blanks may stand between them), or title-like lines that follow
    a section label or a "read also" cue.
    """
    found: set[int] = set()
    run: list[Line] = []
    after_header = False
    for ln in [*lines, Line(0, 0, "", 0, SECTION)]:
        if ln.kind in {BLANK, STAMP}:
            continue
        if ln.kind in {TITLEISH, WORD, QUESTION}:
            run.append(ln)
            continue
        if len(run) >= run_length or (after_header and run):
            found.update(id(item) for item in run)
        run = []
        after_header = ln.kind == SECTION or ln.reason == "read_also"
    return found


@dataclass(slots=True)
class Decision:
    """The cleaner's verdict for one document, before it is applied."""

    keep: list[Line]
    removed: list[Removed]
    title: str | None
    outlet: str | None
    published: str | None


def decide(lines: list[Line], settings: CleanSettings, title_hint: str | None) -> Decision:
    """Choose body lines, title, outlet and timestamp (pure; see module doc)."""
    span = densest_run(lines)
    if span is None:  # no prose at all: keep every line that is not clutter
        first, last = len(lines), -1
        body_idx = {i for i, ln in enumerate(lines) if ln.kind not in HARD | {BLANK}}
    else:
        first, last = span
        body_idx = set(range(first, last + 1))
    pre = [ln for i, ln in enumerate(lines) if i < first and i not in body_idx]
    reasons: dict[int, str] = {}

    # title: a pre-body candidate that is repeated wins, else the longest one
    title = title_hint
    title_line: Line | None = None
    candidates = [ln for ln in pre if ln.kind in {TITLEISH, QUESTION, SHORT} and ln.words >= 3]
    if title is None and candidates:
        keys = Counter(ln.key for ln in lines if ln.kind != BLANK and ln.words < 40)
        repeated = [ln for ln in candidates if keys[ln.key] > 1]
        title_line = (repeated or sorted(candidates, key=lambda ln: -ln.words))[0]
        title = title_line.text
    title_key = fold(title) if title else None

    outlet = None
    if title_line is not None:
        for n, ln in enumerate(x for x in pre if x.kind != BLANK):
            if ln is title_line:
                break
            # a bare agency name ("Reuters") reads as a photo credit, but as the very
            # first line above the title it is the outlet
            agency = n == 0 and ln.reason == "caption" and ln.words <= 3 and ":" not in ln.text
            if (ln.kind in {TITLEISH, WORD} or agency) and ln.words <= 6:
                outlet = ln.text
                reasons[id(ln)] = "outlet"
                break

    published = None
    for ln in pre:
        if ln.kind == STAMP and ln.stamp is not None and ln.stamp.iso():
            published = ln.stamp.iso()
            reasons[id(ln)] = "published"
            break

    keep: list[Line] = []
    after_list_header = False
    run: list[Line] = []

    run_after_header = False

    def flush_run() -> None:
        nonlocal run_after_header
        # a run of title-like lines is a headline list; after a "read also" cue or a
        # section label two lines suffice (a single one there is a crosshead)
        if len(run) >= settings.headline_run or (run_after_header and len(run) >= 2):
            for item in run:
                reasons[id(item)] = "headline-list"
        else:
            keep.extend(run)
        run.clear()
        run_after_header = False

    for i, ln in enumerate(lines):
        if ln.kind == BLANK:
            continue
        if i not in body_idx:
            flush_run()
            continue
        if ln.kind in HARD:
            flush_run()
            after_list_header = ln.kind == SECTION or ln.reason == "read_also"
            continue
        if title_key and ln.words < 40 and ln.key == title_key:
            flush_run()
            reasons[id(ln)] = "repeated-title"
            continue
        # short bullets directly under a section label ("MOST READ", "1. …") are a list too
        header = run_after_header if run else after_list_header
        if ln.kind in {TITLEISH, WORD} or (ln.kind == BULLET and ln.score <= 1.0 and header):
            if not run:
                run_after_header = after_list_header
            run.append(ln)
            continue
        after_list_header = False
        flush_run()
        keep.append(ln)
    flush_run()

    kept = {id(ln) for ln in keep}
    listed = headline_lists(lines, settings.headline_run)
    removed = []
    for i, ln in enumerate(lines):
        if ln.kind == BLANK or id(ln) in kept:
            continue
        reason = reasons.get(id(ln))
        if reason is None:
            if ln is title_line:
                reason = "title"
            elif title_key and ln.words < 40 and ln.key == title_key:
                reason = "repeated-title"
            elif ln.kind in HARD:
                reason = ln.reason
            elif id(ln) in listed:
                reason = "headline-list"
            elif i < first:
                reason = "before-body"
            else:
                reason = "after-body"
        removed.append(Removed(ln.start, ln.end, reason))
    return Decision(keep, removed, title, outlet, published)


@register
class Clean:
    """Fill ``text``, ``segments``, ``removed``, ``title``, ``outlet``, ``published``."""

    name: ClassVar[str] = "clean"
    requires: ClassVar[tuple[str, ...]] = ("raw",)
    provides: ClassVar[tuple[str, ...]] = (
        "text",
        "segments",
        "removed",
        "title",
        "outlet",
        "published",
    )

    def __init__(self, packs: Sequence[LanguagePack], settings: CleanSettings):
        self.settings = settings
        self.classifier = LineClassifier(packs, settings)

    def lines(self, raw: str) -> list[Line]:
        order = self.classifier.date_order(raw)
        return [self.classifier.classify(s, e, t, order) for s, e, t in split_lines(raw)]

    def __call__(self, doc: Document) -> Document:
        hints = doc.hints
        decision = decide(self.lines(doc.raw), self.settings, hints.title)
        parts: list[str] = []
        segments: list[Segment] = []
        pos = 0
        for ln in decision.keep:
            if parts:
                pos += len(PARAGRAPH_BREAK)
            segments.append(Segment(ln.start, ln.end, pos))
            parts.append(ln.text)
            pos += len(ln.text)
        doc.text = PARAGRAPH_BREAK.join(parts)
        doc.segments = segments
        doc.removed = decision.removed
        doc.title = hints.title or decision.title
        doc.outlet = hints.outlet or decision.outlet
        given = normalise_iso(hints.published) if hints.published else None
        doc.published = given or decision.published
        return doc
