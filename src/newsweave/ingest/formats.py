"""Container formats: JSONL, RSS/Atom feeds and WARC archives."""

from __future__ import annotations

import io
import json
import time
import zlib
from collections.abc import Iterator
from typing import IO, Any

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import IngestError
from ..model import Hints
from .decode import decode
from .html import fragment_text, html_item
from .items import Item, Skip

JSONL_TEXT_FIELDS = ("text", "html")


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def jsonl_items(text: str, source: str) -> Iterator[Item | Skip]:
    """One article per line: ``text`` or ``html``, optional ``url``, ``title``,
    ``published``, ``lang``, ``outlet``. Bad lines are skipped with their number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skip(where, f"malformed JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            yield Skip(where, "a JSONL line must be a JSON object")
            continue
        hints = Hints(
            title=_str(obj.get("title")),
            outlet=_str(obj.get("outlet")),
            published=_str(obj.get("published")),
            lang=_str(obj.get("lang")),
        )
        url = _str(obj.get("url"))
        if _str(obj.get("text")):
            yield Item(where, obj["text"], url, hints)
        elif _str(obj.get("html")):
            try:
                yield html_item(obj["html"], where, url, hints)
            except IngestError as exc:
                yield Skip(where, str(exc))
        else:
            yield Skip(where, "no 'text' or 'html' field")


def _iso(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M", parsed)


def feed_items(data: bytes, source: str) -> Iterator[Item | Skip]:
    """The entries of an RSS or Atom feed."""
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a feed or no entries ({feed.get('bozo_exception', 'empty feed')})"
        yield Skip(source, reason)
        return
    outlet = _str(feed.feed.get("title"))
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{source}#{number}"
        content = entry.get("content") or []
        markup = (content[0].get("value") if content else None) or entry.get("summary") or ""
        text = fragment_text(markup)
        if not text.strip():
            yield Skip(where, "feed entry has no text")
            continue
        hints = Hints(
            title=_str(entry.get("title")),
            outlet=outlet,
            published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            lang=None,
        )
        yield Item(where, text, _str(entry.get("link")), hints)


def warc_items(stream: IO[bytes], source: str) -> Iterator[Item | Skip]:
    """HTML responses in a WARC or WARC.gz archive; a truncated archive ends with a Skip."""
    count = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{count}"
            charset = None
            if "charset=" in ctype.lower():
                charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip()
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than the header says
                raise EOFError(f"record {count} is cut short")
            try:
                yield html_item(decode(payload, charset), where, url)
            except IngestError as exc:
                yield Skip(where, str(exc))
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        yield Skip(source, f"truncated or corrupt WARC at record {count} ({exc})")


def warc_from_bytes(data: bytes, source: str) -> Iterator[Item | Skip]:
    return warc_items(io.BytesIO(data), source)
