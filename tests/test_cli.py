"""CLI conventions: help with examples, exit codes, show/search/stats output."""

from __future__ import annotations

import json

import pytest

from test_export_schema import ARTICLE


@pytest.mark.parametrize("command", ["ingest", "export", "show", "search", "stats", "eval clean"])
def test_help_has_examples(cli, command):
    result = cli(*command.split(), "--help")
    assert result.exit_code == 0
    assert "newsweave " + command.split()[0] in result.stdout


def test_show_strikes_clutter_with_reasons(cli, db, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, "utf-8")
    cli("ingest", src, "--db", db)
    record_id = json.loads(cli("export", "--db", db).stdout)["id"]
    shown = cli("show", record_id[:8], "--db", db)
    assert shown.exit_code == 0
    assert "[read_time]" in shown.stdout and "[headline-list]" in shown.stdout
    assert "Farmers receive new support programme" in shown.stdout
    as_json = json.loads(cli("show", record_id, "--db", db, "--json").stdout)
    assert as_json["id"] == record_id
    assert cli("show", "nope", "--db", db).exit_code == 1


def test_search_and_stats(cli, db, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, "utf-8")
    cli("ingest", src, "--db", db)
    hits = [
        json.loads(x)
        for x in cli("search", "drought grants", "--db", db, "--json").stdout.splitlines()
    ]
    assert len(hits) == 1 and hits[0]["lang"] == "en"
    stats = json.loads(cli("stats", "--db", db, "--json").stdout)
    assert stats == {
        "articles": 1,
        "languages": {"en": 1},
        "near_duplicates": 0,
        "with_published": 1,
        "with_title": 1,
    }


def test_bad_database_path_is_an_error(cli, tmp_path):
    result = cli("stats", "--db", tmp_path / "missing-dir" / "x.db")
    assert result.exit_code == 1
    assert "cannot open database" in result.stderr


def test_bad_config_is_an_error(cli, db, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[clean]\nno_such_key = 1\n", "utf-8")
    result = cli("ingest", tmp_path, "--db", db, "--config", config)
    assert result.exit_code == 1
    assert "no_such_key" in result.stderr
