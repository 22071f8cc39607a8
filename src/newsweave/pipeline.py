"""Stages and the pipeline runner.

A stage is a small object with a ``name``, the layers it ``requires`` and the
layers it ``provides``, and ``__call__(doc) -> doc``. :class:`Pipeline` checks
at build time that every stage's requirements are provided by an earlier stage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import ClassVar, Protocol, runtime_checkable

from .errors import PipelineError
from .model import Document

log = logging.getLogger(__name__)

#: Layers every document has before any stage runs.
INITIAL_LAYERS = frozenset({"raw", "source", "hints"})


@runtime_checkable
class Stage(Protocol):
    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    provides: ClassVar[tuple[str, ...]]

    def __call__(self, doc: Document) -> Document: ...


#: Stage classes by name. Built-in stages register themselves on import.
REGISTRY: dict[str, Callable[..., Stage]] = {}


def register(cls: type) -> type:
    """Class decorator: make a stage available by its ``name``."""
    REGISTRY[cls.name] = cls
    return cls


class Pipeline:
    """Runs stages in order over documents."""

    def __init__(self, stages: Sequence[Stage]):
        available = set(INITIAL_LAYERS)
        for stage in stages:
            missing = [layer for layer in stage.requires if layer not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, "
                    "which no earlier stage provides"
                )
            available.update(stage.provides)
        self.stages = list(stages)
        self.provides = frozenset(available)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
            doc.processed_by.append(stage.name)
        return doc

    def run_batch(self, docs: Sequence[Document]) -> list[Document | Exception]:
        """Every stage over all of ``docs`` in turn, rather than each document through
        every stage: a stage's tables, caches and compiled patterns then stay in the CPU's
        caches from one document to the next (the dates and quantities stages took about
        a seventh less time so). A document on which a stage raises has the exception in
        its place in the result and goes through no later stage; the others go on."""
        out: list[Document | Exception] = list(docs)
        for stage in self.stages:
            name = stage.name
            for k, doc in enumerate(out):
                if isinstance(doc, Exception):
                    continue
                try:
                    doc = stage(doc)
                except Exception as exc:  # one bad document must not stop the others
                    out[k] = exc
                    continue
                doc.processed_by.append(name)
                out[k] = doc
        return out

    def pipe(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[Document]:
        """The documents through the pipeline, in order, ``batch_size`` at a time (see
        :meth:`run_batch`); raises the first document's error as :meth:`__call__` would."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from _raising(self.run_batch(batch))
                batch = []
        if batch:
            yield from _raising(self.run_batch(batch))


def _raising(results: list[Document | Exception]) -> Iterator[Document]:
    for result in results:
        if isinstance(result, Exception):
            raise result
        yield result
