"""Articles go through the pipeline a batch at a time, stage by stage: the results must
be those of one article at a time, in order, and one article that breaks a stage must
leave the others of its batch alone."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import ClassVar

import pytest

from newsweave import Document
from newsweave.api import build_pipeline
from newsweave.ingest import ingest
from newsweave.model import Hints
from newsweave.pipeline import Pipeline
from newsweave.settings import load_settings
from newsweave.store import Store

BODIES = [
    "Mayor Anna Kowalski opened the new bridge over the river on Tuesday.",
    "Міністр оборони заявив, що 12 танків прибудуть у неділю ввечері.",
    "Ngày 22-5, 43.500 binh sĩ đã tham gia cuộc tập trận ở miền Bắc.",
    "В понедельник в Москве прошли переговоры о поставках 40 млн тонн зерна.",
    "The council approved a budget of $2.5 million for road repairs last week.",
]


class BreaksOn:
    """A stage of the test's own that raises on a document holding a marker word."""

    name: ClassVar[str] = "breaks_on"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ()

    def __call__(self, doc: Document) -> Document:
        if "Kowalski" in doc.text:
            raise ValueError("this stage cannot read Kowalski")
        return doc


def _doc(body: str) -> Document:
    return Document(raw=body + "\n", hints=Hints(published="2024-03-13"))


def test_a_batch_gives_what_one_document_at_a_time_gives():
    pipeline = build_pipeline(load_settings())
    one_by_one = [pipeline(_doc(b)) for b in BODIES]
    batched = list(pipeline.pipe((_doc(b) for b in BODIES), batch_size=2))
    assert [d.to_dict() for d in batched] == [d.to_dict() for d in one_by_one]
    # every stage ran on every document, in the pipeline's order
    assert all(d.processed_by == pipeline.names for d in batched)
    # and found something in every language (not an empty pipeline)
    assert {d.lang for d in batched} == {"en", "uk", "vi", "ru"}
    assert all(d.sentences and (d.dates or d.quantities) for d in batched)


def test_a_document_that_breaks_a_stage_leaves_the_rest_of_its_batch():
    full = build_pipeline(load_settings())
    pipeline = Pipeline([full.stages[0], BreaksOn(), *full.stages[1:]])
    results = pipeline.run_batch([_doc(b) for b in BODIES])
    assert isinstance(results[0], ValueError)
    rest = [r for r in results[1:] if isinstance(r, Document)]
    assert len(rest) == len(BODIES) - 1
    assert all(r.processed_by == pipeline.names for r in rest)
    with pytest.raises(ValueError, match="Kowalski"):
        list(pipeline.pipe([_doc(b) for b in BODIES]))


def test_ingest_in_batches_stores_in_order_and_skips_only_the_bad_article(tmp_path):
    full = build_pipeline(load_settings())
    pipeline = Pipeline([full.stages[0], BreaksOn(), *full.stages[1:]])
    lines = [
        json.dumps({"text": b, "url": f"https://example.org/{k}"}) for k, b in enumerate(BODIES)
    ]
    feed = tmp_path / "articles.jsonl"
    feed.write_text("\n".join(lines) + "\n", "utf-8")
    settings = replace(load_settings().ingest, batch_size=2)
    seen: list[str] = []
    with Store(tmp_path / "batch.db") as store:
        report = ingest([str(feed)], store, pipeline, settings, on_source=seen.append)
        stored = [store.get(i) for i in report.ids]
    assert report.added == len(BODIES) - 1
    assert [s.reason for s in report.skipped] == [
        "internal error: ValueError: this stage cannot read Kowalski"
    ]
    assert [r["record"]["text"].strip() for r in stored if r] == BODIES[1:]
    assert [r["url"] for r in stored if r] == [f"https://example.org/{n}" for n in range(1, 5)]
    assert seen == [str(feed)]
