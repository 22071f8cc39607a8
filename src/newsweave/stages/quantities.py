"""Quantities stage: amounts with their units (``43.500 binh sĩ`` → 43500 binh sĩ).

Per sentence, in the sentence's language pack:

1. a number is digits read with the pack's separators (:mod:`newsweave.numbers`)
   or number words (``двадцять п'ять``, ``hai mươi``), optionally followed by a
   scale word (``млн``, ``triệu``, ``billion``);
2. the unit is a currency (ISO 4217: ``євро`` → EUR, ``$`` → USD), a measure
   (``км`` → km, ``відсотків`` → %), or else the counted noun that follows, in
   its dictionary form where the pack has morphology (``солдатів`` → ``солдат``);
3. approximation words before the number set ``approx`` and a ``bound``
   (``hơn`` → lower, ``майже`` → upper);
   a range gives two amounts, the first taking the scale and unit of the second
   (``від 30 до 50 тисяч гривень``, ``2–3 км``, ``từ 8 đến 15 triệu đồng``); a sign
   before a measure makes it negative (``-12°C``, ``minus seven degrees``);
4. what is not an amount is skipped: numbers inside date expressions, years,
   times and scores (``14:30``, ``2:1``), ordinals (``3rd``, ``3-й``, ``thứ 4``),
   model names (``F-16``), list numbering, numbers after the pack's
   ``not_after`` words (``Article 5``, ``стаття 17``), words that only begin with a
   scale word (the pack's ``not_numbers``: ``tỷ lệ``), and pairs joined by a dash
   that have no unit (``2-1``, ``2024-2027``, ``067-123``).

All the words live in the packs' ``quantities`` and ``numbers`` sections.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, pairwise
from typing import Any, ClassVar

from ..lang import LanguagePack, common
from ..model import Document, Quantity
from ..morph import Morphology, forms
from ..numbers import DIGITS, Memo, NumberGrammar, norm_word
from ..pipeline import register
from ..regextrie import trie_regex as _trie

_DIGIT = re.compile(r"\d")
#: a match's text
_TEXT = re.Match.group
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*\.?")
#: longest phrase (in words) looked up as a unit, currency or approximation
MAX_PHRASE = 6
#: units of time: "2022 року" is a year even though "року" is the unit "year"
DURATIONS = frozenset({"day", "week", "month", "year", "h", "min"})
#: dashes that join the two ends of a range ("2–3 км", "10-15 людей")
DASHES = frozenset("-‐–—")
#: how a number touches a dash or a plus sign, or has an article before it ("a hundred")
#: (:meth:`Finder._number_at`)
RANGE_OPEN, RANGE_CLOSE, PLUS, HYPHEN_UNIT, ARTICLE = 1, 2, 4, 8, 16
#: readings of a word after a number that make it no counted noun ("MAX 8 виконував")
_NOT_NOUNS = frozenset(
    {"VERB", "INFN", "GRND", "PRTS", "ADVB", "PREP", "CONJ", "PRCL", "NPRO", "PRED", "INTJ"}
)
_JOIN = re.compile(r"[\s\-‐]*")  # between the words of one number ("twenty-five")


def _phrases(table: dict[str, Any]) -> dict[str, Any]:
    return {" ".join(norm_word(w) for w in str(k).split()): v for k, v in table.items()}


@dataclass(frozen=True)
class Phrases:
    """A phrase table (phrase of single-spaced words → value) and, for each word, the most
    words of a phrase that begins (``first``) or ends (``last``) with it: a longer run of
    tokens cannot be in the table and is not looked up."""

    table: dict[str, Any]
    first: dict[str, int]
    last: dict[str, int]
    #: (1, value) of a one-word phrase by the word as written, by its key or one of its
    #: lemmas; (0, None) for a word that is none
    word: Memo[str, tuple[int, Any]]

    @classmethod
    def of(cls, table: dict[str, Any], morph: Morphology) -> Phrases:
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        for key in table:
            words = key.split(" ")
            first[words[0]] = max(first.get(words[0], 0), len(words))
            last[words[-1]] = max(last.get(words[-1], 0), len(words))

        def one(word: str) -> tuple[int, Any]:
            key = _key(word)
            if key in table:
                return 1, table[key]
            if morph.active:
                for lemma in morph.lemmas(word):
                    if norm_word(lemma) in table:
                        return 1, table[norm_word(lemma)]
            return 0, None

        return cls(table, first, last, Memo(one))


@dataclass(frozen=True)
class QuantityPack:
    code: str
    numbers: NumberGrammar = field(default_factory=NumberGrammar)
    approx: dict[str, str | None] = field(default_factory=dict)
    currencies: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    symbols: dict[str, str] = field(default_factory=dict)
    #: words joined to a number by a hyphen that make it a measure: "42-year-old",
    #: "3-day", "42-річний" (by the word or one of its lemmas)
    hyphen_units: dict[str, str] = field(default_factory=dict)
    #: what makes a number before it a time of day, not an amount ("3 p.m.")
    clock: re.Pattern[str] | None = None
    #: currency codes, which may also stand before the number ("USD 300 million")
    codes: frozenset[str] = frozenset()
    vague: dict[str, float] = field(default_factory=dict)
    links: frozenset[str] = frozenset()
    not_units: frozenset[str] = frozenset()
    # phrase tables (phrase → True), looked up like the other tables
    not_after: dict[str, bool] = field(default_factory=dict)
    not_numbers: dict[str, bool] = field(default_factory=dict)
    nouns: dict[str, bool] = field(default_factory=dict)
    #: words between the two ends of a range ("до", "to", "đến"), besides a dash
    range_links: frozenset[str] = frozenset()
    classifiers: frozenset[str] = frozenset()
    singular: tuple[tuple[str, str], ...] = ()
    irregular: dict[str, str] = field(default_factory=dict)
    skip_tags: frozenset[str] = frozenset()
    year_range: tuple[int, int] = (1800, 2100)
    #: units that are currencies or measures (not counted nouns)
    measures: frozenset[str] = frozenset()
    #: the symbols, longest first ("US$" before "$")
    symbol_order: tuple[str, ...] = ()
    #: every form of a word that may start a number or a vague amount
    starters: frozenset[str] = frozenset()
    #: finds a digit or a starter word: a sentence without one holds no quantity (a symbol
    #: needs a number)
    gate: re.Pattern[str] = re.compile(r"\d")
    #: the starter words of ``gate`` alone (a digit is looked for first, which is quicker)
    word_gate: re.Pattern[str] | None = None
    # derived from the fields above (see __post_init__)
    tokenizer: re.Pattern[str] = field(init=False, repr=False, compare=False)
    phrases: dict[str, Phrases] = field(init=False, repr=False, compare=False)
    #: what may follow a number without a space: units, scales, currencies
    glued: frozenset[str] = field(init=False, repr=False, compare=False)
    #: what a word token's text (a trailing dot included) gives: (the word without the
    #: dot, its key, whether it may start an amount)
    words: Memo[str, tuple[str, str, bool]] = field(init=False, repr=False, compare=False)
    #: whether a word, by one of its lemmas, is a ``not_after`` word
    after_word: Memo[str, bool] = field(init=False, repr=False, compare=False)
    #: whether a token's text (a match of ``tokenizer``) may start an amount: a number, or
    #: a word whose key is a starter (what kind a token is follows from its text)
    starts: Memo[str, bool] = field(init=False, repr=False, compare=False)
    #: what a token's text gives its :class:`Tok`: (kind, text without a word's final dot,
    #: key)
    kinds: Memo[str, tuple[str, str, str]] = field(init=False, repr=False, compare=False)
    #: whether a run of text between spaces (with no digit in it), scanned alone, holds a
    #: starter word token; None when a symbol holds a space (tokens may then cross spaces)
    chunks: Memo[str, bool] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tables = (
            "approx",
            "currencies",
            "units",
            "vague",
            "not_after",
            "not_numbers",
            "nouns",
            "hyphen_units",
        )
        glued = {*self.units, *self.numbers.scales, *self.numbers.glued_scales, *self.currencies}
        object.__setattr__(self, "tokenizer", _token_regex(self.symbol_order))
        morph = self.numbers.morphology
        phrases = {t: Phrases.of(getattr(self, t), morph) for t in tables}
        object.__setattr__(self, "phrases", phrases)
        object.__setattr__(self, "glued", frozenset(glued))
        object.__setattr__(self, "words", Memo(self._word))
        object.__setattr__(
            self,
            "after_word",
            Memo(lambda w: any(norm_word(x) in self.not_after for x in morph.lemmas(w))),
        )
        object.__setattr__(self, "starts", Memo(self._starts))
        object.__setattr__(self, "kinds", Memo(self._kind))
        spaced = any(not s.split() or s.split()[0] != s for s in self.symbol_order)
        object.__setattr__(self, "chunks", None if spaced else Memo(self._chunk))

    def _starts(self, text: str) -> bool:
        kind = self.tokenizer.match(text).lastgroup  # type: ignore[union-attr]
        return kind == "num" or (kind == "word" and self.words[text][2])

    def _kind(self, text: str) -> tuple[str, str, str]:
        kind = self.tokenizer.match(text).lastgroup  # type: ignore[union-attr]
        if kind == "word":
            word, key, _ = self.words[text]
            return kind, word, key
        return str(kind), text, text if kind == "sym" else ""

    def _chunk(self, text: str) -> bool:
        return any(self.starts[m.group()] for m in self.tokenizer.finditer(text))

    def _word(self, text: str) -> tuple[str, str, bool]:
        word = text[:-1] if text[-1] == "." else text
        key = _key(word)
        return word, key, key in self.starters

    def may_hold(self, text: str, start: int, end: int) -> bool:
        if self.word_gate is None:
            return self.gate.search(text, start, end) is not None
        return (
            _DIGIT.search(text, start, end) is not None
            or self.word_gate.search(text, start, end) is not None
        )

    def may_start(self, text: str, start: int, end: int) -> bool:
        """Whether a sentence may hold a token that starts an amount: :meth:`may_hold`,
        with the starter words looked for first in each run of text between spaces
        (remembered: the same runs come back sentence after sentence), which rules out
        most sentences without a digit more cheaply than the regex. The answer differs
        from :meth:`may_hold` only for sentences without such a token, where the stage
        finds nothing anyway."""
        if self.word_gate is None or self.chunks is None:
            return self.may_hold(text, start, end)
        if _DIGIT.search(text, start, end) is not None:
            return True
        return (
            any(map(self.chunks.__getitem__, text[start:end].split()))
            and self.word_gate.search(text, start, end) is not None
        )

    @classmethod
    def from_pack(cls, pack: LanguagePack) -> QuantityPack:
        data: dict[str, Any] = pack.data.get("quantities") or {}
        shared: dict[str, Any] = common().data.get("quantities") or {}

        def words(key: str) -> frozenset[str]:
            return frozenset(
                " ".join(norm_word(x) for x in str(w).split()) for w in data.get(key) or []
            )

        currencies = _phrases(data.get("currencies") or {})
        units = _phrases({**(shared.get("units") or {}), **(data.get("units") or {})})
        symbols = {**(shared.get("symbols") or {}), **(data.get("symbols") or {})}
        numbers = NumberGrammar.from_pack(pack)
        firsts = [
            *numbers.words,
            *numbers.multipliers,  # after an article: "a hundred"
            *numbers.scales,
            *(k.split()[0] for k in _phrases(data.get("vague") or {})),
        ]
        starters = frozenset(
            norm_word(f) for w in firsts for f in forms(numbers.morphology, norm_word(w))
        )
        starter_words = rf"(?<![^\W\d_])(?:{_trie(starters, _char)})(?![^\W\d_])"
        return cls(
            code=pack.code,
            starters=starters,
            gate=re.compile(rf"\d|{starter_words}", re.IGNORECASE),
            word_gate=re.compile(starter_words, re.IGNORECASE),
            symbol_order=tuple(sorted(symbols, key=len, reverse=True)),
            measures=frozenset(
                map(str, [*currencies.values(), *units.values(), *symbols.values()])
            ),
            numbers=numbers,
            approx=_phrases(data.get("approx") or {}),
            currencies=currencies,
            units=units,
            hyphen_units=_phrases(data.get("hyphen_units") or {}),
            codes=frozenset(
                str(v)
                for v in (*currencies.values(), *units.values())
                if len(str(v)) == 3 and str(v).isalpha() and str(v).isupper()
            ),
            clock=_clock(data.get("clock") or []),
            symbols=symbols,
            vague=_phrases(data.get("vague") or {}),
            links=words("links"),
            # a range's link word is never the counted thing ("від 30 до 50")
            not_units=words("not_units") | words("range_links"),
            range_links=words("range_links"),
            not_numbers=dict.fromkeys(words("not_numbers"), True),
            not_after=dict.fromkeys(words("not_after"), True),
            nouns=dict.fromkeys(words("nouns"), True),
            classifiers=words("classifiers"),
            singular=tuple((str(a), str(b)) for a, b in data.get("singular") or []),
            irregular={norm_word(k): str(v) for k, v in (data.get("irregular") or {}).items()},
            skip_tags=frozenset(str(t) for t in data.get("skip_tags") or []),
        )


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    kind: str  # "num" | "word" | "sym"
    key: str = ""


def _char(ch: str) -> str:
    """One character of a pack word in a regex: any apostrophe for an apostrophe."""
    return "['’ʼ]" if ch == "'" else re.escape(ch)


@lru_cache(maxsize=16)
def _token_regex(symbols: tuple[str, ...]) -> re.Pattern[str]:
    """Symbols (longest first), then digit groups, then words: one scan per sentence."""
    sym = "|".join(re.escape(s) for s in symbols) or "(?!)"
    return re.compile(rf"(?P<sym>{sym})|(?P<num>{DIGITS.pattern})|(?P<word>{_WORD.pattern})")


def _clock(words: list[Any]) -> re.Pattern[str] | None:
    """What, after a number, makes it a time of day: a pack's ``clock`` words (a dot in
    one may be left out: "p.m." and "pm")."""
    if not words:
        return None
    forms = sorted({str(w).casefold() for w in words}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\.", r"\.?") for w in forms)
    return re.compile(rf"\s*(?:{body})(?![^\W\d_])", re.IGNORECASE)


#: a word joined to a number by a hyphen ("42-year-old", "42-річний")
_HYPHENED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _key(word: str) -> str:
    """A word token's lookup key: :func:`norm_word` of it, which for one word is its case
    folding with one kind of apostrophe."""
    key = word.casefold()
    return norm_word(word) if "’" in key or "ʼ" in key else key


class _Tokens(dict[int, Tok]):
    """The tokens of one sentence by index, each made on first use.

    All the regex matches are taken (their count, and which may start an amount, are
    needed), but only the tokens around candidates are ever read (about a third of
    them): building a :class:`Tok` for every match was a large share of the stage's
    time. A dict with ``__missing__`` keeps the reads of tokens already made at the speed
    of a dict lookup; ``len`` (and ``n``) is the number of tokens, made or not, as for a
    list. Which tokens may start an amount is read off their texts (``starts``) in C.
    """

    __slots__ = ("candidates", "kinds", "matches", "n", "words")

    def __init__(
        self,
        matches: Iterator[re.Match[str]],
        words: Memo[str, tuple[str, str, bool]],
        starts: Memo[str, bool] | None = None,
        kinds: Memo[str, tuple[str, str, str]] | None = None,
    ):
        super().__init__()
        self.matches = list(matches)
        self.words = words
        self.kinds = kinds
        self.n = len(self.matches)
        #: indexes of the tokens that may start an amount: numbers and starter words
        if starts is not None:  # (the pack's :attr:`QuantityPack.starts`)
            flags = map(starts.__getitem__, map(_TEXT, self.matches))
            self.candidates = list(compress(count(), flags))
        else:
            self.candidates = [
                k
                for k, m in enumerate(self.matches)
                if (kind := m.lastgroup) == "num" or (kind == "word" and words[m.group()][2])
            ]

    def __len__(self) -> int:
        return self.n

    def __missing__(self, k: int) -> Tok:
        m = self.matches[k]
        if self.kinds is not None:
            at = m.start()
            kind, text, key = self.kinds[m.group()]
            tok = self[k] = Tok(at, at + len(text), text, kind, key)
            return tok
        kind = m.lastgroup
        text = m.group()
        at, stop = m.span()
        if kind == "word":
            word, key, _ = self.words[text]
            tok = Tok(at, at + len(word), word, "word", key)
        elif kind == "num":
            tok = Tok(at, stop, text, "num")
        else:
            tok = Tok(at, stop, text, "sym", text)
        self[k] = tok
        return tok

    def span(self, a: int, b: int) -> list[Tok]:
        """The tokens ``a`` to ``b`` (exclusive), as a list slice would give them."""
        return [self[k] for k in range(a, min(b, self.n))]


#: signs that make the number after them a label ("№ 5", "# 3"), not an amount
_NUMBER_SIGNS = frozenset("№#")
#: what follows a number that numbers a line ("1. ", "2) ")
_LIST_MARKS = frozenset({".", ")"})


def _last_char(text: str, end: int) -> str:
    """The last character before ``end`` that is not a space ("" when there is none)."""
    k = end - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return text[k] if k >= 0 else ""


def _adjacent(text: str, a: Tok, b: Tok) -> bool:
    """Only spaces (or nothing, or the dot of an abbreviation: "No. 10") between two tokens."""
    if a.end == b.start:
        return True
    gap = text[a.end : b.start].strip()
    return not gap or (gap == "." and a.kind == "word")


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    value: float
    unit: str | None = None
    approx: bool = False
    bound: str | None = None
    #: where the number starts (its sign or currency symbol included, the words of an
    #: approximation not), the scale word's factor, and whether it is written in words
    number_start: int = 0
    scale: float = 1.0
    words: bool = False
    #: RANGE_OPEN / RANGE_CLOSE: a dash and a digit touch the number; such a number is an
    #: amount only as an end of a range with a unit ("2–3 км", not "2-1")
    dash: int = 0
    paired: bool = False


class Finder:
    """Finds quantities in one sentence (pure apart from the morphology cache)."""

    def __init__(
        self, pack: QuantityPack, text: str, blocked: list[tuple[int, int]], signs: bool = True
    ):
        self.pack = pack
        self.text = text
        self.blocked = blocked
        #: whether the text may hold a number sign (False: it holds none)
        self.signs = signs

    def _phrase(self, toks: _Tokens, i: int, phrases: Phrases) -> tuple[int, Any]:
        """(words, value) of the longest phrase of ``table`` starting at token ``i``."""
        first = toks[i]
        if first.kind != "word":
            return 0, None
        most = phrases.first.get(first.key, 0)
        if most < 2:  # no phrase of more words than the table has after this first word
            return phrases.word[first.text]
        table = phrases.table
        for n in range(min(MAX_PHRASE, toks.n - i, most), 1, -1):
            span = toks.span(i, i + n)
            if any(t.kind != "word" for t in span):
                continue
            if not all(_adjacent(self.text, a, b) for a, b in pairwise(span)):
                continue
            key = " ".join(t.key for t in span)
            if key in table:
                return n, table[key]
        return phrases.word[first.text]

    def _phrase_before(self, toks: _Tokens, i: int, phrases: Phrases) -> tuple[int, Any]:
        """(words, value) of the longest phrase of ``table`` that ends just before token ``i``."""
        if i == 0 or toks[i - 1].kind != "word":
            return 0, None
        most = phrases.last.get(toks[i - 1].key, 0)
        if not most:  # no phrase of more words than the table has before this last word
            return 0, None
        table = phrases.table
        for n in range(min(MAX_PHRASE, i, most), 0, -1):
            span = toks.span(i - n, i)
            if any(t.kind != "word" for t in span):
                continue
            if not all(_adjacent(self.text, a, b) for a, b in pairwise([*span, toks[i]])):
                continue
            key = " ".join(t.key for t in span)
            if key in table:
                return n, table[key]
        return 0, None

    def _blocked(self, start: int, end: int) -> bool:
        return bool(self.blocked) and any(s < end and start < e for s, e in self.blocked)

    def _glued_ok(self, tok: Tok, toks: _Tokens, j: int) -> bool:
        """A number followed without a space by a letter: only a unit or scale may do that."""
        if j >= toks.n or toks[j].start != tok.end or toks[j].kind != "word":
            return True
        return toks[j].key in self.pack.glued

    def _number_at(self, toks: _Tokens, i: int) -> tuple[float, int, bool, int] | None:
        """(value, tokens used, written in words, how it touches a dash or a plus sign:
        RANGE_OPEN, RANGE_CLOSE, PLUS or 0) of a number starting at token ``i``."""
        tok = toks[i]
        text = self.text
        if tok.kind == "num":
            before = text[tok.start - 1] if tok.start > 0 else " "
            after = text[tok.end] if tok.end < len(text) else " "
            after2 = text[tok.end + 1] if tok.end + 1 < len(text) else " "
            touch = 0
            if before == "+":  # "+2 °C" (a measure), not "+380 67 …" (a phone number)
                before2 = text[tok.start - 2] if tok.start > 1 else " "
                if not (before2.isspace() or before2 in "(–—"):
                    return None
                touch = PLUS
            if (
                before.isalpha()
                or before in "#№_/:"
                # (after anything but a space, the last character is ``before``)
                or (
                    self.signs and before.isspace() and _last_char(text, tok.start) in _NUMBER_SIGNS
                )
            ):
                return None  # M142, №5, № 5, +380, 22/5, 14:30
            if before in DASHES and tok.start > 1 and text[tok.start - 2].isalpha():
                return None  # F-16, Су-25
            if before in DASHES and tok.start > 1 and text[tok.start - 2].isdigit():
                touch = RANGE_CLOSE  # the "15" of "10-15"
            if after in ":/" and after2.isdigit():
                return None  # 14:30, 2:1, 22/5
            if after in DASHES and after2.isalpha():
                if self._hyphen_unit(tok.end + 1) is None:
                    return None  # 3-й
                touch |= HYPHEN_UNIT  # "42-year-old", "42-річний"
            if after in DASHES and after2.isdigit():
                if touch:
                    return None  # 067-123-45: a code
                touch = RANGE_OPEN  # the "10" of "10-15"
            if after == "." and after2.isdigit():
                return None
            if after == ")" and before != "(":
                return None  # "1) energy, 2) defence": list numbering
            if self.pack.clock is not None and self.pack.clock.match(text, tok.end):
                return None  # "3 p.m.": a time of day
            if (
                len(tok.text) > 1
                and tok.text[0] == "0"
                and tok.text[1] != self.pack.numbers.decimal
            ):
                return None  # 0800 789 321, 0 800 500 225, 067: a phone number or a code
            parsed = self.pack.numbers.parse_digits(tok.text)
            if parsed is None:
                return None
            value, used = parsed
            if used < len(tok.text):  # "2022 500": only the first chunk
                tok.end = tok.start + used
                tok.text = tok.text[:used]
            if not self._glued_ok(tok, toks, i + 1):
                return None
            return value, 1, False, touch
        if tok.kind != "word":
            return None
        if self._phrase(toks, i, self.pack.phrases["not_numbers"])[0]:
            return None  # "tỷ lệ": a word that begins with a scale word
        numbers = self.pack.numbers
        at = i  # an article before a number word is part of it: "a hundred", "a dozen"
        if (
            numbers.articles
            and i
            and toks[i - 1].key in numbers.articles
            and toks[i - 1].kind == "word"
            and _adjacent(self.text, toks[i - 1], tok)
        ):
            at = i - 1
        parsed_words = numbers.parse_words(self._joined_words(toks, at))
        if parsed_words is None:
            return None
        value, used = parsed_words
        return (value, used - 1, True, ARTICLE) if at < i else (value, used, True, 0)

    def _hyphen_unit(self, at: int) -> tuple[str, int] | None:
        """(unit, end) of a pack's hyphen unit word starting at ``at`` (just after the
        hyphen), or None."""
        m = _HYPHENED.match(self.text, at)
        if m is None:
            return None
        parts = m.group().split("-")
        for n in range(len(parts), 0, -1):  # "42-year-old-man": the longest listed start
            word = "-".join(parts[:n])
            found, unit = self.pack.phrases["hyphen_units"].word[word]
            if found:
                return str(unit), at + len(word)
        return None

    def _joined_words(self, toks: _Tokens, i: int) -> Iterator[str]:
        """The words from token ``i`` on (eight at most) with only spaces or hyphens between
        them, made as the number parser asks for them: it stops at the first word that
        is not part of a number."""
        prev = None
        for k in range(i, min(i + 8, toks.n)):
            t = toks[k]
            if t.kind != "word" or (
                prev is not None and not _JOIN.fullmatch(self.text, prev.end, t.start)
            ):
                return
            yield t.text
            prev = t

    def _capital_after(self, toks: _Tokens, i: int) -> bool:
        k = i + 1
        return k < toks.n and toks[k].kind == "word" and toks[k].text[:1].isupper()

    def _sentence_start(self, tok: Tok) -> bool:
        before = self.text[max(0, tok.start - 3) : tok.start].strip()
        return tok.start == 0 or not before or before[-1] in '.!?\n"«“(—–-'

    def _is_line_number(self, tok: Tok) -> bool:
        line_start = self.text.rfind("\n", 0, tok.start) + 1
        return (
            not self.text[line_start : tok.start].strip()
            and self.text[tok.end : tok.end + 2].rstrip() in _LIST_MARKS
        )

    def _noun(self, toks: _Tokens, j: int) -> tuple[int, str | None]:
        """(tokens, unit) of the counted noun at token ``j``."""
        pack = self.pack
        if j >= toks.n or toks[j].kind != "word":
            return 0, None
        first = toks[j]
        if not first.text[:1].islower():
            unit = self._acronym(toks, j)  # "15 UAVs", "20 БпЛА"
            return (1, unit) if unit else (0, None)
        if first.key in pack.not_units:
            return 0, None
        if pack.numbers.word_value(first.text) is not None:
            return 0, None  # "nineteen eighty": a number word is no counted thing
        n, _ = self._phrase(toks, j, pack.phrases["nouns"])
        if n:
            return n, " ".join(t.text for t in toks.span(j, j + n))
        if first.key in pack.classifiers and j + 1 < toks.n and toks[j + 1].kind == "word":
            rest = toks[j + 1]
            if rest.text[:1].islower() and rest.key not in pack.not_units:
                m, _ = self._phrase(toks, j + 1, pack.phrases["nouns"])
                m = m or 1
                return 1 + m, " ".join(t.text for t in toks.span(j, j + 1 + m))
        morph = pack.numbers.morphology
        k = j
        if morph.active and pack.skip_tags:  # "5 українських солдатів": the noun, not the adjective
            while k < toks.n - 1 and k < j + 3:
                info = morph.info(toks[k].text)
                if not info or not (info.tags & pack.skip_tags):
                    break
                after = toks[k + 1]
                if not _adjacent(self.text, toks[k], after):
                    break  # "двох чоловіків, які": the clause after is not the noun's
                if after.kind == "word" and not after.text[:1].islower():
                    unit = self._acronym(toks, k + 1)  # "15 ударних БпЛА"
                    if unit:
                        return k + 2 - j, unit
                    break
                if after.kind != "word":
                    break
                k += 1
        word = toks[k]
        if word.key in pack.not_units:
            return 0, None
        if morph.active:
            info = morph.info(word.text)
            if info is not None and info.tags & _NOT_NOUNS:
                return 0, None  # "MAX 8 виконував": a verb is no counted thing
            # "чоловіків": a possessive adjective first, but after a number the noun
            return k - j + 1, morph.noun_lemma(word.text) or morph.lemma(word.text)
        key = word.key
        if key in pack.irregular:
            return 1, pack.irregular[key]
        for suffix, repl in pack.singular:
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                return 1, key[: len(key) - len(suffix)] + repl
        return 1, key

    def _acronym(self, toks: _Tokens, j: int) -> str | None:
        """The abbreviation at token ``j`` as a counted thing ("15 UAVs", "20 БпЛА"), without
        a plural "s"; None when it is none, or when a noun follows it ("5 EU states": the
        abbreviation qualifies that noun)."""
        text = toks[j].text
        plural = len(text) > 2 and text[-1] == "s" and text[-2].isupper()
        if plural:  # "UAVs": the abbreviation is the head noun
            text = text[:-1]
        if not (
            2 <= len(text) <= 6
            and text.isalpha()
            and text[0].isupper()
            and text[-1].isupper()
            and sum(map(str.isupper, text)) >= 2
        ):
            return None
        if (
            not plural
            and j + 1 < toks.n
            and toks[j + 1].kind == "word"
            and toks[j + 1].text[:1].islower()
        ):
            nxt = toks[j + 1]
            if _adjacent(self.text, toks[j], nxt):
                morph = self.pack.numbers.morphology
                info = morph.info(nxt.text) if morph.active else None
                if info is None and nxt.key not in self.pack.not_units:
                    return None  # "5 EU states"
                if info is not None and "NOUN" in info.tags and not info.tags & _NOT_NOUNS:
                    return None  # "5 ЄС країн"
        return text

    def find(self, start: int, end: int) -> list[_Found]:
        pack = self.pack
        matches = pack.tokenizer.finditer(self.text, start, end)
        toks = _Tokens(matches, pack.words, pack.starts, pack.kinds)
        size = toks.n
        text = self.text
        phrases = pack.phrases
        vague = phrases["vague"]
        out: list[_Found] = []
        i = 0
        # only candidates: most tokens are neither numbers nor starter words
        for at in toks.candidates:
            if at < i:
                continue  # inside the amount before
            i = at
            tok = toks[i]
            vague_n, vague_v = (0, None) if tok.kind != "word" else self._phrase(toks, i, vague)
            number = None if vague_n else self._number_at(toks, i)
            if not vague_n and number is None:
                i += 1
                continue
            if self.blocked and self._blocked(tok.start, toks[i].end):
                i += 1
                continue
            first = i
            found = _Found(tok.start, tok.end, 0.0)
            touch = 0
            if vague_n:
                found.value, found.approx, found.bound = float(vague_v), True, "lower"
                j = i + vague_n
                words = True
            else:
                assert number is not None
                found.value, used, words, touch = number
                found.dash = touch & (RANGE_OPEN | RANGE_CLOSE)
                j = i + used
                if touch & ARTICLE:
                    first -= 1
                    found.start = toks[first].start
            found.end = toks[j - 1].end
            if touch & HYPHEN_UNIT:  # "42-year-old": the word after the hyphen is the unit
                found.unit, found.end = self._hyphen_unit(tok.end + 1) or (None, found.end)
                while j < size and toks[j].start < found.end:
                    j += 1
            digits_only = not words and not vague_n
            if (
                digits_only
                and text[tok.end : tok.end + 2].rstrip() in _LIST_MARKS
                and self._is_line_number(tok)
            ):
                i = j
                continue
            # a currency symbol before the number: "$5", "€ 40"
            if (
                first > 0
                and toks[first - 1].kind == "sym"
                and _adjacent(text, toks[first - 1], tok)
            ):
                unit = pack.symbols.get(toks[first - 1].text)
                if unit and unit != "%":
                    found.unit = unit
                    found.start = toks[first - 1].start
                    first -= 1
            elif (
                first > 0
                and toks[first - 1].text in pack.codes
                and _adjacent(text, toks[first - 1], tok)
            ):  # a currency code before it: "USD 300 million", "UAH 12.5 billion"
                found.unit = toks[first - 1].text
                found.start = toks[first - 1].start
                first -= 1
            # scale words: "3,5 млрд", "2 triệu", "1.5bn"
            scaled = False
            while j < size and toks[j].kind == "word" and _adjacent(text, toks[j - 1], toks[j]):
                s = pack.numbers.scale(toks[j].text)
                if s is None and toks[j].start == toks[j - 1].end:
                    s = pack.numbers.glued_scales.get(toks[j].key)
                if s is None:
                    break
                found.value *= s
                found.scale *= s
                found.end = toks[j].end
                scaled = True
                j += 1
                if (
                    j < size
                    and toks[j].key in pack.numbers.halves
                    and _adjacent(text, toks[j - 1], toks[j])
                ):
                    found.value += s / 2  # "2 triệu rưỡi": two and a half million
                    found.end = toks[j].end
                    j += 1
                    break
            if vague_n and j < size and toks[j].key in pack.links:
                j += 1  # "thousands of people"
            # unit
            if found.unit is None and j < size and _adjacent(text, toks[j - 1], toks[j]):
                if toks[j].kind == "sym" and toks[j].text in pack.symbols:
                    found.unit = pack.symbols[toks[j].text]
                    found.end = toks[j].end
                    j += 1
                else:
                    n, unit = self._phrase(toks, j, phrases["currencies"])
                    if not n:
                        n, unit = self._phrase(toks, j, phrases["units"])
                    if n:
                        found.unit = str(unit)
                        found.end = toks[j + n - 1].end
                        j += n
                        # half of the unit after it: "hai tiếng rưỡi" is two and a half hours
                        if (
                            j < size
                            and toks[j].key in pack.numbers.halves
                            and found.scale == 1.0
                            and not vague_n
                            and _adjacent(text, toks[j - 1], toks[j])
                        ):
                            found.value += 0.5
                            found.end = toks[j].end
                            j += 1
            if found.unit is None and j < size and toks[j].key in pack.links and words:
                j += 1  # "dozens of", "two of": the noun after
            if found.unit is None and j < size and _adjacent(text, toks[j - 1], toks[j]):
                n, unit = self._noun(toks, j)
                if n:
                    found.unit = unit
                    found.end = toks[j + n - 1].end
                    j += n
            if not self._keep(toks, first, i, found, words, scaled):
                i = max(j, i + 1)
                continue
            # a sign before: "мінус 18", "minus seven degrees", "−12 °C", "-12°C", "+2 °C"
            measure = found.unit in pack.measures
            if (not words or measure) and not vague_n and first > 0:
                prev = toks[first - 1]
                if (
                    prev.kind == "word"
                    and prev.key in pack.numbers.minus
                    and _adjacent(text, prev, toks[first])
                ):
                    found.value, found.start, first = -found.value, prev.start, first - 1
            if not words and found.start == tok.start > 0:
                sign = text[tok.start - 1]
                if sign == "−" or (sign == "-" and measure and not found.dash):
                    found.value, found.start = -found.value, tok.start - 1
                elif touch & PLUS:
                    if not measure:
                        i = max(j, i + 1)
                        continue  # "+380 …": a phone number
                    found.start = tok.start - 1
            found.number_start, found.words = found.start, words
            # approximation before: "hơn 3.200", "more than 20", "близько"
            n, bound = self._phrase_before(toks, first, phrases["approx"])
            if n:
                found.approx = True
                found.bound = bound or found.bound
                found.start = toks[first - n].start
            out.append(found)
            i = max(j, i + 1)
        return self._ranges(out) if out else out

    def _ranges(self, out: list[_Found]) -> list[_Found]:
        """The first end of a range takes the scale and unit of the second ("від 30 до
        50 тисяч гривень", "2–3 км"); a link word read as the second's approximation
        ("до 50") is not one. Numbers joined by a dash that make no such range ("2-1 win",
        "2024-2027") are dropped."""
        text, links = self.text, self.pack.range_links
        for a, b in pairwise(out):
            if a.unit is not None or a.scale != 1.0 or a.words:
                continue
            if b.unit is None and b.scale == 1.0:
                continue
            gap = text[a.end : b.number_start].strip()
            if gap in DASHES:
                if a.value * b.scale >= b.value:
                    continue  # a range written with a dash rises: "2-1 win" is a score
            elif norm_word(gap) not in links:  # "від 5 до 3 %" may fall
                continue
            a.value *= b.scale
            a.unit = b.unit
            a.paired = b.paired = True
            if b.start < b.number_start and text[b.start : b.number_start].strip() == gap:
                b.start, b.approx, b.bound = b.number_start, False, None
        return [f for f in out if not f.dash or f.paired]

    def _keep(
        self, toks: _Tokens, first: int, at: int, found: _Found, words: bool, scaled: bool
    ) -> bool:
        """Whether the amount found at token ``at`` (``first``: its first token, a sign or
        a currency symbol included) is one."""
        pack = self.pack
        tok = toks[at]
        prev = toks[first - 1] if first > 0 else None
        if prev is not None and prev.kind == "word":
            n, _ = self._phrase_before(toks, first, pack.phrases["not_after"])
            if n or pack.after_word[prev.text]:
                return False  # "Article 5", "thứ 4", "стаття 17"
        if words and found.unit is None:
            return False  # "one of them": words alone are not an amount
        if (
            not scaled
            and prev is not None
            and prev.kind == "word"
            and any(map(str.isupper, prev.text))
            and _adjacent(self.text, prev, tok)
            and not self._sentence_start(prev)
            and (found.unit is None or self._capital_after(toks, at))
        ):
            return False  # "Highway 401", "Boeing 737 MAX", "iPhone 16 Pro": part of a name
        if tok.kind == "num" and tok.text.isdigit() and len(tok.text) == 4 and not scaled:
            lo, hi = pack.year_range
            if lo <= int(tok.text) <= hi and (
                found.unit not in pack.measures or found.unit in DURATIONS
            ):
                return False  # "in 2014", "2022 році": a year, not an amount
        return True


@register
class Quantities:
    """Fill ``quantities``: amounts with value, unit, approximation and bound."""

    name: ClassVar[str] = "quantities"
    requires: ClassVar[tuple[str, ...]] = ("text", "sentences", "lang", "dates")
    provides: ClassVar[tuple[str, ...]] = ("quantities",)

    def __init__(self, packs: Sequence[LanguagePack]):
        self.packs = {p.code: QuantityPack.from_pack(p) for p in packs}

    def __call__(self, doc: Document) -> Document:
        doc.quantities = []
        if not doc.text:
            return doc
        # the date spans by start; a sentence is checked against those that overlap it
        blocked = sorted((d.start, d.end) for d in doc.dates)
        starts = [s for s, _ in blocked]
        longest = max((e - s for s, e in blocked), default=0)
        fallback = self.packs.get(doc.lang or "")
        signs = any(c in doc.text for c in _NUMBER_SIGNS)
        found = doc.quantities
        for sent in doc.sentences:
            pack = self.packs.get(sent.lang or "") or fallback
            if pack is None or not pack.may_start(doc.text, sent.start, sent.end):
                continue
            near = blocked[
                bisect_left(starts, sent.start - longest) : bisect_left(starts, sent.end)
            ]
            for f in Finder(pack, doc.text, near, signs).find(sent.start, sent.end):
                value: float | int = int(f.value) if f.value.is_integer() else f.value
                text = doc.text[f.start : f.end]
                found.append(Quantity(f.start, f.end, text, value, f.unit, f.approx, f.bound))
        return doc
