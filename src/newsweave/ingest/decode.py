"""Bytes to text: size cap, binary sniffing, encoding detection (charset-normalizer)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: control characters that never occur in text (everything below 0x20 but \t \n \r \f \v, ESC)
_CONTROL = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB (UTF-16/32 excepted)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))  # one pass, not one per byte
    return controls > max(8, len(head) // 100)


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes to text or raise :class:`IngestError` with a clear reason."""
    if not data.strip():
        raise IngestError("empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if looks_binary(data):
        raise IngestError("binary data, not text")
    for encoding in ("utf-8", declared):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None:
        raise IngestError("cannot detect the text encoding (binary data?)")
    return str(best)
