"""The regex prefilter: what every match needs, and that it never hides a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.anchors import DIGIT, Prefilter, required
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
    windows = pf.windows(text, pieces)
    assert [text[a:b].strip() for a, b in windows[1]] == [
        "In June it was dry. We walked 3 km in May."
    ], "consecutive sentences are merged into one window"
    assert len(windows[0]) == 2


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
    windows = pack.prefilter.windows(text, pieces)
    allowed = [_naive(code, text[s:e]) for s, e in pieces]
    for i in range(len(pack.patterns)):
        covered = {k for k, (s, e) in enumerate(pieces) for ws, we in windows[i] if ws <= s < we}
        expected = {k for k in range(len(pieces)) if i in allowed[k]}
        assert covered == expected, (i, text)
