from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"
EXAMPLES = ROOT / "examples" / "articles"
GOLD = ROOT / "eval" / "gold" / "clean"


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run the real CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None):
        # the CLI configures logging once per process; reset so each run logs to its stderr
        logging.getLogger().handlers.clear()
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


def export_records(cli: Callable[..., object], db: Path) -> list[dict]:
    result = cli("export", "--db", db)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
