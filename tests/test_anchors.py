"""The regex prefilter: what every match needs, and that it never hides a match."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.anchors import DIGIT, Prefilter, required
from newsweave.regexstart import DIGIT as DIGIT_RUN
from newsweave.regexstart import SPACE, StartScanner, heads, lower, windows
from newsweave.stages.dates import DatePack

PACKS = {code: DatePack.from_pack(lang.load(code)) for code in ("en", "ru", "uk", "vi")}


def test_required_words_and_digits():
    weekday = re.compile(r"(?:on\s+)?(?:Monday|Tuesday)(?:\s+evening)?", re.IGNORECASE)
    assert required(weekday) == [frozenset({"monday", "tuesday"})]
    ago = required(re.compile(r"\d{1,3}\s+days?\s+ago"))
    assert frozenset({"ago"}) in ago and frozenset({DIGIT}) in ago
    # "day" and "days" both hold "day": the product of the exact run keeps both forms
    assert any({"day", "days"} <= s for s in ago)


def test_nothing_required_when_a_branch_can_be_empty_or_anything():
    assert required(re.compile(r"a|b*")) == []
    assert required(re.compile(r".+")) == []
    assert required(re.compile(r"(?:x)?\s*")) == []


def test_prefilter_runs_patterns_only_where_their_anchors_are():
    patterns = [re.compile(r"\d+ km"), re.compile(r"(?:in\s+)?(?:May|June)", re.IGNORECASE)]
    pf = Prefilter(patterns)
    assert pf.patterns_in("we walked 5 km") == {0}
    assert pf.patterns_in("in June") == {1}
    assert pf.patterns_in("nothing here") == set()
    text = "It rained. We walked 5 km. In June it was dry. We walked 3 km in May."
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    allowed = pf.allowed(text, pieces)
    assert allowed == [0, 0b01, 0b10, 0b11]
    assert [text[a:b].strip() for a, b in windows(pieces, allowed, 1)] == [
        "In June it was dry. We walked 3 km in May."
    ], "consecutive sentences are merged into one window"
    assert len(windows(pieces, allowed, 0)) == 2


def _vocab(pack: DatePack) -> list[str]:
    """Words a pack's date grammar is made of (a few forms each), and function words."""
    words = {w for table in pack.vocab.values() for w in list(table)[:40]}
    return sorted(
        words | {"ngày", "hôm", "tháng", "năm", "the", "of", "in", "on", "в", "у", "року"}
    )


VOCAB = {code: _vocab(pack) for code, pack in PACKS.items()}
_SEPARATORS = [" ", " ", " ", ".", ". ", ",", ", ", "-", "/", "'"]


@settings(max_examples=600, deadline=None)
@given(data=st.data(), code=st.sampled_from(sorted(PACKS)))
def test_prefilter_never_hides_a_match(data, code):
    pack = PACKS[code]
    token = st.one_of(
        st.sampled_from(VOCAB[code]),
        st.sampled_from(VOCAB[code]).map(str.title),
        st.integers(0, 2100).map(str),
        st.integers(1, 12).map(lambda n: f"{n:02d}"),
    )
    parts = data.draw(st.lists(st.tuples(token, st.sampled_from(_SEPARATORS)), max_size=6))
    text = "".join(word + sep for word, sep in parts)
    allowed = pack.prefilter.patterns_in(text)
    for i, pattern in enumerate(pack.patterns):
        if pattern.search(text):
            assert i in allowed, (pattern.pattern[:80], text)


@pytest.mark.parametrize("code", sorted(PACKS))
def test_every_pack_pattern_has_anchors(code):
    """A pattern the analysis cannot read would run on every sentence: keep them readable."""
    assert PACKS[code].prefilter.always == frozenset()


REQUIRED = {code: [required(p) for p in pack.patterns] for code, pack in PACKS.items()}


def _naive(code: str, text: str) -> set[int]:
    """What may match, read straight off the requirement sets: one string of each set
    occurs in the case-folded text (``DIGIT``: any digit)."""
    folded = text.casefold()
    has_digit = any(c.isdecimal() for c in text)
    out = set(PACKS[code].prefilter.always)
    for i, reqs in enumerate(REQUIRED[code]):
        if reqs and all(
            any((s == DIGIT and has_digit) or (s != DIGIT and s in folded) for s in req)
            for req in reqs
        ):
            out.add(i)
    return out


@settings(max_examples=200, deadline=None)
@given(data=st.data(), code=st.sampled_from(sorted(PACKS)))
def test_prefilter_bits_agree_with_the_requirement_sets(data, code):
    """The cached per-word anchors and the remembered pattern sets give exactly what the
    requirement sets say, sentence by sentence, also where case-folding grows the text."""
    pack = PACKS[code]
    token = st.one_of(
        st.sampled_from(VOCAB[code]),
        st.sampled_from(VOCAB[code]).map(str.upper),
        st.integers(0, 2100).map(str),
        st.sampled_from(["ß", "İ", "ﬁ", "’", "May.", "р.", "-"]),
    )
    sentences = data.draw(
        st.lists(
            st.lists(st.tuples(token, st.sampled_from(_SEPARATORS)), max_size=6).map(
                lambda parts: "".join(w + s for w, s in parts)
            ),
            min_size=1,
            max_size=4,
        )
    )
    text, pieces = "", []
    for sentence in sentences:
        pieces.append((len(text), len(text) + len(sentence)))
        text += sentence + " "
    got = pack.prefilter.allowed(text, pieces)
    allowed = [_naive(code, text[s:e]) for s, e in pieces]
    for i in range(len(pack.patterns)):
        covered = {k for k in range(len(pieces)) if got[k] >> i & 1}
        expected = {k for k in range(len(pieces)) if i in allowed[k]}
        assert covered == expected, (i, text)


# -- the start scanner: patterns tried only where a match can start ---------------------

SCANNERS = {code: StartScanner(pack.patterns) for code, pack in PACKS.items()}
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


def _windows(pieces: list[tuple[int, int]], allowed: list[int], i: int) -> list[tuple[int, int]]:
    """The definition: each run of consecutive pieces that allow pattern ``i`` is one span."""
    runs: list[list[int]] = []
    for k in range(len(pieces)):
        if allowed[k] >> i & 1:
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
    return [(pieces[run[0]][0], pieces[run[-1]][1]) for run in runs]


@settings(max_examples=400, deadline=None)
@given(data=st.data(), code=st.sampled_from(sorted(PACKS)))
def test_start_scanner_finds_what_finditer_finds(data, code):
    """Over the prefilter's pieces and over pieces and patterns allowed of its own (with
    gaps between pieces, and empty ones), every pattern of every pack gives exactly the
    matches ``finditer`` gives over its windows."""
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
    everything = (1 << len(pack.patterns)) - 1
    own = data.draw(
        st.lists(st.integers(0, everything), min_size=len(gapped), max_size=len(gapped))
    )
    for spans, allowed in (
        (pieces, pack.prefilter.allowed(text, pieces)),
        (gapped, pack.prefilter.allowed(text, gapped)),
        (gapped, own),
        (pieces, [everything] * len(pieces)),
        ([(0, len(text))], [everything]),
    ):
        got = scanner.finditer(text, spans, allowed)
        for i, pattern in enumerate(pack.patterns):
            mine = _windows(spans, allowed, i)
            assert windows(spans, allowed, i) == mine
            want = [m for ws, we in mine for m in pattern.finditer(text, ws, we)]
            assert _found(got[i]) == _found(want), (code, i, text, spans, mine)


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
    assert heads(re.compile(r"\d{1,2}\.\d\d")) == {f"{DIGIT_RUN}.{DIGIT_RUN}"}
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
    got = scanner.finditer(text, [(0, len(text))], [0b1111])
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


def test_tokens_split_where_the_runs_of_the_prefilter_split():
    """The prefilter reads a piece's anchors and digits token by token (``str.split``) in
    its case-folded text: ``str.split`` splits at what ``\\s`` matches, and case-folding
    neither makes nor removes a digit or a space, so a piece holds a digit where its
    case-folded text does."""
    import sys

    everything = [chr(x) for x in range(sys.maxunicode + 1)]
    spaces = {ch for ch in everything if ch.isspace()}
    assert set(re.findall(r"\s", "".join(everything))) == spaces
    assert {ch for ch in everything if not ch.split()} == spaces
    for ch in everything:
        folded = ch.casefold()
        if folded == ch:
            continue
        assert any(c.isdecimal() for c in folded) == ch.isdecimal(), ch
        assert any(c.isspace() for c in folded) == (ch in spaces), ch
