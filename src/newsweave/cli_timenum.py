"""CLI: ``newsweave eval dates`` and ``newsweave eval quantities``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from . import lang as packs_mod
from .cli import EXIT_ERROR, ConfigOption, _fail, _settings, err, eval_app, out
from .errors import NewsweaveError

JsonOption = Annotated[bool, typer.Option("--json", help="JSON output.")]

GoldOption = Annotated[
    list[Path], typer.Option("--gold", help="Gold JSONL file or folder.", exists=True)
]
ErrorsOption = Annotated[bool, typer.Option("--errors", help="List every miss and wrong value.")]


def _run(
    layer: str, gold: list[Path], show_errors: bool, as_json: bool, config: Path | None
) -> None:
    from .eval.timenum import evaluate, stage_runner

    try:
        settings = _settings(config)
        packs = packs_mod.enabled_packs(settings.languages.enabled, settings.languages.pack_dirs)
        tallies = evaluate(gold, layer, stage_runner(packs, layer))
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    if not tallies:
        err.print(f"newsweave: error: no gold {layer} found")
        raise typer.Exit(EXIT_ERROR)
    quantities = layer == "quantities"
    report = {lang: t.report(quantities) for lang, t in sorted(tallies.items())}
    if as_json:
        sys.stdout.write(json.dumps(report) + "\n")
    else:
        columns = ["lang", "gold", "predicted", "accuracy", "found", "precision"]
        columns += ["unit", "approx"] if quantities else []
        table = Table(*columns, title=layer)
        for lang, row in report.items():
            table.add_row(lang, *(str(row[c]) for c in columns[1:]))
        out.print(table)
    if show_errors:
        for lang, tally in sorted(tallies.items()):
            for line in tally.errors:
                err.print(f"{lang} {line}", highlight=False, markup=False)


@eval_app.command("dates")
def eval_dates_cmd(
    gold: GoldOption,
    show_errors: ErrorsOption = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Date expressions: value accuracy, detection and precision per language.

    Gold format: see newsweave.eval.timenum (JSONL: text, published, dates).

    Example:

        newsweave eval dates --gold eval/gold/dates --errors
    """
    _run("dates", gold, show_errors, as_json, config)


@eval_app.command("quantities")
def eval_quantities_cmd(
    gold: GoldOption,
    show_errors: ErrorsOption = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Quantities: value accuracy, detection, precision, unit and approximation per language.

    Example:

        newsweave eval quantities --gold eval/gold/quantities --errors
    """
    _run("quantities", gold, show_errors, as_json, config)
