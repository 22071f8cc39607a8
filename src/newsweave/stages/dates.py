"""Dates stage: date expressions in the body, resolved to the calendar.

Each language pack holds a small grammar in ``dates.grammar``: regular
expressions written with macros that the pack's vocabulary fills in::

    dates:
      grammar:
        - '(?:ngày|hôm)\\s+{day}\\s*[-/]\\s*{mnum}(?:\\s*[-/]\\s*{year})?'
        - '{weekday}(?:\\s+{daypart})?'
        - '{num}\\s+{unit}\\s+(?P<ago>тому)'

Macros: ``{day}`` ``{mnum}`` ``{year}`` ``{yy}`` (digits; ``{day0}`` is the first day
of a range, ``1–5 травня``, whose value is an ISO 8601 interval
``2023-05-01/2023-05-05``, and ``{year0}`` the first year of one, ``2020/2022``;
``{decade}`` is a decade's first year, ``1990s`` = ``1990/1999``),
``{month}`` (the pack's month names), ``{weekday}``, ``{num}`` (digits or number
words), ``{unit}`` (day/week/month/year words), ``{rel}`` (last/this/next words: -1/0/1),
``{dayword}`` (yesterday/today…: a day offset), ``{oday}`` (a day of the month as an
ordinal word: ``первого``, ``twenty-first``), ``{season}``, ``{mod}``
(early/mid/late/around: approximate) and ``{daypart}`` (evening…: kept in the
span, not in the value). Named groups ``(?P<ago>…)`` and ``(?P<ahead>…)`` count a
``{num} {unit}`` back or forward from the publication date; an ``ahead`` expression
counts only in a clause about the future ("in two years" is also a duration).
Every match needs one of the pack's patterns, so a bare number or a capitalised
``May`` is never a date on its own. For packs with morphology every vocabulary
word also matches in all its inflected forms.

Values are ISO 8601 and keep the granularity the text gives: ``2023-06-25``,
``2023-06``, ``2023``, ``2023-W25`` (a week), ``2023-SU`` (a season), ``2023-Q1`` (a
quarter). Relative expressions resolve against the publication date; without one, what the text
does not say stays unknown: ``--05-22`` (no year), ``XXXX-WXX-7`` (a Sunday),
``None`` (``yesterday``). A day and month without a year take the year that puts
them nearest the publication date, past dates preferred unless the sentence has
one of the pack's future words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar

from ..errors import PackError
from ..lang import LanguagePack, common
from ..model import DateMention, Document
from ..morph import forms
from ..numbers import NumberGrammar, norm_word
from ..pipeline import register
from ..quotes import in_quotes
from ..regexstart import StartScanner
from ..regextrie import trie_regex

_MACRO = re.compile(r"\{(\w+)\}")
_DIGIT_MACROS = {
    "day": r"(?:3[01]|[12]\d|0?[1-9])",
    "day0": r"(?:3[01]|[12]\d|0?[1-9])",
    "mnum": r"(?:1[0-2]|0?[1-9])",
    "mnum0": r"(?:1[0-2]|0?[1-9])",
    "year": r"(?:1[5-9]\d\d|20\d\d)",
    "year0": r"(?:1[5-9]\d\d|20\d\d)",
    "decade": r"(?:1[5-9]\d0|20\d0)",
    "yy": r"(?:\d\d)",
    "qnum": r"(?:[1-4]|IV|I{1,3})",
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WORD_MACROS = (
    "month",
    "month0",
    "weekday",
    "num",
    "unit",
    "rel",
    "dayword",
    "season",
    "mod",
    "daypart",
    "oday",
    "quarter",
    "weekend",
)
UNITS = ("minute", "hour", "day", "week", "month", "year")
#: units shorter than a day, in days: "two hours ago" is a day, the publication day (or
#: the one before, for "30 hours ago"), and only approximately, as the time of day of
#: the publication is not read
PART_OF_DAY = {"minute": 1 / 1440, "hour": 1 / 24}
SEASONS = ("SP", "SU", "FA", "WI")
#: first month of each season (northern hemisphere); winter starts in December of its year
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
#: the most words whose future reading a date pack remembers
MAX_WORDS = 100_000


@dataclass(frozen=True)
class DatePack:
    code: str
    patterns: tuple[re.Pattern[str], ...] = ()
    vocab: dict[str, dict[str, Any]] = field(default_factory=dict)
    numbers: NumberGrammar = field(default_factory=NumberGrammar)
    future: frozenset[str] = frozenset()
    #: morphology tags that mark a future-tense verb (``futr``)
    future_tags: frozenset[str] = frozenset()
    #: month names must be capitalised to count ("May", not "may")
    month_capitalised: bool = False
    #: weekday names written in letters must have a capital ("thứ Hai", not the ordinal "thứ hai")
    weekday_capitalised: bool = False
    #: runs the patterns only where a match of each can start
    starts: StartScanner = field(default_factory=lambda: StartScanner(()))
    #: the future words of more than one word, looked for in a clause's words joined
    future_phrases: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: per word of a clause: whether it alone makes the clause future
    _future_words: dict[str, bool] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        phrases = tuple(sorted(f for f in self.future if " " in f))
        object.__setattr__(self, "future_phrases", phrases)

    @classmethod
    def from_pack(cls, pack: LanguagePack) -> DatePack:
        data: dict[str, Any] = pack.data.get("dates") or {}
        numbers = NumberGrammar.from_pack(pack)
        morph = numbers.morphology
        raw: dict[str, dict[str, Any]] = {
            "month": dict(pack.months),
            "weekday": data.get("weekday_numbers") or {},
            "unit": data.get("units") or {},
            "rel": data.get("relative") or {},
            "dayword": data.get("days") or {},
            "season": data.get("seasons") or {},
            "mod": data.get("modifiers") or {},
            "daypart": {w: True for w in data.get("dayparts") or []},
            "num": {w: v for w, v in numbers.words.items()},
            "oday": data.get("ordinal_days") or {},
            "quarter": data.get("quarters") or {},
            "weekend": {w: True for w in data.get("weekend") or []},
        }
        vocab: dict[str, dict[str, Any]] = {}
        for macro, table in raw.items():
            expanded: dict[str, Any] = {}
            # month, weekday and weekend forms are listed in full: inflecting "середа"
            # (Wednesday) would also give "середі", as in "in the environment", and
            # "выходные" (weekend) "выходной" (a day off)
            inflect = macro not in {"month", "weekday", "daypart", "weekend"}
            for word, value in table.items():
                key = norm_word(str(word))
                head, _, last = key.rpartition(" ")
                if not inflect:
                    variants: Iterable[str] = {key}
                elif macro == "oday":  # "двадцять другого": the ordinal word inflects
                    variants = {f"{head} {f}".strip() for f in forms(morph, last)}
                else:
                    variants = forms(morph, key)
                for form in variants:
                    expanded.setdefault(norm_word(form), value)
                expanded[key] = value
            vocab[macro] = expanded
        vocab["month0"] = vocab["month"]  # the first month of a range across months
        for name, value in vocab["unit"].items():
            if value not in UNITS:
                raise PackError(f"{pack.code}: dates.units.{name} must be one of {UNITS}")
        for name, value in vocab["season"].items():
            if value not in SEASONS:
                raise PackError(f"{pack.code}: dates.seasons.{name} must be one of {SEASONS}")
        shared = (common().data.get("dates") or {}).get("grammar") or []
        patterns = tuple(
            _compile(pack.code, str(p), vocab) for p in [*shared, *(data.get("grammar") or [])]
        )
        return cls(
            code=pack.code,
            patterns=patterns,
            vocab=vocab,
            numbers=numbers,
            future=frozenset(norm_word(w) for w in data.get("future_words") or []),
            future_tags=frozenset(str(t) for t in data.get("future_tags") or []),
            month_capitalised=bool(data.get("month_capitalised", False)),
            weekday_capitalised=bool(data.get("weekday_capitalised", False)),
            starts=StartScanner(patterns),
        )

    def any_future(self, words: Sequence[str]) -> bool:
        """Whether one of ``words`` alone makes its clause future: a future word or a verb
        the morphology reads as future. Each word's answer is remembered (the same words
        come back clause after clause, and the morphology is slow) and looked up in C."""
        known = self._future_words
        try:
            return any(map(known.__getitem__, words))
        except KeyError:  # words not seen yet
            if len(known) + len(words) > MAX_WORDS:
                known.clear()
            for word in set(words).difference(known):
                key = norm_word(word)
                known[word] = key in self.future or (
                    bool(self.future_tags)
                    and bool(self.numbers.morphology.any_tags(key) & self.future_tags)
                )
            return any(map(known.__getitem__, words))


def _alternation(words: Sequence[str]) -> str:
    """A regex matching any of ``words``, as a trie (``(?:пн|п(?:'ятниц(?:ю|і)))``…) so that
    the engine tries a few branches at each position instead of every word."""
    phrases = {" ".join(word.split()) for word in words}
    return trie_regex(phrases, _char) if phrases else r"(?!x)x"


def _char(ch: str) -> str:
    if ch == " ":
        return r"[\s-]+"
    if ch == "'":
        return "['’ʼ]"
    return re.escape(ch)


def _compile(code: str, pattern: str, vocab: dict[str, dict[str, Any]]) -> re.Pattern[str]:
    def macro(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _DIGIT_MACROS:
            return f"(?P<{name}>{_DIGIT_MACROS[name]})"
        if name == "num":
            words = _alternation(list(vocab["num"]))
            return rf"(?P<num>\d{{1,3}}|(?:{words})(?:[\s-]+(?:{words}))*)"
        if name == "yrel":  # a relative year after a month or season: "tháng 12 năm ngoái"
            return f"(?P<yrel>{_alternation(list(vocab['rel']))})"
        if name in _WORD_MACROS:
            return f"(?P<{name}>{_alternation(list(vocab[name]))})"
        raise PackError(f"{code}: unknown macro {{{name}}} in date pattern {pattern!r}")

    body = _MACRO.sub(macro, pattern)
    try:
        return re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE)
    except re.error as exc:
        raise PackError(f"{code}: bad date pattern {pattern!r}: {exc}") from exc


# -- resolution (pure) -----------------------------------------------------------------


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _iso_week(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _nearest_year(pub: date, month: int, day: int | None, future: bool) -> int | None:
    """The year that puts ``month``/``day`` nearest ``pub``; past dates cost half as much
    (news reports what happened) unless the sentence speaks of the future."""
    best: tuple[float, int] | None = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            when = date(year, month, day or 1)
        except ValueError:
            continue
        if day is None:  # a month: compare month indexes
            gap = (year * 12 + month) - (pub.year * 12 + pub.month)
            gap *= 30
        else:
            gap = (when - pub).days
        cost = (-gap if gap <= 0 else 2 * gap) if not future else (gap if gap >= 0 else -2 * gap)
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


def _weekend(pub: date | None, rel: int | None, future: bool, approx: bool) -> Resolved:
    """A weekend as its Saturday and Sunday: the last one begun by the publication day
    ("over the weekend", "на вихідних"), the coming one in a clause about the future or
    after "next", the one of the publication's week after "this"."""
    if pub is None:
        return Resolved(None, "day", approx)
    weekday = pub.isoweekday()  # Saturday is 6
    if rel == 0:
        saturday = pub + timedelta(days=6 - weekday)
    elif (rel is not None and rel > 0) or (rel is None and future):
        saturday = pub + timedelta(days=(6 - weekday) % 7 or (7 if rel else 0))
    else:
        saturday = pub - timedelta(days=(weekday - 6) % 7)
        if rel is not None and rel < 0 and weekday >= 6:
            saturday -= timedelta(days=7)  # "last weekend", said on a Sunday
    sunday = saturday + timedelta(days=1)
    return Resolved(f"{saturday.isoformat()}/{sunday.isoformat()}", "day", approx)


def _season_year(pub: date, season: str, rel: int | None, future: bool) -> int:
    """The year of the season meant: ``last summer`` during a summer is the one before."""
    start = SEASON_START[season]
    current = pub.year if start <= pub.month else pub.year - 1  # the latest one begun
    inside = (pub.year * 12 + pub.month) - (current * 12 + start) < 3
    if rel is None:
        return current if inside or not future else current + 1
    if rel < 0:
        return current - 1 if inside else current
    if rel == 0:
        return current if inside or start < pub.month else pub.year
    return current + 1


def _interval(
    day0: int, month0: int, day: int, month: int, year: int | None, approx: bool
) -> Resolved:
    """An interval from ``day0``/``month0`` to ``day``/``month`` of ``year``; a first
    month after the last one is in the year before (30 December – 2 January); a range
    within one month that runs backwards is no date."""
    if month0 == month:
        if day0 >= day:
            return Resolved(None, "day", approx)
        start_year = year
    else:
        start_year = None if year is None else (year if month0 < month else year - 1)
    try:
        date(start_year or 2000, month0, day0)
    except ValueError:
        return Resolved(None, "day", approx)
    if year is None:
        return Resolved(f"--{month0:02d}-{day0:02d}/--{month:02d}-{day:02d}", "day", approx)
    start = f"{start_year:04d}-{month0:02d}-{day0:02d}"
    return Resolved(f"{start}/{year:04d}-{month:02d}-{day:02d}", "day", approx)


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str | None
    granularity: str | None
    approx: bool = False


def resolve(
    groups: dict[str, Any], pack: DatePack, pub: date | None, future: bool = False
) -> Resolved:
    """The value of one matched expression (``groups``: macro name → matched text)."""
    vocab = pack.vocab

    def look(name: str) -> Any:
        text = groups.get(name)
        if text is None:
            return None
        table = vocab[name]
        found = table.get(norm_word(text))
        return table.get(norm_word(text.replace("-", " "))) if found is None else found

    approx = groups.get("mod") is not None
    year = int(groups["year"]) if groups.get("year") else None
    if year is None and groups.get("yy"):
        yy = int(groups["yy"])
        if pub is not None:  # the century that puts it nearest the publication date
            year = min(
                (c + yy for c in (pub.year // 100 * 100 - 100, pub.year // 100 * 100)),
                key=lambda y: abs(y - pub.year),
            )
    if year is None and groups.get("yrel") is not None and pub is not None:
        year = pub.year + int(vocab["rel"].get(norm_word(groups["yrel"]), 0))
    month = int(groups["mnum"]) if groups.get("mnum") else look("month")
    day = int(groups["day"]) if groups.get("day") else look("oday")
    season = look("season")
    quarter = look("quarter")
    if groups.get("qnum"):
        q = groups["qnum"].lower()
        quarter = _ROMAN.get(q) or int(q)
    rel = look("rel")
    unit = look("unit")

    if groups.get("decade"):  # "the 1990s", "у 1990-х роках": the decade's years
        first = int(groups["decade"])
        return Resolved(f"{first:04d}/{first + 9:04d}", "year", approx)
    if groups.get("year0") and year is not None and month is None:
        # "2020–2022", "з 2014 по 2022 рік": an interval of years (one that runs
        # backwards is no date)
        year0 = int(groups["year0"])
        return Resolved(f"{year0:04d}/{year:04d}" if year0 < year else None, "year", approx)
    # day (+ month) (+ year), month (+ year)
    if month is not None:
        if year is None and pub is not None:
            ahead = future if rel is None else rel > 0
            year = _nearest_year(pub, month, day, ahead)
        if day is not None:
            try:
                date(year or 2000, month, day)
            except ValueError:
                return Resolved(None, "day", approx)
            when = f"--{month:02d}" if year is None else f"{year:04d}-{month:02d}"
            if groups.get("day0"):  # "1–5 травня", "30 квітня – 2 травня": an interval
                first_month = int(groups["mnum0"]) if groups.get("mnum0") else look("month0")
                first_month = month if first_month is None else first_month
                return _interval(int(groups["day0"]), first_month, day, month, year, approx)
            return Resolved(f"{when}-{day:02d}", "day", approx)
        if year is None:
            return Resolved(f"--{month:02d}", "month", approx)
        return Resolved(f"{year:04d}-{month:02d}", "month", approx)
    if quarter is not None:  # "the first quarter of 2024", "quý 1/2024", "Q3"
        if year is None and pub is not None:
            current = (pub.month - 1) // 3 + 1
            year = pub.year if quarter <= current or future else pub.year - 1
        return Resolved(f"{year:04d}-Q{quarter}" if year else f"XXXX-Q{quarter}", "quarter", approx)
    if season is not None:
        if year is None and pub is not None:
            year = _season_year(pub, season, rel, future)
        return Resolved(None if year is None else f"{year:04d}-{season}", "season", approx)
    if year is not None:
        return Resolved(f"{year:04d}", "year", approx)
    if look("weekend") is not None:
        return _weekend(pub, rel, future, approx)
    weekday = look("weekday")
    if weekday is not None:
        if pub is None:
            return Resolved(f"XXXX-WXX-{weekday}", "day", approx)
        back = (pub.isoweekday() - weekday) % 7
        if (rel is not None and rel > 0) or (rel is None and future):
            when = pub + timedelta(days=(weekday - pub.isoweekday()) % 7 or 7)
        elif rel == 0:
            when = pub + timedelta(days=weekday - pub.isoweekday())
        elif rel is not None and rel < 0:
            when = pub - timedelta(days=back or 7)
        else:
            when = pub - timedelta(days=back)
        return Resolved(when.isoformat(), "day", approx)
    shift = look("dayword")
    if shift is not None:
        if pub is None:
            return Resolved(None, "day", approx)
        return Resolved((pub + timedelta(days=int(shift))).isoformat(), "day", approx)
    if unit is not None:
        count: int | None
        if groups.get("num") is None and groups.get("ago") is not None:
            delta = -1  # "a week ago", "тиждень тому"
        elif groups.get("num") is None and groups.get("ahead") is not None:
            delta = 1  # "in a week"
        elif groups.get("num") is not None:
            count = _count(groups["num"], pack)
            if count is None:
                return Resolved(None, unit, approx)
            delta = -count if groups.get("ago") is not None else count
        elif rel is not None:
            if rel and unit == "day":
                # "наступного дня", "на следующий день": the day after a day of the
                # story, not of the publication (which has its own words: "завтра")
                return Resolved(None, "day", approx)
            delta = int(rel)
        else:
            delta = 0
        if unit in PART_OF_DAY:
            if pub is None:
                return Resolved(None, "day", True)
            days = int(delta * PART_OF_DAY[unit])  # whole days, towards the publication day
            return Resolved((pub + timedelta(days=days)).isoformat(), "day", True)
        if pub is None:
            return Resolved(None, unit, approx)
        if unit == "day":
            return Resolved((pub + timedelta(days=delta)).isoformat(), "day", approx)
        if unit == "week":
            return Resolved(_iso_week(pub + timedelta(days=7 * delta)), "week", approx)
        if unit == "month":
            y, m = _month_shift(pub.year, pub.month, delta)
            return Resolved(f"{y:04d}-{m:02d}", "month", approx)
        return Resolved(f"{pub.year + delta:04d}", "year", approx)
    return Resolved(None, None, approx)


def _count(text: str, pack: DatePack) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    # the pattern put a unit after it: "cách đây năm ngày" is five days, "одну неделю" one
    parsed = pack.numbers.parse_words(re.split(r"[\s-]+", text), alone=True)
    if parsed is None or not float(parsed[0]).is_integer():
        return None
    return int(parsed[0])


def publication_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


_WORDS = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")


def find_dates(
    text: str,
    start: int,
    end: int,
    pack: DatePack,
    pub: date | None,
    pieces: Sequence[tuple[int, int]] | None = None,
) -> list[DateMention]:
    """Date expressions in ``text[start:end]`` (one sentence or a run of sentences).

    ``pieces`` are the sentences of that span: no expression crosses from one into the
    next, and each pattern is tried only where one of its first words (or a digit)
    occurs (see :mod:`newsweave.regexstart`).
    """
    spans: list[tuple[int, int, dict[str, Any]]] = []
    pieces = pieces or [(start, end)]
    for found in pack.starts.finditer(text, pieces):
        for m in found:
            if m.end() == m.start():
                continue
            groups = m.groupdict()
            if groups.get("ahead") is not None and not _is_future(text, *m.span(), pack):
                continue  # "in two years" reads as a time ahead only where the clause is future
            months = (groups.get("month"), groups.get("month0"))
            if pack.month_capitalised and any(x and not x[:1].isupper() for x in months):
                continue  # "they may", not "May"
            weekday = groups.get("weekday")
            if (
                pack.weekday_capitalised
                and weekday
                and not any(c.isupper() for c in weekday)
                and (m.start("weekday") == m.start() or not any(c.isdigit() for c in weekday))
            ):
                continue  # "lần thứ hai", "năm thứ 4": ordinals; "hôm thứ 2" is a day
            spans.append((m.start(), m.end(), groups))
    if not spans:
        return []
    # the longest expressions first, then no overlaps (earlier patterns win ties)
    order = sorted(range(len(spans)), key=lambda k: (spans[k][0] - spans[k][1], k))
    chosen: list[tuple[int, int, dict[str, Any]]] = []
    for k in order:
        s = spans[k]
        if all(s[1] <= c[0] or c[1] <= s[0] for c in chosen):
            chosen.append(s)
    chosen.sort(key=lambda c: c[0])
    out = []
    for s, e, groups in chosen:
        if in_quotes(text, s, e) and not any(c.isdigit() for c in text[s:e]):
            continue  # «Весна», "August": the name of a body, a paper or a film
        future = (
            bool(pack.future or pack.future_tags)
            and _reads_tense(groups, pub)
            and _is_future(text, s, e, pack)
        )
        r = resolve(groups, pack, pub, future)
        out.append(DateMention(s, e, text[s:e], r.value, r.granularity, r.approx))
    return out


#: groups whose value, without a year, depends on whether the clause speaks of the future
_TENSED = ("month", "mnum", "quarter", "qnum", "season", "weekday", "weekend")


def _reads_tense(groups: dict[str, Any], pub: date | None) -> bool:
    """Whether :func:`resolve` reads the clause's tense for a match: for a month, quarter,
    season or weekday without a year, against a publication date (the clause need not
    be read for any other)."""
    if pub is None or groups.get("year") or groups.get("yy") or groups.get("yrel"):
        return False
    return any(groups.get(k) for k in _TENSED)


_CLAUSE_MARK = r"[,.;:!?\n—–]"
_CLAUSE_END = re.compile(_CLAUSE_MARK)
#: everything up to the last clause-ending mark (matched where a clause is looked for)
_UP_TO_LAST_END = re.compile(".*" + _CLAUSE_MARK, re.DOTALL)


def _is_future(text: str, start: int, end: int, pack: DatePack) -> bool:
    """A future word, or a verb the morphology reads as future, in the clause around the
    expression (the text between the punctuation marks before and after it; when there is
    none in the 200 characters before it, the clause starts with the text)."""
    last = _UP_TO_LAST_END.match(text, max(0, start - 200), start)
    left = last.end() if last else 0
    right_m = _CLAUSE_END.search(text, end)
    right = right_m.start() if right_m else len(text)
    words = _WORDS.findall(text, left, right)
    if pack.any_future(words):
        return True
    # the words' lookup keys, joined (case-folding makes no space: the key of the whole)
    joined = norm_word(" ".join(words)) if pack.future_phrases else ""
    return any(f in joined for f in pack.future_phrases)


@register
class Dates:
    """Fill ``dates``: date expressions with ISO 8601 values."""

    name: ClassVar[str] = "dates"
    requires: ClassVar[tuple[str, ...]] = ("text", "sentences", "lang")
    provides: ClassVar[tuple[str, ...]] = ("dates",)

    def __init__(self, packs: Sequence[LanguagePack]):
        self.packs = {p.code: DatePack.from_pack(p) for p in packs}

    def __call__(self, doc: Document) -> Document:
        doc.dates = []
        if not doc.text:
            return doc
        pub = publication_day(doc.published)
        # runs of consecutive sentences in one language, each searched sentence by sentence
        runs: list[tuple[str | None, list[tuple[int, int]]]] = []
        for sent in doc.sentences:
            code = sent.lang or doc.lang
            if runs and runs[-1][0] == code:
                runs[-1][1].append((sent.start, sent.end))
            else:
                runs.append((code, [(sent.start, sent.end)]))
        for code, pieces in runs:
            pack = self.packs.get(code or "")
            if pack is not None:
                start, end = pieces[0][0], pieces[-1][1]
                doc.dates.extend(find_dates(doc.text, start, end, pack, pub, pieces))
        return doc
