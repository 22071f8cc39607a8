"""Language stage: the language of every sentence and of the document.

Most sentences are decided by their letters alone: each pack lists its
alphabet, and a sentence whose letters one pack explains clearly better than
the others belongs to it (``ї`` is Ukrainian, ``ư`` Vietnamese). Only the
sentences that stay ambiguous (Ukrainian or Russian without their own letters,
short English or Vietnamese without diacritics) go to lingua, restricted to the
candidate languages; when lingua is unsure, such a sentence takes the
document's language. When one alphabet alone holds every letter of the
document, every sentence is taken to be in that language without further
work. The document's language is the letter-weighted vote of its sentences;
a language given by the source (``hints.lang``) wins.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from ..lang import LanguagePack
from ..model import Document
from ..pipeline import register

#: a pack is a candidate when it explains this share of the letters the best pack explains
MARGIN = 0.995
#: below this lingua confidence, an ambiguous sentence follows its document
UNSURE = 0.9
_detectors: dict[frozenset[str], object] = {}
_lock = threading.Lock()


def _detector(languages: frozenset[str]):  # -> lingua.LanguageDetector
    """A lingua detector for exactly these lingua language names (built once, cached)."""
    with _lock:
        if languages not in _detectors:
            from lingua import Language, LanguageDetectorBuilder

            chosen = [getattr(Language, name) for name in sorted(languages)]
            _detectors[languages] = (
                LanguageDetectorBuilder.from_languages(*chosen)
                .with_preloaded_language_models()
                .build()
            )
        return _detectors[languages]


def foreign_letter(alphabet: frozenset[str]) -> re.Pattern[str]:
    """A regex that finds, in case-folded text, a letter that is not in ``alphabet``."""
    own = "".join(re.escape(c) for c in sorted(alphabet))
    return re.compile(rf"[^\W\d_{own}]")


def _finds_letter(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches a letter in ``text`` (it may also match numerals like ``²``)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if m.group().isalpha():
            return True
        pos = m.end()
    return False


class LanguageGuesser:
    def __init__(self, packs: Sequence[LanguagePack]):
        self.packs = [p for p in packs if p.alphabet]
        self.by_lingua = {p.lingua: p.code for p in self.packs if p.lingua}
        self.foreign = [(p.code, foreign_letter(p.alphabet)) for p in self.packs]

    def candidates(self, text: str) -> tuple[list[str], int]:
        """Codes of the packs that explain the text's letters best, and the letter count."""
        counts = Counter(text.casefold())
        letters = {c: n for c, n in counts.items() if c.isalpha()}
        if not letters:
            return [], 0
        total = sum(letters.values())
        present = letters.keys()
        covered = {
            pack.code: total - sum(letters[c] for c in present - pack.alphabet)
            for pack in self.packs
        }
        best = max(covered.values())
        if best <= 0:
            return [], total
        return [code for code, n in covered.items() if n >= best * MARGIN], total

    def only_alphabet(self, text: str) -> str | None:
        """The one pack whose alphabet holds every letter of the text, if exactly one does."""
        folded = text.casefold()
        found = None
        for code, foreign in self.foreign:
            if _finds_letter(foreign, folded):
                continue
            if found is not None:
                return None
            found = code
        return found

    def guess(self, text: str) -> tuple[str | None, int, list[str], float]:
        """(language, letter count, candidate codes, confidence) of one piece of text."""
        only = self.only_alphabet(text)
        if only is not None:  # the common case, decided by set operations alone
            return only, len(text), [only], 1.0
        codes, total = self.candidates(text)
        if len(codes) <= 1:
            return (codes[0] if codes else None), total, codes, 1.0
        names = frozenset(p.lingua for p in self.packs if p.code in codes and p.lingua)
        if len(names) < 2:
            return codes[0], total, codes, 1.0
        values = _detector(names).compute_language_confidence_values(text)
        if not values:
            return None, total, codes, 0.0
        top = values[0]
        return self.by_lingua.get(top.language.name), total, codes, float(top.value)


@register
class DetectLanguage:
    """Fill ``sentences[].lang``, ``lang`` and ``lang_confidence``."""

    name: ClassVar[str] = "language"
    requires: ClassVar[tuple[str, ...]] = ("text", "sentences")
    provides: ClassVar[tuple[str, ...]] = ("lang",)

    def __init__(self, packs: Sequence[LanguagePack]):
        self.guesser = LanguageGuesser(packs)

    def __call__(self, doc: Document) -> Document:
        votes: Counter[str] = Counter()
        unsure = []
        only = self.guesser.only_alphabet(doc.text) if doc.sentences else None
        if only is not None:
            # one alphabet holds every letter of the text: every sentence is in that language
            for sentence in doc.sentences:
                sentence.lang = only
            doc.lang = doc.hints.lang or only
            doc.lang_confidence = 1.0
            return doc
        for sentence in doc.sentences:
            text = doc.text[sentence.start : sentence.end]
            code, weight, codes, confidence = self.guesser.guess(text)
            sentence.lang = code
            if code:
                votes[code] += weight
            if len(codes) > 1 and confidence < UNSURE:
                unsure.append((sentence, codes))
        if not doc.sentences and (doc.title or doc.raw.strip()):
            code, weight, _codes, _conf = self.guesser.guess(doc.title or doc.raw[:2000])
            if code:
                votes[code] += weight
        total = sum(votes.values())
        if doc.hints.lang:
            doc.lang, doc.lang_confidence = doc.hints.lang, 1.0
        elif total:
            code, weight = votes.most_common(1)[0]
            doc.lang, doc.lang_confidence = code, round(weight / total, 3)
        else:
            doc.lang, doc.lang_confidence = None, None
        # a short sentence lingua is unsure about takes the document's language
        for sentence, codes in unsure:
            if doc.lang in codes:
                sentence.lang = doc.lang
        return doc
