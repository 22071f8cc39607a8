"""CLI commands for entities and the knowledge base (registered on ``newsweave.cli.app``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from . import datafile
from . import kb as kbmod
from . import lang as packs_mod
from .cli import EXIT_ERROR, ConfigOption, DbOption, _fail, _settings, app, err, eval_app, out
from .errors import NewsweaveError
from .kb.names import fold, skeleton
from .stages.entities import EntityPack
from .store import Store

kb_app = typer.Typer(help="The knowledge base of entities and their names.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

JsonOption = Annotated[bool, typer.Option("--json", help="JSON output.")]


def _packs(config: Path | None) -> list[packs_mod.LanguagePack]:
    settings = _settings(config)
    return packs_mod.enabled_packs(settings.languages.enabled, settings.languages.pack_dirs)


def _morphologies(packs: list[packs_mod.LanguagePack]) -> dict[str, Any]:
    return {p.code: EntityPack.from_pack(p).morphology for p in packs}


def _open_kb(config: Path | None) -> kbmod.KnowledgeBase:
    from .api import open_kb

    return open_kb(_packs(config))


def _kb_ids(kb: kbmod.KnowledgeBase, name: str, packs: list[packs_mod.LanguagePack]) -> set[str]:
    """KB entities any form of ``name`` points to (exact, lemma or loose key)."""
    found = list(kb.by_fold(fold(name))) + list(kb.by_skeleton(skeleton(name)))
    for m in _morphologies(packs).values():
        if m.active:
            found += kb.by_lemma(m.lemma_key(name))
    return {c.id for c in found if c.kind != "demonym"}


def _keys(name: str, packs: list[packs_mod.LanguagePack]) -> set[str]:
    keys = {skeleton(name)}
    for m in _morphologies(packs).values():
        if m.active:
            keys.add(skeleton(m.lemma_key(name)))
    return keys - {""}


def resolve(store: Store, name: str, config: Path | None) -> list[str]:
    """Stored entity ids for a name in any script or case form, best first."""
    packs = _packs(config)
    return store.entity_ids(_keys(name, packs), _kb_ids(_open_kb(config), name, packs))


@app.command("entities")
def entities_cmd(
    db: DbOption = "newsweave.db",
    etype: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC or MISC.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Mentions in this language.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many entities.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Entities of the stored articles, most mentioned first.

    Examples:

        newsweave entities --db news.db --type PER

        newsweave entities --db news.db --lang uk --json
    """
    try:
        with Store(db) as store:
            rows = store.entities(etype, lang, limit)
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table("id", "type", "name", "articles", "mentions")
    for r in rows:
        table.add_row(r["entity_id"], r["type"], r["name"], str(r["articles"]), str(r["mentions"]))
    out.print(table)


@app.command("entity")
def entity_cmd(
    name: Annotated[str, typer.Argument(help="A name in any script or form, or an entity id.")],
    db: DbOption = "newsweave.db",
    explain: Annotated[
        bool, typer.Option("--explain", help="Show why each mention was linked.")
    ] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """One entity: its forms, languages and articles.

    Examples:

        newsweave entity Reznikov --db news.db

        newsweave entity "Резнікова" --db news.db --explain
    """
    try:
        with Store(db) as store:
            ids = [name] if store.entity(name) else resolve(store, name, config)
            found = [store.entity(i) for i in ids[:5]]
    except NewsweaveError as exc:
        raise _fail(exc) from exc
    found = [f for f in found if f]
    if not found:
        err.print(f"no stored entity matches {name!r}")
        raise typer.Exit(EXIT_ERROR)
    if as_json:
        for f in found:
            if not explain:
                f.pop("mentions")
            sys.stdout.write(json.dumps(f, ensure_ascii=False) + "\n")
        return
    for f in found:
        out.print(f"[bold]{f['name']}[/bold]  {f['type']}  {f['id']}", highlight=False)
        out.print(
            "  forms: " + ", ".join(f"{k} ({v})" for k, v in f["forms"].items()), highlight=False
        )
        out.print("  languages: " + ", ".join(f["languages"]), highlight=False)
        table = Table("article", "lang", "published", "title")
        for a in f["articles"]:
            table.add_row(a["id"], a["lang"] or "", a["published"] or "", a["title"] or "")
        out.print(table)
        if explain:
            table = Table("article", "mention", "score", "linked by")
            for m in f["mentions"]:
                table.add_row(m["article"], m["text"], f"{m['score']:.2f}", m["via"] or "")
            out.print(table)


# -- knowledge base ------------------------------------------------------------
@kb_app.command("build")
def kb_build_cmd(config: ConfigOption = None) -> None:
    """Build (or rebuild) the knowledge base from the packaged data; user entities are kept.

    Example:

        newsweave kb build
    """
    from .kb import build as kbbuild

    packs = {p.code: p for p in [*packs_mod.enabled_packs(), *_packs(config)]}
    path = kbmod.default_path()
    err.print(f"building the knowledge base at {path} …")
    with kbmod.build_lock(path):
        kbbuild.build(path, _morphologies(list(packs.values())), sorted(packs))
    out.print(json.dumps(kbmod.KnowledgeBase(path).stats()))


@kb_app.command("stats")
def kb_stats_cmd(config: ConfigOption = None) -> None:
    """Entities per type and the number of aliases."""
    out.print(json.dumps(_open_kb(config).stats()))


@kb_app.command("lookup")
def kb_lookup_cmd(
    name: Annotated[str, typer.Argument(help="A name in any script or case form.")],
    config: ConfigOption = None,
) -> None:
    """KB entities a name may refer to.

    Example:

        newsweave kb lookup "Сполучених Штатів"
    """
    kb = _open_kb(config)
    ids = _kb_ids(kb, name, _packs(config))
    if not ids:
        err.print(f"the knowledge base has no entity named {name!r}")
        raise typer.Exit(EXIT_ERROR)
    for ident in sorted(ids):
        entity = kb.entity(ident) or {}
        entity["aliases"] = len(entity.get("aliases", []))
        sys.stdout.write(json.dumps(entity, ensure_ascii=False) + "\n")


@kb_app.command("add")
def kb_add_cmd(
    file: Annotated[Path, typer.Argument(help="YAML or JSON list of entities.", exists=True)],
    config: ConfigOption = None,
) -> None:
    """Add your own entities (kept across rebuilds).

    The format is a list of entries like:

        - key: ivan-petrenko
          type: PER
          names: {uk: [Іван Петренко], en: [Ivan Petrenko]}
          country: ua

    Example:

        newsweave kb add my-entities.yaml
    """
    try:
        entries = datafile.load(file.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(NewsweaveError(f"cannot read {file}: {exc}")) from exc
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and "key" in e for e in entries
    ):
        raise _fail(NewsweaveError(f"{file}: expected a list of entries with a 'key'"))
    kb = _open_kb(config)
    try:
        n = kbmod.add_entities(kb.path, entries, _morphologies(_packs(config)))
    except (ValueError, KeyError) as exc:
        raise _fail(NewsweaveError(f"{file}: {exc}")) from exc
    out.print(f"added {n} entities to {kb.path}")


@kb_app.command("import-wikidata")
def kb_wikidata_cmd(
    dump: Annotated[
        Path, typer.Argument(help="Wikidata JSON dump (.json, .json.gz, .json.bz2).", exists=True)
    ],
    langs: Annotated[
        str, typer.Option(help="Comma-separated languages of labels to keep.")
    ] = "en,uk,ru,vi",
    config: ConfigOption = None,
) -> None:
    """Stream a Wikidata JSON dump into the knowledge base (persons, places, organisations).

    Example:

        newsweave kb import-wikidata latest-all.json.gz --langs en,uk,ru,vi
    """
    kb = _open_kb(config)
    report = kbmod.import_wikidata(
        kb.path,
        dump,
        [x.strip() for x in langs.split(",") if x.strip()],
        _morphologies(_packs(config)),
    )
    out.print(f"read {report.read}, imported {report.imported}, skipped {report.skipped}")


# -- evaluation ----------------------------------------------------------------
@eval_app.command("ner")
def eval_ner_cmd(
    gold: Annotated[
        Path, typer.Option("--gold", help="BRAT folder or IOB/CoNLL file.", exists=True)
    ],
    lang: Annotated[str, typer.Option("--lang", help="Language of the gold texts.")],
    split: Annotated[
        str, typer.Option(help="Part of a split BRAT corpus (test, dev, all).")
    ] = "test",
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every wrong span.")] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Span-exact NER precision/recall/F1 per type (headline: PER+ORG+LOC).

    Examples:

        newsweave eval ner --gold ../shared/data/ner-uk/v2.0/data --lang uk

        newsweave eval ner --gold ../shared/data/wikineural-silver/en/test.conllu --lang en
    """
    from .eval.ner import evaluate
    from .stages.entities import Entities
    from .stages.sentences import Splitter

    packs = _packs(config)
    stage = Entities(packs, _open_kb(config))
    errors: list[str] = []
    score = evaluate(
        gold,
        lang,
        stage,
        Splitter(packs),
        None if split == "all" else split,
        limit,
        errors if show_errors else None,
    )
    report = score.report()
    if as_json:
        sys.stdout.write(json.dumps({lang: report}) + "\n")
    else:
        table = Table(
            "type", "gold", "precision", "recall", "F1", title=f"NER {lang}: {score.docs} documents"
        )
        for key, value in report.items():
            if isinstance(value, dict):
                table.add_row(
                    key,
                    str(value["gold"]),
                    str(value["precision"]),
                    str(value["recall"]),
                    str(value["f1"]),
                )
        out.print(table)
    for line in errors:
        err.print(line, highlight=False, markup=False)
    if not score.docs:
        err.print("newsweave: error: no gold documents found")
        raise typer.Exit(EXIT_ERROR)


@eval_app.command("linking")
def eval_linking_cmd(
    gold: Annotated[
        list[Path], typer.Option("--gold", help="Gold JSONL file or folder.", exists=True)
    ],
    show_errors: Annotated[bool, typer.Option("--errors", help="List every wrong link.")] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Linking accuracy and cluster purity on gold mentions, per language.

    Example:

        newsweave eval linking --gold eval/gold/linking
    """
    from .eval.linking import evaluate
    from .stages.entities import Entities
    from .stages.sentences import Splitter

    packs = _packs(config)
    score = evaluate(gold, Entities(packs, _open_kb(config)), Splitter(packs))
    report = score.report()
    if not score.pairs:
        err.print("newsweave: error: no gold mentions found")
        raise typer.Exit(EXIT_ERROR)
    if as_json:
        sys.stdout.write(json.dumps(report) + "\n")
    else:
        table = Table("lang", "mentions", "entities", "accuracy", "purity", title="linking")
        for key, v in report.items():
            assert isinstance(v, dict)
            table.add_row(
                key,
                str(v["mentions"]),
                str(v.get("entities", "")),
                str(v["accuracy"]),
                str(v["purity"]),
            )
        out.print(table)
    if show_errors:
        for line in score.errors():
            err.print(line, highlight=False, markup=False)
