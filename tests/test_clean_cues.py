"""The cleaner's cue look-up gives what one alternation of all the cues gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.settings import CleanSettings
from newsweave.stages.clean import LineClassifier, case_key, first_keys

CLASSIFIER = LineClassifier(lang.enabled_packs(), CleanSettings())
CUES = [c for p in [*lang.enabled_packs(), lang.common()] for c in p.cues]
ANCHORED = [c for c in CUES if c.pattern.pattern.startswith("^")]
FLOATING = [c for c in CUES if not c.pattern.pattern.startswith("^")]
#: the cues as the cleaner ran them before: one alternation each, named groups for reasons
ONE_ANCHORED = re.compile(
    "|".join(f"(?P<c{i}>{c.pattern.pattern[1:]})" for i, c in enumerate(ANCHORED)),
    re.IGNORECASE,
)
ONE_FLOATING = re.compile(
    "|".join(f"(?P<f{i}>{c.pattern.pattern})" for i, c in enumerate(FLOATING)), re.IGNORECASE
)


def _words() -> list[str]:
    """Words of the cue patterns themselves, so that generated lines hit cues often."""
    found = set()
    for cue in CUES:
        found.update(re.findall(r"[^\W\d_]{2,}", cue.pattern.pattern))
    return sorted(found)


PIECES = st.one_of(
    st.sampled_from(_words()),
    st.sampled_from([w.upper() for w in _words()] + [w.title() for w in _words()]),
    st.sampled_from([*" .,:;!?()|/»›→©-–—\"'0123456789+", "  ", "\t"]),
    st.sampled_from(list("İıſßẞKµςΣǅ_ÀàĐđЇїЁё")),
    st.characters(),
)
LINES = st.lists(PIECES, min_size=1, max_size=14).map("".join)


@given(LINES)
@settings(max_examples=1500, deadline=None)
def test_anchored_cue_is_the_first_cue_of_one_alternation(text):
    m = ONE_ANCHORED.match(text)
    expected = ANCHORED[int(m.lastgroup[1:])].reason if m else None
    assert CLASSIFIER.anchored_cue(text) == expected


@given(LINES)
@example("The minister spoke. Photo: John Smith")
@example("Зустріч у Києві (Фото: УНІАН)")
@example("© 2023 Reuters. Photo: AP →")
@example("Our newsletter: sign up today ›")
@example("Sắp tới. Ảnh: TTXVN")
@settings(max_examples=1500, deadline=None)
def test_floating_cue_is_the_leftmost_cue_of_one_alternation(text):
    m = ONE_FLOATING.search(text)
    expected = FLOATING[int(m.lastgroup[1:])].reason if m else None
    assert CLASSIFIER.floating_cue(text) == expected


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("photo", "PHOTO"),
        ("(read|see)\\s+also", "See also"),
        ("\\bkelvin", "\u212aelvin"),  # the Kelvin sign folds to k
        ("(\\d+\\s+)?comments?", "3 comments"),
        ("(\\d+\\s+)?comments?", "Comments"),
        ("[\\d.,]+k?\\s+views", ".5k views"),
        ("x?y", "y"),
        ("x?y", "xy"),
    ],
)
def test_a_match_starts_with_a_character_its_first_keys_admit(pattern, text):
    from newsweave.stages.clean import can_start

    assert re.match(pattern, text, re.IGNORECASE)
    keys = first_keys(pattern)
    assert keys is None or can_start(keys, text[0], case_key(text[0]) or "")


def test_first_keys_gives_up_where_a_pattern_may_start_anywhere():
    assert first_keys("[^.!?]{2,40}\\(") is None
    assert first_keys("x*") is None  # may match the empty string
    assert first_keys("(?-i:a)b") is None  # a flag changes inside
    assert first_keys("(a|b)c") == frozenset({"a", "b"})


def test_characters_whose_case_does_not_round_trip_have_no_key():
    assert case_key("A") == "a" and case_key("Ї") == "ї" and case_key("5") == "5"
    for ch in "İıſßẞµς":
        assert case_key(ch) is None


@given(
    st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from(list("aÄїЇẞİ\U0001d400"))), max_size=80
    )
)
@example("a\ud800b")  # a lone surrogate (JSON input can hold one)
@settings(max_examples=500, deadline=None)
def test_distinct_letters_are_lang_letters(text):
    from newsweave.stages.clean import distinct_letters

    assert distinct_letters(text) == lang.letters(text)
