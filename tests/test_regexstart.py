"""The start scanner: date patterns tried only where a match can start, with the matches
``finditer`` gives."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.regexstart import DIGIT, SPACE, StartScanner, heads, lower
from newsweave.stages.dates import DatePack

PACKS = {code: DatePack.from_pack(lang.load(code)) for code in ("en", "ru", "uk", "vi")}


def _vocab(pack: DatePack) -> list[str]:
    """Words a pack's date grammar is made of (a few forms each), and function words."""
    words = {w for table in pack.vocab.values() for w in list(table)[:40]}
    return sorted(
        words | {"ngày", "hôm", "tháng", "năm", "the", "of", "in", "on", "в", "у", "року"}
    )


VOCAB = {code: _vocab(pack) for code, pack in PACKS.items()}
SCANNERS = {code: StartScanner(pack.patterns) for code, pack in PACKS.items()}
_SEPARATORS = [" ", " ", " ", ".", ". ", ",", ", ", "-", "/", "'"]


@pytest.mark.parametrize("code", sorted(PACKS))
def test_every_pack_pattern_has_heads(code):
    """A pattern whose first words cannot be read would be tried at every position of
    every sentence: keep them readable."""
    assert SCANNERS[code].fallback == frozenset()


# -- the start scanner: patterns tried only where a match can start ---------------------

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold" / "dates"


def _expressions(code: str) -> list[str]:
    """The date expressions of a language's gold file: texts that patterns match."""
    path = GOLD / f"{code}.jsonl"
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    found = {d["text"] for line in lines if line.strip() for d in json.loads(line)["dates"]}
    return sorted(found) or VOCAB[code]


EXPRESSIONS = {code: _expressions(code) for code in PACKS}
_ODD = ["İstanbul", "ΣΑΣ", "K", "ſ", "ß", "—", "–", "(", ")", "\n", "\u00a0", "٣", "’s"]


def _found(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


@settings(max_examples=400, deadline=None)
@given(data=st.data(), code=st.sampled_from(sorted(PACKS)))
def test_start_scanner_finds_what_finditer_finds(data, code):
    """Over pieces that touch and over pieces with gaps between them, every pattern of
    every pack gives exactly the matches ``finditer`` gives over each piece."""
    pack, scanner = PACKS[code], SCANNERS[code]
    token = st.one_of(
        st.sampled_from(EXPRESSIONS[code]),
        st.sampled_from(EXPRESSIONS[code]).map(str.upper),
        st.sampled_from(VOCAB[code]),
        st.sampled_from(VOCAB[code]).map(str.title),
        st.sampled_from(VOCAB[code]).map(str.upper),
        # letters that re.IGNORECASE takes for "s" and "k" (long s, Kelvin sign)
        st.sampled_from(EXPRESSIONS[code]).map(lambda w: w.replace("s", "ſ").replace("k", "K")),
        st.integers(0, 2100).map(str),
        st.integers(1, 31).map(lambda n: f"{n:02d}"),
        st.sampled_from(_ODD),
    )
    separator = st.sampled_from([*_SEPARATORS, "  ", " - ", "–", "/", " (", ") ", "\n", ""])
    parts = data.draw(st.lists(st.tuples(token, separator), max_size=10))
    text = "".join(word + sep for word, sep in parts)
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=4))))
    bounds = [0, *cuts, len(text)]
    pieces = [(a, b) for a, b in pairwise(bounds) if a < b]
    # some pieces lose a few characters at either end: text between pieces
    trims = data.draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=5))
    # (a trimmed piece stays inside its own bounds: sentences never overlap or go back)
    gapped = [
        (min(a + x, b), max(min(a + x, b), b - y))
        for (a, b), (x, y) in zip(pieces, trims, strict=False)
    ]
    gapped += pieces[len(gapped) :]
    for spans in (pieces, gapped, [(0, len(text))]):
        got = scanner.finditer(text, spans)
        for i, pattern in enumerate(pack.patterns):
            want = [m for s, e in spans for m in pattern.finditer(text, s, e)]
            assert _found(got[i]) == _found(want), (code, i, text, spans)


def test_a_match_never_crosses_into_the_next_piece():
    scanner = StartScanner([re.compile(r"(?<!\w)(?:May|June)(?:\.?\s+\d{1,2})?", re.I)])
    text = "It ends in May. 4 days later it rained. June 5 was dry."
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    pieces[-1] = (pieces[-1][0] + 1, pieces[-1][1])  # a gap: the space before "June"
    assert [m.group() for m in scanner.finditer(text, pieces)[0]] == ["May", "June 5"]
    whole = scanner.finditer(text, [(0, len(text))])[0]
    assert [m.group() for m in whole] == ["May. 4", "June 5"]


def test_heads_of_a_pattern():
    """Heads are read up to MAX_LEN symbols; a run of spaces or digits is one symbol."""
    on = re.compile(r"(?<![\w])(?:on\s+)?(?:Monday|Tue)(?:'s)?(?![\w])", re.IGNORECASE)
    assert heads(on) == {
        "monday",
        "monday's",
        f"on{SPACE}monda",  # eight symbols
        f"on{SPACE}tue",
        f"on{SPACE}tue's",
        "tue",
        "tue's",
    }
    assert heads(re.compile(r"\d{1,2}\.\d\d")) == {f"{DIGIT}.{DIGIT}"}
    assert heads(re.compile(r".x")) is None  # may start with anything
    assert heads(re.compile(r"(?:a|\s*)b")) == {"ab", f"{SPACE}b", "b"}


def test_start_scanner_leaves_what_it_cannot_bound_to_finditer():
    patterns = [
        re.compile(r"x*"),
        re.compile(r"\w+day"),
        re.compile(r"(?<!\w)may", re.I),
        re.compile(r"(?<!\w)\d(?:-\d)?"),  # the next match starts after the last one
    ]
    scanner = StartScanner(patterns)
    assert scanner.fallback == {0, 1}
    text = "Monday, May and MAY; dismay; 1-2-3"
    got = scanner.finditer(text, [(0, len(text))])
    for i, p in enumerate(patterns):
        assert [m.span() for m in got[i]] == [m.span() for m in p.finditer(text)]
    assert [m.group() for m in got[3]] == ["1-2", "3"]


def test_lower_keeps_offsets_as_re_ignorecase_reads_them():
    """``str.lower`` gives every character one character, the one re.IGNORECASE compares,
    except those listed in ``_LONG_LOWER``."""
    import _sre

    from newsweave.regexstart import _LONG_LOWER

    longer = {x for x in range(0x110000) if len(chr(x).lower()) != 1}
    assert longer == set(_LONG_LOWER)
    assert all(
        ord(chr(x).lower()) == _sre.unicode_tolower(x)
        for x in range(0x110000)
        if x not in _LONG_LOWER
    )
    assert lower("İstanbul, ΣΑΣ") == "istanbul, σας"
