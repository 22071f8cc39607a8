"""Export stored records (schema v1) as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from .model import RECORD_KEYS

FORMATS = ("jsonl", "csv", "parquet")
_LIST_KEYS = ("removed", "sentences", "entities", "dates", "quantities", "events", "quotes")

_span = [pa.field("start", pa.int64()), pa.field("end", pa.int64())]
#: the Parquet schema of one record; nested layers are lists of structs
PARQUET_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("source", pa.string()),
        pa.field("lang", pa.string()),
        pa.field("title", pa.string()),
        pa.field("outlet", pa.string()),
        pa.field("published", pa.string()),
        pa.field("text", pa.string()),
        pa.field("removed", pa.list_(pa.struct([*_span, pa.field("reason", pa.string())]))),
        pa.field("sentences", pa.list_(pa.struct([*_span, pa.field("lang", pa.string())]))),
        pa.field(
            "entities",
            pa.list_(
                pa.struct(
                    [
                        pa.field("id", pa.string()),
                        pa.field("name", pa.string()),
                        pa.field("type", pa.string()),
                        pa.field(
                            "mentions",
                            pa.list_(
                                pa.struct(
                                    [
                                        *_span,
                                        pa.field("text", pa.string()),
                                        pa.field("score", pa.float64()),
                                        pa.field("via", pa.string()),
                                    ]
                                )
                            ),
                        ),
                    ]
                )
            ),
        ),
        pa.field(
            "dates",
            pa.list_(
                pa.struct(
                    [
                        *_span,
                        pa.field("text", pa.string()),
                        pa.field("value", pa.string()),
                        pa.field("granularity", pa.string()),
                        pa.field("approx", pa.bool_()),
                    ]
                )
            ),
        ),
        pa.field(
            "quantities",
            pa.list_(
                pa.struct(
                    [
                        *_span,
                        pa.field("text", pa.string()),
                        pa.field("value", pa.float64()),
                        pa.field("unit", pa.string()),
                        pa.field("approx", pa.bool_()),
                        pa.field("bound", pa.string()),
                    ]
                )
            ),
        ),
        pa.field(
            "events",
            pa.list_(
                pa.struct(
                    [
                        pa.field("type", pa.string()),
                        pa.field("mode", pa.string()),
                        pa.field("source", pa.string()),
                        pa.field("target", pa.string()),
                        pa.field("date", pa.string()),
                        pa.field("location", pa.string()),
                        pa.field("sentence", pa.struct(_span)),
                        pa.field("confidence", pa.float64()),
                    ]
                )
            ),
        ),
        pa.field(
            "quotes",
            pa.list_(
                pa.struct([*_span, pa.field("speaker", pa.string()), pa.field("text", pa.string())])
            ),
        ),
        pa.field("story", pa.string()),
    ]
)


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One row per article; the list layers are JSON strings in their columns."""
    writer = csv.DictWriter(out, fieldnames=list(RECORD_KEYS))
    writer.writeheader()
    n = 0
    for record in records:
        row = dict(record)
        for key in _LIST_KEYS:
            row[key] = json.dumps(row.get(key, []), ensure_ascii=False)
        writer.writerow(row)
        n += 1
    return n


def write_parquet(records: Iterable[dict[str, Any]], out: IO[bytes], batch: int = 1000) -> int:
    n = 0
    with pq.ParquetWriter(out, PARQUET_SCHEMA) as writer:
        chunk: list[dict[str, Any]] = []
        for record in records:
            chunk.append(record)
            if len(chunk) >= batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=PARQUET_SCHEMA))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=PARQUET_SCHEMA))
            n += len(chunk)
    return n
