"""HTML pages to article text and metadata (trafilatura)."""

from __future__ import annotations

import logging

import trafilatura
from lxml import html as lxml_html

from ..errors import IngestError
from ..model import Hints
from .items import Item

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    # the cheap test first: plain text rarely has "</" and then needs no lower-casing
    return (head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head) or (
        "</" in head and "<body" in text[:20000].lower()
    )


def html_item(markup: str, source: str, url: str | None = None, hints: Hints | None = None) -> Item:
    """The article in an HTML page; IngestError when the page has no article body."""
    try:
        found = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, favor_recall=True, include_comments=False
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise IngestError(f"cannot parse HTML: {exc}") from exc
    data = found.as_dict() if found is not None and hasattr(found, "as_dict") else found
    if not data or not (data.get("text") or "").strip():
        raise IngestError("HTML has no article body")
    given = hints or Hints()
    meta = Hints(
        title=given.title or data.get("title") or None,
        outlet=given.outlet or data.get("sitename") or None,
        published=given.published or data.get("date") or None,
        lang=given.lang,
    )
    return Item(source=source, text=data["text"], url=url or data.get("url"), hints=meta)


def fragment_text(markup: str) -> str:
    """Text of a small HTML fragment (a feed summary), one paragraph per block."""
    if "<" not in markup:
        return markup
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises ParserError and ValueError on odd fragments
        return markup
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    return root.text_content().strip()
