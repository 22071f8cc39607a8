"""Numbers as each language writes them: digits with the pack's separators, number words.

A pack's ``numbers:`` section gives the conventions::

    numbers:
      decimal: ","                 # decimal mark
      group: [".", " ", "\u00a0"]  # thousands separators
      words: {три: 3, двадцять: 20, сто: 100}   # cardinal words (lemmas for packs with morphology)
      multipliers: {mươi: 10, trăm: 100}         # multiply the word before them
      scales: {тисяча: 1000, тис.: 1000, млн: 1000000}
      connectors: [і, and, linh]                # may stand between the words of one number
      ambiguous: [один]                         # a number only inside a longer number
      halves: [rưỡi]                            # half of the scale word before them
      articles: [a, an]                         # "one" before a multiplier: a hundred

``43.500`` is 43500 where ``.`` groups thousands (vi, uk) and ``1,200`` is 1200
where ``,`` does (en); a separator that cannot be read either way gives no value,
never a guess. Words of packs with morphology are looked up by lemma as well
(``трьох`` → ``три``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .lang import LanguagePack
from .morph import Morphology, for_pack

#: a run of digits with the separators any pack may use; :meth:`NumberGrammar.parse_digits`
#: decides what it means in one language
DIGITS = re.compile(r"\d+(?:[.,'\u00a0\u202f\u2009 ]\d+)*")
_SPACES = frozenset(" \u00a0\u202f\u2009")
#: longest digit string read as a number (longer ones are codes, not amounts)
MAX_DIGITS = 18


K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """``function(key)``, worked out once per key: the same words and numbers come back
    sentence after sentence, and looking them up again (case folding, lemmas) was most of
    the quantities stage's time. A dict with ``__missing__``, so that a key already seen
    costs one dict lookup; it starts over when full, to bound memory."""

    #: keys kept before the memo starts over
    LIMIT = 100_000

    def __init__(self, function: Callable[[K], V]):
        super().__init__()
        self.function = function

    def __missing__(self, key: K) -> V:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[key] = self.function(key)
        return value


def _follows(before: float, value: float) -> bool:
    """Whether a number word worth ``value`` may follow one worth ``before`` in one number:
    units after round tens or hundreds ("twenty five", "сто двадцять"), a fraction after
    anything ("two and a half"); not two digits' words in a row ("один два", "một năm")."""
    if value < 1:
        return True
    return before > value and before % 10 ** len(str(int(value))) == 0


def norm_word(word: str) -> str:
    """The lookup key of a word or phrase in the packs' tables: case-folded, one kind of
    apostrophe (``пʼять`` = ``п'ять``), single spaces."""
    return " ".join(word.casefold().replace("’", "'").replace("ʼ", "'").split())


@dataclass(frozen=True)
class NumberGrammar:
    decimal: str = "."
    group: frozenset[str] = frozenset({","})
    words: dict[str, float] = field(default_factory=dict)
    multipliers: dict[str, float] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    glued_scales: dict[str, float] = field(default_factory=dict)
    connectors: frozenset[str] = frozenset()
    ambiguous: frozenset[str] = frozenset()
    #: words that never continue a number after the given word (vi: "năm" after "mươi")
    stop_after: dict[str, frozenset[str]] = field(default_factory=dict)
    #: words that make the number after them negative ("мінус", "minus")
    minus: frozenset[str] = frozenset()
    #: words worth half of the scale or multiplier word just before them ("một triệu
    #: rưỡi" = 1,500,000, "hai trăm rưỡi" = 250); elsewhere their own value
    halves: frozenset[str] = frozenset()
    #: words that stand for "one" just before a multiplier ("a hundred"); before a scale
    #: or another number word they only join the number ("a million", "a dozen")
    articles: frozenset[str] = frozenset()
    morphology: Morphology = field(default_factory=lambda: Morphology(None))
    # what a word or digit string gives, remembered (see __post_init__)
    keys: Memo[str, str] = field(init=False, repr=False, compare=False)
    _digits: Memo[str, tuple[float, int] | None] = field(init=False, repr=False, compare=False)
    _values: Memo[str, float | None] = field(init=False, repr=False, compare=False)
    _multipliers: Memo[str, float | None] = field(init=False, repr=False, compare=False)
    _scales: Memo[str, float | None] = field(init=False, repr=False, compare=False)
    #: a word's key, value, multiplier and scale, in one lookup (:meth:`parse_words`)
    _read_word: Memo[str, tuple[str, float | None, float | None, float | None]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        memos = {
            "keys": Memo(norm_word),
            "_digits": Memo(self._parse_digits),
            "_values": Memo(lambda w: self._lookup(w, self.words)),
            "_multipliers": Memo(lambda w: self._lookup(w, self.multipliers)),
            "_scales": Memo(lambda w: self._lookup(w, self.scales)),
            "_read_word": Memo(
                lambda w: (self.keys[w], self._values[w], self._multipliers[w], self._scales[w])
            ),
        }
        for name, memo in memos.items():
            object.__setattr__(self, name, memo)

    @classmethod
    def from_pack(cls, pack: LanguagePack) -> NumberGrammar:
        data: dict[str, Any] = pack.data.get("numbers") or {}

        def table(key: str) -> dict[str, float]:
            return {norm_word(str(k)): float(v) for k, v in (data.get(key) or {}).items()}

        group = frozenset(str(g) for g in data.get("group", [","]))
        if " " in group:
            group |= _SPACES
        return cls(
            decimal=str(data.get("decimal", ".")),
            group=group,
            words=table("words"),
            multipliers=table("multipliers"),
            scales=table("scales"),
            glued_scales=table("glued_scales"),
            connectors=frozenset(norm_word(str(w)) for w in data.get("connectors") or []),
            ambiguous=frozenset(norm_word(str(w)) for w in data.get("ambiguous") or []),
            stop_after={
                norm_word(str(k)): frozenset(norm_word(str(w)) for w in v)
                for k, v in (data.get("stop_after") or {}).items()
            },
            minus=frozenset(norm_word(str(w)) for w in data.get("minus") or []),
            halves=frozenset(norm_word(str(w)) for w in data.get("halves") or []),
            articles=frozenset(norm_word(str(w)) for w in data.get("articles") or []),
            morphology=for_pack(pack),
        )

    # -- digits ---------------------------------------------------------------------

    def parse_digits(self, text: str) -> tuple[float, int] | None:
        """The value of a digit string and how many characters of it that value uses.

        A space-grouped prefix that does not read as one number falls back to its
        first chunk (``2022 500`` → 2022, 4 characters). ``None`` when the string
        cannot be read in this language without guessing.
        """
        return self._digits[text]

    def _parse_digits(self, text: str) -> tuple[float, int] | None:
        value = self._read(text)
        if value is not None:
            return value, len(text)
        cut = next((i for i, c in enumerate(text) if c in _SPACES), None)
        if cut is not None and sum(c in _SPACES for c in text) < 2:
            # "2022 500": a year, then a number; three groups or more that make no number
            # are a phone number or a code ("8 800 200 41 17")
            value = self._read(text[:cut])
            if value is not None:
                return value, cut
        return None

    def _read(self, text: str) -> float | None:
        if sum(c.isdigit() for c in text) > MAX_DIGITS:
            return None
        seps = [(i, c) for i, c in enumerate(text) if not c.isdigit()]
        if not seps:
            return float(int(text))
        dec = self.decimal
        decimal_at = None
        if seps[-1][1] == dec and all(c != dec for _, c in seps[:-1]):
            decimal_at = seps[-1][0]
        elif len(seps) == 1 and seps[0][1] in ".," and seps[0][1] not in self.group | {dec}:
            decimal_at = seps[0][0]  # "1.5" in a comma-decimal language: nothing else it can be
        elif len(seps) == 1 and seps[0][1] in self.group and seps[0][1] in ".,":
            after = len(text) - seps[0][0] - 1
            if after != 3:  # "1.5 triệu", "2,5": a group needs three digits after it
                if seps[0][1] == "." or dec == ",":
                    decimal_at = seps[0][0]
                else:
                    return None  # "3,5" in English: a list or a typo, not a number
        whole, frac = (
            (text, "") if decimal_at is None else (text[:decimal_at], text[decimal_at + 1 :])
        )
        if frac and not frac.isdigit():
            return None
        chunks = re.split(r"[^\d]", whole)
        marks = {c for c in whole if not c.isdigit()}
        if len(chunks) > 1:
            if len(marks) != 1 or not marks <= self.group:
                return None
            if not 1 <= len(chunks[0]) <= 3 or any(len(c) != 3 for c in chunks[1:]):
                return None
        number = float(int("".join(chunks)))
        if frac:
            number += int(frac) / 10 ** len(frac)
        return number

    # -- words ----------------------------------------------------------------------

    def _lookup(self, word: str, table: dict[str, float]) -> float | None:
        key = norm_word(word)
        if key in table:
            return table[key]
        if self.morphology.active and word[:1].isalpha():
            for lemma in self.morphology.lemmas(word):
                if lemma in table:
                    return table[lemma]
        return None

    def word_value(self, word: str) -> float | None:
        return self._values[word]

    def multiplier(self, word: str) -> float | None:
        return self._multipliers[word]

    def scale(self, word: str) -> float | None:
        return self._scales[word]

    def parse_words(self, words: Iterable[str], alone: bool = False) -> tuple[float, int] | None:
        """The value of the longest prefix of ``words`` that is one number in words,
        and how many words it takes. An ambiguous word alone (``один``, ``một``, ``năm``)
        is not a number unless ``alone`` says the caller knows a unit follows it; a
        trailing connector is not part of it; an article first (``a hundred``) is part
        of it only before another number word. ``words`` is read no further
        than the number goes (the caller may make them as they are asked for)."""
        total = current = last = 0.0
        used = 0
        seen = 0
        pending = False  # a value since the last scale word
        article = False  # the first word is an article ("a hundred")
        previous_value = 0.0  # the value of the word before, when it was a plain number word
        previous_scale = previous_multiplier = None  # what the word before was
        previous = first = ""
        read = self._read_word
        for i, word in enumerate(words):
            key, v, m, s = read[word]
            if not i and key in self.articles:
                article = True
                continue
            first = first or key
            if seen and key in self.connectors:
                continue
            if key in self.stop_after.get(previous, ()):
                break  # "hai mươi năm tù": twenty years, not twenty-five
            if key in self.halves and seen:
                if previous_scale is not None:
                    total += previous_scale / 2  # "một triệu rưỡi": one and a half million
                elif previous_multiplier is not None:
                    current += last / 2  # "một trăm rưỡi": a hundred and fifty
                    last = 0.0
                else:
                    break  # "ba năm rưỡi": half of the unit after the number, not of 3
            elif v is not None:
                if previous_value and not _follows(previous_value, v):
                    break  # "một năm" is one year, not six; "twenty five" is 25
                current += v
                last = v
                pending = True
            elif m is not None and (seen or article):
                current = current - last + max(last, 1.0) * m
                last = max(last, 1.0) * m
            elif s is not None and (seen or key in self.scales):
                # "пів мільйона" = 0.5 × 10⁶; "мільйон доз" = one million
                total += (current if pending else 1.0) * s
                current = last = 0.0
                pending = False
            else:
                break
            seen += 1
            used = i + 1
            previous = key
            previous_value = v if v is not None and last == v else 0.0
            previous_scale, previous_multiplier = s, m
        if not seen:
            return None
        if seen == 1 and first in self.ambiguous and not alone:
            return None
        return total + current, used
