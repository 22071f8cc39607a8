"""Name keys: the normalised forms under which mentions and KB aliases meet.

* :func:`clean_name` removes invisible characters and folds look-alike letters
  of the other script into the word's own script (``Рeзніков`` with a Latin
  ``e`` becomes all-Cyrillic).
* :func:`fold` is the exact key: case, punctuation and spacing folded.
* :func:`skeleton` is the loose key for names across scripts and spellings:
  transliterated to Latin, diacritics dropped, and spelling variants of
  transliteration collapsed (``Zelenskyy``/``Zelensky``/``Зеленський`` →
  ``zelenski``; ``Kyiv``/``Kiev`` → ``kiv``). The variant rules are data
  (``kb/data/skeleton.yaml``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from .. import datafile

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_WORD = re.compile(r"\w+", re.UNICODE)
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ`](?=\w)")
_MIXED = re.compile(r"\w+")
# Latin letters that look like Cyrillic ones, and back
_LAT_TO_CYR = str.maketrans("aceiopxyABCEHIKMOPTXy", "асеіорхуАВСЕНІКМОРТХу")
_CYR_TO_LAT = str.maketrans("асеіорхуАВСЕНІКМОРТХ", "aceiopxyABCEHIKMOPTX")


_HAS_LAT = re.compile(r"[A-Za-z]")
_HAS_CYR = re.compile(r"[\u0400-\u04ff]")
_CYR_LETTERS = re.compile(r"[\u0400-\u04ff]")
_LAT_LETTERS = re.compile(r"[A-Za-z]")


def _fix_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if not (_HAS_LAT.search(word) and _HAS_CYR.search(word)):
        return word
    cyr, lat = len(_CYR_LETTERS.findall(word)), len(_LAT_LETTERS.findall(word))
    return word.translate(_LAT_TO_CYR if cyr >= lat else _CYR_TO_LAT)


def clean_name(text: str) -> str:
    """NFC text without invisible characters, each word in one script."""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return _MIXED.sub(_fix_word, text)


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Exact key: words only, case-folded, single spaces (``U.S.`` → ``u s``)."""
    text = _INNER_APOSTROPHE.sub("", clean_name(text).casefold())
    return " ".join(_WORD.findall(text)).replace("_", " ")


@cache
def _rules() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    path = resources.files("newsweave.kb").joinpath("data", "skeleton.yaml")
    data = datafile.load(path.read_text("utf-8"))
    table = {str(k): str(v) for k, v in data["cyrillic"].items()}
    rules = [(re.compile(str(a)), str(b)) for a, b in data["latin"]]
    return table, rules


def to_latin(text: str) -> str:
    """Cyrillic letters spelt in Latin (one table for Ukrainian and Russian); others kept."""
    table, _ = _rules()
    return "".join(table.get(c, c) for c in text)


@lru_cache(maxsize=262_144)
def skeleton(text: str) -> str:
    """Loose key: Latin, no diacritics, transliteration variants collapsed."""
    return " ".join(_skeleton_word(w) for w in fold(text).split())


#: letters whose marks do not come off by decomposition
_PLAIN = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss"})


def without_marks(text: str) -> str:
    """``text`` without diacritics (``Nghệ An`` → ``Nghe An``, ``Łódź`` → ``Lodz``)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.translate(_PLAIN)


@lru_cache(maxsize=200_000)
def _skeleton_word(word: str) -> str:
    bare = without_marks(to_latin(word))
    _, rules = _rules()
    for pattern, repl in rules:
        bare = pattern.sub(repl, bare)
    return bare
