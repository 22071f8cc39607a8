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
    return np.unique(_gram_hashes(text, size))


def _gram_hashes(text: str, size: int) -> np.ndarray:
    """The hashes of :func:`shingles`, in text order and with repeats."""
    words = _WORD.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    if len(words) < size:
        return hashes[:1] if len(words) == 1 else _combine(hashes, len(words))
    return _combine(hashes, size)


def _combine(hashes: np.ndarray, size: int) -> np.ndarray:
    n = len(hashes) - size + 1
    out = np.zeros(n, dtype=np.uint64)
    for k in range(size):
        out = (out * np.uint64(_MIX) + hashes[k : k + n]) & np.uint64(0xFFFFFFFF)
    return out


#: datasketch's 32-bit permutation scheme; signatures are stored as uint32
SCHEME = "affine32"
_MIX = 1_000_003
#: the MurmurHash3 32-bit finalizer, which the affine32 scheme applies to every input hash
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
#: shingles per block when the signature is computed (keeps the block in the CPU cache)
_BLOCK = 1024


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    """A MinHash whose permutations every signature reuses (they depend only on the seed)."""
    return MinHash(num_perm=num_perm, hashfunc=_identity, scheme=SCHEME)


def signature_values(text: str, settings: DedupSettings) -> np.ndarray:
    """The MinHash values (uint32) of the text's shingles, computed in one numpy pass.

    The same values as ``MinHash.update_batch`` over :func:`shingles` (datasketch's
    affine32 scheme: the MurmurHash3 finalizer, then ``a * h + b`` mod 2^32 per
    permutation, the minimum over all shingles), without one Python call per shingle;
    a repeated shingle cannot change a minimum, so they need not be made unique first.
    """
    a, b = _template(settings.num_perm).permutations
    values = np.full(len(a), np.iinfo(np.uint32).max, dtype=np.uint32)
    hv = _gram_hashes(text, settings.shingle_words).astype(np.uint32)
    if not len(hv):
        return values
    s1, m1, s2, m2, s3 = _FMIX
    hv ^= hv >> s1
    hv *= m1
    hv ^= hv >> s2
    hv *= m2
    hv ^= hv >> s3
    for i in range(0, len(hv), _BLOCK):
        block = hv[i : i + _BLOCK, None] * a
        block += b
        np.minimum(values, block.min(axis=0), out=values)
    return values


def signature(text: str, settings: DedupSettings) -> MinHash:
    template = _template(settings.num_perm)
    return MinHash(
        num_perm=settings.num_perm,
        hashfunc=_identity,
        hashvalues=signature_values(text, settings),
        permutations=template.permutations,
        scheme=SCHEME,
    )


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
        if body.strip():
            doc.minhash = signature_values(body, self.settings).astype("<u4").tobytes()
        else:
            doc.minhash = None
        return doc
