"""Linking: one entity id for every mention, across languages, scripts and inflections.

For each mention, in order:

1. knowledge-base aliases found by detection (exact fold, or lemma key for
   inflected languages);
2. the loose skeleton key (transliterated, spelling variants collapsed:
   ``Остіном`` → ``ostin`` ~ ``Austin``), restricted to a compatible type;
3. within the document, a short form takes the entity of a longer name that
   ends with it (``Kadyrov`` → ``Ramzan Kadyrov``); a surname alone links to a
   KB person only through the curated short forms (``short:`` in the KB data),
   which leave out surnames that several famous people share.

Among KB candidates the score prefers full names over short forms, the type the
context suggests, countries over cities of the same name, capitals and
populous cities, and places in countries the document already names. A
mention nothing links gets a new id made from its skeleton key, so the same
unknown name in two articles (in any script or case form) gets the same id.
Every link keeps its score and the rule that made it (``via``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..kb import Candidate, KnowledgeBase
from ..kb.names import skeleton
from ..model import Entity, Mention

_SLUG = re.compile(r"[^a-z0-9]+")
#: skeleton keys shorter than this are too loose to match on
MIN_SKELETON = 4
#: words of an unknown name at least this long are keyed by their consonants
LONG_WORD = 5


@dataclass(slots=True)
class MentionSpan:
    start: int
    end: int
    text: str
    key: str  # folded surface
    lemma: str  # lemma key (the folded surface for languages without morphology)
    lang: str | None
    hint: str | None  # type suggested by context: PER | ORG | LOC | None
    candidates: tuple[Candidate, ...] = ()
    words: int = 1
    alternatives: tuple[str, ...] = ()  # other lemma readings of the name
    titled: bool = False  # a person title stands before it: surely a person
    family_first: bool = False  # the language writes the family name first (vi)
    region: bool = False  # a word next to it says it is a state or province ("штат")
    # set by linking
    entity: str | None = None
    type: str | None = None
    name: str | None = None
    score: float = 0.0
    via: str = ""


def _score(c: Candidate, hint: str | None, countries: Counter[str], region: bool = False) -> float:
    s = {"name": 1.0, "short": 0.9}.get(c.kind, 0.5)
    if region and c.id.startswith("region:"):
        s += 0.8  # "штат Вашингтон": the state, not the capital or a town
    if hint:
        s += 0.4 if c.type == hint else -0.6
    if c.id.startswith("country:"):
        s += 0.3
    elif c.type == "PER" and hint is None:
        s += 0.25  # a known person before a town of the same name
    if c.capital:
        s += 0.25  # "Washington" in the news is the capital, not a town of that name
    if c.population:
        s += min(math.log10(c.population + 1) / 40, 0.2)
    if c.country and countries[c.country]:
        s += 0.2
    return round(s, 3)


def new_id(etype: str, key: str, family_first: bool = False) -> str:
    """The id of an entity the KB does not know, from its name's skeleton.

    Names other than people share one namespace (``name:~…``): the type of an unknown
    name is a guess from its context, and one organisation guessed ORG in one article
    and MISC in another must stay one entity.

    A person's id is the consonants of the surname and of the first name, so the
    Ukrainian, Russian and English spellings of one name meet (``Олексій``,
    ``Алексей`` and ``Oleksii`` all give ``lks``; ``Синєгубова``, ``Синегубов``
    and ``Syniehubov`` give ``sngbv``): vowels are where transliterations and
    the case and gender endings of names differ. Where the family name comes
    first (Vietnamese), every word counts: many people share a family name.
    """
    words = skeleton(key).split()
    if etype == "PER" and not family_first:
        last = _consonants(words[-1]) if words else ""
        last = last if len(last) >= 2 else (words[-1] if words else "")
        first = _consonants(words[0])[:3] if len(words) >= 2 else ""
        words = [last, first] if first else [last]
    elif etype != "PER":
        # long words lose their vowels too: the case endings of a name in Ukrainian and
        # Russian ("Чорноморзерна", "Черноморзерно") are vowels; short words keep
        # theirs, or "Hải" and "Hội" would meet
        words = [_consonants(w) if len(w) >= LONG_WORD else w for w in words]
    slug = _SLUG.sub("-", " ".join(words)).strip("-") or "x"
    prefix = "per" if etype == "PER" else "name"
    return f"{prefix}:~{slug[:60]}"


_VOWELS = re.compile(r"dzh|[aeiou]")


def _consonants(word: str) -> str:
    """A skeleton word without its vowels; English ``J`` and its Cyrillic ``Дж`` go
    with them (``Jay`` and ``Джей`` meet)."""
    return _VOWELS.sub("", word)


class Linker:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    def _pick(
        self, m: MentionSpan, cands: tuple[Candidate, ...], countries: Counter[str], via: str
    ) -> bool:
        if m.titled and cands and all(c.type != "PER" for c in cands):
            return False  # a title says person: never a town or a country of that name
        if not cands:
            return False
        best = max(cands, key=lambda c: _score(c, m.hint, countries, m.region))
        if best.id.startswith("country:") and not countries[best.country or ""]:
            # a state of a country the document names before a country it does not
            # name ("Georgia" in an article on the United States)
            states = [
                c
                for c in cands
                if c.id.startswith("region:") and c.country and countries[c.country]
            ]
            if states:
                best = max(states, key=lambda c: _score(c, m.hint, countries, m.region))
        m.entity, m.type, m.name = best.id, best.type, best.name
        m.score, m.via = _score(best, m.hint, countries, m.region), via
        return True

    def link(self, spans: list[MentionSpan], doc_lang: str | None) -> list[Entity]:
        # one name, one type in a document: a title on one mention ("President Putin")
        # tells the type of the bare ones ("Putin")
        titled = {m.key for m in spans if m.titled}
        hints: dict[str, str] = {}
        for m in spans:
            if m.key in titled:
                m.hint, m.titled = "PER", True
            elif m.hint and not m.candidates:
                hints.setdefault(m.key, m.hint)
        for m in spans:  # "xã Phúc Khánh" tells the type of a bare "Phúc Khánh"
            if m.hint is None and not m.candidates and m.key in hints:
                m.hint = hints[m.key]
        # the countries the document names: by mentions that can only be the country (an
        # ambiguous "Georgia" does not vouch for itself)
        countries: Counter[str] = Counter()
        for m in spans:
            named = {c.id for c in m.candidates if c.kind != "demonym"}
            for c in m.candidates:
                if c.id.startswith("country:") and c.country and len(named) == 1:
                    countries[c.country] += 1
        # 1. aliases found by detection; a one-word town name that ends a person's
        # name elsewhere in the document is that person ("Putin" after "Vladimir Putin")
        enders: set[str] = set()
        starters: set[str] = set()
        deferred: set[int] = set()
        for m in spans:
            person = not any(c.type != "PER" for c in m.candidates)
            if m.words > 1 and m.lemma and m.hint in (None, "PER") and person:
                words = m.lemma.split()
                enders.add(skeleton(words[-1]))
                starters.add(skeleton(words[0]))
                if m.family_first:
                    enders.add(skeleton(words[0]))
        for m in spans:
            # no KB name, a town of that name, or another famous bearer of the surname
            # ("Johnson" after "Mike Johnson", "Kim" after "Kim Sang-sik", "Quang" after
            # "Le Minh Quang"): the short form of the document's own name wins
            yields = all(c.id.startswith("city:") or c.kind == "short" for c in m.candidates)
            key = skeleton(m.lemma)
            if m.words == 1 and yields and (key in enders or key in starters):
                deferred.add(id(m))
                continue
            self._pick(m, m.candidates, countries, "alias")
        # 2. loose key
        for m in spans:
            if id(m) in deferred:
                continue  # for step 3
            forms = [m.lemma, *m.alternatives]
            if m.words == 3 and m.hint in (None, "PER"):
                words = m.lemma.split()  # "Ллойд Джеймс Остін": without the middle name
                forms.append(f"{words[0]} {words[-1]}")
            for form in dict.fromkeys(forms):
                if m.entity is not None:
                    break
                key = skeleton(form)
                if len(key.replace(" ", "")) >= MIN_SKELETON:
                    cands = tuple(
                        c
                        for c in self.kb.by_skeleton(key)
                        if c.kind != "demonym" and (m.hint is None or c.type == m.hint)
                    )
                    self._pick(m, cands, countries, "skeleton")
        # 3. short forms inside the document take the longer name's entity: the
        # surname ("Kadyrov" → "Ramzan Kadyrov"), the end of the name ("Xuân Son" →
        # "Nguyễn Xuân Son"), or the family name where it comes first ("Kim")
        longer = sorted(
            (
                (m, skeleton(m.lemma).split())
                for m in spans
                if m.words > 1 and (m.type or m.hint or "PER") == "PER"
            ),
            key=lambda pair: -pair[0].words,
        )
        # the longer names by their last and by their first words, longest names first
        by_end: dict[tuple[str, ...], list[MentionSpan]] = defaultdict(list)
        by_start: dict[tuple[str, ...], list[MentionSpan]] = defaultdict(list)
        for other, theirs in longer:
            for k in range(1, len(theirs)):
                by_end[tuple(theirs[-k:])].append(other)
                by_start[tuple(theirs[:k])].append(other)
        for m in spans:
            if m.entity is not None:
                continue
            mine = tuple(skeleton(m.lemma).split())
            ends = by_end.get(mine, [])
            # the first word: a family name written first ("Kim" of "Kim Sang-sik")
            begins = by_start.get(mine, [])
            at_end = {id(o) for o in ends}
            for other in ends + begins:
                if id(other) not in at_end and not (other.family_first or id(m) in deferred):
                    continue
                if other.entity is None:
                    other.entity = new_id("PER", other.lemma, other.family_first)
                    other.type, other.via = "PER", "new"
                m.entity, m.type, m.name = other.entity, "PER", other.name
                m.score, m.via = 0.9, f"short form of {other.text!r}"
                break
        # new entities
        for m in spans:
            if m.entity is None:
                m.type = m.hint or ("PER" if m.words > 1 else "MISC")
                m.entity = new_id(m.type, m.lemma, m.family_first)
                m.via, m.score = "new", 0.0
        return self._group(spans)

    def _group(self, spans: list[MentionSpan]) -> list[Entity]:
        grouped: dict[str, list[MentionSpan]] = defaultdict(list)
        for m in spans:
            grouped[str(m.entity)].append(m)
        entities = []
        for ident, ms in grouped.items():
            types: dict[str, int] = {}
            for m in ms:
                if m.type:
                    types[m.type] = types.get(m.type, 0) + 1
            # the commonest type; of equally common ones, the first seen
            etype = max(types, key=types.__getitem__) if types else "MISC"
            name = next((m.name for m in ms if m.name), None) or _display(ms)
            entities.append(
                Entity(
                    id=ident,
                    name=name,
                    type=etype,
                    mentions=[
                        Mention(m.start, m.end, m.text, score=m.score, via=m.via) for m in ms
                    ],
                )
            )
        entities.sort(key=lambda e: e.mentions[0].start)
        return entities


def _display(ms: list[MentionSpan]) -> str:
    """A readable name for a new entity: its longest mention, in the lemma form for
    inflected languages (``Івана Петренка`` → ``Іван Петренко``)."""
    best = max(ms, key=lambda m: (m.words, len(m.text)))
    if best.lemma and best.lemma != best.key:
        return _capitalised(best.lemma)
    return best.text


@lru_cache(maxsize=50_000)
def _capitalised(lemma: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in lemma.split())
