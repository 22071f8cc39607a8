"""Command-line interface (``newsweave --help``).

Exit codes: 0 success; 1 error (or an evaluation below its floor); 2 wrong
usage; 3 finished, but some inputs were skipped (each is logged on stderr).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .api import build_pipeline
from .errors import NewsweaveError
from .export import FORMATS, write_csv, write_jsonl, write_parquet
from .ingest import expand, ingest
from .model import Hints
from .settings import Settings, load_settings
from .store import Store
from .timestamps import normalise_iso

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3

app = typer.Typer(
    name="newsweave",
    help="Turn raw multilingual news into one cross-lingual, queryable record.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
eval_app = typer.Typer(help="Score the pipeline against gold files.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console()
err = Console(stderr=True)
log = logging.getLogger("newsweave")

DbOption = Annotated[
    str, typer.Option("--db", help="SQLite file, or a database URL (postgresql://…).")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (TOML) overriding the defaults.", exists=True),
]


def _settings(config: Path | None) -> Settings:
    return load_settings(config)


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]newsweave: error:[/red] {exc}", highlight=False)
    return typer.Exit(EXIT_ERROR)


@app.callback()
def main_callback(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more detail.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Log errors only.")] = False,
) -> None:
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="newsweave: %(message)s", stream=sys.stderr)


@app.command("ingest")
def ingest_cmd(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, folders, glob patterns, http(s) URLs, or - for stdin."),
    ],
    db: DbOption = "newsweave.db",
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (ISO 8601) for inputs that do not state one."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="Language (ISO 639-1) of every input, if known.")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on a terminal.")] = True,
    config: ConfigOption = None,
) -> None:
    """Read articles, clean them, detect their language and store them.

    Duplicates (same URL or same cleaned text) are stored once; near-duplicates
    are stored and linked to the original. Examples:

        newsweave ingest articles/ --db news.db

        newsweave ingest 'dumps/**/*.warc.gz' https://example.org/feed.xml --db news.db

        cat page.html | newsweave ingest - --db news.db --published 2024-03-14
    """
    if published is not None and normalise_iso(published) is None:
        err.print(f"newsweave: error: --published {published!r} is not an ISO 8601 date")
        raise typer.Exit(EXIT_USAGE)
    try:
        settings = _settings(config)
        pipeline = build_pipeline(settings)
        defaults = Hints(published=published, lang=lang)
        with Store(db, settings.dedup) as store:
            files = list(expand(sources, settings.ingest))
            show = progress and err.is_terminal
            with Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                disable=not show,
            ) as bar:
                task = bar.add_task("ingest", total=len(files))
                report = ingest(
                    files,
                    store,
                    pipeline,
                    settings.ingest,
                    defaults,
                    on_source=lambda _s: bar.advance(task),
                )
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    err.print(
        f"added {report.added}, near-duplicates {report.near_duplicates}, "
        f"duplicates {report.duplicates}, skipped {len(report.skipped)}",
        highlight=False,
    )
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command("export")
def export_cmd(
    db: DbOption = "newsweave.db",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")
    ] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file (default: stdout).")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Only articles in this language.")] = None,
) -> None:
    """Write every stored article as one export record (schema v1).

    Examples:

        newsweave export --db news.db > news.jsonl

        newsweave export --db news.db --format parquet -o news.parquet
    """
    if fmt not in FORMATS:
        err.print(f"newsweave: error: unknown format {fmt!r} (choose {', '.join(FORMATS)})")
        raise typer.Exit(EXIT_USAGE)
    try:
        with Store(db) as store:
            records = store.records(lang)
            if fmt == "parquet":
                if output is None:
                    write_parquet(records, sys.stdout.buffer)
                else:
                    with output.open("wb") as fh:
                        write_parquet(records, fh)
            else:
                writer = write_jsonl if fmt == "jsonl" else write_csv
                if output is None:
                    writer(records, sys.stdout)
                else:
                    with output.open("w", encoding="utf-8", newline="") as fh:
                        writer(records, fh)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    except BrokenPipeError:
        sys.stderr.close()


@app.command("show")
def show_cmd(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOption = "newsweave.db",
    as_json: Annotated[bool, typer.Option("--json", help="Print the export record.")] = False,
) -> None:
    """Show one article: its metadata, layers, and the raw text with clutter struck out.

    Example:

        newsweave show 3f2a9c1e --db news.db
    """
    try:
        with Store(db) as store:
            row = store.get(article_id)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    if row is None:
        err.print(f"newsweave: error: no article {article_id!r}")
        raise typer.Exit(EXIT_ERROR)
    record = row["record"]
    if as_json:
        out.print_json(json.dumps(record, ensure_ascii=False))
        return
    out.print(f"[bold]{record['title'] or '(no title)'}[/bold]", highlight=False)
    meta = [
        f"id {record['id']}",
        f"lang {record['lang']}",
        f"outlet {record['outlet'] or '-'}",
        f"published {record['published'] or '-'}",
        f"source {record['source']}",
    ]
    if row["near_duplicate_of"]:
        meta.append(f"near-duplicate of {row['near_duplicate_of']} ({row['near_duplicate_score']})")
    out.print(" · ".join(meta), style="dim", highlight=False)
    layers = ("sentences", "entities", "dates", "quantities", "events", "quotes")
    out.print("layers: " + ", ".join(f"{k} {len(record[k])}" for k in layers), style="dim")
    out.print()
    raw = row["raw"]
    rendered = Text()
    pos = 0
    for removed in sorted(record["removed"], key=lambda r: r["start"]):
        rendered.append(raw[pos : removed["start"]])
        rendered.append(raw[removed["start"] : removed["end"]], style="strike dim")
        rendered.append(f" [{removed['reason']}]", style="italic red")
        pos = removed["end"]
    rendered.append(raw[pos:])
    out.print(rendered)


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="Words that must all occur (title or body).")] = "",
    db: DbOption = "newsweave.db",
    entity: Annotated[
        str | None,
        typer.Option("--entity", help="Articles that mention this entity (any script or form)."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
    config: ConfigOption = None,
) -> None:
    """Full-text search over cleaned bodies and titles, or search by entity.

    Examples:

        newsweave search "air defence" --db news.db

        newsweave search --entity "Резніков" --db news.db
    """
    if not query and not entity:
        err.print("newsweave: error: give words to search for, or --entity NAME")
        raise typer.Exit(EXIT_USAGE)
    try:
        with Store(db) as store:
            if entity:
                from .cli_entities import resolve

                ids = resolve(store, entity, config)
                hits = store.articles_with_entities(ids[:1], limit) if ids else []
                for hit in hits:
                    hit["snippet"] = f"{hit.pop('mentions')} mentions"
                if query:
                    found = {h["id"] for h in store.search(query, 10_000)}
                    hits = [h for h in hits if h["id"] in found]
            else:
                hits = store.search(query, limit)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    if as_json:
        for hit in hits:
            sys.stdout.write(json.dumps(hit, ensure_ascii=False) + "\n")
        return
    table = Table("id", "lang", "published", "title", "match")
    for hit in hits:
        table.add_row(
            hit["id"],
            hit["lang"] or "",
            hit["published"] or "",
            hit["title"] or "",
            hit["snippet"] or "",
        )
    out.print(table)
    if not hits:
        err.print("no matches")


@app.command("stats")
def stats_cmd(
    db: DbOption = "newsweave.db",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Counts of stored articles by language, duplicates and metadata found.

    Example:

        newsweave stats --db news.db
    """
    try:
        with Store(db) as store:
            stats = store.stats()
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps(stats, ensure_ascii=False) + "\n")
        return
    table = Table("measure", "value", title="newsweave store")
    table.add_row("articles", str(stats["articles"]))
    for code, n in sorted(stats["languages"].items()):
        table.add_row(f"  lang {code}", str(n))
    table.add_row("near-duplicates", str(stats["near_duplicates"]))
    table.add_row("with title", str(stats["with_title"]))
    table.add_row("with publication date", str(stats["with_published"]))
    out.print(table)


@eval_app.command("clean")
def eval_clean_cmd(
    gold: Annotated[
        list[Path] | None,
        typer.Option("--gold", help="Gold file or folder (repeatable).", exists=True),
    ] = None,
    min_recall: Annotated[float, typer.Option(help="Fail below this body recall.")] = 0.99,
    min_precision: Annotated[float, typer.Option(help="Fail below this body precision.")] = 0.97,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every wrong line.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    config: ConfigOption = None,
) -> None:
    """Body-line precision/recall of the cleaner, per language, on line-labelled gold.

    Exits 1 when any language is below a floor. Example:

        newsweave eval clean --gold eval/gold/clean
    """
    from .eval.clean import evaluate

    paths = gold or [Path("eval/gold/clean")]
    try:
        scores = evaluate(paths, build_pipeline(_settings(config)))
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    if not scores:
        err.print("newsweave: error: no gold articles found")
        raise typer.Exit(EXIT_ERROR)
    rows = {
        code: {
            "articles": s.articles,
            "body_lines": s.body,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "title_accuracy": round(s.title_ok / s.articles, 4),
            "outlet_accuracy": round(s.outlet_ok / s.articles, 4),
            "published_accuracy": round(s.published_ok / s.articles, 4),
        }
        for code, s in sorted(scores.items())
    }
    if as_json:
        sys.stdout.write(json.dumps(rows) + "\n")
    else:
        table = Table(
            "lang",
            "articles",
            "body lines",
            "precision",
            "recall",
            "title",
            "outlet",
            "published",
            title="clean: body lines",
        )
        for code, r in rows.items():
            table.add_row(code, *(str(v) for v in r.values()))
        out.print(table)
    if show_errors:
        for code, s in sorted(scores.items()):
            for line in s.errors:
                err.print(f"{code} {line}", highlight=False, markup=False)
    failed = [
        c for c, r in rows.items() if r["recall"] < min_recall or r["precision"] < min_precision
    ]
    if failed:
        err.print(
            f"below the floor (recall {min_recall}, precision {min_precision}): {', '.join(failed)}"
        )
        raise typer.Exit(EXIT_ERROR)


@app.command("version")
def version_cmd() -> None:
    """Print the version."""
    out.print(__version__)


from . import cli_entities, cli_timenum  # noqa: E402, F401  (register more commands)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
