"""Language of documents and sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import process

SENTENCES = {
    "en": [
        "The ministry said the talks would continue next week.",
        "Farmers are worried about the dry spring.",
        "It is a good day.",
    ],
    "uk": [
        "Міністр заявив, що переговори продовжаться наступного тижня.",
        "Аграрії стурбовані посушливою весною.",
        "Це хороший день.",
    ],
    "ru": [
        "Министр заявил, что переговоры продолжатся на следующей неделе.",
        "Аграрии обеспокоены засушливой весной.",
        "Это хороший день.",
    ],
    "vi": [
        "Bộ trưởng cho biết các cuộc đàm phán sẽ tiếp tục vào tuần tới.",
        "Nông dân lo lắng về mùa xuân khô hạn.",
        "Hôm nay là một ngày đẹp.",
    ],
}


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_document_and_sentences(code):
    doc = process("\n\n".join(SENTENCES[code]))
    assert doc.lang == code
    assert [s.lang for s in doc.sentences] == [code] * len(SENTENCES[code])


def test_mixed_document_keeps_sentence_languages():
    text = " ".join(
        [SENTENCES["vi"][0], SENTENCES["en"][0], SENTENCES["vi"][1], SENTENCES["vi"][2]]
    )
    doc = process(text)
    assert doc.lang == "vi"
    assert [s.lang for s in doc.sentences] == ["vi", "en", "vi", "vi"]


def test_hint_wins_and_no_letters_gives_none():
    assert process(SENTENCES["ru"][0], lang="uk").lang == "uk"
    assert process("12345 678").lang is None


_CHARS = st.one_of(st.sampled_from(list("aAzZăĐưẞİǰжЖїЇыЁ'ʼ²½٣_ 1.")), st.characters())


@given(st.text(alphabet=_CHARS, max_size=12))
@settings(max_examples=500, deadline=None)
def test_only_alphabet_is_the_foreign_letter_rule(text):
    # set arithmetic on the folded letters decides as a search for a letter each
    # pack's alphabet lacks did (a numeral such as "²" matched [^\W\d_] but is no letter)
    import re

    from newsweave import lang
    from newsweave.stages.language import LanguageGuesser

    guesser = LanguageGuesser(lang.enabled_packs())
    folded = text.casefold()
    fits = []
    for pack in guesser.packs:
        own = "".join(re.escape(c) for c in sorted(pack.alphabet))
        found = re.finditer(rf"[^\W\d_{own}]", folded)
        if not any(m.group().isalpha() for m in found):
            fits.append(pack.code)
    assert guesser.only_alphabet(text) == (fits[0] if len(fits) == 1 else None)
