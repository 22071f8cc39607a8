"""Fingerprint stage: the exact-duplicate key and the MinHash signature of the body.

Both are computed on the cleaned body, never on the raw page: clutter differs
between two copies of one article and would hide that they are the same.
"""

from __future__ import annotations

import re
import zlib
from typing import ClassVar

import numpy as np
from datasketch import MinHash

from ..model import Document, content_hash
from ..pipeline import register
from ..settings import DedupSettings

_WORD = re.compile(r"[^\W_]+")


def _identity(value: int) -> int:
    return value


def shingles(text: str, size: int) -> set[int]:
    """32-bit hashes of the word ``size``-grams of a text (case-folded)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    return {zlib.crc32(g.encode("utf-8")) for g in grams}


#: datasketch's 32-bit permutation scheme; signatures are stored as uint32
SCHEME = "affine32"


def signature(text: str, settings: DedupSettings) -> MinHash:
    mh = MinHash(num_perm=settings.num_perm, hashfunc=_identity, scheme=SCHEME)
    mh.update_batch(list(shingles(text, settings.shingle_words)))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype("<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=len(values), hashfunc=_identity, hashvalues=values, scheme=SCHEME)


@register
class Fingerprint:
    """Fill ``fingerprint`` (exact key) and ``minhash`` (near-duplicate signature)."""

    name: ClassVar[str] = "fingerprint"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("fingerprint", "minhash")

    def __init__(self, settings: DedupSettings):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        body = doc.text or doc.raw
        doc.fingerprint = content_hash(body)
        doc.minhash = to_bytes(signature(body, self.settings)) if body.strip() else None
        return doc
