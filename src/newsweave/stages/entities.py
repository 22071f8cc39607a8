"""Entities stage: find people, organisations and places, and link each mention.

Detection, per sentence, in the sentence's language pack:

1. words are tokens; a name is a run of capitalised tokens (with the pack's
   connectors inside, e.g. ``of``), or a knowledge-base alias that starts on a
   capitalised token (the longest one wins; inflected languages match by lemma,
   ``Сполучених Штатів`` → ``сполучений штат``);
2. the pack's person titles and honorifics before a name are dropped from it
   and mark it as a person (``міністр оборони Резніков``, ``ông Putin``);
   organisation head words (``Міністерство``, ``Bộ``) extend the name over
   lower-case words up to the next capitalised one (``Міністерство оборони
   України``);
3. a capitalised word that only starts a sentence is a name only when the
   morphology tags it as one, the KB knows it, or the document capitalises it
   elsewhere.

Linking (:mod:`newsweave.stages.linking`) then gives each mention one entity id.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..kb import Candidate, KnowledgeBase
from ..kb.names import fold, skeleton
from ..lang import LanguagePack, common
from ..model import Document, Entity, Sentence
from ..morph import ORG_TAGS, PERSON_TAGS, PLACE_TAGS, Morphology, WordInfo, for_pack
from ..pipeline import register
from ..quotes import OPEN_QUOTES, in_quotes
from .linking import Linker, MentionSpan

#: letters and digits, or invisible characters inside a word (possessive: no backtracking)
_W = r"(?:[^\W_]++|[\u00ad\u200b\u200c\u200d\u2060\ufeff])++"
_TOKEN = re.compile(rf"(?:[A-ZА-ЯЁІЇЄҐ]\.){{2,}}|{_W}(?:[-'’ʼ]{_W})*")
#: a run of this many all-capital words is a shouted headline, not a name
SHOUTED_RUN = 3
#: longest knowledge-base alias tried, in tokens
MAX_ALIAS_TOKENS = 6
#: a run of capitalised words longer than this is a headline or a list, not one name
MAX_NAME_TOKENS = 7
#: a document with more mentions than this is cut off (hostile input guard)
MAX_MENTIONS = 5000
#: names whose facts are kept between documents
_SEEN_MAX = 100_000


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str
    cap: bool = False
    acronym: bool = False


@dataclass(frozen=True, slots=True)
class NameFacts:
    """What the words of a name say about it, in any context."""

    key: str  # the folded words
    lemma: str  # their lemmas
    alternatives: tuple[str, ...]  # other lemma readings
    hint: str | None  # the type its words suggest (head word, morphology)
    # a body's or a place's head word is among its words, or it is a body's abbreviated
    # name: a title before it is no person's ("Командувач | Військово-морських сил",
    # "глава | Рильського району", "голова | РДА")
    body: bool
    family_first: bool


@dataclass
class EntityPack:
    """The ``entities`` section of one language pack, compiled."""

    code: str
    titles: frozenset[str] = frozenset()
    title_starts: frozenset[str] = frozenset()
    title_words: int = 1
    org_words: frozenset[str] = frozenset()
    loc_words: frozenset[str] = frozenset()
    misc_words: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    #: abbreviations that a name goes on after, dot and all ("St. Louis", "Mt. Everest")
    name_abbreviations: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    org_forms: frozenset[str] = frozenset()
    not_acronyms: frozenset[str] = frozenset()  # capitals that are no name (USD, GDP)
    head_starts: frozenset[str] = frozenset()  # first words of the head words
    place_adjectives: tuple[str, ...] = ()
    surname_endings: tuple[str, ...] = ()
    region_cues: frozenset[str] = frozenset()
    not_in_names: frozenset[str] = frozenset()  # lemmas never inside a body's name (time)
    address_words: frozenset[str] = frozenset()  # "вул.", "площа": a street's name follows
    conjunctions: frozenset[str] = frozenset()  # "та", "и": join two words of a body's name
    named_after: frozenset[str] = frozenset()  # "імені", "ім.": a person's name completes it
    # the type of a name written in quotes, where the language quotes the names of bodies
    # (uk, ru: «Нафтогаз»); None where it does not (en: quotes hold titles and speech)
    quoted_names: str | None = None
    # prepositions after which a name in the locative is a place ("у Петриківці")
    locative_prepositions: frozenset[str] = frozenset()
    alphabet: frozenset[str] = frozenset()  # lower-case letters of the language
    # parts of words made from bodies' abbreviated names ("мін", "держ"; "рада")
    body_prefixes: tuple[str, ...] = ()
    body_suffixes: tuple[str, ...] = ()
    # the type of a name the KB does not know, from the word just before or after it
    # ("in Bithynia", "Germanicus said")
    cues_before: dict[str, str] = field(default_factory=dict)
    cues_after: dict[str, str] = field(default_factory=dict)
    lower_after_capital: int = 0
    max_name_words: int = MAX_NAME_TOKENS  # Vietnamese names count syllables: more
    family_name_first: bool = False
    family_names: frozenset[str] = frozenset()
    morphology: Morphology = field(default_factory=lambda: Morphology(None))
    # lower-case words that may start something (a title, a head word, an address): the
    # detector passes over every other lower-case word at once
    lower_cues: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        self.lower_cues = self.title_starts | self.head_starts | self.address_words

    @classmethod
    def from_pack(cls, pack: LanguagePack) -> EntityPack:
        data: dict[str, Any] = pack.data.get("entities") or {}

        def words(key: str) -> frozenset[str]:
            return frozenset(fold(str(w)) for w in data.get(key) or [] if fold(str(w)))

        titles = words("person_titles")
        shared = common().data.get("entities") or {}
        return cls(
            not_acronyms=words("not_acronyms")
            | frozenset(fold(str(w)) for w in shared.get("not_acronyms") or []),
            code=pack.code,
            titles=titles,
            title_starts=frozenset(t.split()[0] for t in titles),
            title_words=max((len(t.split()) for t in titles), default=1),
            org_words=words("org_words"),
            loc_words=words("loc_words"),
            misc_words=words("misc_words"),
            connectors=words("connectors"),
            name_abbreviations=words("name_abbreviations"),
            not_names=words("not_names"),
            org_forms=words("org_forms"),
            head_starts=frozenset(
                w.split()[0] for w in words("org_words") | words("loc_words") if w
            ),
            place_adjectives=tuple(sorted(words("place_adjective_endings"))),
            surname_endings=tuple(sorted(words("surname_endings"))),
            region_cues=words("region_cues"),
            not_in_names=words("not_in_names"),
            address_words=words("address_words"),
            conjunctions=words("conjunctions"),
            named_after=words("named_after"),
            quoted_names=_entity_type(data.get("quoted_names")),
            locative_prepositions=words("locative_prepositions"),
            alphabet=frozenset(str(pack.data.get("alphabet") or "").casefold()),
            body_prefixes=tuple(sorted(words("body_prefixes"))),
            body_suffixes=tuple(sorted(words("body_suffixes"))),
            cues_before=_cues(data, "before"),
            cues_after=_cues(data, "after"),
            lower_after_capital=int(data.get("lower_after_capital", 0)),
            max_name_words=int(data.get("max_name_words", MAX_NAME_TOKENS)),
            family_name_first=bool(data.get("family_name_first", False)),
            family_names=words("family_names"),
            morphology=for_pack(pack),
        )


def _entity_type(value: Any) -> str | None:
    if value is None:
        return None
    if str(value) not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {value!r}")
    return str(value)


def _cues(data: dict[str, Any], side: str) -> dict[str, str]:
    """Cue word → type, from the pack's ``type_cues`` (``before: {LOC: [in, at]}``)."""
    out: dict[str, str] = {}
    for etype, cue_words in ((data.get("type_cues") or {}).get(side) or {}).items():
        out.update((fold(str(w)), str(_entity_type(etype))) for w in cue_words or [])
    return out


_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _key(word: str) -> str:
    """fold() of one word, cheaply for the common case (one script, nothing invisible)."""
    if not word.isalnum() or (
        not word.isascii() and _LATIN.search(word) and _CYRILLIC.search(word)
    ):
        return fold(word)
    return word.casefold()


_POSSESSIVE = frozenset({"'s", "’s"})
_POSSESSIVE_GAPS = frozenset({"'s ", "’s "})


def _describe(word: str) -> tuple[str, int, str, bool, bool]:
    """(word, characters cut from its end, key, capitalised, acronym) of one token."""
    cut = 0
    if word[-2:] in _POSSESSIVE and len(word) > 3:  # "Putin's" names Putin
        word, cut = word[:-2], 2
    first = word[0]
    if first.islower():  # most words: no name, nothing to fold but the case
        return word, cut, word.casefold() if word.isalnum() else fold(word), False, False
    if first.isalpha():
        cap = first.isupper()
    else:  # "3D", "\u200bКиїв": the first letter decides
        cap = next((c.isupper() for c in word if c.isalpha()), False)
    acronym = len(word) >= 2 and (
        (word.isupper() and sum(c.isalpha() for c in word) >= 2)
        or (len(word) >= 4 and word[:3].isupper() and word[3:].islower() and len(word) <= 5)
    )
    return word, cut, _key(word), cap, acronym


def _remember(cache: dict[Any, Any], key: Any, value: Any, size: int = _SEEN_MAX) -> Any:
    """``value``, kept under ``key`` in a cache that is emptied when it holds ``size``
    entries (the facts the detector keeps between documents)."""
    if len(cache) >= size:
        cache.clear()
    cache[key] = value
    return value


#: descriptions of the words seen so far: the words of news repeat
_DESCRIBED: dict[str, tuple[str, int, str, bool, bool]] = {}
_DESCRIBED_MAX = 300_000


def tokenize(text: str, start: int, end: int) -> list[Token]:
    out = []
    append = out.append
    described = _DESCRIBED
    find = text.find
    pos = start
    for word in _TOKEN.findall(text, start, end):
        found = described.get(word)
        if found is None:
            found = _remember(described, word, _describe(word), _DESCRIBED_MAX)
        # only a word can start a token, so the first occurrence from the last token's
        # end is where this one matched
        begin = find(word, pos)
        pos = begin + len(word)
        text_, cut, key, cap, acronym = found
        append(Token(begin, pos - cut, text_, key, cap, acronym))
    return out


#: quote marks and dashes that may open a sentence before its first word
_INITIAL_GAP = re.compile(r"\s*\.\s*")
_STARTERS = frozenset('.!?…:;"«“„([—–')
_WORD_RUN = re.compile(r"[^\W\d_]+(?=[ \u00a0]+[^\W\d_]+[ \u00a0]*$|[ \u00a0]*$)")
#: the words of a short stretch of text (the last ones name what a name follows)
_WORDS_BEFORE = re.compile(r"[^\W\d_]+")
_WORDS_AFTER = re.compile(r"[ \u00a0]([^\W\d_]+)")
#: tags of a guessed person reading
_PERSON_GUESS = PERSON_TAGS | {"anim"}
#: the types a pack's cues may give
ENTITY_TYPES = frozenset({"PER", "ORG", "LOC", "MISC"})
#: between an address marker and the name: "вул. Франка", "вулиця Франка"
_ADDRESS_GAP = re.compile(r"\.?[ \u00a0]?")
#: a house number after a street's name: ", 4", ", 58-А", ", 12/2"
_HOUSE_NUMBER = re.compile(r",[ \u00a0]?\d{1,4}(?:[-/‐]?[^\W\d_](?![^\W\d_])|/\d{1,4})?")
#: lower-case genitive words that may complete a body's name after its head word
GENITIVE_TAIL = 4
#: a title marks the name that follows it within this many tokens
TITLE_REACH = 3


class Detector:
    """Finds name spans in one document (pure apart from the KB and morphology caches)."""

    def __init__(self, packs: dict[str, EntityPack], kb: KnowledgeBase):
        self.packs = packs
        self.kb = kb
        self._text = ""
        self._title: Token | None = None  # the last person title's first word
        self._seen: dict[tuple[str, str, bool], NameFacts] = {}
        self._matches: dict[tuple[str, ...], tuple[int, tuple[Candidate, ...], bool]] = {}
        self._starts: dict[tuple[str, str], bool] = {}
        self._heads: dict[tuple[str, str], bool] = {}
        self._org_heads: dict[tuple[str, str], bool] = {}
        self._places: dict[tuple[str, str], bool] = {}
        # family names of the languages that write them first, as skeletons: "Le Minh
        # Quang" in an English article is written in that order too
        self.family_first = frozenset(
            skeleton(n) for p in packs.values() if p.family_name_first for n in p.family_names
        )

    # -- knowledge base ----------------------------------------------------
    def _keys(self, pack: EntityPack, span: Sequence[Token]) -> list[str]:
        """Lookup keys of a span: the exact fold, then lemma readings (at most eight)."""
        keys = [" ".join(t.key for t in span)]
        if pack.morphology.active:
            combos: list[list[str]] = [[]]
            for t in span:
                # lower-case words of a name inflect too ("Білому домі" → "білий дім")
                lemmas = pack.morphology.lemmas(t.text)
                options = [fold(x) for x in (lemmas if t.cap else lemmas[:2])]
                combos = [[*c, o] for c in combos for o in options][:8]
            keys += [" ".join(c) for c in combos]
        return list(dict.fromkeys(keys))

    def kb_match(
        self, pack: EntityPack, tokens: list[Token], i: int, limit: int
    ) -> tuple[int, tuple[Candidate, ...], bool]:
        """(tokens, candidates, demonym-only) of the longest alias starting at token ``i``
        and at most ``limit`` tokens long."""
        if not self._may_start(pack, tokens[i]):
            return 0, (), False
        limit = min(limit, len(tokens) - i)
        # the answer depends on the words alone: names recur, so it is kept
        memo_key = (pack.code, *(t.text for t in tokens[i : i + limit]))
        found = self._matches.get(memo_key)
        if found is None:
            found = _remember(self._matches, memo_key, self._kb_match(pack, tokens, i, limit))
        return found

    def _may_start(self, pack: EntityPack, first: Token) -> bool:
        """Some alias begins with this word (as written or as a lemma)."""
        found = self._starts.get((pack.code, first.text))
        if found is None:
            starts = {first.key.split(" ", 1)[0]}
            if pack.morphology.active:
                starts |= {fold(x) for x in pack.morphology.lemmas(first.text)}
            found = _remember(
                self._starts, (pack.code, first.text), any(map(self.kb.may_start, starts))
            )
        return found

    def _kb_match(
        self, pack: EntityPack, tokens: list[Token], i: int, limit: int
    ) -> tuple[int, tuple[Candidate, ...], bool]:
        first = tokens[i]
        for n in range(limit, 0, -1):
            span = tokens[i : i + n]
            if first.key in pack.not_names and not (n > 1 and span[-1].cap):
                continue  # "The Hague" is a name, "The bank" is not
            for j, key in enumerate(self._keys(pack, span)):
                found = self.kb.by_fold(key) if j == 0 else self.kb.by_lemma(key)
                if found:
                    names = tuple(c for c in found if c.kind != "demonym")
                    if names:
                        return n, names, False
                    if n == 1 and any(c.kind == "demonym" for c in found):
                        return 1, (), True
        return 0, (), False

    # -- titles ------------------------------------------------------------
    def title_at(self, pack: EntityPack, tokens: list[Token], i: int) -> int:
        """How many tokens from ``i`` form a person title (0 when none)."""
        if tokens[i].key not in pack.title_starts:
            return 0
        for n in range(min(pack.title_words, len(tokens) - i), 0, -1):
            if " ".join(t.key for t in tokens[i : i + n]) in pack.titles:
                return n
        return 0

    # -- one sentence --------------------------------------------------------
    def sentence(
        self, doc: Document, start: int, end: int, lang: str | None, capitalised: set[str]
    ) -> list[MentionSpan]:
        pack = self.packs.get(lang or "") or self.packs.get(doc.lang or "") or EntityPack("xx")
        self._text = doc.text
        tokens = tokenize(doc.text, start, end)
        out: list[MentionSpan] = []
        i = 0
        context = 0  # tokens left in which a preceding title marks a person
        title_starts, head_starts, lower_cues = pack.title_starts, pack.head_starts, pack.lower_cues
        while i < len(tokens):
            tok = tokens[i]
            if not (tok.cap or tok.acronym or tok.key in lower_cues):
                i += 1
                context -= 1
                continue
            if tok.key in title_starts:
                t = self.title_at(pack, tokens, i)
                if t and not self._body_after_title(pack, tokens, i + t):
                    self._title = tok
                    i += t
                    context = TITLE_REACH
                    continue
            if not (tok.cap or tok.acronym):
                n = 0
                if tok.key in pack.address_words:
                    n = self._address(doc, pack, tokens, i, out)
                if not n and tok.key in head_starts:
                    n = self._lower_head_alias(doc, pack, tokens, i, out)
                i += n or 1
                context = 0 if n else context - 1
                continue
            if tok.key in pack.address_words and _opening(doc.text, tokens, i):
                n = self._address(doc, pack, tokens, i, out)  # "Вулиця Зелена перекрита"
                if n:
                    i += n
                    context = 0
                    continue
            quoted = None
            if tok.key in pack.org_forms or self._form_like(tok):
                quoted = self._legal_name(pack, tokens, i)
                if quoted is None and tok.key in pack.org_forms:
                    i += 1  # "ТОВ", "ООО" alone: a kind of company, not a name
                    continue
            if quoted is not None:
                # "ТОВ «Вентто»", "ООО «Ромашка»", "ТД «Украгропром»": a company's name
                k, close = quoted
                span = self._span(doc, pack, tokens[i:k], (), False)
                span.end, span.text, span.hint = close, doc.text[span.start : close], "ORG"
                out.append(span)
                i = k
                continue
            run = self._run_length(pack, tokens, i)
            # "New" never begins a name of its own, but "New Zealand" is in the KB
            # "Республике Татарстан": a head word and a name in another case; the KB decides
            whole = (
                not run
                or (run == 1 and self._head_word(pack, tok))
                or self._possessive_after(tokens, i + run)  # "Donetsk People's Republic"
                or self._stop_word_after(pack, tokens, i + run)  # "Nghe An": "An" is a word
            )
            reach = self._alias_reach(
                tokens, i, self._capitalised_run(tokens, i, pack.connectors) if whole else run
            )
            n, cands, demonym = self.kb_match(pack, tokens, i, reach)
            if n > 1 and tok.key in pack.not_names:
                rest, found, _ = self.kb_match(pack, tokens, i + 1, n - 1)
                if rest == n - 1 and {c.id for c in found} & {c.id for c in cands}:
                    i += 1  # "the White House": the article is not part of the name
                    continue
            if demonym and not self._headed(pack, tokens, i + 1, i + run):
                i += 1  # "Ukrainian", "російський": an attribute, not a mention
                continue
            if demonym:  # "Українського католицького університету": a body's name
                n, cands = 0, ()
            if not n and "-" in tok.text:
                parts = self._hyphen_parts(pack, tok)
                if parts:  # "Mỹ-Ukraine", "US-Ukraine": two names joined by a hyphen
                    out += [self._span(doc, pack, [p], c, False) for p, c in parts]
                    i += 1
                    continue
            if n and not self._accept_alias(pack, tokens, i, n, cands, capitalised, doc.text):
                n, cands = 0, ()
            if (
                n == 1
                and i + 1 < len(tokens)
                and not tokens[i + 1].cap
                and tokens[i + 1].start - tok.end <= 1
                and self._adjective(pack, tok)
                and self._head_word(pack, tokens[i + 1])
                and all(c.id.startswith(("city:", "region:")) for c in cands)
            ):
                n, cands = 0, ()  # "Південна | залізниця": an adjective of a body's name
            if n == 1 and run > 1 and all(c.id.startswith(("city:", "region:")) for c in cands):
                # "Volodymyr Zelensky", "Virginia Woolf": a first name that is also a place
                n, cands = 0, ()
            if n:  # accepted above
                out.append(self._span(doc, pack, tokens[i : i + n], cands, False))
                i += n
                # "President of Ukraine Volodymyr Zelensky": the title still applies
                context = TITLE_REACH if context > 0 else 0
                continue
            if run >= SHOUTED_RUN and all(t.acronym for t in tokens[i : i + run]):
                # "УКРАЇНА ОТРИМАЄ НОВІ ЛІТАКИ": only the words the KB knows are names
                for k in range(i, i + run):
                    m, found, _ = self.kb_match(pack, tokens, k, 1)
                    if m:
                        out.append(self._span(doc, pack, tokens[k : k + 1], found, False))
                i += run
                continue
            if run and i + run < len(tokens) and self.title_at(pack, tokens, i + run):
                i += run  # "Agriculture Minister …": the words belong to the title
                continue
            if run and self._accept(pack, tokens, i, run, context > 0, capitalised, doc.text):
                out.append(self._span(doc, pack, tokens[i : i + run], (), context > 0))
            elif self.common_opener(pack, tokens, i, run, context > 0, doc.text):
                i += 1  # "Рішення | Зарічного районного суду": the name starts after it
                context = 0
                continue
            i += max(run, 1)
            context = 0
        if len(out) > 1 and pack.morphology.active:
            out = self._qualified_bodies(doc, pack, tokens, out)
        return out

    def _qualified_bodies(
        self, doc: Document, pack: EntityPack, tokens: list[Token], out: list[MentionSpan]
    ) -> list[MentionSpan]:
        """A body's name and the country or region in the genitive right after it are one
        name ("Нацгвардії | України", "Верховної Ради | Автономної Республіки Крим").
        Without an alias of its own, the whole links to the body when the country is
        the body's own; a region's body is another body. So is a body the KB does not
        know and the region it serves, after a locative preposition ("Управління
        захисту економіки | в | Херсонській області")."""
        merged: list[MentionSpan] = []
        starts = {t.start: k for k, t in enumerate(tokens)}
        for span in out:
            prev = merged[-1] if merged else None
            gap = "" if prev is None else doc.text[prev.end : span.start]
            if (
                prev is not None
                and prev.start in starts
                and span.start in starts
                and _body(prev)
                and not prev.candidates
                and gap.strip().casefold() in pack.locative_prepositions
                and gap.count(" ") == 2
                and span.candidates
                and all(c.id.startswith("region:") for c in span.candidates)
                and "loct" in pack.morphology.cases(span.text.split(" ", 1)[0])
            ):
                a, b = starts[prev.start], starts[span.start] + span.words
                whole = self._span(doc, pack, tokens[a:b], (), False)
                whole.hint = "ORG"
                merged[-1] = whole
                continue
            if (
                prev is not None
                and prev.start in starts
                and span.start in starts  # not a part of a hyphenated word
                and gap == " "
                and _body(prev)
                and span.candidates
                and all(c.type == "LOC" and c.id.startswith(_QUALIFIERS) for c in span.candidates)
                and "gent" in pack.morphology.cases(span.text.split(" ", 1)[0])
            ):
                country = {c.country for c in span.candidates if c.id.startswith("country:")}
                cands = tuple(c for c in prev.candidates if c.country in country)
                a, b = starts[prev.start], starts[span.start] + span.words
                whole = self._span(doc, pack, tokens[a:b], cands, False)
                whole.hint = "ORG"
                merged[-1] = whole
                continue
            merged.append(span)
        return merged

    def _lower_head_alias(
        self, doc: Document, pack: EntityPack, tokens: list[Token], i: int, out: list[MentionSpan]
    ) -> int:
        """A KB name that begins with a lower-case head word ("sông Hồng", "eo biển
        Hormuz", "quần đảo Trường Sa"): its length in tokens, 0 when there is none."""
        if tokens[i].key not in pack.head_starts or not self.kb.may_start(tokens[i].key):
            return 0
        j = i + 1
        while j < len(tokens) and j - i < 3 and not tokens[j].cap:
            j += 1
        if j >= len(tokens) or not tokens[j].cap:
            return 0
        j += self._capitalised_run(tokens, j, pack.connectors)
        n, cands, demonym = self.kb_match(pack, tokens, i, j - i)
        if n < 2 or demonym or not cands or not tokens[i + n - 1].cap:
            return 0
        out.append(self._span(doc, pack, tokens[i : i + n], cands, False))
        return n

    def _address(
        self, doc: Document, pack: EntityPack, tokens: list[Token], i: int, out: list[MentionSpan]
    ) -> int:
        """A street, square or avenue named after its marker word ("вул. Грушевського, 4",
        "площі Ринок"): one place, with the marker and a house number that follows; its
        length in tokens, 0 when no capitalised name follows the marker."""
        text = doc.text
        j = i + 1
        if j >= len(tokens) or not tokens[j].cap:
            return 0
        if not _ADDRESS_GAP.fullmatch(text, tokens[i].end, tokens[j].start):
            return 0
        k = j + self._capitalised_run(tokens, j, pack.connectors)
        span = self._span(doc, pack, tokens[i:k], (), False)
        number = _HOUSE_NUMBER.match(text, span.end)
        if number:
            span.end = number.end()
            span.text = text[span.start : span.end]
            while k < len(tokens) and tokens[k].start < span.end:
                k += 1
        span.hint = "LOC"
        out.append(span)
        return k - i

    def _form_like(self, tok: Token) -> bool:
        """An abbreviation that may stand for a kind of body before a quoted name, as a
        legal form does ("ТД «Украгропром»", "ВО «Батьківщина»"): two to six capitals that
        the KB does not know as a place ("США «…»" is not one name)."""
        text = tok.text
        return (
            2 <= len(text) <= 6
            and text.isupper()
            and text.isalpha()
            and not any(c.type == "LOC" for c in self.kb.by_fold(tok.key))
        )

    def _legal_name(self, pack: EntityPack, tokens: list[Token], i: int) -> tuple[int, int] | None:
        """(end token, end offset) of a quoted name after a legal form at token ``i``
        ("ТОВ «НВО «Східбуд»»"), or None when no quoted name follows it."""
        text = self._text
        pos = tokens[i].end
        while pos < len(text) and text[pos] == " ":
            pos += 1
        if pos >= len(text) or text[pos] not in OPEN_QUOTES:
            return None
        depth, j, limit = 0, pos, min(len(text), pos + 120)
        last = -1  # the last closing quote: nested quotes are often left unbalanced
        while j < limit and text[j] != "\n":
            c = text[j]
            if c == "«" or (c in "„“" and depth == 0):
                if last >= 0:  # a new quote after an unbalanced one: the name ended there
                    j = last
                    break
                depth += 1
            elif c == "»" or c in "”“" or (c == '"' and j > pos):
                depth, last = depth - 1, j
                if depth <= 0 and not (j + 1 < limit and text[j + 1] == "»"):
                    break
            j += 1
        else:
            if last < 0 or text[last + 1 : last + 2].isalnum():
                return None
            j = last
        k = i + 1
        while k < len(tokens) and tokens[k].end <= j:
            k += 1
        return (k, j + 1) if k > i + 1 else None

    def _hyphen_parts(
        self, pack: EntityPack, tok: Token
    ) -> list[tuple[Token, tuple[Candidate, ...]]]:
        """The parts of a hyphenated word, when the KB knows every one of them."""
        out = []
        for m in re.finditer(r"[^\W_]+", tok.text):
            word = m.group(0)
            if not word[0].isupper():
                return []
            part = Token(tok.start + m.start(), tok.start + m.end(), word, _key(word), True, False)
            n, cands, _ = self.kb_match(pack, [part], 0, 1)
            if not n:
                return []
            out.append((part, cands))
        return out if len(out) > 1 else []

    def _head_word(self, pack: EntityPack, tok: Token) -> bool:
        """The word is an organisation's or a place's head word, in any case form."""
        found = self._heads.get((pack.code, tok.text))
        if found is None:
            # any reading: "парку" is "парка" before it is "парк"
            lemmas = [fold(x) for x in pack.morphology.lemmas(tok.text)]
            found = any(w in pack.org_words or w in pack.loc_words for w in (tok.key, *lemmas))
            _remember(self._heads, (pack.code, tok.text), found)
        return found

    def _org_head(self, pack: EntityPack, tok: Token) -> bool:
        """The word is an organisation's head word in any case form ("Спілки")."""
        found = self._org_heads.get((pack.code, tok.text))
        if found is None:
            found = any(fold(x) in pack.org_words for x in pack.morphology.lemmas(tok.text))
            _remember(self._org_heads, (pack.code, tok.text), found)
        return found

    @staticmethod
    def _number_or_code(pack: EntityPack, tok: Token) -> bool:
        """An acronym that names no one: a Roman numeral, or a currency, unit or common
        noun written in capitals (the packs' ``not_acronyms``: USD, GDP, БПЛА)."""
        return tok.acronym and (tok.key in pack.not_acronyms or roman_numeral(tok.text))

    def _initial(self, tok: Token) -> bool:
        """A capital letter with a dot after it: a first name's initial ("В. Зеленський")."""
        return len(tok.text) == 1 and tok.cap and self._text[tok.end : tok.end + 1] == "."

    def _possessive_after(self, tokens: list[Token], j: int) -> bool:
        """A capitalised word follows token ``j - 1`` across a possessive ``'s``."""
        return (
            0 < j < len(tokens)
            and tokens[j].cap
            and self._text[tokens[j - 1].end : tokens[j].start] in _POSSESSIVE_GAPS
        )

    @staticmethod
    def _stop_word_after(pack: EntityPack, tokens: list[Token], j: int) -> bool:
        """The run stopped at a capitalised word that never begins a name ("An",
        "The"): the KB may still know the longer name."""
        return 0 < j < len(tokens) and tokens[j].cap and tokens[j].key in pack.not_names

    def _capitalised_run(self, tokens: list[Token], i: int, connectors: frozenset[str]) -> int:
        """The capitalised words from ``i``, across possessives and connectors
        ("People's Republic of China")."""
        j = i + 1
        while j < len(tokens) and j - i < MAX_NAME_TOKENS:
            tok = tokens[j]
            joined = tok.start - tokens[j - 1].end <= 1 or self._possessive_after(tokens, j)
            if tok.cap and joined:
                j += 1
            elif (
                joined
                and tok.key in connectors
                and j + 1 < len(tokens)
                and tokens[j + 1].cap
                and tokens[j + 1].start - tok.end <= 1
            ):
                j += 2
            else:
                break
        return min(j, len(tokens)) - i

    @staticmethod
    def _alias_reach(tokens: list[Token], i: int, run: int) -> int:
        """How far a KB alias may reach from token ``i``: the capitalised run, and the
        lower-case words after it ("Верховную раду", "Білому домі"): the KB decides."""
        j = i + max(run, 1)
        while j < len(tokens) and j - i < 4 and not tokens[j].cap:
            if tokens[j].start - tokens[j - 1].end > 1:
                break
            j += 1
        return j - i

    def _split_here(self, pack: EntityPack, a: Token, b: Token) -> bool:
        """True when two capitalised words cannot belong to one name."""
        gap = b.start - a.end
        if gap > 1 and not (
            (len(a.text) == 1 or a.key in pack.name_abbreviations)
            and _INITIAL_GAP.fullmatch(self._text[a.end : b.start])
        ):
            return True  # punctuation between them, except after an initial ("А. Купер")
        if b.key in pack.not_names and not b.acronym and not self._initial(b):
            return True
        if pack.morphology.active:
            fa, fb = pack.morphology.info(a.text), pack.morphology.info(b.text)
            ca, cb = (fa.cases if fa else frozenset()), (fb.cases if fb else frozenset())
            # a genitive may follow anything ("Міністерство оборони України"); words
            # that share no case belong to different names ("Пентагона | Ллойдом Остіном"),
            # but the cases of a surname the dictionary does not know are guesses after a
            # first name it knows ("Марк Рютте")
            if ca and cb and not ca & cb and not cb & {"gent", "gen2"}:
                return not (fa and fb and fa.known and "Name" in fa.name_tags and not fb.known)
        return False

    def _run_length(self, pack: EntityPack, tokens: list[Token], i: int) -> int:
        """Length of the name that starts at capitalised token ``i`` (0: not a name)."""
        first = tokens[i]
        if first.key in pack.not_names and not first.acronym and not self._initial(first):
            return 0  # but "В. Зеленський", "А. Метревели": an initial, not a preposition
        as_written = first.key in pack.org_words or (
            i + 1 < len(tokens) and f"{first.key} {tokens[i + 1].key}" in pack.org_words
        )
        # the head word in another case form ("Спілки") carries only genitives
        head_org = as_written or self._org_head(pack, first)
        j = i + 1
        lowers = 0
        while j < len(tokens) and j - i < pack.max_name_words:
            tok, prev = tokens[j], tokens[j - 1]
            if self.title_at(pack, tokens, j):
                break
            if tok.key in pack.org_forms:
                break  # "Компания | ООО «Ромашка»": a legal form opens a name of its own
            if tok.cap or tok.acronym:
                if self._split_here(pack, prev, tok) and not (head_org and lowers):
                    break
                if head_org and tok.key in pack.family_names:
                    break  # "Bộ Ngoại giao | Phạm Thu Hằng": a person after the body
                if head_org and lowers and self._first_name(pack, tok):
                    break  # "Партії регіонів | Олександру Олійнику"
                if self._first_name(pack, tok, known=True) and self._named_before(pack, tokens, j):
                    break  # "ЗС України | Олег Верняєв": a first name after a place's
                lowers = 0
                j += 1
                continue
            if tok.start - prev.end > 1:
                break
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            if tok.key in pack.connectors and nxt is not None and nxt.cap:
                j += 1
                continue
            # an organisation's head word carries lower-case words up to a capitalised
            # one ("Міністерство оборони України"); in Vietnamese one lower-case syllable
            # may follow a capitalised one ("Bộ Ngoại giao")
            if (
                head_org
                and lowers < 2
                and self._capital_ahead(tokens, j, 2 - lowers)
                and not self._verb(pack, tok)
                and (as_written or self._genitive(pack, tok))
            ):
                lowers += 1
                j += 1
                continue
            if (
                head_org
                and pack.lower_after_capital
                and prev.cap
                and lowers < pack.lower_after_capital
                and not self.kb.by_fold(prev.key)
                and tok.key not in pack.not_names  # "Đảng | đã họp", not "Bộ Ngoại giao"
            ):
                lowers += 1
                j += 1
                continue
            break
        while j - i > 1 and not tokens[j - 1].cap and tokens[j - 1].key in pack.connectors:
            j -= 1  # "Putin of | Monday": a connector joins names, it never ends one
        if head_org and pack.morphology.active and j < len(tokens) and not tokens[j].cap:
            j = self._genitive_tail(pack, tokens, j)  # "Міністерство | внутрішніх справ"
        # "Кіровоградської облдержадміністрації", "Київської обласної ради": capitalised
        # words followed by a lower-case organisation or place head word
        for extra in (1, 2, 3):
            k = j + extra - 1
            if k >= len(tokens) or tokens[k].cap or tokens[k].start - tokens[k - 1].end > 1:
                break
            if not all(self._adjective(pack, tokens[x]) for x in range(j, k)):
                break  # "Житомирська | обласна державна адміністрація": adjectives between,
                # but not "Денисова | в уряді"
            if self._head_word(pack, tokens[k]):
                if pack.morphology.active and not head_org:
                    # "Національної спілки | художників", "Інституту | української мови":
                    # lower-case words in the genitive complete the body's name
                    j = self._genitive_tail(pack, tokens, k + 1)
                    # "Національного олімпійського комітету | України": a name in the
                    # genitive after the head word belongs to the body
                    # (a body's: "Перевальського району | Луганської області" are two places)
                    if (
                        j < len(tokens)
                        and tokens[j].cap
                        and tokens[j].start - tokens[j - 1].end <= 1
                        and self._org_head(pack, tokens[k])
                        and "gent" in pack.morphology.cases(tokens[j].text)
                        and tokens[j].key not in pack.not_names
                        and not self._first_name(pack, tokens[j], known=True)  # "Сергія Кузьменка"
                    ):
                        j += self._capitalised_run(tokens, j, pack.connectors)
                        # "Господарського суду Київської | області": the adjective's noun
                        if (
                            j < len(tokens)
                            and not tokens[j].cap
                            and tokens[j].start - tokens[j - 1].end <= 1
                            and self._adjective(pack, tokens[j - 1])
                            and self._head_word(pack, tokens[j])
                        ):
                            j += 1
                break
        # "університету | імені Тараса Шевченка" (the genitive words may have taken
        # "імені" already)
        at = j if j < len(tokens) and tokens[j].key in pack.named_after else j - 1
        if at > i and tokens[at].key in pack.named_after and self._headed(pack, tokens, i, at):
            j = self._named_after(tokens, at)
        return j - i

    def _named_after(self, tokens: list[Token], j: int) -> int:
        """Where a body's name ends that goes on with the word at ``j`` ("імені", "ім.")
        and the person it is named after, initials included ("ім. С. Костюка"); ``j``
        when no capitalised word follows."""
        text, k = self._text, j + 1
        while k < len(tokens) and k - j <= 4 and tokens[k].cap:
            if text[tokens[k - 1].end : tokens[k].start].strip() not in ("", "."):
                break
            k += 1
        return k if k > j + 1 else j

    def _headed(self, pack: EntityPack, tokens: list[Token], j: int, k: int) -> bool:
        """A body's or a place's head word is among tokens ``j`` to ``k``."""
        return any(self._head_word(pack, tokens[x]) for x in range(j, min(k, len(tokens))))

    def _genitive_tail(self, pack: EntityPack, tokens: list[Token], j: int) -> int:
        """Where a body's name ends after its head word at ``j - 1``: past at most
        ``GENITIVE_TAIL`` lower-case nouns and adjectives in the genitive ("станції |
        аерації", "комітету | телебачення"), none of them a word of time ("ради | минулого
        тижня"), unless they end on an adjective with no noun after it."""
        end = j
        k = j
        while k < len(tokens) and k - j < GENITIVE_TAIL:
            tok = tokens[k]
            if tok.cap or tok.acronym or tok.start - tokens[k - 1].end > 1:
                break
            if tok.key in pack.conjunctions and end > j:
                k += 1  # "архітектури та | містобудування": the name goes on after a noun
                continue
            found = pack.morphology.info(tok.text)
            if not self._genitive(pack, tok) or found is None or "VERB" in found.tags:
                break  # "інститут | почав": a verb first, whatever its rarer readings
            if _has(pack.not_in_names, [fold(x) for x in found.lemmas]):
                return j  # "ради | минулого тижня": the words after the head are a time
            tags = found.tags | pack.morphology.any_tags(tok.text)  # "художників": a noun too
            if not tags & {"NOUN", "ADJF"}:
                break
            k += 1
            if "NOUN" in tags:
                end = k
        return end

    @staticmethod
    def _region_cue(pack: EntityPack, text: str, start: int, end: int) -> bool:
        """A word next to the name says it is a state or province ("штат Вашингтон",
        "bang Georgia", "Washington state", "the state of Georgia")."""
        before = [w.lower() for w in _WORD_RUN.findall(text[max(0, start - 32) : start])[-2:]]
        if len(before) == 2 and before[1] in pack.connectors:
            before = before[:1]  # "the state of Georgia"
        after = _WORDS_AFTER.match(text, end)
        words = before[-1:] + ([after.group(1).lower()] if after else [])
        if not words:
            return False
        lemmas = (
            {fold(pack.morphology.lemma(w)) for w in words} if pack.morphology.active else set()
        )
        return bool((set(words) | lemmas) & pack.region_cues)

    @staticmethod
    def _cued_type(pack: EntityPack, before: str, text: str, end: int) -> str | None:
        """The type the word ``before`` a name or the word after it gives the name ("in
        Bithynia", "Tiberius said"), or None."""
        found = pack.cues_before.get(before.lower()) if before else None
        if found:
            return found
        if pack.cues_after:
            after = _WORDS_AFTER.match(text, end)
            if after:
                return pack.cues_after.get(after.group(1).lower())
        return None

    def _word_before(self, start: int) -> str:
        """The word just before offset ``start`` across one space ("" when there is none)."""
        text = self._text
        if text[start - 1 : start] != " ":
            return ""
        k = start - 1
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        return text[k : start - 1]

    def _opens_sentence(self, at: int) -> bool:
        """Offset ``at`` is the first word of the text, or comes after what opens a
        sentence, a quote or a clause (``_STARTERS``; spaces between)."""
        text, k = self._text, at
        while k > 0 and text[k - 1].isspace():
            k -= 1
        return k == 0 or text[k - 1] in _STARTERS

    def _after_head_word(self, pack: EntityPack, start: int, word: str) -> str | None:
        """LOC when ``word``, right before the name, is a lower-case place head word
        ("реки Преголи", "tỉnh Khánh Hòa", "штата Вашингтон"), else None. (A body's head
        word says less: "компании Илона Маска" is a person's company.)"""
        head = start - 1 - len(word)
        if not word[:1].islower() and not self._opens_sentence(head):
            return None  # a capital only at a sentence's start: "Річка Полтва тече…"
        if not self._place_head(pack, word):
            return None
        # "Thống đốc tỉnh | Oleh Syniehubov": the province's governor, a person
        words = [fold(w) for w in _WORDS_BEFORE.findall(self._text[max(0, head - 40) : head])]
        titled = any(
            " ".join(words[k:]) in pack.titles for k in range(max(0, len(words) - 3), len(words))
        )
        return None if titled else "LOC"

    @staticmethod
    def _known_person(pack: EntityPack, span: list[Token]) -> bool:
        """A word of the name is a first name or surname the dictionary knows."""
        for tok in span:
            found = pack.morphology.info(tok.text)
            if found is not None and found.known and found.name_tags & PERSON_TAGS:
                return True
        return False

    def _place_head(self, pack: EntityPack, word: str) -> bool:
        """The word is a place's head word in any case form ("реки" → "река")."""
        found = self._places.get((pack.code, word))
        if found is None:
            key = _key(word)
            found = key in pack.loc_words or any(
                fold(x) in pack.loc_words for x in pack.morphology.lemmas(word)
            )
            _remember(self._places, (pack.code, word), found)
        return found

    @staticmethod
    def _in_place(pack: EntityPack, span: list[Token], word: str) -> bool:
        """The name follows one of the pack's locative prepositions (``word``) in a
        locative form that is no genitive ("у Петриківці"; "у Петра" is someone's)."""
        if word.lower() not in pack.locative_prepositions:
            return False
        cases = pack.morphology.cases(span[0].text)
        return "loct" in cases and not cases & {"gent", "gen2"}

    @staticmethod
    def _guessed_person(pack: EntityPack, found: WordInfo) -> bool:
        """A person reading the analyzer guessed for a word it does not know, from an
        ending that surnames of the language do not have ("Фессалии", "Сенаки")."""
        return (
            not found.known
            and bool(pack.surname_endings)
            and bool(found.name_tags & PERSON_TAGS or "anim" in found.tags)
            and not found.lemmas[0].endswith(pack.surname_endings)
        )

    @staticmethod
    def _dictionary_word(pack: EntityPack, tok: Token) -> bool:
        """The word, in lower case, is a common word the dictionary knows."""
        found = pack.morphology.info(tok.text.capitalize())
        return (
            found is not None
            and found.known
            and found.common
            and not found.name_tags
            and "Abbr" not in found.tags  # the dictionary knows "АМКУ" as an abbreviation
        )

    @staticmethod
    def _pronoun(pack: EntityPack, tok: Token) -> bool:
        """One of the word's likeliest readings is a pronoun ("Його", "Нього", "Ваші";
        the religious capital of "Him"): no name of a place or a body."""
        return not tok.acronym and "NPRO" in pack.morphology.any_tags(tok.text)

    @staticmethod
    def _first_name(pack: EntityPack, tok: Token, known: bool = False) -> bool:
        """The word's likeliest reading is a first name; with ``known``, one the
        dictionary has (not a guess from its ending)."""
        found = pack.morphology.info(tok.text)
        return (
            found is not None
            and "Name" in found.tags
            and not found.common
            and (found.known or not known)
        )

    @staticmethod
    def _adjective(pack: EntityPack, tok: Token) -> bool:
        found = pack.morphology.info(tok.text)
        return found is not None and "ADJF" in found.tags

    @staticmethod
    def _genitive(pack: EntityPack, tok: Token) -> bool:
        """The word may be a genitive, and its likeliest reading is no function word
        ("из" is a preposition before it is a rare name's genitive)."""
        found = pack.morphology.info(tok.text)
        return (
            found is not None
            and bool(found.cases & {"gent", "gen2"})
            and not found.tags & _FUNCTION_WORDS
        )

    def _named_before(self, pack: EntityPack, tokens: list[Token], j: int) -> bool:
        """The word before token ``j`` is a body's initials or, alone, a place's or a
        body's name the KB knows ("КМДА", "України"), not a person's."""
        prev = tokens[j - 1]
        if self._initial(prev):
            return False
        if prev.acronym:
            return True
        found = pack.morphology.info(prev.text)
        if found is None or found.name_tags:  # "Брайан", "Ридли": towns, but first names
            return False
        n, cands, _ = self.kb_match(pack, tokens, j - 1, 1)
        return n == 1 and all(c.type in ("LOC", "ORG") for c in cands)

    @staticmethod
    def _nominal(pack: EntityPack, tok: Token) -> bool:
        """The word is written in the language's alphabet and may be a noun: the
        dictionary does not know it, or reads it so ("Summertime" in a Russian text is
        most often a work's title)."""
        if pack.alphabet and tok.key[:1] not in pack.alphabet:
            return False
        found = pack.morphology.info(tok.text)
        return found is None or not found.known or "NOUN" in found.tags

    @staticmethod
    def _verb(pack: EntityPack, tok: Token) -> bool:
        found = pack.morphology.info(tok.text)
        return found is not None and "VERB" in found.tags

    @staticmethod
    def _capital_ahead(tokens: list[Token], j: int, reach: int) -> bool:
        return any(tokens[k].cap for k in range(j + 1, min(j + 1 + reach, len(tokens))))

    def _accept(
        self,
        pack: EntityPack,
        tokens: list[Token],
        i: int,
        run: int,
        titled: bool,
        capitalised: set[str],
        text: str,
    ) -> bool:
        span = tokens[i : i + run]
        if self.common_opener(pack, tokens, i, run, titled, text):
            return False
        opening = _opening(text, tokens, i)
        if run == 1:
            tok = span[0]
            letters = len(tok.text) if tok.text.isalpha() else sum(c.isalpha() for c in tok.text)
            if letters < 2:
                return False
            if tok.acronym and len(tok.text) >= 4 and self._dictionary_word(pack, tok):
                return False  # "ТІСТО", "ВСТУП": a word in capitals, not an abbreviation
            if self._number_or_code(pack, tok):
                return False  # "XX століття", "USD", "GDP" (but "Louis XIV" is a name)
            if self._pronoun(pack, tok):
                return False  # "Його", "Йому": a pronoun written with a capital
            if tok.key in pack.titles or tok.key in pack.org_words or tok.key in pack.loc_words:
                return False
            if opening and not titled and not tok.acronym:
                return (
                    self._name_like(pack, tok)
                    or tok.key in capitalised
                    or (
                        pack.quoted_names is not None
                        and in_quotes(text, tok.start, tok.end)
                        and self._nominal(pack, tok)
                    )
                )  # «Айдар», «Пласт»: a quoted noun is a name, but «Так» is a reply
        return True

    def common_opener(
        self, pack: EntityPack, tokens: list[Token], i: int, run: int, titled: bool, text: str
    ) -> bool:
        """True when the run's first word is a common word capitalised only because it
        opens a sentence (or a quote, or a clause after a colon or a dash)."""
        first = tokens[i]
        opening = _opening(text, tokens, i)
        if not opening or run < 2 or titled or first.key in pack.org_words:
            return False
        if self._initial(first):
            return False
        if self._adjectives_and_head(pack, tokens[i : i + run]):
            return False  # "Київський національний університет": a body's name opens it
        found = pack.morphology.info(first.text)
        return first.key in pack.not_names or (
            found is not None and found.common and not found.name_tags
        )

    def _body_after_title(self, pack: EntityPack, tokens: list[Token], j: int) -> bool:
        """The capitalised words right after a title hold a body's head word: the title
        word is part of the body's name ("Major League Baseball"), not a person's title."""
        k = j
        while k < len(tokens) and k - j < 4 and tokens[k].cap:
            if tokens[k].key in pack.org_words:
                return True
            k += 1
        return False

    def _adjectives_and_head(self, pack: EntityPack, span: list[Token]) -> bool:
        """The span opens with a capitalised adjective, then one lower-case adjective or
        more and a lower-case organisation head word: "Київський національний
        університет", "Національний олімпійський комітет України"."""
        if not self._adjective(pack, span[0]):
            return False
        for k, tok in enumerate(span[1:], start=1):
            if tok.cap:
                return False
            if k >= 2 and self._org_head(pack, tok):
                return True
            if not self._adjective(pack, tok):
                return False
        return False

    def _accept_alias(
        self,
        pack: EntityPack,
        tokens: list[Token],
        i: int,
        n: int,
        cands: tuple[Candidate, ...],
        capitalised: set[str],
        text: str,
    ) -> bool:
        """A one-word alias that is also a common word ("Так", "Nice") counts only
        where the document treats it as a name."""
        tok = tokens[i]
        found = pack.morphology.info(tok.text)
        if self.common_town(pack, tok, n, cands):
            return False
        if n == 1 and self._pronoun(pack, tok) and not any(c.type == "PER" for c in cands):
            return False  # "Ним" is Nîmes in Russian, but "Ним" in a sentence is "him"
        if (
            n == 1
            and found is not None
            and found.known
            and found.name_tags & {"Surn", "Name"}
            and not found.name_tags & PLACE_TAGS
            and "loct" not in found.cases  # "в Ізмаїлі": the locative is a place's case
            and all(c.id.startswith("city:") and c.population < 100_000 for c in cands)
        ):
            return False  # "Врангеля": the dictionary's surname, not a small town of that name
        common = tok.key in pack.not_names or (found is not None and found.common)
        if n == 1 and self._number_or_code(pack, tok):
            return False  # "XI" is a number before it is Xi Jinping
        if n > 1 or tok.acronym or tok.key in capitalised:
            return True
        big = any(
            c.id.startswith(("country:", "per:", "org:")) or c.population >= 100_000 for c in cands
        )
        if common:
            # a dictionary without place and body tags ("київ", "нацгвардія" are nouns
            # there): a big entity's name that is its own lemma is the name, but an
            # inflected common word is not ("Суми коштів": the plural of "сума")
            return big and found is not None and found.lemmas[0] == tok.key
        opening = _opening(text, tokens, i)
        if not opening:
            return True
        return big or bool(found and found.name_tags)

    def common_town(
        self, pack: EntityPack, tok: Token, n: int, cands: tuple[Candidate, ...]
    ) -> bool:
        """An abbreviation or a common noun that is only some town's other name
        ("ОДА", "NICE", "Альянс")."""
        if not cands or not all(c.id.startswith("city:") for c in cands):
            return False
        if tok.acronym:
            return True
        found = pack.morphology.info(tok.text)
        # "Ізмаїлі": a common-noun reading, but the dictionary also reads it as a name
        common = tok.key in pack.not_names or (
            found is not None and found.common and not found.name_tags
        )
        return n == 1 and common and all(c.population < 100_000 for c in cands)

    def _name_like(self, pack: EntityPack, tok: Token) -> bool:
        found = pack.morphology.info(tok.text)
        return bool(found and found.name_tags and not found.common)

    def _facts(self, pack: EntityPack, span: list[Token], text: str) -> NameFacts:
        """What a name's words say about it, whatever its context: the same words
        recur through a run of articles, so this is worked out once per name."""
        one = len(span) == 1
        cache_key = (pack.code, text, one and span[0].acronym)
        facts = self._seen.get(cache_key)
        if facts is not None:
            return facts
        keys = [t.key for t in span]
        infos = [pack.morphology.info(t.text) for t in span]
        tags: set[str] = set()
        for found in infos:
            if found:
                names, own = found.name_tags, (frozenset() if found.common else found.tags)
                # a guessed person reading of a word the dictionary does not know is no
                # evidence when the word's ending is no surname's, or when it is written
                # in capitals ("ГУОВ": a body's initials)
                if one and (
                    self._guessed_person(pack, found) or (span[0].acronym and not found.known)
                ):
                    names, own = names - _PERSON_GUESS, own - _PERSON_GUESS
                tags |= names | own
        # the first word that is not an initial ("В. | Зеленський")
        head = next((f for t, f in zip(span, infos, strict=True) if len(t.text) > 1), infos[0])
        # head words in any case form: "суду" and "ради" are "суд" and "рада"
        readings = [found.lemmas for found in infos if found is not None]
        heads = keys + [fold(x[0]) for x in readings] + [fold(y) for x in readings for y in x[1:]]
        # the head noun of the name: its first noun ("Палати представників"), else its last word
        noun = next((f for f in infos if f is not None and "NOUN" in f.tags), infos[-1])
        family_first = (pack.family_name_first and keys[0] in pack.family_names) or (
            len(span) >= 3 and skeleton(keys[0]) in self.family_first
        )
        misc, org, place = (
            _has(w, heads) for w in (pack.misc_words, pack.org_words, pack.loc_words)
        )
        initials = span[0].acronym and len(span[0].text) <= 6  # "ДФС", "ЗС"
        # "Мінкульту", "Київради", "РДА": a body's abbreviated name
        abbreviated = one and (span[0].acronym or _compound_body(pack, keys[0]))
        # "ЗС України", "ДФС України": a body's initials and whose it is
        # … or a place's adjective and the body's initials ("Сокирянської РДА")
        last = span[-1]
        initialled = (
            not one
            and (
                initials
                or (
                    last.acronym
                    and last.text.isalpha()
                    and not roman_numeral(last.text)
                    and len(span) == 2
                    and head is not None
                    and "ADJF" in head.tags
                )
            )
            and not misc
            and not place
        )
        hint = None
        if family_first and len(span) >= 3 and not org:
            hint = "PER"  # "Hồ Sỹ Phong", "Ho Sy Phong": a family name and two given names
        elif initialled:
            hint = "ORG"
        elif misc:
            hint = "MISC"
        elif org:
            hint = "ORG"  # "Ленінського районного суду", "Запорізької міської ради"
        elif place:
            hint = "LOC"
        elif (
            one
            and head is not None
            and "ADJF" in head.tags
            and not head.name_tags
            and pack.place_adjectives
            and head.lemmas[0].endswith(pack.place_adjectives)
        ):
            hint = "LOC"  # "у Рівненській та Волинській областях": a region's adjective
        elif (
            head is not None
            and head.common
            and not head.name_tags
            and not one
            and not tags & PERSON_TAGS  # "Вікторії Рощиної": a common word, then a surname
        ):
            hint = "MISC"  # "Законом України", "Державного Герба": a titled thing
        elif tags & PERSON_TAGS:
            hint = "PER"
        elif tags & PLACE_TAGS:
            hint = "LOC"
        elif tags & ORG_TAGS or (one and initials) or (abbreviated and not span[0].acronym):
            hint = "ORG"
        elif noun is not None and "anim" in noun.tags:
            hint = "PER"
        elif (
            noun is not None
            and "inan" in noun.tags
            and "NOUN" in noun.tags
            and not (one and noun.known and noun.common)  # "Меморандуму", "Кодексом"
        ):
            hint = "LOC"
        facts = NameFacts(
            key=" ".join(keys),
            lemma=pack.morphology.lemma_key(text),
            alternatives=tuple(self._keys(pack, span)[1:]) + self._without_initials(pack, span),
            hint=hint,
            body=(not one and (org or place)) or abbreviated or initialled,  # "голова | Київради"
            family_first=family_first,
        )
        return _remember(self._seen, cache_key, facts)

    def _apposition(self, pack: EntityPack, first: Token) -> bool:
        """The name after the last title is the title holder's: a first name or surname
        the dictionary knows, or a word in the title's case ("міністру | Петренку"); a
        word in another case says whose the title is ("директор | Полтаврибпрому")."""
        title = self._title
        found = pack.morphology.info(first.text)
        if title is None or found is None or (found.known and found.name_tags):
            return True
        cases = pack.morphology.cases(title.text)
        return not (cases and found.cases) or bool(cases & found.cases)

    @staticmethod
    def _without_initials(pack: EntityPack, span: list[Token]) -> tuple[str, ...]:
        """The lemma key of a name without its initials ("В. Зеленським" → "зеленський"),
        for the loose match; nothing when it has none."""
        rest = [t for t in span if len(t.text) > 1]
        if len(rest) == len(span) or not rest:
            return ()
        return (" ".join(fold(pack.morphology.lemma(t.text)) for t in rest),)

    def _span(
        self,
        doc: Document,
        pack: EntityPack,
        span: list[Token],
        cands: tuple[Candidate, ...],
        titled: bool,
    ) -> MentionSpan:
        start, end = span[0].start, _closing_quote(doc.text, span[0].start, span[-1].end)
        text = doc.text[start:end]
        facts = self._facts(pack, span, text)
        quoted = in_quotes(doc.text, start, end)
        if titled and not facts.body and self._apposition(pack, span[0]):
            hint = "PER"  # but "Командувач | Військово-морських сил": a title before a body
        elif quoted and not cands and pack.quoted_names:
            hint = pack.quoted_names  # «Нафтогаз», «Динамо»: a quoted name is most often a body
        else:
            hint = facts.hint
        # the word just before an unknown name may tell its type
        word = "" if cands else self._word_before(start)
        if hint is None and not cands:
            hint = self._cued_type(pack, word, doc.text, end)
        if word and hint in (None, "PER") and not titled:
            if self._in_place(pack, span, word):
                hint = "LOC"  # "у Петриківці": a locative after "у" names a place
            elif hint is None or not self._known_person(pack, span):
                # "реки Преголи", but "області | Олег Синегубов": a known first name
                hint = self._after_head_word(pack, start, word) or hint
        return MentionSpan(
            start=start,
            end=end,
            text=text,
            key=facts.key,
            lemma=facts.lemma,
            alternatives=facts.alternatives,
            lang=pack.code,
            hint=hint,
            candidates=cands,
            words=len(span),
            titled=titled and hint == "PER",
            family_first=facts.family_first,
            # the cue only decides between a region and something else the KB names so
            region=bool(pack.region_cues)
            and any(c.id.startswith("region:") for c in cands)
            and not all(c.id.startswith("region:") for c in cands)
            and self._region_cue(pack, doc.text, start, end),
        )


#: a Roman numeral below 90, as centuries and ordinals are written (Cyrillic І and Х
#: stand for their Latin look-alikes); C, D and M are left out: "DC", "MI", "CD"
_ROMAN = re.compile(r"(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_LOOKALIKES = str.maketrans("ІХ", "IX")


def roman_numeral(word: str) -> bool:
    """``XIV``, ``ХХ`` (Cyrillic letters): a number written in Roman numerals."""
    return bool(word) and _ROMAN.fullmatch(word.translate(_ROMAN_LOOKALIKES)) is not None


#: a closing quote mark right after a name (spaces between)
_CLOSING = re.compile(r"\s?[»”\"]")


def _closing_quote(text: str, start: int, end: int) -> int:
    """The end of a name that opens a quote it does not close ("Центр «Петриківка"):
    past the closing mark right after it."""
    part = text[start:end]
    if (
        part.count("«") > part.count("»")
        or part.count("“") > part.count("”")
        or (part.count('"') % 2)
    ):
        m = _CLOSING.match(text, end)
        if m is not None:
            return m.end()
    return end


def _opening(text: str, tokens: list[Token], i: int) -> bool:
    """Token ``i`` opens the sentence, a quote or a clause (after a colon or a dash)."""
    return i == 0 or not _STARTERS.isdisjoint(text[tokens[i - 1].end : tokens[i].start])


def _compound_body(pack: EntityPack, key: str) -> bool:
    """A word made from a body's abbreviated name: a pack's prefix or suffix with
    three letters or more beside it ("мін|культу", "держ|геокадастру", "київ|ради")."""
    return any(key.startswith(p) and len(key) - len(p) >= 3 for p in pack.body_prefixes) or any(
        key.endswith(x) and len(key) - len(x) >= 3 for x in pack.body_suffixes
    )


#: parts of speech that never belong to a name's genitive words
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "ADVB", "NPRO", "PRED", "COMP"})
#: the ids of places that may say whose a body is
_QUALIFIERS = ("country:", "region:")


def _body(span: MentionSpan) -> bool:
    """The name is an organisation's, by its candidates or its words."""
    if span.candidates:
        return all(c.type == "ORG" for c in span.candidates)
    return span.hint == "ORG"


def _has(words: frozenset[str], keys: list[str]) -> bool:
    """True when a word or a two-word phrase of ``keys`` is in ``words``."""
    return any(k in words for k in keys) or any(
        f"{a} {b}" in words for a, b in itertools.pairwise(keys)
    )


_INNER_WORD = re.compile(r"(?<=[\w,;] )[^\W\d_][^\W_]*")


def capitalised_words(text: str) -> set[str]:
    """Folded words the text capitalises somewhere other than a sentence start."""
    return {_key(w) for w in set(_INNER_WORD.findall(text)) if w[0].isupper()}


@register
class Entities:
    """Fill ``entities``: typed mentions, each linked to one entity id."""

    name: ClassVar[str] = "entities"
    requires: ClassVar[tuple[str, ...]] = ("text", "sentences", "lang")
    provides: ClassVar[tuple[str, ...]] = ("entities",)

    def __init__(self, packs: Sequence[LanguagePack], kb: KnowledgeBase):
        self.packs = {p.code: EntityPack.from_pack(p) for p in packs}
        self.detector = Detector(self.packs, kb)
        self.linker = Linker(kb)

    def link_offsets(self, doc: Document, offsets: list[tuple[int, int]]) -> list[Entity]:
        """Link given mention spans (gold mentions, for evaluation) in a document."""
        spans: list[MentionSpan] = []
        self.detector._text = doc.text
        for start, end in offsets:
            lang = next((s.lang for s in doc.sentences if s.start <= start < s.end), doc.lang)
            pack = self.packs.get(lang or "") or EntityPack("xx")
            tokens = tokenize(doc.text, start, end)
            if not tokens:
                continue
            before = tokenize(doc.text, max(0, start - 80), start)
            titled = any(
                self.detector.title_at(pack, before, k) == len(before) - k
                for k in range(max(0, len(before) - pack.title_words), len(before))
            )
            n, cands, _ = self.detector.kb_match(pack, tokens, 0, len(tokens))
            cands = cands if n == len(tokens) else ()
            if self.detector.common_town(pack, tokens[0], n, cands):
                cands = ()  # as in detection: "Альянс" is not a small town's other name
            # as in detection: a title before a known place or body is someone else's
            # ("послом США": the ambassador of the United States)
            span = self.detector._span(doc, pack, tokens, cands, titled and not cands)
            span.start, span.end, span.text = start, end, doc.text[start:end]
            spans.append(span)
        return self.linker.link(spans, doc.lang)

    def __call__(self, doc: Document) -> Document:
        if not doc.text:
            doc.entities = []
            return doc
        capitalised = capitalised_words(doc.text)
        spans: list[MentionSpan] = []
        sentences = doc.sentences or []
        if not sentences:
            sentences = [Sentence(0, len(doc.text), doc.lang)]
        for s in sentences:
            spans += self.detector.sentence(doc, s.start, s.end, s.lang, capitalised)
            if len(spans) >= MAX_MENTIONS:
                spans = spans[:MAX_MENTIONS]
                break
        doc.entities = self.linker.link(spans, doc.lang)
        return doc
