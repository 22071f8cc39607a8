"""Language packs: schema validation, and a new language is a data folder, not code."""

from __future__ import annotations

import pytest
import yaml

from newsweave import lang
from newsweave.api import build_pipeline
from newsweave.errors import PackError
from newsweave.model import Document
from newsweave.settings import load_settings


@pytest.mark.parametrize("code", ["en", "uk", "ru", "vi"])
def test_builtin_packs_are_valid(code):
    pack = lang.load(code)
    assert pack.code == code and pack.alphabet and pack.cues and pack.months


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "mapping"),
        ({"code": "xx", "name": "X"}, "alphabet"),
        (
            {"code": "xx", "name": "X", "alphabet": "ab", "clean": {"cues": {"r": ["("]}}},
            "bad pattern",
        ),
        ({"code": "xx", "name": "X", "alphabet": "ab", "dates": {"months": {"foo": 13}}}, "1..12"),
        (
            {"code": "xx", "name": "X", "alphabet": "ab", "dates": {"date_order": "XYZ"}},
            "date_order",
        ),
        ({"code": "xx", "name": "X", "alphabet": 5}, "alphabet must be"),
    ],
)
def test_invalid_packs_fail_clearly(data, message):
    with pytest.raises(PackError, match=message):
        lang.parse_pack(data)


def test_new_language_pack_from_a_folder(tmp_path):
    pack = {
        "code": "de",
        "name": "German",
        "lingua": "GERMAN",
        "alphabet": "abcdefghijklmnopqrstuvwxyzäöüß",
        "clean": {
            "cues": {"read_also": ["^lesen sie auch\\b"]},
            "section_labels": ["mehr zum thema"],
        },
        "dates": {"months": {"märz": 3}, "timestamp_words": ["aktualisiert", "am", "um"]},
    }
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "pack.yaml").write_text(yaml.safe_dump(pack, allow_unicode=True), "utf-8")
    config = tmp_path / "nw.toml"
    config.write_text(f'[languages]\nenabled = ["de", "en"]\npack_dirs = ["{tmp_path}"]\n', "utf-8")
    pipeline = build_pipeline(load_settings(config))
    raw = (
        "Aktualisiert am 14. März 2024 um 09:20\n\n"
        "Die Stadtverwaltung hat am Donnerstag einen neuen Plan für den Busverkehr beschlossen.\n\n"
        "Lesen Sie auch: Neue Brücke über den Fluss eröffnet\n\n"
        "Die Fahrgäste müssen sich ab Mai auf längere Wartezeiten am Bahnhof einstellen.\n"
    )
    doc = pipeline(Document(raw=raw))
    assert doc.lang == "de"
    assert "Lesen Sie auch" not in doc.text
    assert doc.published == "2024-03-14T09:20"


def _words_in_lists(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _words_in_lists(value)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list)):
                yield from _words_in_lists(item)
            else:
                yield item


def test_data_files_keep_yes_no_on_off_as_words():
    """YAML 1.1 reads yes/no/on/off as booleans: English "no" and "on" vanished from
    stop-word lists, and Norway's country code "no" became False."""
    from newsweave.datafile import load

    assert load("[on, no, yes, off, y, n, true, False]") == [
        "on", "no", "yes", "off", "y", "n", True, False
    ]  # fmt: skip
    assert load("no: {names: {en: [Norway]}}") == {"no": {"names": {"en": ["Norway"]}}}
    en = lang.load("en").data
    assert {"no", "on"} <= set(en["entities"]["not_names"])
    assert "no" in en["sentences"]["abbreviations"]
    for code in ("en", "uk", "ru", "vi"):
        words = list(_words_in_lists(lang.load(code).data))
        assert not [w for w in words if isinstance(w, bool)], code
