"""Timestamp lines: recognised forms, values only with a stated year, property tests."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave import lang
from newsweave.timestamps import TimestampParser

PARSER = TimestampParser([*lang.enabled_packs(), lang.common()])


@pytest.mark.parametrize(
    ("line", "order", "value"),
    [
        ("07:35 26.06.2023", "DMY", "2023-06-26T07:35"),
        ("7 Вересня 2024", "DMY", "2024-09-07"),
        ("Понедельник, 26 июня 2023, 18:05", "DMY", "2023-06-26T18:05"),
        ("Thứ hai, 26/6/2023, 07:35 (GMT+7)", "DMY", "2023-06-26T07:35+07:00"),
        ("June 26, 2023 7:35 PM GMT+3", "MDY", "2023-06-26T19:35+03:00"),
        ("Updated 6/26/2023", "MDY", "2023-06-26"),
        ("Published: 2023-06-26T07:35:00Z", "MDY", "2023-06-26T07:35+00:00"),
        ("ngày 5 tháng 3 năm 2024", "DMY", "2024-03-05"),
        ("Опубліковано 14 березня 2024 о 09:20", "DMY", "2024-03-14T09:20"),
    ],
)
def test_values(line, order, value):
    stamp = PARSER.parse_line(line, order)
    assert stamp is not None and stamp.iso() == value


@pytest.mark.parametrize("line", ["18:40", "26 червня, 07:35", "12.04", "26.06.23"])
def test_timestamp_line_without_a_year_has_no_value(line):
    stamp = PARSER.parse_line(line)
    assert stamp is not None, "still a timestamp line (clutter)"
    assert stamp.iso() is None


@pytest.mark.parametrize(
    "line",
    [
        "31.02.2024",
        "12 people were injured in 2023",
        "Президент підписав закон 18:40",
        "Tags: 2024, elections",
        "Room 101",
        "",
    ],
)
def test_not_timestamp_lines(line):
    stamp = PARSER.parse_line(line)
    assert stamp is None or stamp.iso() is None


FORMATS = {
    "DMY": ["{d:02d}.{m:02d}.{y}", "{d}/{m}/{y}", "{y}-{m:02d}-{d:02d}"],
    "MDY": ["{y}-{m:02d}-{d:02d}"],
}
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "uk": [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ],
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
}


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(FORMATS["DMY"]),
    st.times(),
)
def test_numeric_formats_parse_back(day, fmt, moment):
    line = (
        fmt.format(d=day.day, m=day.month, y=day.year) + f" {moment.hour:02d}:{moment.minute:02d}"
    )
    stamp = PARSER.parse_line(line, "DMY")
    expected = datetime(day.year, day.month, day.day, moment.hour, moment.minute)
    assert stamp is not None and stamp.iso() == expected.strftime("%Y-%m-%dT%H:%M")


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(sorted(MONTHS)),
)
def test_month_names_parse_back(day, code):
    month = MONTHS[code][day.month - 1]
    line = f"{month} {day.day}, {day.year}" if code == "en" else f"{day.day} {month} {day.year}"
    stamp = PARSER.parse_line(line, "MDY" if code == "en" else "DMY")
    assert stamp is not None and stamp.iso() == day.isoformat()


@given(st.text(max_size=120))
def test_never_crashes_and_values_are_valid(line):
    stamp = PARSER.parse_line(line)
    if stamp is not None and stamp.iso():
        datetime.fromisoformat(stamp.iso())
