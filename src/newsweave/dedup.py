"""Near-duplicate index over stored articles (MinHash LSH from datasketch)."""

from __future__ import annotations

from datasketch import MinHash, MinHashLSH

from .settings import DedupSettings
from .stages.dedup import from_bytes


class NearDuplicateIndex:
    """Finds the stored article a new one is a near-copy of."""

    def __init__(self, settings: DedupSettings):
        self.settings = settings
        # LSH only proposes candidates; a low threshold there keeps false negatives
        # rare, and every candidate is checked against the real threshold below
        self.lsh = MinHashLSH(
            threshold=settings.candidate_threshold,
            num_perm=settings.num_perm,
            weights=(0.2, 0.8),
        )
        self.signatures: dict[str, MinHash] = {}
        self._last: tuple[bytes, MinHash] | None = None

    def _decode(self, minhash: bytes) -> MinHash:
        # the store asks match() and then add() about the same signature: decode it once
        if self._last is not None and self._last[0] == minhash:
            return self._last[1]
        mh = from_bytes(minhash)
        self._last = (minhash, mh)
        return mh

    def add(self, key: str, minhash: bytes | None) -> None:
        if minhash is None or key in self.signatures:
            return
        mh = self._decode(minhash)
        self.lsh.insert(key, mh)
        self.signatures[key] = mh

    def match(self, minhash: bytes | None) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold, with its score."""
        if minhash is None:
            return None
        mh = self._decode(minhash)
        best: tuple[str, float] | None = None
        for key in self.lsh.query(mh):
            score = float(mh.jaccard(self.signatures[key]))
            if score >= self.settings.threshold and (best is None or score > best[1]):
                best = (key, round(score, 3))
        return best
