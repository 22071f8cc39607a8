"""Required anchors of a regular expression: a cheap test that a text may hold a match.

Most date patterns cost a full scan of every sentence although they can only
match where one of a few words (a month name, ``yesterday``) or a digit occurs.
:func:`required` reads a compiled pattern's syntax tree and returns a set of
strings of which every match must contain at least one (``DIGIT`` stands for
any decimal digit), or ``None`` when no such set can be read off. A
:class:`Prefilter` finds, in one pass, which of several patterns may match in
which pieces of a text, so each pattern then runs only there.

The analysis is conservative: when in doubt (an unknown node, a set too large
to enumerate) it gives ``None``, which means "always run the pattern".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from itertools import product
from operator import or_
from typing import Any

#: stands for "any decimal digit" in a requirement set
DIGIT = "\0digit"
#: the most strings a set of alternatives may hold before the analysis gives up on it
MAX_STRINGS = 4000

try:  # the regular-expression parser of CPython (re._parser since 3.11)
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - another Python: no prefilter, every pattern runs
    _sre_parse = None  # type: ignore[assignment]
    _c = None  # type: ignore[assignment]

#: a conjunction of requirements: a match contains one string of each set
_Reqs = list[frozenset[str]]
#: the most sets of a conjunction kept (the most selective ones)
MAX_SETS = 3


def _score(req: frozenset[str]) -> tuple[float, int]:
    """How selective a requirement is: longer shortest string first, then fewer strings."""
    shortest = min((2.0 if s == DIGIT else float(len(s))) for s in req)
    return shortest, -len(req)


def _keep(candidates: Iterable[frozenset[str]]) -> _Reqs:
    usable = {c for c in candidates if c and "" not in c}
    return sorted(usable, key=_score, reverse=True)[:MAX_SETS]


def _is_digit_class(items: Sequence[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            continue
        if op is _c.RANGE and 48 <= av[0] <= av[1] <= 57:
            continue
        if op is _c.LITERAL and 48 <= av <= 57:
            continue
        return False
    return True


def _class_strings(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < 16:
            chars.update(chr(x) for x in range(av[0], av[1] + 1))
        else:
            return None
    return frozenset(chars)


def _node(op: Any, av: Any) -> tuple[frozenset[str] | None, _Reqs]:
    """(the finite set of strings the node matches or None, what every match contains)."""
    if op is _c.LITERAL:
        s = frozenset({chr(av)})
        return s, [s]
    if op is _c.IN:
        if _is_digit_class(av):
            return None, [frozenset({DIGIT})]
        chars = _class_strings(av)
        return chars, _keep([chars] if chars else [])
    if op is _c.SUBPATTERN:
        return _sequence(av[-1])
    if op is _c.BRANCH:
        exacts, reqs = zip(*(_sequence(alt) for alt in av[1]), strict=True)
        exact: frozenset[str] | None = None
        if all(e is not None for e in exacts):
            union = frozenset().union(*exacts)  # type: ignore[arg-type]
            exact = union if len(union) <= MAX_STRINGS else None
        either: _Reqs = []
        if all(reqs):  # one string of the best set of whichever branch matched
            union = frozenset().union(*(r[0] for r in reqs))
            either = _keep([union]) if len(union) <= MAX_STRINGS else []
        return exact, either
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        inner_exact, inner_reqs = _sequence(sub)
        if low == 0:
            if high == 1 and inner_exact is not None:
                return inner_exact | {""}, []
            return None, []
        return (inner_exact if low == high == 1 else None), inner_reqs
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset({""}), []  # zero width: neutral in a sequence
    return None, []  # any character, a negated class, a back-reference…


def _sequence(items: Iterable[tuple[Any, Any]]) -> tuple[frozenset[str] | None, _Reqs]:
    """A sequence: runs of exact items multiply into strings; each run and each other
    item's requirement must all be present."""
    candidates: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    whole: frozenset[str] | None = frozenset({""})
    for op, av in items:
        exact, reqs = _node(op, av)
        if exact is None:
            candidates += [run, *reqs]
            run, whole = frozenset({""}), None
            continue
        grown = frozenset(a + b for a, b in product(run, exact))
        if len(grown) > MAX_STRINGS:
            candidates += [run, exact]
            grown = exact
        run = grown
        if whole is not None:
            whole = frozenset(a + b for a, b in product(whole, exact))
            if len(whole) > MAX_STRINGS:
                whole = None
    candidates.append(run)
    return whole, _keep(candidates)


def required(pattern: re.Pattern[str]) -> list[frozenset[str]]:
    """Sets of strings (case-folded) such that every match of ``pattern`` contains one
    string of each set; ``DIGIT`` stands for any decimal digit. Empty when nothing can
    be said."""
    if _sre_parse is None:
        return []
    try:
        tree = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return []
    _exact, reqs = _sequence(list(tree))
    return [frozenset(s.casefold() for s in req) for req in reqs]


def trie_regex(words: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """A regex for any of ``words``, as a trie, longest match first; ``char`` writes one
    character as a regex."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


_HAS_DIGIT = re.compile(r"\d")
#: the most distinct anchor combinations whose pattern sets a prefilter remembers
MAX_MEMO = 4096
#: the most tokens (text between whitespace) whose bits a prefilter remembers
MAX_TOKENS = 200_000
#: a run of text between spaces and digits: an anchor without either lies inside one
_RUN = re.compile(r"[^\s\d]+")


class Prefilter:
    """Which of several patterns may match in which pieces of a text.

    Each (pattern, requirement set) pair is one bit; a piece of text sets the bits of
    the anchors it holds, and a pattern may match where all of its bits are set. An
    anchor without spaces or digits lies inside one token of the case-folded text (what
    ``str.split`` gives: whitespace is what ``\\s`` matches), and the same tokens (words
    with their punctuation) come back sentence after sentence: the bits of a token, with
    those of a digit in it, are looked up once and remembered, and a piece's bits are
    or-ed from its tokens' in C. What a combination of bits lets through is remembered too.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        self.size = len(patterns)
        reqs = [required(p) for p in patterns]
        #: patterns with nothing required run everywhere
        self.always = frozenset(i for i, r in enumerate(reqs) if not r)
        self.always_bits = sum(1 << i for i in self.always)
        bit: dict[tuple[int, int], int] = {}
        for i, r in enumerate(reqs):
            for k in range(len(r)):
                bit[(i, k)] = 1 << len(bit)
        #: (pattern, the bits of all its requirement sets)
        self.needs = tuple(
            (i, sum(bit[(i, k)] for k in range(len(r)))) for i, r in enumerate(reqs) if r
        )
        self.on_digit = sum(
            bit[(i, k)] for i, r in enumerate(reqs) for k, req in enumerate(r) if DIGIT in req
        )
        words: dict[str, int] = {}
        for i, r in enumerate(reqs):
            for k, req in enumerate(r):
                for s in req - {DIGIT}:
                    words[s] = words.get(s, 0) | bit[(i, k)]
        # the longest anchor at a position stands for every anchor inside it
        self.by_anchor: dict[str, int] = {}
        for a in words:
            mask = 0
            for i in range(len(a)):
                for j in range(i + 1, len(a) + 1):
                    mask |= words.get(a[i:j], 0)
            self.by_anchor[a] = mask
        self.scan = re.compile(f"(?=({trie_regex(words)}))") if words else None
        #: anchors with a space or a digit in them, looked for one by one
        self.odd = tuple(a for a in words if not _RUN.fullmatch(a))
        self._tokens: dict[str, int] = {}
        self._memo: dict[int, int] = {}

    def _token_bits(self, token: str) -> int:
        """The bits of a token: those of the anchors in each of its runs between digits,
        and :attr:`on_digit` when it holds a digit."""
        mask = self.on_digit if _HAS_DIGIT.search(token) else 0
        if self.scan is not None:
            for run in _RUN.findall(token):
                for a in set(self.scan.findall(run)):
                    mask |= self.by_anchor[a]
        return mask

    def _patterns(self, folded: str) -> int:
        """The patterns that may match in a case-folded piece of text, as bits (bit ``i``:
        pattern ``i``): those all of whose requirement bits the piece's anchors and digits
        set."""
        tokens = folded.split()
        known = self._tokens
        try:  # most tokens come back: their bits are or-ed without a Python loop
            mask = reduce(or_, map(known.__getitem__, tokens), 0)
        except KeyError:  # tokens not seen yet: their bits are worked out once
            if len(known) + len(tokens) > MAX_TOKENS:
                known.clear()
            for token in set(tokens).difference(known):
                known[token] = self._token_bits(token)
            mask = reduce(or_, map(known.__getitem__, tokens), 0)
        for a in self.odd:
            if a in folded:
                mask |= self.by_anchor[a]
        found = self._memo.get(mask)
        return self._allowed(mask) if found is None else found

    def _allowed(self, mask: int) -> int:
        """The patterns whose requirement bits are all in ``mask``, as bits (bit ``i``:
        pattern ``i``); remembered."""
        found = self.always_bits
        for i, need in self.needs:
            if mask & need == need:
                found |= 1 << i
        if len(self._memo) >= MAX_MEMO:
            self._memo.clear()
        self._memo[mask] = found
        return found

    def patterns_in(self, text: str) -> set[int]:
        """Indexes of the patterns that may match somewhere in ``text``."""
        found = self._patterns(text.casefold())
        return {i for i in range(self.size) if found >> i & 1}

    def allowed(self, text: str, pieces: Sequence[tuple[int, int]]) -> list[int]:
        """For each of the given pieces of ``text`` (sentences), the patterns that may match
        in it, as bits (bit ``i``: pattern ``i``)."""
        if not pieces:
            return []
        # case-folding maps one character at a time: where no character grows, the
        # offsets of the folded text are those of the text
        shift, stop = min(s for s, _ in pieces), max(e for _, e in pieces)
        whole = text[shift:stop].casefold()
        patterns = self._patterns
        if len(whole) == stop - shift:
            return [patterns(whole[s - shift : e - shift]) for s, e in pieces]
        return [patterns(text[s:e].casefold()) for s, e in pieces]
