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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

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
#: how many short lines' descriptions a classifier keeps (forgotten all at once when full)
SHORT_LINES_REMEMBERED = 10_000


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


try:  # the regular-expression parser of CPython (re._parser since 3.11)
    from re import _constants as _sre_c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - another Python: every anchored cue is tried
    _sre_parse = None  # type: ignore[assignment]
    _sre_c = None  # type: ignore[assignment]

_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
#: character classes a first character may be read off as, with the test of each
#: (what the regex engine tests on text: \d is a decimal digit, \w alphanumeric or _)
_CLASSES: dict[str, Callable[[str], bool]] = {
    "DIGIT": str.isdecimal,
    "NOT_DIGIT": lambda ch: not ch.isdecimal(),
    "SPACE": str.isspace,
    "NOT_SPACE": lambda ch: not ch.isspace(),
    "WORD": lambda ch: ch.isalnum() or ch == "_",
    "NOT_WORD": lambda ch: not (ch.isalnum() or ch == "_"),
}


def case_key(ch: str) -> str | None:
    """The key under which case-insensitive matching files a character: its lower case,
    or None for the few whose case mappings do not round-trip (``İ``, ``ſ``, ``ß``,
    ``ς``...), which ``re.IGNORECASE`` matches through special rules."""
    low = ch.lower()
    if len(low) != 1 or ch.upper().lower() != low or low.upper().lower() != low:
        return None
    return low


def can_start(keys: frozenset[str] | None, ch: str, key: str) -> bool:
    """Whether a match of a pattern with these :func:`first_keys` may start with ``ch``
    (whose :func:`case_key` is ``key``)."""
    if keys is None or key in keys:
        return True
    return any(k[0] == "\0" and _CLASSES[k[1:]](ch) for k in keys)


def _first(items: Sequence[tuple[object, object]]) -> tuple[frozenset[str] | None, bool]:
    """(case keys of the characters a match of this sequence can start with, or None
    when that cannot be read off; whether it can match the empty string)."""
    keys: set[str] = set()
    for op, av in items:
        found, empty = _first_node(op, av)
        if found is None:
            return None, False
        keys |= found
        if not empty:
            return frozenset(keys), False
    return frozenset(keys), True


def _first_node(op: object, av: object) -> tuple[frozenset[str] | None, bool]:
    c = _sre_c
    if op is c.LITERAL:
        key = case_key(chr(av))  # type: ignore[arg-type]
        return (None if key is None else frozenset({key})), False
    if op is c.IN:
        keys = set()
        for item_op, item_av in av:  # type: ignore[attr-defined]
            if item_op is c.LITERAL:
                key = case_key(chr(item_av))
            elif item_op is c.CATEGORY:
                key = "\0" + str(item_av).removeprefix("CATEGORY_")
                key = key if key[1:] in _CLASSES else None
            else:  # a negation, a range: not read off
                key = None
            if key is None:
                return None, False
            keys.add(key)
        return frozenset(keys), False
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av  # type: ignore[misc]
        return (None, False) if add_flags or del_flags else _first(sub)
    if op is c.BRANCH:
        keys: set[str] = set()
        empty = False
        for alternative in av[1]:  # type: ignore[index]
            found, alt_empty = _first(alternative)
            if found is None:
                return None, False
            keys |= found
            empty = empty or alt_empty
        return frozenset(keys), empty
    if op in [getattr(c, name, None) for name in _REPEATS]:
        low, _high, sub = av  # type: ignore[misc]
        found, empty = _first(sub)
        return found, empty or low == 0
    if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
        return frozenset(), True  # zero width: the next item starts the match
    return None, False  # any character, a category, a back-reference...


def first_keys(pattern: str) -> frozenset[str] | None:
    """Case keys of the characters a case-insensitive match of ``pattern`` can start
    with, and ``"\0DIGIT"`` and the like for a character class (see ``_CLASSES``);
    None when any character might (or the analysis cannot tell)."""
    if _sre_parse is None:
        return None
    try:
        tree = _sre_parse.parse(pattern, re.IGNORECASE)
    except Exception:  # the pattern compiled; only this analysis gives up
        return None
    found, empty = _first(list(tree))
    return None if empty else found


#: code points below this are told apart in a table (Latin, Cyrillic, Vietnamese letters)
_TABLE = 0x2000


def distinct_letters(text: str) -> set[str]:
    """:func:`newsweave.lang.letters` (the distinct letters, case-folded), with the
    distinct characters found by numpy instead of a set of one-character strings."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    low = points < _TABLE
    seen = np.zeros(_TABLE, dtype=bool)
    seen[points[low]] = True
    codes = np.flatnonzero(seen).tolist()
    if not low.all():
        codes += np.unique(points[~low]).tolist()
    return set("".join(c for c in map(chr, codes) if c.isalpha()).casefold())


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
        # cues anchored at the line start run as one alternation, tried at offset 0 only;
        # only the cues that can start with the line's first character take part (by
        # that character's case key: one alternation per distinct set of cues, built
        # when first needed), the others could not match there
        anchored = [c.pattern.pattern[1:] for c in cues if c.pattern.pattern.startswith("^")]
        self.reasons = {
            f"c{i}": c.reason
            for i, c in enumerate(c for c in cues if c.pattern.pattern.startswith("^"))
        }
        self._anchored_sources = anchored
        self._anchored_first = [first_keys(p) for p in anchored]
        self.anchored = self._alternation(range(len(anchored)))
        self._anchored_by_char: dict[str, re.Pattern[str] | None] = {}
        self._anchored_by_set: dict[tuple[int, ...], re.Pattern[str] | None] = {}
        # cues found anywhere in the line: each searched on its own (one alternation
        # loses the regex engine's quick scan for a pattern's first character, and costs
        # three times as much); the leftmost match wins, the first listed cue at a tie,
        # as in one alternation
        floating = [c for c in cues if not c.pattern.pattern.startswith("^")]
        self.floating = [(re.compile(c.pattern.pattern, re.IGNORECASE), c.reason) for c in floating]
        self.labels = frozenset().union(*(p.section_labels for p in everything))
        self.stamps = TimestampParser(everything)
        self.alphabets = {p.code: p.alphabet for p in packs}
        self.orders = {p.code: p.date_order for p in packs}
        #: (kind, reason, score, stamp, folded text) of short lines by (text, date order):
        #: a line is described by its text alone, and the short ones (outlet, timestamp,
        #: "read also", share and menu lines) come back article after article
        self._short: dict[tuple[str, str], tuple[str, str, float, Stamp | None, str]] = {}

    def _alternation(self, indexes: Iterable[int]) -> re.Pattern[str] | None:
        sources = self._anchored_sources
        body = "|".join(f"(?P<c{i}>{sources[i]})" for i in indexes)
        return re.compile(body, re.IGNORECASE) if body else None

    def anchored_cue(self, text: str) -> str | None:
        """The reason of the first anchored cue that matches at the start of ``text``."""
        first = text[:1]
        if first in self._anchored_by_char:
            pattern = self._anchored_by_char[first]
        else:
            key = case_key(first) if first else None
            if key is None:
                pattern = self.anchored
            else:
                chosen = tuple(
                    i for i, keys in enumerate(self._anchored_first) if can_start(keys, first, key)
                )
                if chosen not in self._anchored_by_set:
                    self._anchored_by_set[chosen] = self._alternation(chosen)
                pattern = self._anchored_by_set[chosen]
            self._anchored_by_char[first] = pattern
        m = pattern.match(text) if pattern is not None else None
        return self.reasons[m.lastgroup or ""] if m else None

    def floating_cue(self, text: str) -> str | None:
        """The reason of the cue that matches leftmost in ``text`` (the first listed at a tie)."""
        best: tuple[int, str] | None = None
        for pattern, reason in self.floating:
            m = pattern.search(text)
            if m is not None and (best is None or m.start() < best[0]):
                best = (m.start(), reason)
                if best[0] == 0:
                    break
        return best[1] if best else None

    def date_order(self, raw: str) -> str:
        """The date order of the pack whose alphabet explains the most of the text."""
        letters = distinct_letters(raw[:4000])
        if not letters or not self.alphabets:
            return "DMY"
        best = max(self.alphabets, key=lambda code: len(letters & self.alphabets[code]))
        return self.orders[best]

    def classify(self, start: int, end: int, text: str, order: str) -> Line:
        if not text:
            return Line(start, end, text, 0, BLANK)
        words = len(text.split())
        if words > 40:  # prose: seen once, not worth remembering
            kind, reason, score = self._describe_long(text, words)
            return Line(start, end, text, words, kind, reason, score)
        found = self._short.get((text, order))
        if found is None:
            kind, reason, score, stamp = self._describe_short(text, words, order)
            found = (kind, reason, score, stamp, fold(text))
            if len(self._short) >= SHORT_LINES_REMEMBERED:
                self._short.clear()
            self._short[(text, order)] = found
        kind, reason, score, stamp, key = found
        return Line(start, end, text, words, kind, reason, score, stamp, key)

    def _describe_short(
        self, text: str, words: int, order: str
    ) -> tuple[str, str, float, Stamp | None]:
        """(kind, reason, score, stamp) of a line of at most 40 words."""
        stamp = self.stamps.parse_line(text, order)
        if stamp is not None:
            return STAMP, "date-line", 0.0, stamp
        reason = self.anchored_cue(text)
        if reason is not None:
            return CUE, reason, 0.0, None
        if words <= FLOATING_CUE_WORDS:
            reason = self.floating_cue(text)
            if reason is not None:
                return CUE, reason, 0.0, None
        if words <= 8 and fold(text) in self.labels:
            return SECTION, "section-label", 0.0, None
        if words <= 30 and not _TERMINAL.search(text):
            items = [i for i in _MENU_SPLIT.split(text) if i.strip()]
            # a breadcrumb ("World > Europe") needs two items, a menu three
            least = 2 if _CRUMB.search(text) else 3
            if len(items) >= least and all(
                len(i.split()) <= 4 and _LETTER.search(i) for i in items
            ):
                return MENU, "menu", 0.0, None
        return (*self._describe_long(text, words), None)

    def _describe_long(self, text: str, words: int) -> tuple[str, str, float]:
        """(kind, reason, score) of a line that is no cue, timestamp, label or menu."""
        s = self.settings
        if not _LETTER.search(text):
            return CUE, "no-letters", 0.0
        terminal = bool(_TERMINAL.search(text))
        question = terminal and bool(_QUESTION.search(text))
        if _BULLET.match(text):
            # a numbered question ("2. Which chain is cheapest?") is a headline, not prose
            prose = terminal and not question and words >= s.prose_min_words
            return BULLET, "", float(words) if prose else 1.0
        if words <= 20 and not _STOP.search(text) and headline_case(text):
            return TITLEISH, "", -s.titleish_penalty
        if words >= s.prose_long_words or (terminal and words >= s.prose_min_words):
            return PROSE, "", float(words)
        if question:
            return QUESTION, "", 0.0
        if terminal and words >= 2:
            return SHORT, "", 2.0
        if words <= 1:
            return WORD, "", -3.0
        return TITLEISH, "", -s.titleish_penalty


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
