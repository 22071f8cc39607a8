"""Recognise and parse a line that states a timestamp (``07:35 26.06.2023``).

A line is a *timestamp line* when, after its date and time are taken out, only
filler is left: weekday names, the packs' timestamp words (``published``,
``оновлено``, ``lúc``…), time zones and punctuation. The month names, weekdays,
filler words and extra patterns come from the language packs.

Only a date with a stated year yields a value; a day and month without a year,
or an impossible date, never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .lang import LanguagePack

_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?(?!\d)"
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d])"
)
_DIGIT = re.compile(r"\d")
_TIME = re.compile(
    r"(?<![\d.:])(?P<H>\d{1,2})[:.h](?P<M>\d{2})(?::\d{2})?(?![\d:])\s*"
    r"(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)?",
    re.IGNORECASE,
)
_TZ = re.compile(
    r"\b(?:gmt|utc)\s*(?P<off>[+-]\s*\d{1,2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W_]+(?:[ʼ'][^\W_]+)*\.?")


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a timestamp line states. Parts the line does not give are None."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    offset: str | None = None

    @property
    def has_date(self) -> bool:
        return self.month is not None and self.day is not None

    def iso(self) -> str | None:
        """ISO 8601 value, only when the year, month and day are all stated."""
        if self.year is None or not self.has_date:
            return None
        value = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.hour is not None and self.minute is not None:
            value += f"T{self.hour:02d}:{self.minute:02d}"
            if self.offset:
                value += self.offset
        return value


def _valid(y: int | None, m: int, d: int) -> bool:
    try:
        date(y if y is not None else 2000, m, d)  # 2000 is a leap year: 29 Feb allowed
    except ValueError:
        return False
    return True


def _offset(text: str | None) -> str | None:
    if not text:
        return None
    text = text.replace(" ", "")
    if text == "Z":
        return "+00:00"
    sign, digits = text[0], text[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
    if not hours.isdigit() or int(hours) > 14 or int(minutes) > 59:
        return None
    return f"{sign}{int(hours):02d}:{minutes}"


class TimestampParser:
    """Parses timestamp lines with the knowledge of a set of language packs."""

    def __init__(self, packs: list[LanguagePack]):
        months: dict[str, int] = {}
        filler: set[str] = set()
        patterns: list[re.Pattern[str]] = []
        for pack in packs:
            months.update(pack.months)
            filler |= pack.weekdays | pack.timestamp_words
            patterns.extend(pack.timestamp_patterns)
        for name in list(months):
            filler.update(name.split())
        for weekday in list(filler):
            filler.update(weekday.split())
        self.months = months
        self.filler = frozenset(filler)
        self.patterns = tuple(patterns)
        names = "|".join(re.escape(n) for n in sorted(months, key=len, reverse=True))
        self._named = (
            re.compile(
                rf"(?<!\w)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?P<mon>{names})\.?,?"
                rf"(?:\s+(?P<y>\d{{4}}))?(?!\w)",
                re.IGNORECASE,
            )
            if names
            else None
        )
        self._named_first = (
            re.compile(
                rf"(?<!\w)(?P<mon>{names})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
                rf"(?:\s+(?P<y>\d{{4}}))?(?!\w)",
                re.IGNORECASE,
            )
            if names
            else None
        )

    def _find_date(self, text: str, order: str) -> tuple[Stamp, tuple[int, int]] | None:
        m = _ISO.search(text)
        if m and _valid(int(m["y"]), int(m["m"]), int(m["d"])):
            hour = int(m["H"]) if m["H"] else None
            minute = int(m["M"]) if m["M"] else None
            if hour is not None and (hour > 23 or (minute or 0) > 59):
                hour = minute = None
            stamp = Stamp(int(m["y"]), int(m["m"]), int(m["d"]), hour, minute, _offset(m["tz"]))
            return stamp, m.span()
        m = _NUMERIC.search(text)
        if m:
            a, b = int(m["a"]), int(m["b"])
            year = int(m["y"]) if len(m["y"]) == 4 else None  # two-digit years stay unknown
            first_dm = order != "MDY" or m["sep"] == "."
            options = [(b, a), (a, b)] if first_dm else [(a, b), (b, a)]
            for month, day in options:
                if _valid(year, month, day):
                    return Stamp(year, month, day), m.span()
            return None
        for regex in (self._named, self._named_first, *self.patterns):
            if regex is None:
                continue
            m = regex.search(text)
            if not m:
                continue
            groups = m.groupdict()
            month_text = groups.get("mon")
            month = self.months.get(month_text.casefold()) if month_text else None
            if month is None and groups.get("m"):
                month = int(groups["m"])
            day = int(groups["d"])
            year = int(groups["y"]) if groups.get("y") else None
            if month is not None and _valid(year, month, day):
                return Stamp(year, month, day), m.span()
        return None

    def parse_line(self, line: str, order: str = "DMY") -> Stamp | None:
        """The stamp a line states, or None when the line is not a timestamp line."""
        text = line.strip()
        if not text or len(text) > 90 or not _DIGIT.search(text):
            return None
        found = self._find_date(text, order)
        stamp = found[0] if found else Stamp()
        rest = text
        if found:
            start, end = found[1]
            rest = text[:start] + " " + text[end:]
        offset = stamp.offset
        tz = _TZ.search(rest)
        if tz:
            offset = offset or _offset(tz["off"])
            rest = rest[: tz.start()] + " " + rest[tz.end() :]
        hour, minute = stamp.hour, stamp.minute
        if hour is None:
            t = _TIME.search(rest)
            if t:
                h, mi = int(t["H"]), int(t["M"])
                ampm = (t["ampm"] or "").replace(".", "").replace(" ", "").casefold()
                if ampm == "pm" and h < 12:
                    h += 12
                elif ampm == "am" and h == 12:
                    h = 0
                if h <= 23 and mi <= 59:
                    hour, minute = h, mi
                    rest = rest[: t.start()] + " " + rest[t.end() :]
        if not found and hour is None:
            return None
        for token in _TOKEN.findall(rest):
            word = token.casefold()
            if word not in self.filler and word.rstrip(".") not in self.filler:
                return None
        if found and hour is None:
            offset = None
        return Stamp(stamp.year, stamp.month, stamp.day, hour, minute, offset)


def normalise_iso(value: str) -> str | None:
    """A given ISO 8601 date or date-time in the form the pipeline writes, or None.

    ``2024-11-12T16:20:00+00:00`` → ``2024-11-12T16:20+00:00``; ``2024-11-12`` stays;
    partial values (``2024-11``, ``2024``) stay as they are.
    """
    text = value.strip()
    if re.fullmatch(r"\d{4}(-\d{2})?", text):
        return text
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(text) <= 10:
        return parsed.date().isoformat()
    out = parsed.strftime("%Y-%m-%dT%H:%M")
    if parsed.utcoffset() is not None:
        out += parsed.strftime("%z")[:3] + ":" + parsed.strftime("%z")[3:]
    return out
