"""The cleaner's line classifier remembers short lines: the same answers either way."""

from __future__ import annotations

from dataclasses import replace

from newsweave import lang
from newsweave.settings import CleanSettings
from newsweave.stages import clean
from newsweave.stages.clean import LineClassifier, split_lines

PAGE = (
    "Новини Полісся\n09:20 14.03.2024\nУряд схвалив нову програму\nЧитайте також: Ціни на пальне\n"
    "Home | World | Business | Sport\n\nThe government on Thursday approved a support programme "
    "for small farms hit by the drought, the minister said.\nMOST READ\n1. Prices rise\n"
    "Share\nComments (3)\n26 June 2023 7:35 AM GMT+3\n"
)


def _fresh() -> LineClassifier:
    return LineClassifier(lang.enabled_packs(), CleanSettings())


def test_remembered_lines_are_described_as_new_ones(monkeypatch):
    remembering = _fresh()
    lines = split_lines(PAGE)
    first = [remembering.classify(s, e, t, "DMY") for s, e, t in lines]
    again = [remembering.classify(s + 1000, e + 1000, t, "DMY") for s, e, t in lines]
    assert remembering._short, "short lines are remembered"
    monkeypatch.setattr(clean, "SHORT_LINES_REMEMBERED", 2)  # forgets all the time
    forgetful = _fresh()
    fresh = [forgetful.classify(s, e, t, "DMY") for s, e, t in lines]
    assert len(forgetful._short) <= 2
    for a, b, c in zip(first, again, fresh, strict=True):
        assert a == c
        assert replace(a, start=a.start + 1000, end=a.end + 1000) == b
        assert a.key == clean.fold(a.text)
    kinds = {ln.text: ln.kind for ln in first}
    assert kinds["09:20 14.03.2024"] == clean.STAMP
    assert kinds["Home | World | Business | Sport"] == clean.MENU


def test_date_order_is_part_of_what_is_remembered():
    classifier = _fresh()
    dmy = classifier.classify(0, 10, "03.04.2024", "DMY")
    mdy = classifier.classify(0, 10, "03.04.2024", "MDY")
    slash_mdy = classifier.classify(0, 10, "03/04/2024", "MDY")
    slash_dmy = classifier.classify(0, 10, "03/04/2024", "DMY")
    assert dmy.stamp is not None and slash_mdy.stamp is not None and slash_dmy.stamp is not None
    assert (slash_mdy.stamp.month, slash_dmy.stamp.month) == (3, 4)
    assert mdy.stamp == dmy.stamp  # a dotted date is day first in any order
