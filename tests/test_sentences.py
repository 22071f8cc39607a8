"""Sentence splitting in vi, uk, ru and en, with property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.stages.sentences import Splitter

SPLIT = Splitter(lang.enabled_packs())


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in SPLIT.spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith arrived at 9 a.m. on Monday. He left at noon.",
            ["Mr. Smith arrived at 9 a.m. on Monday.", "He left at noon."],
        ),
        (
            "The U.S. envoy met Gen. Brown. Talks went well!",
            ["The U.S. envoy met Gen. Brown.", "Talks went well!"],
        ),
        (
            "Зустріч відбулася 26.06.2023 у м. Київ. Її провів В. Петренко.",
            ["Зустріч відбулася 26.06.2023 у м. Київ.", "Її провів В. Петренко."],
        ),
        (
            "«Ми готові», — сказав він. Потім додав: «Дякую!» Засідання тривало 3,5 год.",
            ["«Ми готові», — сказав він.", "Потім додав: «Дякую!»", "Засідання тривало 3,5 год."],
        ),
        (
            "Встреча прошла в г. Москве, т. е. в столице. Итоги подведут позже.",
            ["Встреча прошла в г. Москве, т. е. в столице.", "Итоги подведут позже."],
        ),
        (
            'Ông Nguyễn Văn A đến TP. HCM hôm 23/9. Ông nói: "Chúng tôi sẵn sàng." '
            "Sau đó ông rời đi.",
            [
                "Ông Nguyễn Văn A đến TP. HCM hôm 23/9.",
                'Ông nói: "Chúng tôi sẵn sàng."',
                "Sau đó ông rời đi.",
            ],
        ),
        (
            "First paragraph ends here\n\nSecond one starts here.",
            ["First paragraph ends here", "Second one starts here."],
        ),
        (
            "Prices rose 2.5 percent in May. Wages did not.",
            ["Prices rose 2.5 percent in May.", "Wages did not."],
        ),
    ],
)
def test_examples(text, expected):
    assert sentences(text) == expected


alphabet = st.sampled_from(
    [*list('abcxyzАБВабвіїЇăưĐ .,!?…"«»—-:;0123456789\n '), "Mr.", "т. е.", "U.S."]
)


@given(st.lists(alphabet, max_size=200).map("".join))
@settings(max_examples=300, deadline=None)
def test_spans_are_ordered_trimmed_and_cover_all_text(text):
    spans = SPLIT.spans(text)
    end = 0
    for s, e in spans:
        assert end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        end = e
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


@given(
    st.lists(
        st.sampled_from(["Він прийшов.", "Вона пішла!", "Хто там?", "Mr. X came."]),
        min_size=1,
        max_size=20,
    )
)
def test_joined_sentences_split_back(parts):
    assert sentences(" ".join(parts)) == parts


def test_cut_month_name_before_a_number_does_not_end_a_sentence():
    assert sentences("Суд відбувся 5 жовт. 2021 р. у Львові. Рішення оскаржать.") == [
        "Суд відбувся 5 жовт. 2021 р. у Львові.",
        "Рішення оскаржать.",
    ]
    assert sentences("The vote was on Feb. 9 in the capital. It passed.") == [
        "The vote was on Feb. 9 in the capital.",
        "It passed.",
    ]
    # a full sentence ending in a month name still ends there
    assert sentences("The rains came in May. 30 people were evacuated.") == [
        "The rains came in May.",
        "30 people were evacuated.",
    ]


@given(st.text(alphabet=st.sampled_from(list("ab.Я \t\u00a0\r\u2028«(-")), max_size=40))
@settings(max_examples=300, deadline=None)
def test_word_before_a_stop_is_the_last_run_of_non_space(text):
    # the backward scan finds what the regex (\S+)$ found on the sentence so far
    import re

    from newsweave.stages.sentences import _word_before

    for start in range(len(text) + 1):
        m = re.search(r"(\S+)$", text[start:])
        assert _word_before(text, start, len(text)) == (m.group(1) if m else "")


def _spans_by_the_rules(splitter: Splitter, text: str) -> list[tuple[int, int]]:
    """The splitter as first written (each paragraph cut out, one helper per rule): what
    the inlined one must still give."""
    from newsweave.stages.sentences import (
        _BOUNDARY,
        _append_trimmed,
        _paragraphs,
        _word_before,
    )

    out: list[tuple[int, int]] = []
    for p_start, p_end in _paragraphs(text):
        start = p_start
        para = text[p_start:p_end]
        for m in _BOUNDARY.finditer(para):
            stop = m.group("stop")
            cut = p_start + m.start("space")
            nxt = p_start + m.end()
            if not splitter._next_is_upper_or_digit(text, nxt):
                continue
            if stop == ".":
                word = _word_before(text, start, p_start + m.start("stop"))
                if word and (
                    splitter._is_abbreviation(word) or splitter._is_month_cut(word, text, nxt)
                ):
                    continue
            _append_trimmed(out, text, start, cut)
            start = nxt
        _append_trimmed(out, text, start, p_end)
    return out


@given(
    st.lists(
        st.sampled_from(
            [
                *list('aZЖжіĐư .,!?…"«»()—-:;05²\n\t\u00a0\u2028'),
                "Mr.",
                "т. е.",
                "U.S.",
                "жовт. ",
                "Feb. ",
                "В. ",
                "... ",
                "?! ",
                ".» ",
                ". \u00a0",
                " _x",
            ]
        ),
        max_size=120,
    ).map("".join)
)
@settings(max_examples=1000, deadline=None)
def test_spans_are_those_of_the_rules(text):
    assert SPLIT.spans(text) == _spans_by_the_rules(SPLIT, text)
