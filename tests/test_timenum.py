"""Dates and quantities: the stages on fixtures written for the project, and property tests."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import lang
from newsweave.model import Document, Sentence
from newsweave.numbers import NumberGrammar
from newsweave.stages.dates import DatePack, Dates, find_dates
from newsweave.stages.quantities import Quantities
from newsweave.stages.sentences import Splitter

PACKS = [lang.load(code) for code in ("en", "ru", "uk", "vi")]
SPLITTER = Splitter(PACKS)
DATES = Dates(PACKS)
QUANTITIES = Quantities(PACKS)


def run(text: str, code: str, published: str | None = None) -> Document:
    doc = Document(raw=text)
    doc.text, doc.lang, doc.published = text, code, published
    doc.sentences = [Sentence(s, e, code) for s, e in SPLITTER.spans(text)]
    return QUANTITIES(DATES(doc))


def dates(text: str, code: str, published: str | None = None) -> dict[str, str | None]:
    return {d.text: d.value for d in run(text, code, published).dates}


# -- dates -------------------------------------------------------------------------------


def test_weekday_resolves_against_publication_date():
    # 2021-03-15 is a Monday
    found = dates("Мер міста у неділю ввечері зустрівся з волонтерами.", "uk", "2021-03-15")
    assert found == {"у неділю ввечері": "2021-03-14"}
    found = dates("The talks collapsed on Tuesday, officials said.", "en", "2021-03-15")
    assert found == {"on Tuesday": "2021-03-09"}


def test_future_tense_points_forward():
    # the morphology reads "відбудеться" as future; published on a Monday
    found = dates("Засідання відбудеться у п'ятницю в столиці.", "uk", "2021-03-15")
    assert found == {"у п'ятницю": "2021-03-19"}
    found = dates("The committee will vote on Thursday.", "en", "2021-03-15")
    assert found == {"on Thursday": "2021-03-18"}


def test_day_ranges_are_intervals():
    pub = "2019-07-02"
    assert dates("Навчання тривали з 3 по 7 червня.", "uk", pub) == {
        "з 3 по 7 червня": "2019-06-03/2019-06-07"
    }
    assert dates("Учения прошли 3–7 июня 2018 года.", "ru", pub) == {
        "3–7 июня 2018 года": "2018-06-03/2018-06-07"
    }
    assert dates("The drills ran June 3-7, officials said.", "en", pub) == {
        "June 3-7": "2019-06-03/2019-06-07"
    }
    assert dates("Hội chợ diễn ra từ ngày 3 đến 7/6 tại Huế.", "vi", pub) == {
        "từ ngày 3 đến 7/6": "2019-06-03/2019-06-07"
    }
    # no publication date: the year stays unknown on both ends
    assert dates("Hội chợ diễn ra từ 3-7/6 tại Huế.", "vi") == {"từ 3-7/6": "--06-03/--06-07"}
    # the first day of a range is not a quantity
    doc = run("Навчання тривали з 3 по 7 червня.", "uk", pub)
    assert doc.quantities == []
    # a range that runs backwards is no date rather than a wrong one
    assert dates("Учения прошли 7–3 июня.", "ru", pub) == {"7–3 июня": None}


def test_year_ranges_are_intervals():
    assert dates("Prices rose in 2020-2022, and between 2014 and 2022 too.", "en") == {
        "in 2020-2022": "2020/2022",
        "between 2014 and 2022": "2014/2022",
    }
    assert dates("The plan covers 2025 through 2027.", "en") == {"2025 through 2027": "2025/2027"}
    assert dates("У 2014–2022 рр. і з 2015 по 2019 рік.", "uk") == {
        "У 2014–2022 рр.": "2014/2022",
        "з 2015 по 2019 рік": "2015/2019",
    }
    assert dates("В 2020–2022 годах цены выросли.", "ru") == {"В 2020–2022 годах": "2020/2022"}
    assert dates("Từ năm 2014 đến năm 2022.", "vi") == {"Từ năm 2014 đến năm 2022": "2014/2022"}
    # two years joined by "and" are two years, not a range; a backward one is no date
    assert dates("In 2014 and in 2022 there were elections.", "en") == {
        "In 2014": "2014",
        "in 2022": "2022",
    }
    assert dates("The 2022-2020 figures.", "en") == {"2022-2020": None}
    # a decade is its ten years, never its first year alone
    assert dates("It was built in the 1990s.", "en") == {"in the 1990s": "1990/1999"}
    assert dates("У 1990-х роках місто зростало.", "uk") == {"У 1990-х роках": "1990/1999"}
    assert dates("В 1980-х годах город рос.", "ru") == {"В 1980-х годах": "1980/1989"}
    assert dates("Trong thập niên 1990, giá tăng.", "vi") == {"thập niên 1990": "1990/1999"}


def test_ranges_across_months_are_intervals():
    pub = "2019-07-02"
    assert dates("Навчання тривали з 28 травня по 3 червня.", "uk", pub) == {
        "з 28 травня по 3 червня": "2019-05-28/2019-06-03"
    }
    assert dates("Відпустка 29.12–03.01.2019 року.", "uk", pub) == {
        "29.12–03.01.2019": "2018-12-29/2019-01-03"
    }
    # the first month after the last one: the range began the year before
    assert dates("Выставка шла с 28 декабря по 3 января.", "ru", "2019-01-10") == {
        "с 28 декабря по 3 января": "2018-12-28/2019-01-03"
    }
    assert dates("The fair ran from May 30 to June 2, organisers said.", "en", pub) == {
        "from May 30 to June 2": "2019-05-30/2019-06-02"
    }
    assert dates("Lễ hội diễn ra từ 30/5 đến 2/6 tại Huế.", "vi", pub) == {
        "từ 30/5 đến 2/6": "2019-05-30/2019-06-02"
    }
    # no publication date: both ends keep an unknown year
    assert dates("Hội chợ từ 30/5 đến 2/6.", "vi") == {"từ 30/5 đến 2/6": "--05-30/--06-02"}
    # an impossible first day is no date rather than a wrong one
    assert dates("Навчання з 31 квітня по 2 травня.", "uk", pub) == {
        "з 31 квітня по 2 травня": None
    }


def test_a_month_named_alone():
    pub = "2019-07-02"
    assert dates("Березень видався теплим.", "uk", pub) == {"Березень": "2019-03"}
    assert dates("Синоптики кажуть, що березень видався теплим.", "uk", pub) == {
        "березень": "2019-03"
    }
    assert dates("Март оказался холодным.", "ru", pub) == {"Март": "2019-03"}
    # capitalised inside a sentence, it is a name
    assert dates("Сотрудница Марта Ковальчук приехала.", "ru", pub) == {}


def test_a_part_of_a_weekday_in_the_genitive():
    pub = "2020-11-09"  # a Monday
    assert dates("Подсчёт продолжался до позднего вечера пятницы.", "ru", pub) == {
        "до позднего вечера пятницы": "2020-11-06"
    }
    assert dates("Роботи тривали до пізнього вечора п'ятниці.", "uk", pub) == {
        "до пізнього вечора п'ятниці": "2020-11-06"
    }
    # a habit, not a day
    assert dates("Вечера пятницы всегда шумные.", "ru", pub) == {}


def test_a_time_ahead_counts_only_in_a_clause_about_the_future():
    pub = "2024-06-12"
    assert dates("We will meet in 3 days.", "en", pub) == {"in 3 days": "2024-06-15"}
    assert dates("The report is due in two weeks.", "en", pub) == {"in two weeks": "2024-W26"}
    assert dates("Ba ngày tới sẽ có mưa lớn.", "vi", pub) == {"Ba ngày tới": "2024-06-15"}
    # a number word that is also another word counts where a unit follows it
    assert dates("Cây cầu bị hỏng cách đây năm ngày.", "vi", pub) == {
        "cách đây năm ngày": "2024-06-07"
    }
    # "thứ Năm tuần trước" is last week's Thursday, not five weeks ago
    assert dates("Mất điện hôm thứ Năm tuần trước khiến nhiều hộ khó khăn.", "vi", pub) == {
        "hôm thứ Năm tuần trước": "2024-06-06"
    }
    assert dates("Переговори відновляться через тиждень.", "uk", pub) == {
        "через тиждень": "2024-W25"
    }
    assert dates("Он вернётся через месяц.", "ru", pub) == {"через месяц": "2024-07"}
    # counted from another event, not from the publication date
    assert dates("Через тиждень після вибуху знайшли тіло.", "uk", pub) == {}
    # durations, not dates
    assert dates("It was the smallest increase in two years.", "en", pub) == {}
    assert dates("Chuyến thăm sẽ kéo dài 3 ngày tới Nga.", "vi", pub) == {}


def test_the_end_of_the_current_year_or_month():
    pub = "2025-05-12"
    assert dates("Поставки продлятся до конца года.", "ru", pub) == {"до конца года": "2025"}
    assert dates("Việc cung cấp sẽ kéo dài đến cuối năm.", "vi", pub) == {"cuối năm": "2025"}
    assert dates("Đầu tháng, giá xăng tăng.", "vi", pub) == {"Đầu tháng": "2025-05"}
    assert dates("Học sinh nghỉ hè vào cuối năm học.", "vi", pub) == {}


def test_quarters_of_a_year():
    pub = "2024-06-12"
    assert dates("In the first quarter of 2023 sales fell.", "en", pub) == {
        "the first quarter of 2023": "2023-Q1"
    }
    assert dates("Прибуток зріс у третьому кварталі.", "uk", pub) == {
        "у третьому кварталі": "2023-Q3"  # not yet this year: the last one
    }
    assert dates("В первом квартале 2024 года продажи упали.", "ru", pub) == {
        "В первом квартале 2024 года": "2024-Q1"
    }
    assert dates("Doanh số quý 1/2024 giảm.", "vi", pub) == {"quý 1/2024": "2024-Q1"}
    assert dates("Doanh số quý 2 giảm.", "vi") == {"quý 2": "XXXX-Q2"}
    assert dates("A quarter of the budget went to defence.", "en", pub) == {}


def test_ordinal_day_words():
    pub = "2019-07-02"
    assert dates("Двадцять другого червня 1941 року почалася війна.", "uk", pub) == {
        "Двадцять другого червня 1941 року": "1941-06-22"
    }
    assert dates("Учебный год начнётся первого сентября.", "ru") == {"первого сентября": "--09-01"}
    assert dates("They marched on the first of May.", "en", pub) == {
        "the first of May": "2019-05-01"
    }
    assert dates("Khai giảng vào mồng 5/9.", "vi") == {"vào mồng 5/9": "--09-05"}
    # an ordinal that is not a day of a month stays out
    assert dates("Он второй раз опоздал, и первое мая тут ни при чём.", "ru", pub) == {
        "первое мая": "2019-05-01"
    }
    assert dates("Он второй раз опоздал, а третья попытка удалась.", "ru", pub) == {}


def test_day_month_without_year():
    text = "Đoàn công tác đến Đà Nẵng ngày 22-5 và rời đi hôm 24/5."
    assert dates(text, "vi", "2019-07-02") == {"ngày 22-5": "2019-05-22", "hôm 24/5": "2019-05-24"}
    # no publication date: the year stays unknown, never guessed
    assert dates(text, "vi") == {"ngày 22-5": "--05-22", "hôm 24/5": "--05-24"}
    assert dates("Выставка откроется 3 декабря.", "ru") == {"3 декабря": "--12-03"}


def test_a_december_date_in_january_is_last_year():
    found = dates("Угоду підписали 28 грудня у Варшаві.", "uk", "2022-01-10")
    assert found == {"28 грудня": "2021-12-28"}


def test_relative_expressions_and_granularity():
    doc = run("Giá xăng tăng mạnh từ đầu tháng này và tuần trước.", "vi", "2020-10-21")
    by_text = {d.text: d for d in doc.dates}
    assert by_text["đầu tháng này"].value == "2020-10"
    assert by_text["đầu tháng này"].approx and by_text["đầu tháng này"].granularity == "month"
    assert by_text["tuần trước"].value == "2020-W42"
    found = dates("Three days ago the river rose; last year it flooded twice.", "en", "2020-10-21")
    assert found == {"Three days ago": "2020-10-18", "last year": "2019"}
    found = dates("Накануне вечером в городе отключили свет.", "ru", "2020-10-21")
    assert found == {"Накануне вечером": "2020-10-20"}
    found = dates("Цьогоріч і нинішнього тижня ціни зросли.", "uk", "2020-10-21")
    assert found == {"Цьогоріч": "2020", "нинішнього тижня": "2020-W43"}
    # without a publication date a relative expression has no value
    assert dates("Вчора о 18:00 почалася злива.", "uk") == {"Вчора": None}


def test_hours_ago_are_the_publication_day_or_the_one_before_approximately():
    doc = run("The blast came two hours ago; a second one 30 hours ago.", "en", "2020-10-21")
    by_text = {d.text: d for d in doc.dates}
    assert by_text["two hours ago"].value == "2020-10-21"
    assert by_text["30 hours ago"].value == "2020-10-20"
    assert all(d.approx and d.granularity == "day" for d in doc.dates)
    assert dates("Обстріл почався дві години тому.", "uk", "2020-10-21") == {
        "дві години тому": "2020-10-21"
    }
    assert dates("Vụ nổ xảy ra 2 giờ trước.", "vi", "2020-10-21") == {"2 giờ trước": "2020-10-21"}
    # a duration is no date, and "в 5 часов утра" is no amount of hours
    assert dates("Бой длился 3 часа.", "ru", "2020-10-21") == {}
    assert [q.text for q in run("Бой длился 3 часа, в 5 часов утра.", "ru").quantities] == [
        "3 часа"
    ]


@pytest.mark.parametrize(
    ("text", "code", "published", "expected"),
    [
        # 2024-03-13 is a Wednesday
        ("Protests grew over the weekend.", "en", "2024-03-13", "2024-03-09/2024-03-10"),
        ("The fair opens this weekend.", "en", "2024-03-13", "2024-03-16/2024-03-17"),
        ("На вихідних дивізіон буде відпочивати.", "uk", "2024-03-13", "2024-03-16/2024-03-17"),
        # said on a Sunday, "last weekend" is the one before
        ("На прошлых выходных было тихо.", "ru", "2024-03-17", "2024-03-09/2024-03-10"),
        ("Protests grew over the weekend.", "en", None, None),
    ],
)
def test_a_weekend_is_its_saturday_and_sunday(text, code, published, expected):
    found = dates(text, code, published)
    assert len(found) == 1 and next(iter(found.values())) == expected


def test_days_off_in_general_and_a_weekend_edition_are_no_weekend():
    assert dates("В выходные дни музей закрыт.", "ru", "2024-03-13") == {}
    assert dates("The weekend edition sold out.", "en", "2024-03-13") == {}


def test_the_next_day_is_the_story_s_not_the_publication_s():
    assert dates("The next day, he resigned.", "en", "2024-03-13") == {}
    assert dates("Prices will ease in the coming days.", "en", "2024-03-13") == {}
    assert dates("He will resign next week.", "en", "2024-03-13") == {"next week": "2024-W12"}
    assert dates("Наступного дня його затримали.", "uk", "2024-03-13") == {"Наступного дня": None}
    assert dates("На следующий день его задержали.", "ru", "2024-03-13") == {
        "На следующий день": None
    }
    assert dates("Наступного тижня уряд ухвалить рішення.", "uk", "2024-03-13") == {
        "Наступного тижня": "2024-W12"
    }


def test_in_so_many_days_looks_ahead_only_in_a_clause_about_the_future():
    assert dates("Перемирие вступит в силу через три дня.", "ru", "2024-03-13") == {
        "через три дня": "2024-03-16"
    }
    # "three days later" in a story of the past is no date counted from the publication
    assert dates("Через три дня после взрыва его арестовали.", "ru", "2024-03-13") == {}
    assert dates("Його затримали через два дні після вибуху.", "uk", "2024-03-13") == {}


def test_absolute_dates_and_impossible_ones():
    found = dates("Закон набув чинності 01.07.2019, а проєкт подали 31.02.2019.", "uk")
    assert found == {"01.07.2019": "2019-07-01", "31.02.2019": None}
    assert dates("Dự án khởi công vào tháng 2/2018.", "vi") == {"tháng 2/2018": "2018-02"}
    assert dates("Referendum odbyło się in May 2016.", "en") == {"May 2016": "2016-05"}
    # in English, dots put the day first; slashes follow the order a valid date allows
    assert dates("Signed on 29.02.2024, due 12/25/2024.", "en") == {
        "29.02.2024": "2024-02-29",
        "12/25/2024": "2024-12-25",
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("We may see more rain; 5 min read.", "en"),
        ("Читати 1 хв. Рахунок матчу 2:1.", "uk"),
        ("Đây là năm thứ 4 liên tiếp đội bóng vô địch, xếp thứ hai toàn giải.", "vi"),
        ("Встреча длилась три дня, в среде экспертов это заметили.", "ru"),
        ("The F-16 flew 300 km during the 2 hours of the drill.", "en"),
    ],
)
def test_no_date_without_a_trigger(text: str, code: str):
    assert dates(text, code, "2022-05-05") == {}


# -- quantities --------------------------------------------------------------------------


def quantities(text: str, code: str) -> list[tuple[str, float, str | None, bool, str | None]]:
    return [(q.text, q.value, q.unit, q.approx, q.bound) for q in run(text, code).quantities]


def test_separators_scales_and_currencies():
    assert quantities("Quân đội điều thêm 43.500 binh sĩ tới biên giới.", "vi") == [
        ("43.500 binh sĩ", 43500, "binh sĩ", False, None)
    ]
    assert quantities("Фонд виділив 40 млн євро та 3,5 млрд гривень.", "uk") == [
        ("40 млн євро", 40_000_000, "EUR", False, None),
        ("3,5 млрд гривень", 3_500_000_000, "UAH", False, None),
    ]
    assert quantities("The port handled 1,200 containers and $2.5bn of cargo.", "en") == [
        ("1,200 containers", 1200, "container", False, None),
        ("$2.5bn", 2_500_000_000, "USD", False, None),
    ]
    assert quantities("Debt rose to $1.5trn.", "en")[0][1:3] == (1_500_000_000_000, "USD")
    assert quantities("Температура впала до минус 18 градусов.", "ru")[0][1] == -18


def test_an_amount_may_open_the_text():
    assert quantities("12 tanks crossed the river.", "en") == [
        ("12 tanks", 12, "tank", False, None)
    ]
    assert quantities("№ 5 і # 7 — номери, не кількості.", "uk") == []


def test_approximation_bounds_and_counted_nouns():
    assert quantities("Hơn 3.200 người đã sơ tán, khoảng 300 ngôi nhà bị hư hại.", "vi") == [
        ("Hơn 3.200 người", 3200, "người", True, "lower"),
        ("khoảng 300 ngôi nhà", 300, "ngôi nhà", True, None),
    ]
    assert quantities("Nearly 20 villages lost power.", "en") == [
        ("Nearly 20 villages", 20, "village", True, "upper")
    ]
    assert quantities("Близько п'ятьох тисяч людей вийшли на мітинг.", "uk") == [
        ("Близько п'ятьох тисяч людей", 5000, "людина", True, None)
    ]
    assert quantities("Понад двадцять три танки знищено.", "uk")[0][1:2] == (23,)


def test_ranges_share_the_second_end_s_scale_and_unit():
    assert quantities("Оренда коштуватиме від 20 до 35 тисяч гривень.", "uk") == [
        ("20", 20000, "UAH", False, None),
        ("35 тисяч гривень", 35000, "UAH", False, None),
    ]
    assert quantities("Колона просунулася на 4–6 км.", "uk") == [
        ("4", 4, "km", False, None),
        ("6 км", 6, "km", False, None),
    ]
    assert quantities("Vé có giá từ 3 đến 5 triệu đồng.", "vi") == [
        ("3", 3000000, "VND", False, None),
        ("5 triệu đồng", 5000000, "VND", False, None),
    ]
    # a range may fall with link words ("з 7 до 5 %"), never with a dash: "3-1" is a score
    assert [q[1:3] for q in quantities("Ставка знизилася з 7 до 5 %.", "uk")] == [
        (7, "%"),
        (5, "%"),
    ]
    assert quantities("They won 3-1 win after a 2024-2026 plan; call 044-235-61.", "en") == []


def test_signs_before_measures():
    assert [q[:2] for q in quantities("Frost: -14°C at night, +3 °C by day.", "en")] == [
        ("-14°C", -14),
        ("+3 °C", 3),
    ]
    assert quantities("It may fall to minus nine degrees Celsius.", "en")[0][1:3] == (-9, "°C")
    assert quantities("Call +44 20 7946 0000 now.", "en") == []


def test_half_of_a_scale_word_and_words_that_only_begin_with_one():
    assert quantities("Có hai triệu rưỡi người bỏ phiếu.", "vi")[0][1] == 2500000
    assert quantities("Một trăm rưỡi người tham gia.", "vi")[0][1] == 150
    assert quantities("Tỷ lệ lạm phát giảm mạnh.", "vi") == []
    # half of a scale word in one word
    assert quantities("Более полумиллиона беженцев.", "ru")[0][1:3] == (500000, "беженец")
    assert quantities("Виділили півмільярда гривень.", "uk")[0][1:3] == (500_000_000, "UAH")


def test_an_article_before_a_number_word_counts_as_one():
    assert quantities("Nearly a hundred soldiers died.", "en") == [
        ("Nearly a hundred soldiers", 100, "soldier", True, "upper")
    ]
    assert quantities("More than a million people fled.", "en")[0][:2] == (
        "More than a million people",
        1_000_000,
    )
    assert quantities("A dozen journalists were detained.", "en")[0][:3] == (
        "A dozen journalists",
        12,
        "journalist",
    )
    assert quantities("He paid a hundred and fifty dollars.", "en")[0][1:3] == (150, "USD")
    # an article before no number word is no number
    assert quantities("They saw a man and a woman.", "en") == []


def test_number_words_in_a_row_make_one_number_only_as_tens_and_units():
    # "một năm" is one year, never 1 + 5; "ba năm rưỡi" three and a half years
    assert quantities("Ông ngồi tù ba năm rưỡi.", "vi")[0][:3] == ("ba năm rưỡi", 3.5, "year")
    assert quantities("Hai mươi lăm người và mười lăm xe.", "vi")[0][1] == 25
    assert quantities("Twenty five people came.", "en")[0][1:3] == (25, "person")
    # a number word after a number is no counted thing
    assert quantities("Nineteen eighty-four copies.", "en") == [
        ("eighty-four copies", 84, "copy", False, None)
    ]


def test_an_abbreviation_is_the_counted_thing_unless_a_noun_follows_it():
    assert quantities("Сили ППО збили 20 БпЛА над містом.", "uk")[0][:3] == (
        "20 БпЛА",
        20,
        "БпЛА",
    )
    assert quantities("Запущено 15 ударних БпЛА.", "uk")[0][:3] == ("15 ударних БпЛА", 15, "БпЛА")
    assert quantities("Russia launched 15 UAVs overnight.", "en")[0][1:3] == (15, "UAV")
    # "EU" qualifies "states": no abbreviation for a unit
    assert [q[2] for q in quantities("Five EU states agreed.", "en")] == []
    assert [q[2] for q in quantities("Ще 5 ЄС країн погодилися.", "uk")] != ["ЄС"]


def test_half_of_the_unit_or_scale_word_before():
    assert quantities("Hai tiếng rưỡi sau.", "vi")[0][:3] == ("Hai tiếng rưỡi", 2.5, "h")
    assert quantities("Giá 2 triệu rưỡi đồng.", "vi")[0][1:3] == (2_500_000, "VND")
    # never "năm rưỡi" as 5.5 or "một năm rưỡi" as 6.5 (năm is the unit "year")
    assert all(q[1] < 2 for q in quantities("Một năm rưỡi sau, ông trở lại.", "vi"))


def test_counted_noun_after_a_number():
    # the adjective reading is skipped only before another word of the same phrase
    assert quantities("Затримали трьох чоловіків, які втікали.", "uk")[0][2] == "чоловік"
    # of two nouns, the one whose stem the word keeps
    assert quantities("Знищено 12 танків.", "uk")[0][2] == "танк"
    # a verb after a model number is no counted thing: "MAX 9 летів" is part of a name
    assert quantities("Літак Boeing 737 MAX 9 летів до Львова.", "uk") == []
    # a Vietnamese noun of several syllables from the pack's list, up to five of them
    assert quantities("Có 23 ngư dân và 48 máy bay không người lái.", "vi") == [
        ("23 ngư dân", 23, "ngư dân", False, None),
        ("48 máy bay không người lái", 48, "máy bay không người lái", False, None),
    ]
    # a digit after an area or volume unit belongs to it
    assert [q[2] for q in quantities("Rừng rộng 600 km2, hồ chứa 1.200 m3.", "vi")] == [
        "km2",
        "m3",
    ]


def test_a_unit_joined_to_the_number_by_a_hyphen():
    assert quantities("A 42-year-old man and a 19-year-old's 3-day-long trip.", "en") == [
        ("42-year-old", 42, "year", False, None),
        ("19-year-old", 19, "year", False, None),
        ("3-day", 3, "day", False, None),
    ]
    assert quantities("Загинув 35-річний водій 10-тонної вантажівки.", "uk") == [
        ("35-річний", 35, "year", False, None),
        ("10-тонної", 10, "t", False, None),
    ]
    assert quantities("Образовалась 5-километровая пробка.", "ru")[0][1:3] == (5, "km")
    # a word the pack does not list keeps the number out: an ordinal, a name
    assert quantities("Це 3-й раз; F-16 і 2-1.", "uk") == []


def test_a_time_of_day_is_no_amount():
    assert quantities("They met at 3 p.m., again at 10am and at 5 o'clock.", "en") == []
    assert quantities("Зустріч о 15 годині тривала 2 години.", "uk") == [
        ("2 години", 2, "h", False, None)
    ]


def test_a_currency_code_before_the_number_and_speeds():
    assert quantities("Aid of USD 300 million and UAH 12.5 billion.", "en") == [
        ("USD 300 million", 300_000_000, "USD", False, None),
        ("UAH 12.5 billion", 12_500_000_000, "UAH", False, None),
    ]
    assert quantities("In IBM 500 people work.", "en")[0][2] == "person"
    assert quantities("Скорость до 90 км/ч, ветер 12 м/с.", "ru") == [
        ("до 90 км/ч", 90, "km/h", True, "upper"),
        ("12 м/с", 12, "m/s", False, None),
    ]


def test_two_weekdays_and_a_night_before_a_weekday():
    found = dates("У п'ятницю та суботу тривали обстріли.", "uk", "2024-03-11")
    assert found == {"У п'ятницю": "2024-03-08", "суботу": "2024-03-09"}
    assert dates("В пятницу и субботу шли дожди.", "ru", "2024-03-11") == {
        "В пятницу": "2024-03-08",
        "субботу": "2024-03-09",
    }
    assert dates("У ніч проти вівторка тривала атака.", "uk", "2024-03-12") == {
        "У ніч проти вівторка": "2024-03-12"
    }
    # a forecast is about the days ahead
    assert dates("Синоптики прогнозують сніг у четвер.", "uk", "2024-03-11") == {
        "у четвер": "2024-03-14"
    }
    assert dates("Thứ Sáu tới, đoàn sẽ đến Hà Nội.", "vi", "2024-03-11") == {
        "Thứ Sáu tới": "2024-03-15"
    }
    assert dates("Từ ngày 30/12/2023 đến ngày 2/1/2024, đường bị cấm.", "vi", "2024-03-11") == {
        "Từ ngày 30/12/2023 đến ngày 2/1/2024": "2023-12-30/2024-01-02"
    }


def test_a_date_word_that_is_all_a_pair_of_quotes_holds_is_a_name():
    assert dates('The film "August" premiered in August.', "en", "2024-03-11") == {
        "in August": "2023-08"
    }
    assert dates("Центр «Весна» повідомив, що навесні ціни зросли.", "uk", "2024-03-11") == {
        "навесні": "2024-SP"
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("У 2022 році, 26.06.2023 о 14:30, рахунок 2:1.", "uk"),
        ("Article 5 of the treaty; the 3rd battalion; Boeing 737 MAX; call 0800 123 456.", "en"),
        ("Theo điều 3 nghị định, năm 2014 đội xếp thứ 4.", "vi"),
        ("Пункты плана:\n1. Переговоры\n2) Обмен пленными. Самолёт Су-25 и С-400.", "ru"),
        ("Sư đoàn 312 đóng ở quận 5, phường 9; xem trang 40.", "vi"),
        ("Адрес: Тверская, д. 18, кв. 7.", "ru"),
        ("Справки по телефону 8 800 555 35 35.", "ru"),
        ("Trận đấu kết thúc với tỷ số 2-1.", "vi"),
    ],
)
def test_not_quantities(text: str, code: str):
    assert quantities(text, code) == []


# -- property tests ----------------------------------------------------------------------

CONVENTIONS = {  # how each language writes 1234567.25: thousands mark, decimal mark
    "en": (",", "."),
    "vi": (".", ","),
    "uk": ("\u00a0", ","),
    "ru": (" ", ","),
}


def _format(value: int, cents: int, group: str, decimal: str) -> str:
    whole = f"{value:,}".replace(",", group)
    return whole if cents == 0 else f"{whole}{decimal}{cents:02d}"


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(sorted(CONVENTIONS)),
    value=st.integers(min_value=0, max_value=10**12),
    cents=st.integers(min_value=0, max_value=99),
)
def test_numbers_in_each_convention_parse_back(code: str, value: int, cents: int):
    group, decimal = CONVENTIONS[code]
    text = _format(value, cents, group, decimal)
    parsed = NumberGrammar.from_pack(lang.load(code)).parse_digits(text)
    assert parsed is not None
    assert parsed[1] == len(text)
    assert parsed[0] == pytest.approx(value + cents / 100)


@settings(max_examples=150, deadline=None)
@given(
    code=st.sampled_from(sorted(CONVENTIONS)),
    value=st.integers(min_value=1, max_value=10**9),
)
def test_amounts_with_a_currency_parse_back_through_the_stage(code: str, value: int):
    group, _ = CONVENTIONS[code]
    unit = {"en": "euros", "vi": "euro", "uk": "євро", "ru": "евро"}[code]
    text = f"Budget: {_format(value, 0, group, ',')} {unit}."
    found = run(text, code).quantities
    assert [(q.value, q.unit) for q in found] == [(value, "EUR")]


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), code=st.sampled_from(["en", "ru", "uk", "vi"]))
def test_any_text_gives_valid_spans(text: str, code: str):
    doc = run(text, code, "2024-02-29")
    for item in [*doc.dates, *doc.quantities]:
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text
    for d in doc.dates:
        if d.value and d.value[0].isdigit() and d.granularity == "day":
            date.fromisoformat(d.value)


def test_a_language_pack_adds_a_date_grammar_without_code(tmp_path):
    pack = {
        "code": "de",
        "name": "German",
        "alphabet": "abcdefghijklmnopqrstuvwxyzäöüß",
        "dates": {
            "months": {"mai": 5, "juni": 6},
            "days": {"gestern": -1},
            "grammar": ["(?:am\\s+)?{day}\\.\\s*{month}(?:\\s+{year})?", "{dayword}"],
        },
    }
    folder = tmp_path / "de"
    folder.mkdir()
    (folder / "pack.yaml").write_text(yaml.safe_dump(pack, allow_unicode=True), "utf-8")
    german = lang.load("de", (str(tmp_path),))
    found = find_dates(
        "Gestern und am 22. Mai 2024 wurde verhandelt.",
        0,
        45,
        DatePack.from_pack(german),
        date(2024, 6, 3),
    )
    assert [(d.text, d.value) for d in found] == [
        ("Gestern", "2024-06-02"),
        ("am 22. Mai 2024", "2024-05-22"),
    ]


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(
        st.sampled_from([*"5 ,.-$%аоАО", "two", "Two", "million", "hai", "два", "тис"]),
        max_size=30,
    ).map("".join),
    code=st.sampled_from(["en", "ru", "uk", "vi"]),
)
def test_quick_gate_is_the_whole_gate(text: str, code: str):
    """A digit looked for first, then the starter words: the same answer as the one regex."""
    pack = QUANTITIES.packs[code]
    assert pack.may_hold(text, 0, len(text)) == (pack.gate.search(text) is not None)
