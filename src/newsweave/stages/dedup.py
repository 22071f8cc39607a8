"""Fingerprint stage: the exact-duplicate key and the MinHash signature of the body.

Both are computed on the cleaned body, never on the raw page: clutter differs
between two copies of one article and would hide that they are the same.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import ClassVar

import numpy as np
from datasketch import MinHash

from ..model import Document, content_hash
from ..pipeline import register
from ..settings import DedupSettings

_WORD = re.compile(r"[^\W_]+")


def _identity(value: int) -> int:
    return value


def shingles(text: str, size: int) -> np.ndarray:
    """32-bit hashes of the word ``size``-grams of a text (case-folded), unique.

    Words are hashed once (CRC-32) and a gram's hash combines its words' hashes,
    so the cost is one hash per word, not per gram.
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.array(list(map(zlib.crc32, map(str.encode, words))), dtype=np.uint64)
    if len(words) < size:
        return np.unique(hashes[:1] if len(words) == 1 else _combine(hashes, len(words)))
    return np.unique(_combine(hashes, size))


def _combine(hashes: np.ndarray, size: int) -> np.ndarray:
    n = len(hashes) - size + 1
    out = np.zeros(n, dtype=np.uint64)
    for k in range(size):
        out = (out * np.uint64(_MIX) + hashes[k : k + n]) & np.uint64(0xFFFFFFFF)
    return out


#: datasketch's 32-bit permutation scheme; signatures are stored as uint32
SCHEME = "affine32"
_MIX = 1_000_003


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    """A MinHash whose permutations every signature reuses (they depend only on the seed)."""
    return MinHash(num_perm=num_perm, hashfunc=_identity, scheme=SCHEME)


def signature(text: str, settings: DedupSettings) -> MinHash:
    template = _template(settings.num_perm)
    mh = MinHash(
        num_perm=settings.num_perm,
        hashfunc=_identity,
        permutations=template.permutations,
        scheme=SCHEME,
    )
    mh.update_batch(shingles(text, settings.shingle_words).tolist())
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype("<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    template = _template(len(values))
    return MinHash(
        num_perm=len(values),
        hashfunc=_identity,
        hashvalues=values,
        permutations=template.permutations,
        scheme=SCHEME,
    )


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
