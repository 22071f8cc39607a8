"""Quote marks around a span of text: a name the text quotes («Айдар», "August")."""

from __future__ import annotations

#: quote marks that open and close a quoted name
OPEN_QUOTES = frozenset('«“„"')
CLOSE_QUOTES = frozenset('»”“"')


def in_quotes(text: str, start: int, end: int) -> bool:
    """The span ``text[start:end]`` is all a pair of quotes holds («Айдар», « Динамо »)."""
    return (
        start > 0
        and text[start - 1 : start].strip() in OPEN_QUOTES
        and text[end : end + 1] in CLOSE_QUOTES
    ) or (
        start > 1
        and text[start - 2 : start - 1] in OPEN_QUOTES
        and text[start - 1] == " "
        and text[end + 1 : end + 2] in CLOSE_QUOTES
    )
