"""Morphology for inflected languages, as a language pack declares it.

A pack says ``entities: {morphology: {backend: pymorphy3, lang: uk}}``; words of
that language are then lemmatised (``Києва`` → ``київ``) and tagged (first
name, surname, patronymic, place) by that backend. A pack without morphology
leaves words as they are. Analyzers are loaded once per process, lazily.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import NewsweaveError
from .kb.names import clean_name, fold

#: bump when lemmatisation changes: the KB stores lemma keys and is rebuilt on a change
LEMMA_VERSION = 7
_lock = threading.Lock()
#: a word of a name as the entity detector tokenises it: hyphenated compounds are one word
#: ("Южно-Китайском" is lemmatised whole, to "южно-китайский")
_WORD = re.compile(r"[^\W_]+(?:['’ʼ-][^\W_]+)*")
_analyzers: dict[tuple[str, str], Any] = {}

#: backend tags that mark a word as part of a person's name or a place
PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
PLACE_TAGS = frozenset({"Geox"})
ORG_TAGS = frozenset({"Orgn"})
NAME_TAGS = PERSON_TAGS | PLACE_TAGS | ORG_TAGS
#: endings of oblique cases that an unknown name may carry ("Ллойдом", "Остіну"); not
#: "-ов"/"-а", which end nominative surnames ("Синегубов", "Набиуллина")
OBLIQUE_ENDINGS = (
    "ом",
    "ем",
    "єм",
    "ым",
    "им",
    "ою",
    "ею",
    "ой",
    "ей",
    "ові",
    "еві",
    "ого",
    "ому",
    "у",
    "ю",
    "і",
    "е",
)
#: final vowels of oblique cases of a masculine name (``Мерца``, ``Мерцу``), tried last
CASE_VOWELS = ("а", "я")
_APOSTROPHES = str.maketrans("’ʼ", "''")
#: parts of speech that make a capitalised word's lower-case form a common word
_FUNCTION_WORDS = frozenset({"NPRO", "CONJ", "PREP", "PRCL", "INTJ", "PRED"})
#: readings of a common word no given name has: an adjective, a plural
_COMMON_PLURAL = frozenset({"ADJF", "plur"})
#: readings that a capitalised unknown word never has as a name
_NOT_A_NAME = frozenset({"VERB", "INFN", "GRND", "PRTS"})
CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"})


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What the morphology says about one word as written."""

    lemmas: tuple[str, ...]  # distinct lemmas, the likeliest for a name first
    tags: frozenset[str]  # tags of the most likely reading
    name_tags: frozenset[str]  # person/place/organisation tags that any reading gives
    cases: frozenset[str]  # cases any reading gives (empty for words that do not inflect)
    common: bool  # the lower-case word is most likely a common word ("Там", "Законом")
    known: bool = True  # the dictionary has the word (its readings are not guesses)


def _tags(parse: Any) -> frozenset[str]:
    return frozenset(str(parse.tag).replace(" ", ",").split(","))


def _analyzer(backend: str, lang: str) -> Any:
    with _lock:
        key = (backend, lang)
        if key not in _analyzers:
            if backend != "pymorphy3":
                raise NewsweaveError(f"unknown morphology backend {backend!r}")
            import pymorphy3

            _analyzers[key] = pymorphy3.MorphAnalyzer(lang=lang)
        return _analyzers[key]


def _parse(analyzer: Any, word: str) -> list[Any]:
    """The analyzer's readings; none for a word it cannot read (pymorphy3 raises
    ``ValueError`` on letters that have no Unicode name, such as Tangut ideographs)."""
    try:
        return list(analyzer.parse(word))
    except ValueError:
        return []


@lru_cache(maxsize=200_000)
def word_info(backend: str, lang: str, word: str) -> WordInfo:
    """Readings of one word. For a capitalised word the lemmas of name readings come
    first (``Резников`` is a surname before it is the plural of ``резник``), and an
    unknown foreign name read as its own nominative (``Ллойдом``) prefers the reading
    that strips a case ending (``ллойд``)."""
    analyzer = _analyzer(backend, lang)
    word = word.translate(_APOSTROPHES)  # the dictionaries spell "об'єднаних" with U+0027
    parses = _parse(analyzer, word)[:8]
    names = NAME_TAGS
    lemmas: list[str] = []
    name_lemmas: list[str] = []
    name_tags: set[str] = set()
    cases: set[str] = set()
    fixed = False
    for parse in parses:
        tags = _tags(parse)
        cases |= tags & CASES
        fixed = fixed or "Fixd" in tags
        if tags & names:
            name_tags |= tags & names
            if parse.normal_form not in name_lemmas:
                name_lemmas.append(parse.normal_form)
        if parse.normal_form not in lemmas:
            lemmas.append(parse.normal_form)
    low = word.casefold()
    common = True
    known = analyzer.word_is_known(low)
    if word[:1].isupper():
        lower = _parse(analyzer, low)
        # the lower-case word is a common word when its likeliest reading is not a name, or
        # any reading is a function word ("Усі": a surname "Ус", but first the pronoun)
        # where the dictionary has no frequencies (Ukrainian: every reading scores
        # alike), its first reading is no likelier than the others, so a known plural or
        # adjective reading makes the word common too ("дані": data before the first name
        # "Дан" in the locative)
        flat = len(lower) > 1 and lower[0].score == lower[-1].score
        common = (
            not lower
            or not (_tags(lower[0]) & names)
            or any(_tags(p) & _FUNCTION_WORDS for p in lower[:8])
            or (flat and any(not _tags(p) & names and _tags(p) & _COMMON_PLURAL for p in lower[:8]))
        )
        if not known:
            lemmas = _guessed_name(low, parses)
        elif name_lemmas:
            lemmas = name_lemmas + [x for x in lemmas if x not in name_lemmas]
        elif parses and _tags(parses[0]) & _FUNCTION_WORDS:
            # a capitalised pronoun or particle is a name as written ("Ним": the town of
            # Nîmes, not "він"; "Ким"): the function word's lemma comes last
            own = [p.normal_form for p in parses if not _tags(p) & _FUNCTION_WORDS]
            lemmas = list(dict.fromkeys([low, *own, *lemmas]))
        elif parses and _tags(parses[0]) & _NOT_A_NAME:
            # a capitalised word is a verb last ("Крила": "крило" before "крити")
            nouns = [p.normal_form for p in parses if not _tags(p) & _NOT_A_NAME]
            lemmas = list(dict.fromkeys(nouns + lemmas))
        elif lemmas and lemmas[0] == low and low.endswith(OBLIQUE_ENDINGS):
            stems = [x for x in lemmas[1:] if len(x) >= 3 and low.startswith(x)]
            if stems:
                lemmas = [stems[0]] + [x for x in lemmas if x != stems[0]]
    return WordInfo(
        lemmas=tuple(lemmas[:4]) or (low,),
        tags=_tags(parses[0]) if parses else frozenset(),
        name_tags=frozenset(name_tags),
        cases=frozenset() if fixed else frozenset(cases),
        common=common,
        known=known,
    )


def _guessed_name(low: str, parses: list[Any]) -> list[str]:
    """Lemmas of a capitalised word the dictionary does not know: a foreign or rare
    name, whose readings are the analyzer's guesses from its ending.

    Guesses that make a name a verb (``Инсли`` → ``инслить``) or a plural
    noun (``Синегубов`` → genitive plural of ``синегуб``) are dropped; a singular name
    reading is kept (``Набиуллиной`` → ``набиуллин``); otherwise the word is read as
    its own nominative, except that a known oblique ending is stripped when a guess
    agrees (``Ллойдом`` → ``ллойд``). The word without a case ending comes last, as
    a weaker reading (``Мерца`` → ``мерц``).
    """
    kept = [p for p in parses if not (_tags(p) & _NOT_A_NAME)]
    single = [p for p in kept if not {"plur", "NOUN"} <= _tags(p)]
    named = [p.normal_form for p in single if _tags(p) & NAME_TAGS]
    guesses = [p.normal_form for p in single]
    stems = [x for x in guesses if len(x) >= 3 and x != low and low.startswith(x)]
    if named:
        lemmas = named
    elif stems and low.endswith(OBLIQUE_ENDINGS):
        lemmas = [stems[0]]
    else:
        lemmas = [low]
    lemmas += guesses
    for ending in (*OBLIQUE_ENDINGS, *CASE_VOWELS):
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            lemmas.append(low[: -len(ending)])
            break
    lemmas = list(dict.fromkeys(lemmas))
    return lemmas[:3] + lemmas[-1:] if len(lemmas) > 4 else lemmas


class Morphology:
    """Lemmatiser and tagger for one language (or a no-op when the pack has none)."""

    def __init__(self, config: dict[str, Any] | None):
        config = config or {}
        self.backend = config.get("backend")
        self.lang = config.get("lang")
        self._active = bool(self.backend and self.lang)
        # the words of a run of articles repeat: a plain dict before the shared LRU cache
        self._seen: dict[str, WordInfo | None] = {}

    @property
    def active(self) -> bool:
        return self._active

    def info(self, word: str) -> WordInfo | None:
        try:
            return self._seen[word]
        except KeyError:
            pass
        found = None
        if self._active and word[:1].isalpha():
            found = word_info(str(self.backend), str(self.lang), word)
        if len(self._seen) >= 200_000:
            self._seen.clear()
        self._seen[word] = found
        return found

    def lemma(self, word: str) -> str:
        found = self.info(word)
        return found.lemmas[0] if found else word.casefold()

    def lemmas(self, word: str) -> list[str]:
        """Every distinct lemma the word may have, the likeliest first."""
        found = self.info(word)
        return list(found.lemmas) if found else [word.casefold()]

    def noun_lemma(self, word: str) -> str | None:
        """The lemma of the likeliest noun reading of the word (``чоловіків``: an
        adjective first, the plural of ``чоловік`` next), None when no reading is a
        noun. Of two nouns, the one whose stem the word keeps comes first."""
        if not self.active or not word[:1].isalpha():
            return None
        return _noun_lemma(str(self.backend), str(self.lang), word.casefold())

    def cases(self, word: str) -> frozenset[str]:
        found = self.info(word)
        return found.cases if found else frozenset()

    def any_tags(self, word: str) -> frozenset[str]:
        """Tags of the three likeliest readings (``ухвалить``: infinitive or future)."""
        if not self.active or not word[:1].isalpha():
            return frozenset()
        return _readings(str(self.backend), str(self.lang), word.casefold())

    def lemma_key(self, name: str) -> str:
        """The folded lemma of every word of a name (``Сполучених Штатів`` → ``сполучений штат``).

        Give the name as written: capitalisation decides between readings.
        """
        words = [w for w in _WORD.findall(clean_name(name)) if w != "_"]
        if not self.active:
            return " ".join(fold(w) for w in words)
        return " ".join(fold(self.lemma(w)) for w in words)


def for_pack(pack: Any) -> Morphology:
    """The morphology a language pack declares (top-level ``morphology:``; packs written
    for the first entity stage may still carry it under ``entities:``)."""
    data = pack.data
    config = data.get("morphology") or (data.get("entities") or {}).get("morphology")
    return Morphology(config)


@lru_cache(maxsize=4096)
def _forms(backend: str, lang: str, word: str) -> frozenset[str]:
    analyzer = _analyzer(backend, lang)
    out = {word}
    for parse in _parse(analyzer, word):
        if parse.normal_form == word:
            out.update(f.word for f in parse.lexeme)
    return frozenset(out)


@lru_cache(maxsize=100_000)
def _noun_lemma(backend: str, lang: str, word: str) -> str | None:
    analyzer = _analyzer(backend, lang)
    word = word.translate(_APOSTROPHES)
    nouns = [p.normal_form for p in _parse(analyzer, word)[:8] if "NOUN" in p.tag]
    # of two nouns, the one whose stem the word keeps ("танків": "танк", not "танок")
    kept = [x for x in nouns if len(x) >= 3 and word.startswith(x)]
    return (kept or nouns or [None])[0]


@lru_cache(maxsize=100_000)
def _readings(backend: str, lang: str, word: str) -> frozenset[str]:
    analyzer = _analyzer(backend, lang)
    tags: set[str] = set()
    for parse in _parse(analyzer, word)[:3]:
        tags |= _tags(parse)
    return frozenset(tags)


def forms(morphology: Morphology, word: str) -> frozenset[str]:
    """Every inflected form of a dictionary word (``тиждень`` → ``тижня``, ``тижнів``…);
    the word alone for a language without morphology."""
    word = word.casefold()
    if not morphology.active or " " in word or not word[:1].isalpha():
        return frozenset({word})
    return _forms(str(morphology.backend), str(morphology.lang), word)
