"""Export schema v1: keys always present, offsets valid, JSONL/CSV/Parquet agree."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, fields

import pyarrow.parquet as pq

from conftest import export_records
from newsweave import process
from newsweave.model import (
    RECORD_KEYS,
    DateMention,
    Document,
    Entity,
    Event,
    Mention,
    Quantity,
    Quote,
    Removed,
    Sentence,
)

ARTICLE = (
    "Portal Wiadomości\n"
    "09:20 14.03.2024\n"
    "Farmers receive new support programme\n"
    "2 min read\n"
    "Farmers receive new support programme\n\n"
    "The government on Thursday approved a support programme for small farms hit by the "
    "drought, Agriculture Minister Ivan Petrenko said.\n\n"
    '"We will pay the first grants before the sowing season," he told journalists in Kyiv. '
    "Dr. Olena Shevchuk of the farmers' union welcomed the plan.\n\n"
    "Read also: Drought cuts wheat harvest forecast\n\n"
    "The programme will cost 3.5 billion hryvnias this year, according to the ministry.\n\n"
    "RELATED\n"
    "Prices of fuel rise again before the holidays\n"
    "New bridge opens over the river in the north\n"
    "Teachers ask for higher salaries next year\n"
)


def test_record_keys_and_types():
    record = process(ARTICLE).to_dict()
    assert tuple(record) == RECORD_KEYS
    assert record["lang"] == "en"
    assert record["title"] == "Farmers receive new support programme"
    assert record["published"] == "2024-03-14T09:20"
    for key in ("events", "quotes"):
        assert record[key] == []
    # published on a Thursday: "on Thursday" is that day
    dates = {(d["text"], d["value"]) for d in record["dates"]}
    assert dates == {("on Thursday", "2024-03-14"), ("this year", "2024")}
    for item in record["dates"] + record["quantities"]:
        assert record["text"][item["start"] : item["end"]] == item["text"]
    [money] = record["quantities"]
    assert (money["value"], money["unit"], money["approx"]) == (3_500_000_000, "UAH", False)
    entities = {(e["name"], e["type"]) for e in record["entities"]}
    assert {("Ivan Petrenko", "PER"), ("Olena Shevchuk", "PER"), ("Kyiv", "LOC")} <= entities
    assert not any(e["name"] == "Agriculture" for e in record["entities"])
    for e in record["entities"]:
        for m in e["mentions"]:
            assert record["text"][m["start"] : m["end"]] == m["text"]
    assert record["story"] is None
    assert "Read also" not in record["text"] and "Teachers ask" not in record["text"]


def test_offsets_index_text_and_raw():
    doc = process(ARTICLE)
    record = doc.to_dict()
    text = record["text"]
    previous_end = 0
    for s in record["sentences"]:
        assert previous_end <= s["start"] < s["end"] <= len(text)
        assert text[s["start"] : s["end"]].strip() == text[s["start"] : s["end"]]
        assert s["lang"] == "en"
        previous_end = s["end"]
    assert any(text[s["start"] : s["end"]].startswith("Dr. Olena") for s in record["sentences"])
    reasons = {ARTICLE[r["start"] : r["end"]]: r["reason"] for r in record["removed"]}
    assert reasons["2 min read"] == "read_time"
    assert reasons["Read also: Drought cuts wheat harvest forecast"] == "read_also"
    assert reasons["09:20 14.03.2024"] == "published"
    for seg in doc.segments:
        assert (
            ARTICLE[seg.raw_start : seg.raw_end]
            == text[seg.text_start : seg.text_start + seg.raw_end - seg.raw_start]
        )


def test_from_dict_round_trip():
    record = process(ARTICLE).to_dict()
    assert Document.from_dict(record).to_dict()["text"] == record["text"]


def test_to_dict_layers_are_the_dataclasses_fields():
    """to_dict writes the layers field by field: it must say what dataclasses.asdict says
    (a field added to a layer without to_dict learning of it fails here)."""
    doc = Document(raw="x", text="In Kyiv on 5 May 40 soldiers said it.")
    doc.removed = [Removed(0, 3, "menu")]
    doc.sentences = [Sentence(0, 37, "en")]
    doc.entities = [Entity("city:703448", "Kyiv", "LOC", [Mention(3, 7, "Kyiv", 0.9, "kb")])]
    doc.dates = [DateMention(11, 16, "5 May", "2024-05-05", "day", True)]
    doc.quantities = [Quantity(17, 28, "40 soldiers", 40.0, "soldier", True, "lower")]
    doc.events = [Event("ASSAULT", None, "a", "b", None, None, {"start": 0, "end": 37}, 0.5)]
    doc.quotes = [Quote(0, 5, "Ivan", "In Ky")]
    record = doc.to_dict()
    for key in ("removed", "sentences", "entities", "dates", "quantities", "events", "quotes"):
        assert record[key] == [asdict(item) for item in getattr(doc, key)], key
        assert all(
            list(r) == [f.name for f in fields(item)]
            for r, item in zip(record[key], getattr(doc, key), strict=True)
        ), key
    assert Document.from_dict(record).to_dict() == {**record, "id": Document.from_dict(record).id}


def test_three_formats_agree(cli, db, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, "utf-8")
    assert cli("ingest", src, "--db", db).exit_code == 0
    records = export_records(cli, db)
    out_csv = cli("export", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out_csv.stdout)))
    assert list(rows[0]) == list(RECORD_KEYS)
    assert json.loads(rows[0]["removed"]) == records[0]["removed"]
    pq_path = tmp_path / "a.parquet"
    assert cli("export", "--db", db, "--format", "parquet", "-o", pq_path).exit_code == 0
    table = pq.read_table(pq_path)
    assert table.column_names == list(RECORD_KEYS)
    assert table.to_pylist()[0]["sentences"] == records[0]["sentences"]
    assert records[0]["entities"] and table.to_pylist()[0]["entities"] == records[0]["entities"]
    assert json.loads(rows[0]["entities"]) == records[0]["entities"]
    assert cli("export", "--db", db, "--format", "xml").exit_code == 2


def test_parquet_of_empty_store_has_schema(cli, db, tmp_path):
    from newsweave.store import Store

    Store(db).close()
    path = tmp_path / "empty.parquet"
    assert cli("export", "--db", db, "-f", "parquet", "-o", path).exit_code == 0
    assert pq.read_table(path).num_rows == 0
