"""Sentence stage: split the cleaned text into sentences.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or
brackets) followed by space and an upper-case letter, a digit or an opening
quote/dash, unless the word before the dot is an abbreviation from a language
pack or a one-letter initial, or a cut month name before a number (``окт. 2022``,
``Jan. 5``). Every paragraph break ends a sentence. Dates and
decimals (``26.06.2023``, ``3,5``) have no space after the dot and never split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

from ..lang import LanguagePack
from ..model import Document, Sentence
from ..pipeline import register

_BOUNDARY = re.compile(r"(?P<stop>[.!?…]+)[\"'»”’)\]]*(?P<space>\s+)(?=\S)")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _word_before(text: str, start: int, end: int) -> str:
    """The run of non-space characters that ends ``text[start:end]`` ("" after a space).

    A backward scan: a regex anchored at the end would be tried from every offset of
    the sentence so far, once per full stop.
    """
    j = end
    while j > start and not text[j - 1].isspace():
        j -= 1
    return text[j:end]


def _append_trimmed(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    if end > start:
        out.append((start, end))


class Splitter:
    """Splits text into sentence spans with the packs' abbreviations."""

    def __init__(self, packs: Sequence[LanguagePack]):
        self.abbreviations = frozenset().union(*(p.abbreviations for p in packs))
        #: month names cut short: a form that starts another form of the same month
        self.month_cuts = frozenset(
            short.casefold()
            for p in packs
            for short, month in p.months.items()
            if any(
                full != short and full.startswith(short) and n == month
                for full, n in p.months.items()
            )
        )

    def _is_abbreviation(self, word: str) -> bool:
        """Whether ``word`` (the word before a dot) is an abbreviation or an initial."""
        word = word.lstrip("\"'«“„‘([—–-")
        if len(word) == 1 and word.isalpha() and word.isupper():
            return True  # an initial: "В. Зеленський", "J. Smith"
        return word.casefold() in self.abbreviations

    def _is_month_cut(self, word: str, text: str, pos: int) -> bool:
        """``окт. 2022``, ``Jan. 5``: a cut month name with a number after its dot."""
        return text[pos : pos + 1].isdigit() and word.casefold() in self.month_cuts

    def _next_is_upper_or_digit(self, text: str, pos: int) -> bool:
        for ch in text[pos : pos + 4]:
            if ch.isalpha():
                return ch.isupper()
            if ch.isdigit():
                return True
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for p_start, p_end in _paragraphs(text):
            start = p_start
            # searched in place (pos/endpos: the paragraph, as if cut out) and with the
            # common cases inline; _append_trimmed, _word_before and
            # _next_is_upper_or_digit are the whole rules
            for m in _BOUNDARY.finditer(text, p_start, p_end):
                nxt = m.end()
                first = text[nxt]  # not a space: the pattern ends looking at one
                if first.isalpha():
                    if not first.isupper():
                        continue
                elif not first.isdigit() and not self._next_is_upper_or_digit(text, nxt):
                    continue
                if m.group("stop") == ".":
                    stop = m.start("stop")
                    j = stop
                    while j > start and not text[j - 1].isspace():
                        j -= 1
                    if j < stop:
                        word = text[j:stop]
                        if self._is_abbreviation(word) or self._is_month_cut(word, text, nxt):
                            continue
                cut = m.start("space")
                if start < cut and not text[start].isspace() and not text[cut - 1].isspace():
                    out.append((start, cut))
                else:
                    _append_trimmed(out, text, start, cut)
                start = nxt
            _append_trimmed(out, text, start, p_end)
        return out


@register
class Sentences:
    """Fill ``sentences`` (spans into ``text``; language filled by the language stage)."""

    name: ClassVar[str] = "sentences"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("sentences",)

    def __init__(self, packs: Sequence[LanguagePack]):
        self.splitter = Splitter(packs)

    def __call__(self, doc: Document) -> Document:
        doc.sentences = [Sentence(s, e) for s, e in self.splitter.spans(doc.text)]
        return doc
