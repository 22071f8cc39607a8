"""Ingest: turn sources (files, folders, globs, URLs, stdin) into articles.

``read_source`` yields :class:`Item` (an article to process) or :class:`Skip`
(an input that was not ingested, with the reason); ``ingest`` runs the
pipeline on every item and stores it, one transaction per article. A bad
input or a failing article is logged and skipped; the batch goes on.
"""

from __future__ import annotations

import glob
import logging
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import IngestError, NewsweaveError
from ..model import Document, Hints
from ..pipeline import Pipeline
from ..settings import IngestSettings
from ..store import ADDED, DUPLICATE, NEAR_DUPLICATE, Store
from .decode import decode
from .formats import feed_items, jsonl_items, warc_from_bytes, warc_items
from .html import html_item, looks_like_html
from .items import Item, Skip
from .url import fetch, is_url

__all__ = ["IngestReport", "Item", "Skip", "expand", "ingest", "read_source"]

log = logging.getLogger("newsweave.ingest")

_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_WARC = (".warc", ".warc.gz", ".arc", ".arc.gz")
_FEED = (".rss", ".atom", ".xml")
_HTML = (".html", ".htm", ".xhtml")


def expand(sources: Iterable[str], settings: IngestSettings) -> Iterator[str]:
    """Sources with folders and glob patterns expanded to files (sorted, hidden files skipped)."""
    for source in sources:
        if source == "-" or is_url(source):
            yield source
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.glob(settings.folder_glob) if p.is_file())
            yield from (
                str(p) for p in files if not any(part.startswith(".") for part in p.parts[-1:])
            )
        elif any(ch in source for ch in "*?[") and not path.exists():
            yield from sorted(p for p in glob.glob(source, recursive=True) if Path(p).is_file())
        else:
            yield source


#: bytes asked for by the first read of an input, doubled for each further read: asking
#: for the whole limit at once made Python allocate (and the system map) 10 MB per file
_FIRST_READ = 1 << 16


def _read_capped(stream: BinaryIO, limit: int, source: str) -> bytes:
    chunks: list[bytes] = []
    total, want = 0, _FIRST_READ
    while total <= limit:
        chunk = stream.read(min(want, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want *= 2
    if total > limit:
        raise IngestError(f"larger than the {limit}-byte limit (set ingest.max_bytes)")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _gunzip(data: bytes, limit: int) -> bytes:
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS)
        result = out.decompress(data, limit + 1)
        if len(result) > limit:
            raise IngestError(f"larger than the {limit}-byte limit when decompressed")
        if not out.eof:
            raise IngestError("truncated gzip data")
        return result
    except zlib.error as exc:
        raise IngestError(f"corrupt gzip data ({exc})") from exc


def _sniff(name: str, data: bytes, ctype: str = "") -> str:
    lower = name.lower()
    ctype = ctype.lower()
    if lower.endswith(_WARC) or data[:8].startswith(b"WARC/"):
        return "warc"
    if lower.endswith(_JSONL):
        return "jsonl"
    head = data[:2048].lstrip().lower()
    if lower.endswith(_FEED) or "rss" in ctype or "atom" in ctype:
        return "feed"
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head):
        return "feed"
    if head.startswith((b"<rss", b"<feed")):
        return "feed"
    if lower.endswith(_HTML) or "html" in ctype:
        return "html"
    if head.startswith(b"{") and lower.endswith((".json", "-")):
        return "jsonl"
    return "text"


def _items_from_bytes(
    data: bytes, source: str, url: str | None = None, ctype: str = ""
) -> Iterator[Item | Skip]:
    name = source
    if data[:2] == b"\x1f\x8b" and not source.lower().endswith(_WARC):
        data = _gunzip(data, sys.maxsize)
        name = source.removesuffix(".gz")
    kind = _sniff(name, data, ctype)
    if kind == "warc":
        yield from warc_from_bytes(data, source)
        return
    if kind == "feed":
        yield from feed_items(data, source)
        return
    text = decode(data)
    if kind == "jsonl":
        yield from jsonl_items(text, source)
    elif kind == "html" or looks_like_html(text):
        yield html_item(text, source, url)
    else:
        yield Item(source, text, url)


def read_source(source: str, settings: IngestSettings) -> Iterator[Item | Skip]:
    """Every article in one (already expanded) source; problems become Skips."""
    try:
        if source == "-":
            data = _read_capped(sys.stdin.buffer, settings.max_bytes, source)
            yield from _items_from_bytes(data, "<stdin>")
        elif is_url(source):
            data, ctype, final = fetch(source, settings)
            yield from _items_from_bytes(data, source, final, ctype)
        else:
            path = Path(source)
            if not path.exists():
                raise IngestError("no such file or folder")
            size = path.stat().st_size
            if size > settings.max_bytes and not source.lower().endswith(_WARC):
                raise IngestError(
                    f"{size} bytes is larger than the {settings.max_bytes}-byte limit "
                    "(set ingest.max_bytes)"
                )
            if source.lower().endswith(_WARC):
                with open(path, "rb") as raw:  # warcio detects gzip itself; streams
                    yield from warc_items(raw, source)
                return
            with open(path, "rb") as fh:
                data = _read_capped(fh, settings.max_bytes, source)
            if data[:2] == b"\x1f\x8b":
                data = _gunzip(data, settings.max_bytes)
                source_name = source.removesuffix(".gz")
                yield from _items_from_bytes(data, source_name)
            else:
                yield from _items_from_bytes(data, source)
    except IngestError as exc:
        yield Skip(source, str(exc))
    except OSError as exc:
        yield Skip(source, f"cannot read: {exc.strerror or exc}")


@dataclass
class IngestReport:
    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: list[Skip] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.duplicates + self.near_duplicates + len(self.skipped)


def to_document(item: Item, defaults: Hints | None = None) -> Document:
    hints = item.hints
    if defaults is not None:
        hints = Hints(
            title=hints.title,
            outlet=hints.outlet or defaults.outlet,
            published=hints.published or defaults.published,
            lang=hints.lang or defaults.lang,
        )
    return Document(raw=item.text, source=item.source, url=item.url, hints=hints)


def ingest(
    sources: Iterable[str],
    store: Store,
    pipeline: Pipeline,
    settings: IngestSettings,
    defaults: Hints | None = None,
    on_source: Callable[[str], None] | None = None,
) -> IngestReport:
    """Process and store every article of every source; skip and log what fails."""
    report = IngestReport()
    with store.batch():
        _ingest_into(report, sources, store, pipeline, settings, defaults, on_source)
    return report


def _ingest_into(
    report: IngestReport,
    sources: Iterable[str],
    store: Store,
    pipeline: Pipeline,
    settings: IngestSettings,
    defaults: Hints | None,
    on_source: Callable[[str], None] | None,
) -> None:
    # articles go through the pipeline a batch at a time (Pipeline.run_batch), across
    # sources, and are stored in the order they were read
    pending: list[tuple[Item, Document]] = []
    read: list[str] = []  # sources all of whose articles are pending or stored

    def flush() -> None:
        results = pipeline.run_batch([doc for _, doc in pending])
        for (item, _), result in zip(pending, results, strict=True):
            _store(report, store, item, result)
        pending.clear()
        if on_source is not None:
            for source in read:
                on_source(source)
        read.clear()

    batch_size = max(1, settings.batch_size)
    for source in expand(sources, settings):
        for item in read_source(source, settings):
            if isinstance(item, Skip):
                _skip(report, item)
                continue
            try:
                pending.append((item, to_document(item, defaults)))
            except Exception as exc:  # one bad article must never stop a batch
                _failed(report, item, exc)
                continue
            if len(pending) >= batch_size:
                flush()
        read.append(source)
    flush()


def _store(report: IngestReport, store: Store, item: Item, result: Document | Exception) -> None:
    """Store one article the pipeline has processed, or report why it is skipped."""
    if isinstance(result, Exception):
        _failed(report, item, result)
        return
    if not result.text.strip():
        _skip(report, Skip(item.source, "no article text after cleaning"))
        return
    try:
        added = store.add(result)
    except Exception as exc:  # one bad article must never stop a batch
        _failed(report, item, exc)
        return
    if added.status == ADDED:
        report.added += 1
        report.ids.append(added.id)
    elif added.status == NEAR_DUPLICATE:
        report.near_duplicates += 1
        report.ids.append(added.id)
        log.info("%s: near-duplicate of %s (%.2f)", item.source, added.original, added.score)
    elif added.status == DUPLICATE:
        report.duplicates += 1


def _failed(report: IngestReport, item: Item, exc: Exception) -> None:
    """Skip an article whose processing or storing raised ``exc``."""
    if isinstance(exc, NewsweaveError):
        _skip(report, Skip(item.source, str(exc)))
        return
    log.debug("unexpected error on %s", item.source, exc_info=exc)
    _skip(report, Skip(item.source, f"internal error: {type(exc).__name__}: {exc}"))


def _skip(report: IngestReport, skip: Skip) -> None:
    report.skipped.append(skip)
    log.warning("skipped %s: %s", skip.source, skip.reason)
