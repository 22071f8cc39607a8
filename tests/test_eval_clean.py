"""The cleaner meets its quality floors on the project's gold set (per language)."""

from __future__ import annotations

import json

import pytest

from conftest import GOLD
from newsweave.api import build_pipeline
from newsweave.errors import GoldFormatError
from newsweave.eval.clean import evaluate, parse_gold

LANGS = ["en", "ru", "uk", "vi"]


@pytest.fixture(scope="module")
def scores():
    return evaluate([GOLD], build_pipeline())


def test_gold_set_size(scores):
    assert sum(s.articles for s in scores.values()) >= 40
    assert sorted(scores) == LANGS


@pytest.mark.parametrize("code", LANGS)
def test_floors(scores, code):
    score = scores[code]
    assert score.recall >= 0.99, score.errors
    assert score.precision >= 0.97, score.errors


@pytest.mark.parametrize("code", LANGS)
def test_published_is_never_taken_from_clutter(scores, code):
    assert scores[code].published_ok == scores[code].articles, scores[code].errors


def test_cli_gate_exit_codes(cli, tmp_path):
    ok = cli("eval", "clean", "--gold", GOLD, "--json")
    assert ok.exit_code == 0
    assert sorted(json.loads(ok.stdout)) == LANGS
    strict = cli("eval", "clean", "--gold", GOLD, "--min-precision", "1.01")
    assert strict.exit_code == 1 and "below the floor" in strict.stderr


def test_bad_gold_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("# lang: en\nX| not a label\n", "utf-8")
    with pytest.raises(GoldFormatError, match=r"bad\.txt:2"):
        parse_gold(bad)
