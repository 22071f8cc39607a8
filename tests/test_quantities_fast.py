"""The quantities stage's shortcuts against their plain definitions: tokens made on first
read against an eager scan, remembered word facts against working them out again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import astuple

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.numbers import norm_word
from newsweave.stages.quantities import QuantityPack, Tok, _Tokens

CODES = ["en", "ru", "uk", "vi"]
PACKS = {code: QuantityPack.from_pack(lang.load(code)) for code in CODES}

#: letters of the four languages, digits and the separators, apostrophes, the dot, the
#: symbols' characters, and characters whose case folding is not their lower case
#: (ligatures, sharp s, dotless i)
ALPHABET = st.sampled_from(
    list("abcdefinortuvwxyzABCEFINOST")
    + list("абвгдеиклмнопрстуфхцчшщьюяєіїґАБВДМПСТ")
    + list("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
    + list("0123456789.,' \u00a0\u202f\u2009\n-–:/()#№%$€£°’ʼ")
    + ["ﬁ", "ß", "ı", "İ", "US$", "°C"]
)
#: pieces of text that make amounts: number words and scales of each pack
WORDS = st.sampled_from(
    sorted(
        {w for p in PACKS.values() for w in [*p.numbers.words, *p.numbers.scales]}
        | {"million", "тис.", "п'ять", "пʼять", "Twenty-Five", "ДВА", "Hai"}
    )
)
TEXT = st.lists(st.one_of(ALPHABET, WORDS.map(lambda w: f" {w} ")), max_size=60).map("".join)


def eager(pack: QuantityPack, text: str) -> tuple[list[Tok], list[int]]:
    """Every token of ``text`` and the indexes of those that may start an amount, the
    way the stage once made them: one :class:`Tok` per match."""
    toks: list[Tok] = []
    cands: list[int] = []
    for m in pack.tokenizer.finditer(text):
        kind, word, (at, stop) = m.lastgroup, m.group(), m.span()
        if kind == "word":
            if word[-1] == ".":
                word, stop = word[:-1], stop - 1
            key = norm_word(word)
            if key in pack.starters:
                cands.append(len(toks))
            toks.append(Tok(at, stop, word, "word", key))
        elif kind == "num":
            cands.append(len(toks))
            toks.append(Tok(at, stop, word, "num"))
        else:
            toks.append(Tok(at, stop, word, "sym", word))
    return toks, cands


@settings(max_examples=300, deadline=None)
@given(text=TEXT, code=st.sampled_from(CODES), order=st.randoms(use_true_random=False))
def test_tokens_made_when_read_are_the_eager_ones(text: str, code: str, order) -> None:
    pack = PACKS[code]
    toks, cands = eager(pack, text)
    lazy = _Tokens(pack.tokenizer.finditer(text), pack.words)
    assert len(lazy) == len(toks)
    assert lazy.candidates == cands
    indexes = list(range(len(toks)))
    order.shuffle(indexes)  # the order tokens are read in makes no difference
    for k in indexes:
        assert astuple(lazy[k]) == astuple(toks[k])
    assert [astuple(t) for t in lazy.span(0, len(toks) + 3)] == [astuple(t) for t in toks]


@settings(max_examples=200, deadline=None)
@given(text=TEXT, code=st.sampled_from(CODES))
def test_remembered_word_facts_are_worked_out_again(text: str, code: str) -> None:
    pack = PACKS[code]
    numbers, morph = pack.numbers, pack.numbers.morphology
    toks = eager(pack, text)[0]
    for _ in range(2):  # the second time from the memos
        for tok in toks:
            word = tok.text
            if tok.kind == "num":
                assert numbers.parse_digits(word) == numbers._parse_digits(word)
            if tok.kind != "word":
                continue
            assert numbers.scale(word) == numbers._lookup(word, numbers.scales)
            assert numbers.word_value(word) == numbers._lookup(word, numbers.words)
            assert numbers.multiplier(word) == numbers._lookup(word, numbers.multipliers)
            lemmas = [norm_word(x) for x in morph.lemmas(word)]
            assert pack.after_word[word] == any(x in pack.not_after for x in lemmas)
            for phrases in pack.phrases.values():
                keys = [tok.key, *lemmas] if morph.active else [tok.key]
                hits = [k for k in keys if k in phrases.table]
                assert phrases.word[word] == ((1, phrases.table[hits[0]]) if hits else (0, None))


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.one_of(WORDS, st.sampled_from(["and", "і", "linh", "x"])), max_size=9))
def test_number_words_are_read_no_further_than_the_number(words: list[str]) -> None:
    def lazily(read: list[str]) -> Iterator[str]:
        for w in words:
            read.append(w)
            yield w

    for pack in PACKS.values():
        read: list[str] = []
        parsed = pack.numbers.parse_words(lazily(read))
        assert parsed == pack.numbers.parse_words(list(words))
        if parsed:  # past the number: connectors, then at most the word that ended it
            after = read[parsed[1] :]
            assert all(norm_word(w) in pack.numbers.connectors for w in after[:-1])
