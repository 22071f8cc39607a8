"""The future reading of a clause: the remembered per-word answers and the one-match search
for the clause's start give what reading the clause word by word gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.numbers import norm_word
from newsweave.stages.dates import _WORDS, DatePack, _is_future

PACKS = {code: DatePack.from_pack(lang.load(code)) for code in ("en", "ru", "uk", "vi")}
_MARK = re.compile(r"[,.;:!?\n—–]")


def _read_clause(text: str, start: int, end: int, pack: DatePack) -> bool:
    """The definition: the clause runs from the last mark in the 200 characters before the
    expression (else from the start of the text) to the next mark after it; it is future
    when one of its words is a future word or reads as a future verb, or when a future
    phrase occurs in its words' keys joined."""
    left = max((m.end() for m in _MARK.finditer(text, max(0, start - 200), start)), default=0)
    after = _MARK.search(text, end)
    right = after.start() if after else len(text)
    words = [norm_word(w) for w in _WORDS.findall(text[left:right])]
    if set(words) & pack.future:
        return True
    if any(" " in f and f in " ".join(words) for f in pack.future):
        return True
    morph = pack.numbers.morphology
    return bool(pack.future_tags) and any(morph.any_tags(w) & pack.future_tags for w in words)


_VERBS = ["буде", "прибуде", "відбудеться", "состоится", "приедет", "был", "сказав", "said"]
_OTHER = ["in", "two", "years", "ĳ", "ß", "İstanbul", "ſtate", "x" * 120, "đã", "sẽ", "1990"]


@settings(max_examples=400, deadline=None)
@given(data=st.data(), code=st.sampled_from(sorted(PACKS)))
def test_a_clause_reads_as_future_as_its_words_say(data, code):
    pack = PACKS[code]
    words = sorted(pack.future) + _VERBS + _OTHER
    token = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(words).map(str.title),
    )
    separator = st.sampled_from([" ", "  ", ", ", ". ", "; ", "\n", " — ", "–", "'", "’", "-"])
    parts = data.draw(st.lists(st.tuples(token, separator), max_size=14))
    text = "".join(word + sep for word, sep in parts)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _is_future(text, start, end, pack) == _read_clause(text, start, end, pack), (
        text,
        start,
        end,
    )
    # the answers remembered for its words give the same the second time
    assert _is_future(text, start, end, pack) == _read_clause(text, start, end, pack)


def test_the_clause_starts_at_a_mark_at_most_200_characters_back():
    pack = PACKS["en"]
    for gap in range(190, 210):
        text = "It will, " + "x" * gap + " in two years"
        start = text.index("in two")
        assert _is_future(text, start, len(text), pack) == _read_clause(
            text, start, len(text), pack
        ), gap
    assert _is_future("It will, " + "x" * 300 + " in two years", 310, 322, pack) is True
