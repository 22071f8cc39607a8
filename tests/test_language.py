"""Language of documents and sentences."""

from __future__ import annotations

import pytest

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
