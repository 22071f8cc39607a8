"""Near-duplicate index over stored articles: MinHash LSH.

The banding is datasketch's (``MinHashLSH`` chooses the number of bands and rows for
the candidate threshold and weights), and so is the similarity (the share of equal
signature values). The index itself keeps the stored signatures as plain arrays and
one dictionary per band, so that a look-up costs a few dictionary probes instead of a
MinHash object and a byte-swap per band for every article.
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHashLSH

from .settings import DedupSettings


class NearDuplicateIndex:
    """Finds the stored article a new one is a near-copy of."""

    def __init__(self, settings: DedupSettings):
        self.settings = settings
        # LSH only proposes candidates; a low threshold there keeps false negatives
        # rare, and every candidate is checked against the real threshold below
        lsh = MinHashLSH(
            threshold=settings.candidate_threshold,
            num_perm=settings.num_perm,
            weights=(0.2, 0.8),
        )
        self.bands: list[tuple[int, int]] = list(lsh.hashranges)
        #: per band: the band's bytes -> keys of the articles whose signature has them
        self.tables: list[dict[bytes, list[str]]] = [{} for _ in self.bands]
        #: key -> signature (uint32), in the order the articles were indexed
        self.signatures: dict[str, np.ndarray] = {}
        self._order: dict[str, int] = {}
        self._last: tuple[bytes, np.ndarray, list[bytes]] | None = None

    def _decode(self, minhash: bytes) -> tuple[np.ndarray, list[bytes]]:
        # the store asks match() and then add() about the same signature: decode it once
        if self._last is not None and self._last[0] == minhash:
            return self._last[1], self._last[2]
        values = np.frombuffer(minhash, dtype="<u4")
        if len(values) != self.settings.num_perm:
            raise ValueError(
                f"a signature of {len(values)} values, expected {self.settings.num_perm}"
            )
        keys = [minhash[4 * start : 4 * end] for start, end in self.bands]
        self._last = (minhash, values, keys)
        return values, keys

    def add(self, key: str, minhash: bytes | None) -> None:
        if minhash is None or key in self.signatures:
            return
        values, bands = self._decode(minhash)
        for table, band in zip(self.tables, bands, strict=True):
            table.setdefault(band, []).append(key)
        self._order[key] = len(self._order)
        self.signatures[key] = values

    def candidates(self, minhash: bytes) -> list[str]:
        """Keys of the indexed articles that share a band with ``minhash``, oldest first."""
        _values, bands = self._decode(minhash)
        found: set[str] = set()
        for table, band in zip(self.tables, bands, strict=True):
            keys = table.get(band)
            if keys:
                found.update(keys)
        return sorted(found, key=self._order.__getitem__)

    def match(self, minhash: bytes | None) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold, with its score.

        Of equally similar ones, the one indexed first: the candidates are tried oldest
        first and the scores compared before rounding.
        """
        if minhash is None:
            return None
        values, _bands = self._decode(minhash)
        best: tuple[str, float] | None = None
        for key in self.candidates(minhash):
            score = float(np.count_nonzero(values == self.signatures[key])) / len(values)
            if score >= self.settings.threshold and (best is None or score > best[1]):
                best = (key, score)
        return None if best is None else (best[0], round(best[1], 3))
