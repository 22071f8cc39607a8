"""The fast paths of the dates and quantities stages against their plain definitions: a
sentence the quick tests skip yields nothing on the full path, and the stage gives what
running the finder on every sentence the old gate lets through gives."""

from __future__ import annotations

from dataclasses import astuple
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.model import DateMention, Document, Sentence
from newsweave.stages.quantities import Finder, Quantities, QuantityPack, _Tokens

CODES = ["en", "ru", "uk", "vi"]
PACKS = {code: QuantityPack.from_pack(lang.load(code)) for code in CODES}
STAGE = Quantities([lang.load(code) for code in CODES])

#: letters, digits, separators, the symbols' characters and characters whose case folding
#: is not their lower case (ligatures, sharp s, dotted I)
ALPHABET = st.sampled_from(
    list("abcdefinortuvwxyzABCEFINOST")
    + list("абвгдеиклмнопрстуфхцчшщьюяєіїґАБВДМПСТ")
    + list("ăâđêôơưàảãáạằắặầấậèẻẽéẹềếệìỉĩíịòỏõóọồốộờớợùủũúụừứựỳỷỹýỵ")
    + list("0123456789.,' \u00a0\u202f\u2009\n-–:/()#№%$€£°’ʼ")
    + ["ﬁ", "ß", "ı", "İ", "US$", "°C", "  ", " \n"]
)
#: number words, scales and vague amounts of each pack, in several cases
WORDS = st.sampled_from(
    sorted(
        {w for p in PACKS.values() for w in [*p.numbers.words, *p.numbers.scales, *p.vague]}
        | {"million", "тис.", "п'ять", "пʼять", "Twenty-Five", "ДВА", "Hai", "ﬁve", "FİVE"}
    )
)
TEXT = st.lists(st.one_of(ALPHABET, WORDS, WORDS.map(lambda w: f" {w} ")), max_size=50).map("".join)


def _tokens(pack: QuantityPack, text: str, start: int, end: int) -> _Tokens:
    return _Tokens(pack.tokenizer.finditer(text, start, end), pack.words)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, code=st.sampled_from(CODES), cut=st.integers(0, 60))
def test_tokens_read_off_texts_are_those_of_the_matches(text: str, code: str, cut: int):
    pack = PACKS[code]
    start = min(cut, len(text))
    fast = _Tokens(pack.tokenizer.finditer(text, start), pack.words, pack.starts, pack.kinds)
    slow = _tokens(pack, text, start, len(text))
    assert fast.candidates == slow.candidates
    assert len(fast) == fast.n == len(slow) == len(list(pack.tokenizer.finditer(text, start)))
    # a token made from what its text gives is the one made from its match
    assert [astuple(t) for t in fast.span(0, fast.n)] == [astuple(t) for t in slow.span(0, fast.n)]


@settings(max_examples=400, deadline=None)
@given(text=TEXT, code=st.sampled_from(CODES), cut=st.integers(0, 60))
def test_a_sentence_the_quick_gate_skips_holds_no_candidate(text: str, code: str, cut: int):
    pack = PACKS[code]
    start = min(cut, len(text))  # (the text before the sentence is seen by the old gate)
    quick = pack.may_start(text, start, len(text))
    whole = pack.may_hold(text, start, len(text))
    candidates = _tokens(pack, text, start, len(text)).candidates
    assert whole or not quick  # the quick gate only ever says no where the old one does
    assert quick or not (whole and candidates)  # …and then there is nothing to find


@st.composite
def documents(draw: st.DrawFn) -> tuple[Document, list[tuple[int, int]]]:
    """A text cut into sentences (with gaps), and date spans over it."""
    text = draw(TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    bounds = [0, *cuts, len(text)]
    sentences = []
    for a, b in pairwise(bounds):
        gap = draw(st.integers(0, 1))
        if a + gap < b:
            sentences.append(Sentence(a + gap, b, draw(st.sampled_from([*CODES, None]))))
    dates = []
    for _ in range(draw(st.integers(0, 4))):
        s = draw(st.integers(0, len(text)))
        e = draw(st.integers(s, min(len(text), s + 15)))
        dates.append((s, e))
    doc = Document(raw=text)
    doc.text, doc.lang, doc.sentences = text, draw(st.sampled_from(CODES)), sentences
    doc.dates = [DateMention(s, e, text[s:e], None) for s, e in dates]
    return doc, dates


@settings(max_examples=300, deadline=None)
@given(case=documents())
def test_the_stage_is_the_finder_on_every_sentence_the_gate_lets_through(case):
    doc, blocked = case
    expected = []
    for sent in doc.sentences:
        pack = STAGE.packs.get(sent.lang or "") or STAGE.packs.get(doc.lang or "")
        if pack is None or not pack.may_hold(doc.text, sent.start, sent.end):
            continue
        for f in Finder(pack, doc.text, blocked).find(sent.start, sent.end):
            value = int(f.value) if float(f.value).is_integer() else f.value
            expected.append((f.start, f.end, value, type(value), f.unit, f.approx, f.bound))
    got = [
        (q.start, q.end, q.value, type(q.value), q.unit, q.approx, q.bound)
        for q in STAGE(doc).quantities
    ]
    assert got == expected
