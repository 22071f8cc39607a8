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
from itertools import product
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


class Prefilter:
    """Which of several patterns may match in which pieces of a text."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        self.size = len(patterns)
        reqs = [required(p) for p in patterns]
        #: patterns with nothing required run everywhere
        self.always = frozenset(i for i, r in enumerate(reqs) if not r)
        #: pattern -> how many requirement sets it has
        self.needs = {i: len(r) for i, r in enumerate(reqs) if r}
        self.on_digit = frozenset(
            (i, k) for i, r in enumerate(reqs) for k, req in enumerate(r) if DIGIT in req
        )
        words: dict[str, set[tuple[int, int]]] = {}
        for i, r in enumerate(reqs):
            for k, req in enumerate(r):
                for s in req - {DIGIT}:
                    words.setdefault(s, set()).add((i, k))
        # a match of the scan is the longest anchor starting at its position; the shorter
        # anchors it holds (starting there or inside it) count as found too
        self.by_anchor: dict[str, frozenset[tuple[int, int]]] = {
            a: frozenset().union(
                *(words.get(a[i:j], ()) for i in range(len(a)) for j in range(i + 1, len(a) + 1))
            )
            for a in words
        }
        self.scan = re.compile(trie_regex(words)) if words else None

    def patterns_in(self, text: str) -> set[int]:
        """Indexes of the patterns that may match somewhere in ``text``."""
        met: set[tuple[int, int]] = set()
        if self.on_digit and _HAS_DIGIT.search(text):
            met |= self.on_digit
        if self.scan is not None:
            folded = text.casefold()
            pos = 0
            while (m := self.scan.search(folded, pos)) is not None:
                met |= self.by_anchor[m.group()]
                pos = m.start() + 1
        count: dict[int, int] = {}
        for i, _k in met:
            count[i] = count.get(i, 0) + 1
        return set(self.always) | {i for i, n in count.items() if n == self.needs[i]}

    def windows(self, text: str, pieces: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """For each pattern, the spans of ``text`` to run it on: the given pieces (sentences)
        that may hold a match, consecutive ones merged."""
        out: list[list[tuple[int, int]]] = [[] for _ in range(self.size)]
        last: list[int] = [-1] * self.size
        for k, (start, end) in enumerate(pieces):
            for i in self.patterns_in(text[start:end]):
                spans = out[i]
                if last[i] == k - 1 and spans:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
                last[i] = k
        return out
