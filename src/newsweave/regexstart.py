"""Where a match of a regular expression can start: one scan for several patterns.

``pattern.finditer(text, start, end)`` tries every position of the span, and a
pattern that opens with a lookbehind and ignores case gives the engine nothing to
skip ahead with. Most date patterns can only start with one of a few words, a
digit or a quote, though. :func:`heads` reads a pattern's syntax tree and returns
a finite set of *heads*, short strings such that every match starts with one of
them (case ignored), written over an alphabet of characters and two symbols:
:data:`SPACE` (a run of whitespace) and :data:`DIGIT` (a run of decimal digits).
A :class:`StartScanner` puts the heads of all its patterns in one trie regex,
finds the positions where any head occurs in one C-level scan of the lower-cased
text (which skips ahead to the characters before words), and
runs each pattern with ``pattern.match(text, pos, end)`` only at the positions
where one of its own heads occurs, in order, going on after each match from its
end. That is what ``finditer`` does for a pattern that cannot match the empty
string, so the matches are the same; a pattern the analysis cannot bound (it may
start with anything, or match the empty string) runs with ``finditer``.

The analysis is conservative: a head may stand for more than the pattern accepts
(a digit for ``[12]``, a run of spaces for one space), never for less.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .regextrie import trie_regex

try:  # the regular-expression parser of CPython (re._parser since 3.11)
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - another Python: every pattern runs with finditer
    _sre_parse = None  # type: ignore[assignment]
    _c = None  # type: ignore[assignment]

#: a head symbol: one or more whitespace characters (``\s+``)
SPACE = "\ue000"
#: a head symbol: one or more decimal digits (``\d+``)
DIGIT = "\ue001"
_RUNS = (SPACE, DIGIT)
#: characters whose lower case is longer (str.lower) than the one re.IGNORECASE uses
_LONG_LOWER = {0x130: "i"}
#: the longest heads read (in characters and symbols)
MAX_LEN = 8
#: the most heads of one pattern: the heads are read one symbol longer at a time while
#: there are no more than this many
MAX_HEADS = 300
#: repetitions of a repeated item read before a head stops there
UNROLL = 2
#: the most distinct head texts whose patterns a scanner remembers
MAX_MEMO = 50_000


def _symbol(ch: str) -> str:
    """A literal character as a head symbol: whitespace and digits stand for their class,
    other characters for their lower case (the scan ignores case)."""
    if ch.isspace():
        return SPACE
    if ch.isdecimal():
        return DIGIT
    low = ch.lower()
    return low if len(low) == 1 else _LONG_LOWER.get(ord(ch), ch)


def _class_symbols(items: Sequence[tuple[Any, Any]]) -> list[str] | None:
    """The symbols of a character class (``[…]``), or None when it is not read: a negated
    class, a category other than digits and spaces, a large range."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(_symbol(chr(av)))
        elif op is _c.RANGE and av[1] - av[0] < 64:
            out.update(_symbol(chr(x)) for x in range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            out.add(DIGIT)
        elif op is _c.CATEGORY and av is _c.CATEGORY_SPACE:
            out.add(SPACE)
        else:
            return None
    return sorted(out)


def _run_symbol(items: Sequence[tuple[Any, Any]]) -> str | None:
    """:data:`SPACE` or :data:`DIGIT` when an item is a class of whitespace only or of
    digits only (``\\s``, ``[0-9]``): repeated, it is one run."""
    if len(items) != 1:
        return None
    op, av = items[0]
    if op is _c.IN:
        symbols = _class_symbols(av)
    elif op is _c.LITERAL:
        symbols = [_symbol(chr(av))]
    else:
        return None
    return symbols[0] if symbols and len(symbols) == 1 and symbols[0] in _RUNS else None


def _one_class(items: Sequence[tuple[Any, Any]]) -> list[str] | None:
    """The symbols of an item that reads one character (a literal, a class), or None."""
    if len(items) != 1:
        return None
    op, av = items[0]
    if op is _c.LITERAL:
        return [_symbol(chr(av))]
    return _class_symbols(av) if op is _c.IN else None


#: a repetition being read: (least, most, item, repetitions read so far)
_REP = object()
#: where a walk through the tree stands: (items, index, the continuation after them)
_Cont = tuple[Any, int, Any] | None
#: a continuation that ends the head there: what follows is not read
_STOP: _Cont = ((), 0, None)


def _steps(cont: _Cont, prefix: str, done: set[str]) -> list[tuple[_Cont, str]]:
    """From a place in the tree, each next item that reads a character: (the place after
    it, ``prefix`` and its symbol). Where the head can go no further, ``prefix`` goes to
    ``done``."""
    out: list[tuple[_Cont, str]] = []

    def grow(sym: str) -> str:
        """A run symbol after the same symbol is one run."""
        return prefix if sym in _RUNS and prefix.endswith(sym) else prefix + sym

    def walk(cont: _Cont) -> None:
        while True:
            if cont is None or cont is _STOP:
                done.add(prefix)
                return
            items, i, up = cont
            if i == len(items):
                cont = up
                continue
            op, av = items[i]
            nxt = (items, i + 1, up)
            if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
                cont = nxt  # zero width: the next item starts the match
            elif op is _c.LITERAL:
                out.append((nxt, grow(_symbol(chr(av)))))
                return
            elif op is _c.IN:
                symbols = _class_symbols(av)
                if symbols is None:
                    done.add(prefix)
                else:
                    out.extend((nxt, grow(sym)) for sym in symbols)
                return
            elif op in (_c.SUBPATTERN, _c.ATOMIC_GROUP):
                sub = av[-1] if op is _c.SUBPATTERN else av
                cont = (sub.data, 0, nxt)
            elif op is _c.BRANCH:
                for alt in av[1]:
                    walk((alt.data, 0, nxt))
                return
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                cont = (((_REP, (*av, 0)),), 0, nxt)
            elif op is _REP:
                low, high, sub, count = av
                if count >= low:
                    walk(nxt)  # no more repetitions
                if count >= high:
                    return
                run = _run_symbol(sub.data)
                if run is not None:  # a run of spaces or digits: one symbol for them all
                    if count == 0:
                        out.append((nxt, grow(run)))
                    return
                again = (((_REP, (low, high, sub, count + 1)),), 0, nxt)
                if count + 1 >= UNROLL:  # one more, then more of them or the rest: not read
                    again = _STOP
                symbols = _one_class(sub.data)
                if symbols is None:
                    cont = (sub.data, 0, again)
                    continue
                for sym in symbols:
                    # a space after a space where the repetition could end: the walk that
                    # ends it and reads on from that space reads the same
                    if not (count >= low and sym in _RUNS and prefix.endswith(sym)):
                        out.append((again, grow(sym)))
                return
            else:  # any character, a negated literal, a back-reference…
                done.add(prefix)
                return

    walk(cont)
    return out


def _heads_of(tree: Any) -> set[str]:
    """Heads read one character (or run) at a time, all of them together, until they are
    :data:`MAX_LEN` long or there would be more than :data:`MAX_HEADS` of them."""
    done: set[str] = set()
    places: dict[tuple[Any, ...], tuple[_Cont, str]] = {(): ((tree.data, 0, None), "")}
    for _ in range(MAX_LEN):
        if not places:
            break
        grown: set[str] = set()
        after: dict[tuple[Any, ...], tuple[_Cont, str]] = {}
        for cont, prefix in places.values():
            for nxt, longer in _steps(cont, prefix, grown):
                # two walks at one place of the tree with one head read the same (a place
                # built twice counts twice: only the work is repeated)
                items, i, up = nxt  # type: ignore[misc]
                after.setdefault((longer, id(items), i, id(up)), (nxt, longer))
        if len(done) + len(grown) + len({p for _, p in after.values()}) > MAX_HEADS:
            break  # the heads read so far
        done |= grown
        places = after
    return done | {prefix for _, prefix in places.values()}


def _parse(pattern: re.Pattern[str]) -> Any:
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    try:
        return _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # the pattern compiled; only this analysis gives up
        return None


def heads(pattern: re.Pattern[str], tree: Any = None) -> frozenset[str] | None:
    """Heads such that every match of ``pattern`` starts with one of them (case ignored;
    see :data:`SPACE` and :data:`DIGIT`); None when the pattern may start with anything
    (or the analysis cannot tell). ``tree``: the pattern parsed, if it is at hand."""
    tree = _parse(pattern) if tree is None else tree
    if tree is None or any(s in pattern.pattern for s in _RUNS):
        return None  # (a literal symbol character would read as the symbol)
    found = _heads_of(tree)
    return None if "" in found else frozenset(found)


def _word_start(pattern: re.Pattern[str], tree: Any) -> bool:
    """Whether ``pattern`` opens with ``(?<!\\w)`` (Unicode word characters)."""
    if pattern.flags & (re.ASCII | re.LOCALE) or not tree.data:
        return False
    op, av = tree.data[0]
    if op is not _c.ASSERT_NOT:
        return False
    direction, sub = av
    return (
        direction == -1
        and len(sub.data) == 1
        and sub.data[0][0] is _c.IN
        and list(sub.data[0][1]) == [(_c.CATEGORY, _c.CATEGORY_WORD)]
    )


try:  # the characters that re.IGNORECASE takes for one another (σ and ς, k and K…)
    from re._compiler import _EXTRA_CASES
except ImportError:  # pragma: no cover - another Python: every pattern runs with finditer
    _EXTRA_CASES = None

#: each character of a class of such characters → the least of them
_CANON: dict[int, str] = {}
for _low, _others in (_EXTRA_CASES or {}).items():
    for _ch in (_low, *_others):
        _CANON[_ch] = chr(min(_low, *_others))
#: runs of spaces and of digits, which heads write as one symbol
_TEXT_RUNS = re.compile(r"(\s+)|\d+")


def _canon(head: str) -> str:
    """A head with each character written as the least one of those ``re.IGNORECASE`` takes
    for it: two heads the scan cannot tell apart are then the same string."""
    return head.translate(_CANON)


def _emit(sym: str) -> str:
    """A head symbol as a case-sensitive regex for the lower-cased text: a character stands
    for every lower case ``re.IGNORECASE`` takes for it."""
    if sym == SPACE:
        return r"\s+"
    if sym == DIGIT:
        return r"\d+"
    same = sorted({sym, *(chr(c) for c in (_EXTRA_CASES or {}).get(ord(sym), ()))})
    return re.escape(sym) if len(same) == 1 else "[" + "".join(map(re.escape, same)) + "]"


def lower(text: str) -> str | None:
    """``text`` with each character in the lower case ``re.IGNORECASE`` compares; None when
    that would not keep every offset."""
    low = text.lower() if "\u0130" not in text else text.translate(_LONG_LOWER).lower()
    return low if len(low) == len(text) else None


class StartScanner:
    """Runs several patterns over spans of a text as ``finditer`` would, trying each only
    where one of its heads occurs (see the module docstring)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        self.patterns = tuple(patterns)
        trees = [_parse(p) for p in self.patterns]
        # a pattern that can match the empty string runs with finditer, which goes on after
        # an empty match in its own way
        found = [
            heads(p, t) if t is not None and t.getwidth()[0] > 0 else None
            for p, t in zip(self.patterns, trees, strict=True)
        ]
        if _EXTRA_CASES is None:
            found = [None] * len(found)
        #: patterns that run with finditer
        self.fallback = frozenset(i for i, h in enumerate(found) if h is None)
        self.heads = tuple(None if h is None else frozenset(map(_canon, h)) for h in found)
        self.scanned = tuple(i for i, h in enumerate(self.heads) if h is not None)
        #: the heads as a trie: symbol → node; a node's "" holds the patterns a head ending
        #: there starts
        self._trie: dict[str, Any] = {}
        for i in self.scanned:
            for head in self.heads[i] or ():
                node = self._trie
                for ch in head:
                    node = node.setdefault(ch, {})
                node.setdefault("", set()).add(i)
        #: the scan: ``\W(?=(heads))`` before words (the pattern's first character, a class,
        #: lets the engine skip ahead to it) when every scanned pattern opens with
        #: ``(?<!\w)``, else ``(?=(heads))`` at every position
        self.scan: re.Pattern[str] | None = None
        self.word_start = False
        if self.scanned:
            trie = trie_regex({h for i in self.scanned for h in self.heads[i] or ()}, _emit)
            self.word_start = all(_word_start(self.patterns[i], trees[i]) for i in self.scanned)
            self.scan = re.compile(rf"\W(?=({trie}))" if self.word_start else f"(?=({trie}))")
        self._memo: dict[str, tuple[int, ...]] = {}

    def _which(self, head: str) -> tuple[int, ...]:
        """The patterns one of whose heads starts ``head`` (the longest head at a position,
        in the lower-cased text)."""
        key = _canon(_TEXT_RUNS.sub(lambda m: SPACE if m.group(1) else DIGIT, head))
        found: set[int] = set()
        node = self._trie
        for ch in key:
            node = node.get(ch)
            if node is None:
                break
            found.update(node.get("", ()))
        if len(self._memo) >= MAX_MEMO:
            self._memo.clear()
        self._memo[head] = out = tuple(sorted(found))
        return out

    def finditer(self, text: str, pieces: Sequence[tuple[int, int]]) -> list[list[re.Match[str]]]:
        """For each pattern, the matches ``pattern.finditer(text, start, end)`` gives over
        each of ``pieces`` (sorted spans that do not overlap: a match never crosses from
        one piece into the next)."""
        out: list[list[re.Match[str]]] = [[] for _ in self.patterns]
        if not pieces:
            return out
        first, stop = pieces[0][0], pieces[-1][1]
        low = lower(text[first:stop]) if self.scan is not None else None
        for i in self.fallback if low is not None else range(len(self.patterns)):
            pattern = self.patterns[i]
            out[i] = [m for s, e in pieces for m in pattern.finditer(text, s, e)]
        if low is None or self.scan is None:
            return out
        # one scan from the first piece to the last finds every head a scan of each piece
        # alone finds, and perhaps longer ones (it reads past a piece's end): then more
        # patterns are tried, and a match where one is tried is still the one finditer
        # gives, as every earlier place it could start was tried. A space before the
        # first piece: the scan reads the character before each head (at the first
        # piece, any character might be there: the pattern will tell)
        low, shift = " " + low, first - 1
        #: per pattern: where its next match may start
        after = [0] * len(self.patterns)
        memo, which, patterns = self._memo, self._which, self.patterns
        gap = 1 if self.word_start else 0
        k, last = 0, len(pieces) - 1
        start, end = pieces[0]
        for m in self.scan.finditer(low, 1 - gap, stop - shift):
            pos = m.end() + shift if gap else m.start() + shift
            while end <= pos and k < last:  # the piece the head is in, or the next one
                k += 1
                start, end = pieces[k]
            if pos < start or pos >= end:
                continue  # between two pieces: no match starts there
            head = m.group(1)
            found = memo.get(head)
            for i in which(head) if found is None else found:
                if pos < after[i]:
                    continue
                match = patterns[i].match(text, pos, end)
                if match is not None:
                    out[i].append(match)
                    after[i] = match.end()
        return out


def windows(
    pieces: Sequence[tuple[int, int]], allowed: Sequence[int], i: int
) -> list[tuple[int, int]]:
    """The spans pattern ``i`` runs on: each run of consecutive pieces whose ``allowed``
    bits hold ``i``, from the start of its first piece to the end of its last."""
    out: list[tuple[int, int]] = []
    for k, ((start, end), bits) in enumerate(zip(pieces, allowed, strict=True)):
        if bits >> i & 1:
            if out and allowed[k - 1] >> i & 1:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
    return out
